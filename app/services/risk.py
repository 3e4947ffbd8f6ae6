"""Scoring a case's credit risk: the models in use, the case's inputs, the record.

The champion and challenger are the signed models in the profile's
``models/`` folder when a risk analyst has put them there, else the starter
models shipped in ``models/artifacts``. A model is used only when its
signature checks against a trusted publisher key: those shipped in
``resources/model_publishers.json`` and those IT adds to the profile's own
``model_publishers.json``. Each model is opened once per process.

``assess`` scores a case with both models and records a RiskAssessed event
for each; ``preview`` and ``what_if`` score without recording anything.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import resources
from app.domain.applicant import FIELDS
from app.domain.case import CaseState
from app.domain.docevents import DocumentState
from app.domain.events import EventType
from app.domain.products import Catalogue
from app.domain.roles import Action
from app.errors import NotFound, UserError
from app.services.branchrules import catalogue
from app.services.changes import CaseOpChanges
from app.services.profile import Profile
from models.artifacts import CHALLENGER, CHAMPION
from models.signing import PublicKey, SignatureError, load_publishers
from models.spec import names_in
from ocr.types import DocKind

if TYPE_CHECKING:
    # numpy and onnxruntime load with the first score, not with the main window
    from models.artifact import Metadata
    from models.drift import DriftReport
    from models.scorer import Assessment, Inputs, Scenario, Scorer

#: the files that make up an installed model folder, besides the models and signatures
CARD_FILES = ("model_card.md", "roc.png", "calibration.png", "scores.png", "metrics.json")

log = logging.getLogger(__name__)
PUBLISHERS = Path(resources.__file__).resolve().parent / "model_publishers.json"
#: money fields the model reads, by the input name the spec uses
_MONEY = (
    "monthly_income",
    "monthly_expenses",
    "total_debt",
    "assets",
    "requested_amount",
    "purchase_price",
)
_CHOICES = ("home", "job_type", "arrears_on_file")
#: the form fields behind each input a spec may read
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in (*_MONEY, *_CHOICES, "term_months")},
    "age_years": ("date_of_birth",),
    "employment_years": ("employed_since",),
    "monthly_instalment": ("requested_amount", "term_months"),
}


class ModelRefusedHere(UserError):
    """A model offered for installation that may not be used, with the reason in words."""


@dataclass(frozen=True)
class ModelInfo:
    role: str
    path: Path
    metadata: Metadata
    key_id: str
    #: the model card and its plots, when they came with the model
    card: Path | None


@dataclass(frozen=True)
class ModelOverview:
    champion: ModelInfo
    challenger: ModelInfo | None
    #: "profile" for a model the branch installed, "shipped" for the starter
    source: str
    drift: DriftReport


class RiskUnavailable(UserError):
    """No model may be used: missing, unsigned, tampered with or from an unknown publisher."""


@dataclass(frozen=True)
class Models:
    champion: Scorer
    challenger: Scorer | None


@dataclass(frozen=True)
class RiskView:
    """What the risk panel shows for a case."""

    champion: Assessment
    challenger: Assessment | None
    stress: list[Scenario]
    inputs: dict[str, float | str | None]
    #: form fields the model reads that the case leaves empty
    missing: list[str]


_lock = threading.Lock()
_cache: dict[tuple[str, ...], Models] = {}


def trusted_keys(profile_dir: Path | None) -> list[PublicKey]:
    keys = load_publishers(PUBLISHERS)
    own = profile_dir / "model_publishers.json" if profile_dir is not None else None
    if own is not None and own.exists():
        keys += load_publishers(own)
    return keys


def model_paths(profile_dir: Path | None) -> tuple[Path, Path | None]:
    """The champion's file and the challenger's (if any), the profile's own first."""
    own = profile_dir / "models" if profile_dir is not None else None
    if own is not None and (own / CHAMPION.name).exists():
        challenger = own / CHALLENGER.name
        return own / CHAMPION.name, challenger if challenger.exists() else None
    return CHAMPION, CHALLENGER if CHALLENGER.exists() else None


