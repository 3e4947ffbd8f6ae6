"""Device-local preferences (never synced): a versioned model with migrations."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

log = logging.getLogger(__name__)
SETTINGS_VERSION = 1
Language = Literal["en", "zh_CN"]
LANGUAGES: tuple[Language, ...] = ("en", "zh_CN")
Theme = Literal["system", "light", "dark"]
THEMES: tuple[Theme, ...] = ("system", "light", "dark")


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

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
    version = int(data.get("version", 1))
    while version < SETTINGS_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
        data["version"] = version
    return data


def load_settings(path: Path) -> Settings:
    """Read settings; an unreadable file gives the defaults and is logged, never fatal."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(_migrate(data if isinstance(data, dict) else {}))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, TypeError, ValidationError) as exc:
        log.warning("settings at %s unreadable (%s); using defaults", path, type(exc).__name__)
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)


def system_language(locale_name: str) -> Language:
    return "zh_CN" if locale_name.lower().startswith("zh") else "en"
