"""Device settings: read field by field, written whole, changed without losing a change."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from functools import partial
from pathlib import Path

from app.services.profile import Profile
from app.services.settings import SETTINGS_VERSION, Settings, load_settings, save_settings


def test_saved_settings_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = Settings(
        language="zh_CN",
        scan_folder="/srv/scans",
        theme="dark",
        window_geometry="AdnQywAD",
        window_split="AAAA/wAA",
    )
    save_settings(path, chosen)
    assert load_settings(path) == chosen
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SETTINGS_VERSION


def test_a_wrong_field_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"language": "fr", "theme": "dark", "scan_folder": 7, "window_split": "AAAA"}),
        encoding="utf-8",
    )
    settings = load_settings(path)
    # The unknown language and the number for a folder give way; the rest stands.
    assert settings.language == "en"
    assert settings.scan_folder is None
    assert settings.theme == "dark"
    assert settings.window_split == "AAAA"


def test_an_unreadable_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text("[1, 2]", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert load_settings(tmp_path / "absent.json") == Settings()


def with_split(settings: Settings, split: str) -> Settings:
    return replace(settings, window_split=split)


def test_changes_from_two_threads_both_survive(profile: Profile) -> None:
    # A theme chosen on the write lane while the window saves its layout at close:
    # each changes its own fields of the settings as they are at that moment.
    start = threading.Barrier(2)

    def theme() -> None:
        start.wait()
        for _ in range(50):
            profile.update_settings(lambda s: replace(s, theme="dark"))

    def layout() -> None:
        start.wait()
        for n in range(50):
            profile.update_settings(partial(with_split, split=f"split-{n}"))

    threads = [threading.Thread(target=theme), threading.Thread(target=layout)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    on_disk = load_settings(profile.settings_path)
    assert on_disk.theme == "dark"
    assert on_disk.window_split == "split-49"
    assert profile.settings == on_disk
