"""Device-local preferences (never synced): a versioned record with migrations.

Read before anything else at start (the language and colours of the sign-in
screen), so it is plain dataclasses and json, no validation library: each
field that is missing or wrong falls back to its default on its own.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, TypeGuard

log = logging.getLogger(__name__)
SETTINGS_VERSION = 1
Language = Literal["en", "zh_CN"]
LANGUAGES: tuple[Language, ...] = ("en", "zh_CN")
Theme = Literal["system", "light", "dark"]
THEMES: tuple[Theme, ...] = ("system", "light", "dark")


@dataclass(frozen=True)
class Settings:
    version: int = SETTINGS_VERSION
    language: Language = "en"
    #: where this workstation's scanner software drops files for the open case
    scan_folder: str | None = None
    #: light or dark colours, or as the desktop has them
    theme: Theme = "system"
    #: the main window's place and size, and where its list and case meet (Qt's own
    #: saved forms, base64): the desk opens as it was left
    window_geometry: str | None = None
    window_split: str | None = None


# Each entry upgrades a settings dict from version N to N + 1.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("version", 1)
    version = version if type(version) is int and version >= 1 else 1
    while version < SETTINGS_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
    data["version"] = SETTINGS_VERSION
    return data


def _is_language(value: object) -> TypeGuard[Language]:
    return value in LANGUAGES


def _is_theme(value: object) -> TypeGuard[Theme]:
    return value in THEMES


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def settings_from(data: dict[str, Any]) -> Settings:
    """The settings a dict holds; a field missing or of the wrong kind keeps its default."""
    data = _migrate(dict(data))
    default = Settings()
    language, theme = data.get("language"), data.get("theme")
    return Settings(
        language=language if _is_language(language) else default.language,
        scan_folder=_text(data.get("scan_folder")),
        theme=theme if _is_theme(theme) else default.theme,
        window_geometry=_text(data.get("window_geometry")),
        window_split=_text(data.get("window_split")),
    )


def load_settings(path: Path) -> Settings:
    """Read settings; an unreadable file gives the defaults and is logged, never fatal."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("settings at %s unreadable (%s); using defaults", path, type(exc).__name__)
        return Settings()
    if not isinstance(data, dict):
        log.warning("settings at %s are not a record; using defaults", path)
        return Settings()
    return settings_from(data)


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)


def system_language(locale_name: str) -> Language:
    return "zh_CN" if locale_name.lower().startswith("zh") else "en"
