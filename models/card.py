"""The model card: a Markdown page with plots, written beside the published models.

It says what the models are for, what they were trained on, how they
score on the held-out test loans (ROC, calibration, score distributions by
outcome), how approval rates differ across age bands and the sensitive
columns kept out of the model, and what they must not be used for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.artifact import Metadata
from models.metrics import roc_curve
from models.spec import Spec

CARD_FILE = "model_card.md"


@dataclass(frozen=True)
class Curves:
    """A model's held-out predictions, for the plots."""

    name: str
    metadata: Metadata
    y: np.ndarray
    pd: np.ndarray


def plot(out: Path, curves: list[Curves]) -> list[str]:
    """The ROC, calibration and score-distribution plots as PNG files; their names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = []
    figure, axes = plt.subplots(figsize=(5, 5))
    for c in curves:
        fpr, tpr = roc_curve(c.y, c.pd)
        axes.plot(fpr, tpr, label=f"{c.name} (AUC {c.metadata.metrics['auc']:.3f})")
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey", label="chance")
    axes.set(xlabel="good loans declined (false-positive rate)", ylabel="bad loans caught")
    axes.set_title("ROC on the held-out test loans")
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(out / "roc.png", dpi=110)
    names.append("roc.png")
    plt.close(figure)

    figure, axes = plt.subplots(figsize=(5, 5))
    top = 0.0
    for c in curves:
        table = c.metadata.metrics["calibration"]
        predicted = [row["predicted"] for row in table]
        observed = [row["observed"] for row in table]
        top = max(top, *predicted, *observed)
        axes.plot(predicted, observed, marker="o", label=c.name)
    axes.plot([0, top], [0, top], linestyle=":", color="grey", label="perfect")
    axes.set(xlabel="predicted default rate", ylabel="observed default rate")
    axes.set_title("Calibration, deciles of the test loans")
    axes.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(out / "calibration.png", dpi=110)
    names.append("calibration.png")
    plt.close(figure)

    figure, rows = plt.subplots(len(curves), 1, figsize=(6, 2.6 * len(curves)), squeeze=False)
    for axes, c in zip(rows[:, 0], curves, strict=True):
        scores = c.metadata.scaling.scores(c.pd)
        bins = np.linspace(float(scores.min()), float(scores.max()), 30)
        bad = np.asarray(c.y, dtype=bool)
        axes.hist(scores[~bad], bins=bins, alpha=0.6, label="repaid", color="tab:blue")
        axes.hist(scores[bad], bins=bins, alpha=0.6, label="defaulted", color="tab:red")
        axes.set(xlabel="score", ylabel="loans", title=f"Scores of the test loans: {c.name}")
        axes.legend()
    figure.tight_layout()
    figure.savefig(out / "scores.png", dpi=110)
    names.append("scores.png")
    plt.close(figure)
    return names


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def write_card(out: Path, spec: Spec, curves: list[Curves]) -> Path:
    plots = plot(out, curves)
    first = curves[0].metadata
    lines = [
        f"# Model card: {spec.name}",
        "",
        f"Trained {first.trained_at} from `{first.data.get('file', 'the loan history')}` "
        f"({first.data['rows']} loans, {_pct(first.data['bad_rate'])} bad; "
        f"SHA-256 `{first.data['fingerprint'][:16]}…`).",
        "",
        "## Purpose and limits",
        "",
        "Estimates the probability that an applicant defaults on a consumer or small-business "
        "loan, for a loan officer and a supervisor to weigh with the documents and the "
        "product's policy rules. It does not decide alone, and must not be used for applicants "
        "or products unlike those in its training history. Sex, marital status, ethnicity, "
        "religion and nationality are never inputs.",
        "",
        "## Models",
        "",
        "| | model id | kind | test AUC | Gini | KS | Brier |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in curves:
        m = c.metadata.metrics
        lines.append(
            f"| {c.name} | `{c.metadata.model_id}` | {c.metadata.kind} | {m['auc']:.4f} | "
            f"{m['gini']:.4f} | {m['ks']:.4f} | {m['brier']:.4f} |"
        )
    cv = first.metrics.get("cv_auc")
    if cv:
        lines += [
            "",
            f"Champion 5-fold cross-validation AUC on the training part: "
            f"{np.mean(cv):.4f} (± {np.std(cv):.4f}).",
        ]
    rows = first.metrics["rows"]
    lines += [
        "",
        f"Split: {rows['train']} training, {rows['validation']} validation (calibration), "
        f"{rows['test']} test loans, stratified by outcome.",
        "",
        f"![ROC]({plots[0]}) ![Calibration]({plots[1]})",
        "",
        f"![Score distributions]({plots[2]})",
        "",
        "## Features",
        "",
        "| feature | from the case | expected direction | reason shown |",
        "|---|---|---|---|",
    ]
    arrows = {1: "higher → riskier", -1: "higher → safer", 0: "—"}
    for f in spec.features:
        lines.append(
            f"| {f.name} | `{f.case}` | {arrows[f.monotone]} | {f.reason_en} / {f.reason_zh} |"
        )
    scaling = first.scaling
    grades = ", ".join(
        f"{name} below {_pct(bound)}" for name, bound in zip("ABCD", first.grades, strict=False)
    )
    lines += [
        "",
        "## Score and grades",
        "",
        f"Score {scaling.base_score:g} at good:bad odds of {scaling.base_odds:g}:1, "
        f"{scaling.pdo:g} points to double the odds. Grades by PD: {grades}, E above.",
    ]
    for c in curves:
        confusion = c.metadata.metrics["confusion"]
        lines += [
            "",
            f"At the policy cut-off (decline at PD ≥ {_pct(c.metadata.metrics['cutoff'])}), "
            f"{c.name}: approved {confusion['approved_good']} good and "
            f"{confusion['approved_bad']} bad loans, declined {confusion['declined_good']} good "
            f"and {confusion['declined_bad']} bad.",
        ]
    lines += ["", "## Fairness (champion, test loans)", ""]
    for group, table in first.metrics["fairness"].items():
        lines += [f"**{group}**", "", "| group | loans | approved | adverse-impact ratio |"]
        lines.append("|---|---|---|---|")
        for row in table:
            flag = " ⚠" if row["adverse_impact"] < 0.8 else ""
            lines.append(
                f"| {row['group']} | {row['count']} | {_pct(row['approval'])} | "
                f"{row['adverse_impact']:.2f}{flag} |"
            )
        lines.append("")
    lines.append("A ratio below 0.80 (⚠) is below the four-fifths rule and needs a review.")
    path = out / CARD_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
