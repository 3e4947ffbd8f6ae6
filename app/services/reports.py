"""The branch at a glance: figures for supervisors and risk analysts, and their exports.

``ReportService.figures`` reads every case of the profile (what this desk
holds, with what it took from the branch server) into ``CaseFacts`` and
hands them to ``app.domain.figures``; the model's drift comes with them. The
same figures go to the dashboard, to ``loandesk report figures``, and out as
CSV or PDF. Exports carry no personal data: counts, shares, amounts,
case-free reasons and officers' names, never an applicant.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain.case import CaseState, Status
from app.domain.checklist import checklist
from app.domain.events import EventType, parse_time
from app.domain.figures import OPEN, CaseFacts, Figures, Scope, figures
from app.domain.products import money_field
from app.domain.roles import Action
from app.errors import InvalidInput, UserError
from app.services.docdata import checklist_config, facts
from app.services.profile import Profile

if TYPE_CHECKING:
    from app.services.risk import Models


@dataclass(frozen=True)
class DriftLine:
    """The model's drift as a report gives it: the score's PSI and the worst feature's."""

    model_id: str
    cases: int
    too_few: bool
    score_psi: float | None
    score_band: str | None
    worst_feature: str | None
    worst_psi: float | None
    worst_band: str | None


@dataclass(frozen=True)
class BranchFigures:
    figures: Figures
    #: user id -> display name, for the officers the figures name
    names: dict[str, str]
    #: requirement id -> (English, Chinese) label, for the missing documents
    requirements: dict[str, tuple[str, str]]
    #: None when no model may be used here
    drift: DriftLine | None
    made_at: datetime


#: what a decline reason in the supervisor's own words counts as: such words may name
#: the applicant, so the figures count them together and never repeat them
WRITTEN = "written"


