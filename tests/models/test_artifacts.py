"""The shipped starter models: signed by the shipped publisher key, and as their card says."""

from __future__ import annotations

import re

import pytest

from models.artifacts import CHALLENGER, CHAMPION, FOLDER
from models.card import CARD_FILE
from models.scorer import ModelRefused, Scorer
from models.signing import load_publishers, verify_file
from tests.conftest import REPO

PUBLISHERS = REPO / "resources" / "model_publishers.json"


def test_the_shipped_models_verify_against_the_shipped_publisher_key() -> None:
    trusted = load_publishers(PUBLISHERS)
    for path in (CHAMPION, CHALLENGER):
        assert verify_file(path, trusted) in trusted
        scorer = Scorer.from_file(path, trusted)
        assert scorer.metadata.spec_toml == (REPO / "models/specs/credit_data.toml").read_text(
            encoding="utf-8"
        )


def test_the_shipped_models_are_refused_without_the_publisher_key() -> None:
    with pytest.raises(ModelRefused, match="not a trusted publisher"):
        Scorer.from_file(CHAMPION, [])


def test_the_card_reports_the_figures_inside_the_files() -> None:
    trusted = load_publishers(PUBLISHERS)
    card = (FOLDER / CARD_FILE).read_text(encoding="utf-8")
    for path in (CHAMPION, CHALLENGER):
        meta = Scorer.from_file(path, trusted).metadata
        row = re.search(rf"\| `{re.escape(meta.model_id)}` \| {meta.kind} \| ([0-9.]+) \|", card)
        assert row is not None
        assert float(row.group(1)) == pytest.approx(meta.metrics["auc"], abs=5e-5)
    # the yardstick: a plain LightGBM reaches about 0.84 on this history
    assert Scorer.from_file(CHAMPION, trusted).metadata.metrics["auc"] > 0.82
    for plot in re.findall(r"!\[[^]]*\]\(([^)]+)\)", card):
        assert (FOLDER / plot).stat().st_size > 10_000