def load_models(profile_dir: Path | None) -> Models:
    """The models in use, checked once per process and file; RiskUnavailable in words."""
    champion_path, challenger_path = model_paths(profile_dir)
    key = tuple(
        # a new file (an install renames a new folder in) has a new inode
        f"{p}:{p.stat().st_ino}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
        for p in (champion_path, challenger_path)
        if p and p.exists()
    )
    from models.scorer import ModelRefused, Scorer

    with _lock:
        if key in _cache:
            return _cache[key]
        try:
            trusted = trusted_keys(profile_dir)
            champion = Scorer.from_file(champion_path, trusted)
        except (ModelRefused, SignatureError) as exc:
            raise RiskUnavailable(f"The risk model cannot be used: {exc}.") from None
        challenger: Scorer | None = None
        if challenger_path is not None:
            try:
                challenger = Scorer.from_file(challenger_path, trusted)
            except ModelRefused as exc:
                # The champion alone still scores; the challenger is a comparison.
                log.warning("challenger model refused: %s", exc)
        models = Models(champion, challenger)
        _cache[key] = models
        log.info(
            "risk models loaded: %s%s",
            champion.metadata.model_id,
            f", challenger {challenger.metadata.model_id}" if challenger else "",
        )
        return models


def _amount(value: Any) -> float | None:
    if isinstance(value, Mapping):
        value = value.get("amount")
    try:
        return float(Decimal(str(value))) if value is not None else None
    except InvalidOperation:
        return None


def _years(since: Any, today: date) -> float | None:
    try:
        start = date.fromisoformat(str(since))
    except ValueError:
        return None
    return max(0.0, (today - start).days / 365.25)


#: inputs from confirmed documents: (input name, document kind, document field)
DOCUMENT_INPUTS = (
    ("payslip_net_pay", DocKind.PAYSLIP, "net_pay"),
    ("payslip_gross_pay", DocKind.PAYSLIP, "gross_pay"),
    ("statement_average_balance", DocKind.BANK_STATEMENT, "average_balance"),
    ("statement_average_inflow", DocKind.BANK_STATEMENT, "average_monthly_inflow"),
    ("statement_average_outflow", DocKind.BANK_STATEMENT, "average_monthly_outflow"),
    ("statement_salary", DocKind.BANK_STATEMENT, "salary_credit"),
)


def document_inputs(documents: Iterable[DocumentState]) -> dict[str, float | None]:
    """Figures from the case's confirmed documents, the latest confirmation of each kind first."""
    confirmed = sorted(
        (d for d in documents if d.status == "confirmed"),
        key=lambda d: d.confirmed_at or "",
        reverse=True,
    )
    inputs: dict[str, float | None] = {}
    for name, kind, field in DOCUMENT_INPUTS:
        values = (_amount(d.confirmed.get(field)) for d in confirmed if d.kind is kind)
        inputs[name] = next((v for v in values if v is not None), None)
    return inputs


def case_inputs(
    fields: Mapping[str, Any],
    today: date,
    documents: Iterable[DocumentState] = (),
    *,
    products: Catalogue,
) -> dict[str, float | str | None]:
    """The inputs a spec's case expressions read: the form, and the confirmed documents.

    The declared monthly income comes from the form; where the officer left
    it empty, a confirmed payslip's net pay stands in, else a confirmed
    statement's salary credits. The documents' own figures are inputs too
    (``payslip_net_pay``, ``statement_average_balance`` …) for specs that
    read them.
    """
    inputs: dict[str, float | str | None] = {name: _amount(fields.get(name)) for name in _MONEY}
    evidence = document_inputs(documents)
    inputs.update(evidence)
    if inputs["monthly_income"] is None:
        inputs["monthly_income"] = evidence["payslip_net_pay"] or evidence["statement_salary"]
    for name in _CHOICES:
        value = fields.get(name)
        inputs[name] = str(value) if value is not None else None
    term = fields.get("term_months")
    inputs["term_months"] = float(term) if term is not None else None
    # the product's rate makes the instalment (and lets the stress raise it)
    product = products.products.get(str(fields.get("product")))
    inputs["annual_rate"] = float(product.annual_rate) if product is not None else None
    born = fields.get("date_of_birth")
    inputs["age_years"] = _years(born, today) if born is not None else None
    since = fields.get("employed_since")
    inputs["employment_years"] = _years(since, today) if since is not None else None
    return inputs