class ReportService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    def figures(self, scope: Scope, *, with_drift: bool = True) -> BranchFigures:
        """The figures of the cases in ``scope``; the model's drift too, unless asked not."""
        self._profile.require(Action.REPORT_VIEW)
        models = self._models()  # read once: the decline reasons and the drift both need them
        reasons = self._decline_reasons(models)
        # a report's days are the branch's days, in the policy's time zone
        zone = ZoneInfo(self._profile.policy.timezone)
        cases = [self._facts(state, reasons, zone) for state in self._store.cases_in(Status)]
        names = self._profile.user_names()
        config = checklist_config()
        requirements = {
            r.id: (r.label.en, r.label.zh) for needs in config.products.values() for r in needs
        }
        return BranchFigures(
            figures=figures(cases, scope),
            names=names,
            requirements=requirements,
            drift=self._drift(models) if with_drift and models is not None else None,
            made_at=self._profile.clock().astimezone(zone),
        )

    def officers(self) -> list[tuple[str, str]]:
        """(user id, name) of everyone who has opened a case here, by name."""
        self._profile.require(Action.REPORT_VIEW)
        names = self._profile.user_names()
        openers = {state.opened_by for state in self._store.cases_in(Status)}
        return sorted(((uid, names.get(uid, uid[:8])) for uid in openers), key=lambda p: p[1])

    def export(self, scope: Scope, kind: str, language: str = "en") -> bytes:
        """The figures as a CSV (UTF-8, for spreadsheets) or PDF file; the export is recorded."""
        session = self._profile.require(Action.REPORT_EXPORT)
        if kind not in ("csv", "pdf"):
            raise InvalidInput({"kind": [("report.kind", "csv or pdf")]})
        report = self.figures(scope)
        if kind == "csv":
            # with a byte-order mark, spreadsheets read the Chinese names as UTF-8
            data = to_csv(report).encode("utf-8-sig")
        else:
            data = self._pdf(report, language)
        with self._store.writing() as tx:
            self._profile.emit(
                tx,
                EventType.EXPORTED,
                {"what": f"branch report ({kind})", "count": report.figures.opened},
                actor=session.user.user_id,
            )
        return data

    def _pdf(self, report: BranchFigures, language: str) -> bytes:
        from app.letters.figures import branch_report
        from app.services.branchrules import catalogue
        from app.services.letters import LetterService, language_of

        names = {code: p.name for code, p in catalogue(self._store).products.items()}
        head = LetterService(self._profile).letterhead(language_of(language))
        return branch_report(head, report, {c: (n["en"], n["zh"]) for c, n in names.items()})

    # -- reading the cases --------------------------------------------------------
    def _models(self) -> Models | None:
        """The models in use here (None: none may be used)."""
        from app.services.risk import load_models

        try:
            return load_models(self._profile.path)
        except UserError:
            return None

    def _standard_reasons(self, models: Models | None) -> frozenset[str]:
        """The reasons a decline is offered: failed rules and the models' reasons, both tongues."""
        from app.letters.texts import RULES, RULES_PLAIN

        known = {text for pair in (*RULES.values(), *RULES_PLAIN.values()) for text in pair}
        if models is None:
            return frozenset(known)
        for scorer in (models.champion, models.challenger):
            if scorer is not None:
                for feature in scorer.spec.features:
                    known.update((feature.reason_en, feature.reason_zh))
        return frozenset(known)

    def _decline_reasons(self, models: Models | None) -> dict[str, tuple[str, ...]]:
        """The reasons of every decline on record, by its event id; own words as ``WRITTEN``."""
        standard = self._standard_reasons(models)
        out: dict[str, tuple[str, ...]] = {}
        before: int | None = None
        while True:
            page = self._store.events_of_types((EventType.DECISION_SIGNED,), before_seq=before)
            for _, event in page:
                if event.payload.get("decision") == "decline":
                    out[event.id] = tuple(
                        r if r in standard else WRITTEN
                        for r in (str(text).strip() for text in event.payload.get("reasons", []))
                    )
            if len(page) < 200:
                return out
            before = page[-1][0]

    def _facts(
        self, state: CaseState, reasons: dict[str, tuple[str, ...]], zone: ZoneInfo
    ) -> CaseFacts:
        standing = [s for s in state.signatures if not s.void]
        final = next(
            (
                s
                for s in reversed(standing)
                if (s.decision == "approve" and s.completes) or s.decision == "decline"
            ),
            None,
        )
        # a standing decision counts in its period whatever came after (a withdrawal)
        decided = final is not None
        product = state.value("product")
        # a score the case has moved away from is no grade: it is scored again first
        risk = state.risk if state.risk is not None and not state.risk.stale else None
        missing: tuple[str, ...] = ()
        if product is not None and state.status in OPEN:
            items = checklist(checklist_config(), str(product), facts(state))
            missing = tuple(item.requirement.id for item in items if not item.satisfied)
        return CaseFacts(
            case_id=state.case_id,
            case_no=state.case_no,
            status=state.status,
            product=None if product is None else str(product),
            amount=money_field(state.fields, "requested_amount"),
            opened_at=parse_time(state.opened_at).astimezone(zone),
            opened_by=state.opened_by,
            decision=final.decision if decided and final is not None else None,
            decided_at=parse_time(final.at).astimezone(zone)
            if decided and final is not None
            else None,
            decline_reasons=reasons.get(final.event_id, ())
            if decided and final is not None and final.decision == "decline"
            else (),
            model_grade=None if risk is None else risk.grade,
            grade=None if risk is None else risk.decision_grade,
            missing=missing,
        )

    def _drift(self, models: Models) -> DriftLine | None:
        from app.services.risk import champion_drift

        try:
            report = champion_drift(self._profile, models)
        except UserError:
            return None
        score, *features = report.rows
        measured = [row for row in features if row.psi is not None]
        worst = max(measured, key=lambda row: row.psi or 0.0, default=None)
        return DriftLine(
            model_id=report.model_id,
            cases=report.cases,
            too_few=report.too_few,
            score_psi=score.psi,
            score_band=None if score.band is None else score.band.value,
            worst_feature=None if worst is None else worst.name,
            worst_psi=None if worst is None else worst.psi,
            worst_band=None if worst is None or worst.band is None else worst.band.value,
        )


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def rows(report: BranchFigures) -> Iterable[tuple[str, str, str]]:
    """The figures as (section, item, value), in the order a report reads them."""
    f = report.figures
    scope = f.scope
    yield "scope", "since", "" if scope.since is None else scope.since.isoformat()
    yield "scope", "until", "" if scope.until is None else scope.until.isoformat()
    yield "scope", "product", scope.product or ""
    officer = "" if scope.officer is None else report.names.get(scope.officer, scope.officer)
    yield "scope", "officer", officer
    yield "scope", "made_at", report.made_at.isoformat(timespec="seconds")
    yield "opened", "cases", str(f.opened)
    for status, count in f.pipeline:
        yield "pipeline", status.value, str(count)
    yield "decided", "approved", str(f.approved)
    yield "decided", "declined", str(f.declined)
    yield "decided", "approval_rate", _share(f.approval_rate)
    yield "decided", "decline_rate", _share(f.decline_rate)
    yield "decided", "approved_amount_cny", f"{f.approved_amount:.2f}"
    yield "turnaround", "cases", str(f.turnaround.cases)
    yield "turnaround", "median_days", _days(f.turnaround.median_days)
    yield "turnaround", "p90_days", _days(f.turnaround.p90_days)
    yield "turnaround", "mean_days", _days(f.turnaround.mean_days)
    for reason, count in f.decline_reasons:
        words = "in the supervisor's own words" if reason == WRITTEN else reason
        yield "decline_reasons", words, str(count)
    for grade, count in f.grades:
        yield "grades", grade, str(count)
    yield "grades", "unscored", str(f.unscored)
    yield "overrides", "better", str(f.overrides_better)
    yield "overrides", "worse", str(f.overrides_worse)
    for load in f.workload:
        who = report.names.get(load.officer, load.officer)
        yield "workload", f"{who}: opened", str(load.opened)
        yield "workload", f"{who}: with officer", str(load.with_officer)
        yield "workload", f"{who}: in review", str(load.in_review)
        yield "workload", f"{who}: decided", str(load.decided)
    for requirement, count in f.missing:
        label = report.requirements.get(requirement, (requirement, requirement))[0]
        yield "missing_documents", label, str(count)
    drift = report.drift
    if drift is not None:
        yield "drift", "model", drift.model_id
        yield "drift", "cases", str(drift.cases)
        yield "drift", "score_psi", _share(drift.score_psi)
        yield "drift", "score_band", drift.score_band or ""
        yield "drift", "worst_feature", drift.worst_feature or ""
        yield "drift", "worst_psi", _share(drift.worst_psi)


def to_csv(report: BranchFigures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "item", "value"))
    for row in rows(report):
        writer.writerow(_safe(cell) for cell in row)
    return out.getvalue()


def _safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (a name may start with = or +)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") and not _number(cell) else cell


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
