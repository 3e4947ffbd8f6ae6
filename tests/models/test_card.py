"""The model card: its tables come from the metadata, and its plots are drawn."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from models.card import CARD_FILE
from models.train import Trained, train
from tests.conftest import REPO
from tests.models.history import write_history


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    root = tmp_path_factory.mktemp("card")
    return train(
        write_history(root / "history.csv", rows=1500),
        REPO / "models/specs/credit_data.toml",
        root / "model",
    )


def test_the_card_lists_both_models_with_their_figures(trained: Trained) -> None:
    card = (trained.path.parent / CARD_FILE).read_text(encoding="utf-8")
    for published in (trained.champion, trained.challenger):
        meta = published.metadata
        found = re.search(
            rf"`{re.escape(meta.model_id)}` \| {meta.kind} \| ([0-9.]+) \| ([0-9.]+) \|", card
        )
        assert found is not None
        assert float(found.group(1)) == pytest.approx(meta.metrics["auc"], abs=5e-5)
        assert float(found.group(2)) == pytest.approx(meta.metrics["gini"], abs=5e-5)
        confusion = meta.metrics["confusion"]
        assert f"approved {confusion['approved_good']} good" in card


def test_the_fairness_table_flags_ratios_below_four_fifths(trained: Trained) -> None:
    card = (trained.path.parent / CARD_FILE).read_text(encoding="utf-8")
    for table in trained.metadata.metrics["fairness"].values():
        for row in table:
            line = next(ln for ln in card.splitlines() if ln.startswith(f"| {row['group']} |"))
            assert line.endswith("⚠ |") == (row["adverse_impact"] < 0.8)


@pytest.mark.parametrize("name", ["roc.png", "calibration.png", "scores.png"])
def test_each_plot_is_drawn(trained: Trained, name: str) -> None:
    image = Image.open(trained.path.parent / name).convert("L")
    pixels = np.asarray(image)
    assert image.width >= 400
    # not a blank canvas: a good share of the pixels are ink or colour
    assert (pixels < 200).mean() > 0.01
    assert name in (trained.path.parent / CARD_FILE).read_text(encoding="utf-8")


def test_the_card_names_the_features_and_their_reasons(trained: Trained, tmp_path: Path) -> None:
    card = (trained.path.parent / CARD_FILE).read_text(encoding="utf-8")
    assert (
        "| instalment_to_income | `monthly_instalment / monthly_income` | higher → riskier |"
        in card
    )
    assert "现职工作年限较短" in card
