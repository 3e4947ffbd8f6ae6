"""Load the UI's translations, and regenerate them: ``python -m ui.i18n --update``.

English is the source language, so it needs no catalogue. For Simplified
Chinese we load our own ``loandesk_zh_CN.qm`` and Qt's ``qtbase_zh_CN.qm``
(the words on standard buttons and dialogs).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

import resources

log = logging.getLogger(__name__)
UI_DIR = Path(__file__).resolve().parent
TRANSLATIONS_DIR = Path(resources.__file__).resolve().parent / "translations"
CATALOGUE = "loandesk"
TRANSLATED = ("zh_CN",)

# Installed translators must stay referenced, or Qt would use freed objects.
_installed: list[QTranslator] = []


def ts_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOGUE}_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOGUE}_{language}.qm"


def _load(path: Path) -> QTranslator | None:
    translator = QTranslator()
    if not path.is_file() or not translator.load(str(path)):
        return None
    return translator


def install(app: QCoreApplication, language: str) -> bool:
    """Make ``language`` the UI language; widgets get a LanguageChange event.

    Returns False when the catalogue is missing (the UI then stays English).
    """
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language not in TRANSLATED:
        return True
    ours = _load(qm_path(language))
    if ours is None:
        log.warning("no translation catalogue for %s; the UI stays in English", language)
        return False
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qt_own = _load(qt_dir / f"qtbase_{language}.qm")
    for translator in (qt_own, ours):
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    return True


def tool(name: str) -> Path:
    """A PySide6 tool (``pyside6-lupdate``) next to this Python, else on PATH."""
    import shutil  # tooling only: not loaded with the app

    beside = Path(sys.executable).parent / name
    if beside.exists():
        return beside
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (it comes with PySide6)")
    return Path(found)


def sources() -> list[Path]:
    return sorted(UI_DIR.glob("*.py"))


def lupdate(ts_file: Path) -> None:
    """Merge the source strings of ui/*.py into ``ts_file``, dropping vanished ones."""
    import subprocess  # tooling only: not loaded with the app

    args = [str(tool("pyside6-lupdate")), *map(str, sources())]
    args += ["-no-obsolete", "-locations", "relative", "-ts", str(ts_file)]
    subprocess.run(args, check=True)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    import subprocess  # tooling only: not loaded with the app

    subprocess.run([str(tool("pyside6-lrelease")), str(ts_file), "-qm", str(qm_file)], check=True)


def main(argv: list[str] | None = None) -> int:
    import argparse  # tooling only: not loaded with the app

    parser = argparse.ArgumentParser(prog="python -m ui.i18n", description=__doc__)
    parser.add_argument(
        "--update", action="store_true", help="rerun lupdate over ui/*.py, then lrelease"
    )
    args = parser.parse_args(argv)
    if not args.update:
        parser.print_help()
        return 2
    for language in TRANSLATED:
        lupdate(ts_path(language))
        lrelease(ts_path(language), qm_path(language))
    return 0


if __name__ == "__main__":
    sys.exit(main())
