"""``loandesk model …`` commands: check a model file, and measure drift on a profile's cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from app.clikit import open_profile
from app.domain.applicant import FIELD_BY_NAME
from app.services.cases import CaseService
from app.services.risk import PUBLISHERS, ModelService, RiskService
from models.drift import format_report
from models.scorer import ModelRefused, Scorer
from models.signing import SignatureError, load_publishers

#: ``model verify`` exits with this when the file may not be used
EXIT_REFUSED = 1


def _say(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def cmd_model_verify(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        trusted = load_publishers(PUBLISHERS)
        for extra in args.trust or ():
            trusted += load_publishers(Path(extra))
        scorer = Scorer.from_file(path, trusted)
    except (ModelRefused, SignatureError) as exc:
        _say(f"{path.name}: refused: {exc}", sys.stderr)
        return EXIT_REFUSED
    meta = scorer.metadata
    report = meta.metrics
    _say(f"{path.name}: signature good, key {scorer.signer.key_id}")
    _say(
        f"  model {meta.model_id} ({meta.kind}), version {meta.version}, trained {meta.trained_at}"
    )
    _say(
        f"  trained on {meta.data.get('file', 'a loan history')}: {meta.data['rows']} loans, "
        f"data SHA-256 {meta.data['fingerprint'][:16]}…"
    )
    _say(
        f"  test AUC {report['auc']:.4f}, Gini {report['gini']:.4f}, KS {report['ks']:.4f}, "
        f"Brier {report['brier']:.4f}; {len(scorer.spec.features)} features"
    )
    return 0


def cmd_model_drift(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        report = ModelService(profile).overview().drift
    finally:
        profile.close()
    _say(format_report(report))
    return 0


def cmd_model_score(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        state = CaseService(profile).find(args.case)
        view, _ = RiskService(profile).assess(state.case_id)
    finally:
        profile.close()
    for role, assessment in (("champion", view.champion), ("challenger", view.challenger)):
        if assessment is None:
            continue
        _say(
            f"{state.case_no} {role} {assessment.model_id}: grade {assessment.grade}, "
            f"PD {100 * assessment.pd:.1f} %, score {assessment.score:.0f}"
        )
        for reason in assessment.reasons:
            _say(f"  {reason.text_en} ({reason.points:+.0f} points if it were typical)")
    if view.missing:
        _say("Assessed without: " + ", ".join(FIELD_BY_NAME[name].label for name in view.missing))
    return 0


def add_model_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    model = sub.add_parser("model", help="check risk models and their drift").add_subparsers(
        title="model commands", metavar="ACTION", required=True
    )
    verify = model.add_parser(
        "verify", help="check a model file's signature and schema, and say what it is"
    )
    verify.add_argument("file", help="the model file (.onnx, with its .sig beside it)")
    verify.add_argument(
        "--trust",
        action="append",
        metavar="JSON",
        help="another list of trusted publisher keys (as resources/model_publishers.json)",
    )
    verify.set_defaults(func=cmd_model_verify)
    drift_parser = model.add_parser(
        "drift",
        parents=[common],
        help="PSI of the score and each feature: the profile's cases against the model's baseline",
    )
    drift_parser.set_defaults(func=cmd_model_drift)
    score = model.add_parser(
        "score", parents=[common], help="score a case with the models in use and record it"
    )
    score.add_argument("case", help="case id or case number")
    score.set_defaults(func=cmd_model_score)