def missing_fields(
    scorer: Scorer, fields: Mapping[str, Any], inputs: Mapping[str, Any] | None = None
) -> list[str]:
    """Form fields the model's spec reads that are empty on the case, in form order.

    A field whose input a confirmed document supplied (the income from a
    payslip) is not missing.
    """
    read: set[str] = set()
    for feature in scorer.spec.features:
        names = {feature.case} if feature.categories else names_in(feature.case)
        for name in names:
            if inputs is not None and inputs.get(name) is not None and name in _MONEY:
                continue
            read.update(FORM_FIELDS.get(name, ()))
    return [f.name for f in FIELDS if f.name in read and fields.get(f.name) in (None, "")]


def _payload(assessment: Assessment, scorer: Scorer, role: str, inputs: Inputs) -> dict[str, Any]:
    return {
        "model_id": assessment.model_id,
        "version": assessment.version,
        "kind": scorer.metadata.kind,
        "role": role,
        "inputs": {k: None if v is None else str(v) for k, v in sorted(inputs.items())},
        "features": dict(sorted(assessment.features.items())),
        "pd": assessment.pd,
        "score": assessment.score,
        "grade": assessment.grade,
        "reasons": [{"feature": r.feature, "points": r.points} for r in assessment.reasons],
    }


class RiskService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    def models(self) -> Models:
        return load_models(self._profile.path)

    def _case(self, case_id: str) -> CaseState:
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        return state

    def preview(self, case_id: str) -> RiskView:
        """The case scored by both models, with the stress scenarios; nothing recorded."""
        self._profile.require(Action.CASE_VIEW)
        state = self._case(case_id)
        return self._view(state)

    def _view(self, state: CaseState) -> RiskView:
        models = self.models()
        fields = state.fields
        inputs = case_inputs(
            fields,
            self._profile.clock().date(),
            state.documents.values(),
            products=catalogue(self._profile.store),
        )
        champion = models.champion.assess(inputs)
        challenger = models.challenger.assess(inputs) if models.challenger else None
        return RiskView(
            champion=champion,
            challenger=challenger,
            stress=models.champion.stress(inputs),
            inputs=inputs,
            missing=missing_fields(models.champion, fields, inputs),
        )

    def assess(self, case_id: str) -> tuple[RiskView, CaseOpChanges]:
        """Score the case with both models and record what each said (RiskAssessed)."""
        self._profile.require(Action.RISK_SCORE)
        models = self.models()
        with self._store.writing() as tx:
            state = tx.case(case_id)
            if state is None:
                raise NotFound(f"There is no case {case_id}.")
            view = self._view(state)
            parent = state.head
            scored = [("champion", models.champion, view.champion)]
            if models.challenger is not None and view.challenger is not None:
                scored.append(("challenger", models.challenger, view.challenger))
            for role, scorer, assessment in scored:
                event = self._profile.emit(
                    tx,
                    EventType.RISK_ASSESSED,
                    _payload(assessment, scorer, role, view.inputs),
                    case_id=case_id,
                    parent=parent,
                )
                parent = event.hash
        return view, CaseOpChanges(case_ids=frozenset({case_id}), case_list=True, case_id=case_id)

    def scenarios(
        self, inputs: Mapping[str, Any], variants: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> list[Scenario]:
        """Variants of inputs already read (a preview's) scored by the champion, in one call."""
        self._profile.require(Action.CASE_VIEW)
        return self.models().champion.scenarios(
            inputs, [(name, {**inputs, **dict(change)}) for name, change in variants]
        )

    def what_if(
        self, case_id: str, variants: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> list[Scenario]:
        """Each named change of the case's inputs (say a smaller amount) scored by the champion."""
        self._profile.require(Action.CASE_VIEW)
        state = self._case(case_id)
        inputs = case_inputs(
            state.fields,
            self._profile.clock().date(),
            state.documents.values(),
            products=catalogue(self._profile.store),
        )
        return self.models().champion.scenarios(
            inputs, [(name, {**inputs, **dict(change)}) for name, change in variants]
        )


def _card(folder: Path) -> Path | None:
    card = folder / CARD_FILES[0]
    return card if card.exists() else None


def _info(role: str, path: Path, scorer: Scorer) -> ModelInfo:
    return ModelInfo(role, path, scorer.metadata, scorer.signer.key_id, _card(path.parent))


def champion_drift(profile: Profile, models: Models | None = None) -> DriftReport:
    """How the cases scored by the champion in use compare with its training loans."""
    from models.drift import Observation, drift

    champion = (models or load_models(profile.path)).champion.metadata
    observations: list[Observation] = []
    for event in profile.store.all_events():
        payload = event.payload
        if (
            event.type is EventType.RISK_ASSESSED
            and payload["role"] == "champion"
            and payload["model_id"] == champion.model_id
        ):
            features = {k: float(v) for k, v in payload["features"].items()}
            observations.append((features, float(payload["score"])))
    return drift(champion, observations)


class ModelService:
    """The model page: what is in use and how it drifts; installing a signed model."""

    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    def overview(self) -> ModelOverview:
        self._profile.require(Action.MODEL_VIEW)
        models = load_models(self._profile.path)
        champion_path, challenger_path = model_paths(self._profile.path)
        challenger = None
        if models.challenger is not None and challenger_path is not None:
            challenger = _info("challenger", challenger_path, models.challenger)
        own = champion_path.parent == self._profile.path / "models"
        return ModelOverview(
            champion=_info("champion", champion_path, models.champion),
            challenger=challenger,
            source="profile" if own else "shipped",
            drift=champion_drift(self._profile, models),
        )

    def install(self, folder: Path) -> list[str]:
        """Put the signed models in ``folder`` in use; the ids of those installed.

        ``folder`` holds ``model.onnx`` (the champion) and optionally
        ``challenger.onnx``, each with its ``.sig``, as ``python -m
        models.train --key`` writes them. Both are checked before anything
        is copied; the profile's models are replaced as a whole.
        """
        self._profile.require(Action.MODEL_IMPORT)
        return self._install(folder)

    def install_published(self, folder: Path) -> list[str]:
        """Put in use the models the branch published (fetched into ``folder`` by sync).

        Any signed-in user's desk takes them: what makes them safe is the
        signature, checked here against this workstation's trusted keys,
        exactly as for an administrator's import.
        """
        _ = self._profile.actor
        return self._install(folder)

    def _install(self, folder: Path) -> list[str]:
        from models.scorer import ModelRefused, Scorer

        trusted = trusted_keys(self._profile.path)
        found = [(role, folder / name) for role, name in _ROLES if (folder / name).exists()]
        if not found or found[0][0] != "champion":
            raise ModelRefusedHere(f"There is no {CHAMPION.name} in {folder}.")
        checked: list[tuple[str, Path, Scorer]] = []
        for role, path in found:
            try:
                checked.append((role, path, Scorer.from_file(path, trusted)))
            except ModelRefused as exc:
                raise ModelRefusedHere(f"{path.name} cannot be used: {exc}.") from None
        target = self._profile.path / "models"
        staging = Path(tempfile.mkdtemp(prefix=".models-", dir=self._profile.path))
        try:
            for _, path, _ in checked:
                shutil.copy2(path, staging / path.name)
                shutil.copy2(path.with_name(path.name + ".sig"), staging / (path.name + ".sig"))
            for name in CARD_FILES:
                if (folder / name).exists():
                    shutil.copy2(folder / name, staging / name)
            old = self._profile.path / ".models-old"
            if target.exists():
                shutil.rmtree(old, ignore_errors=True)
                target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        with self._store.writing() as tx:
            for role, path, scorer in checked:
                self._profile.emit(
                    tx,
                    EventType.MODEL_INSTALLED,
                    {
                        "model_id": scorer.metadata.model_id,
                        "version": scorer.metadata.version,
                        "kind": scorer.metadata.kind,
                        "role": role,
                        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                        "key_id": scorer.signer.key_id,
                    },
                )
        log.info("risk models installed: %s", ", ".join(s.metadata.model_id for *_, s in checked))
        return [scorer.metadata.model_id for *_, scorer in checked]


_ROLES = (("champion", CHAMPION.name), ("challenger", CHALLENGER.name))
