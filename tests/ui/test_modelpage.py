"""The risk model page, opened from the Administration menu by a risk analyst."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.profile import Profile
from models.signing import new_key
from models.train import train
from tests.conftest import REPO, act_as
from tests.models.history import write_history
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE
from ui import adminmenu
from ui.modelpage import ModelDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)


def _page(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> ModelDialog:
    act_as(profile, Role.RISK_ANALYST)
    window = open_window(qtbot, profile, tasks)
    menu = adminmenu.install(window)
    assert menu.actions["models"].isVisible()
    dialog = menu.open_screen("models")
    assert isinstance(dialog, ModelDialog)
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=20_000)
    return dialog


def test_the_page_shows_the_models_their_plots_fairness_drift_and_card(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    dialog = _page(qtbot, profile, tasks)
    overview = dialog.overview
    assert overview is not None
    champion = overview.champion.metadata
    assert champion.model_id in dialog.summary.text()
    assert f"{champion.metrics['auc']:.4f}" in dialog.summary.text()
    assert "starter models" in dialog.summary.text()
    assert [name for name, *_ in dialog.roc.series] == ["champion", "challenger"]
    assert dialog.roc.series[0][1] == champion.metrics["roc"]["fpr"]
    fairness_rows = sum(len(rows) for rows in champion.metrics["fairness"].values())
    assert dialog.fairness.rowCount() == fairness_rows
    assert dialog.drift.rowCount() == 1 + len(champion.baseline) - 1
    assert "0 cases" in dialog.drift_note.text()
    assert "not yet reliable" in dialog.drift_note.text()
    assert "Model card: starter" in dialog.card.toPlainText()
    if os.environ.get("LOANDESK_SHOTS"):
        dialog.grab().save(str(Path(os.environ["LOANDESK_SHOTS"]) / "models-en.png"))
        dialog.tabs.setCurrentIndex(3)
        dialog.grab().save(str(Path(os.environ["LOANDESK_SHOTS"]) / "models-card-en.png"))


def test_a_risk_analyst_installs_a_signed_model_from_its_folder(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    dialog = _page(qtbot, profile, tasks)
    key = tmp_path / "branch.pem"
    public = new_key(key)
    trained = train(
        write_history(tmp_path / "history.csv", rows=900),
        REPO / "models" / "specs" / "credit_data.toml",
        tmp_path / "out",
        key=key,
    )
    # not trusted yet: refused in words
    dialog.install_from(tmp_path / "out")
    qtbot.waitUntil(lambda: "not a trusted publisher" in dialog.problem.text(), timeout=20_000)
    (profile.path / "model_publishers.json").write_text(
        json.dumps({"publishers": [{"name": "branch", "public_key": public.hex}]}),
        encoding="utf-8",
    )
    dialog.install_from(tmp_path / "out")
    qtbot.waitUntil(lambda: "Installed for this branch" in dialog.summary.text(), timeout=20_000)
    assert trained.champion.metadata.model_id in dialog.summary.text()
    assert "Now in use" in dialog.problem.text()
