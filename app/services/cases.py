"""Case use cases: open, update, comment, list, search, history."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from app.domain.applicant import FIELD_BY_NAME, Group, clean_patch
from app.domain.case import CaseState, CaseSummary
from app.domain.events import EventType
from app.domain.history import HistoryEntry, history
from app.domain.ids import new_id
from app.domain.masking import MASKED_FIELDS
from app.domain.roles import Action, allowed
from app.domain.validation import FieldProblem, check_text
from app.domain.workflow import OPEN
from app.errors import InvalidInput, NotFound, StaleCase
from app.services.accounts import AccountService
from app.services.changes import CaseOpChanges
from app.services.profile import Profile, device_code
from app.store.people import UserRow
from app.store.repo import CaseQuery, Scope, Transaction

__all__ = ["MENTION", "CaseQuery", "CaseService", "Scope", "mention_tokens"]

_PATCH_EVENTS = {
    Group.APPLICANT: EventType.APPLICANT_UPDATED,
    Group.LOAN: EventType.LOAN_REQUEST_UPDATED,
}


#: "@li.na" (or the full-width "＠li.na" a Chinese input method types) not right
#: after a Latin letter or digit, so "wang@bank.cn" is an address, not a mention,
#: while "请@li.na看一下" mentions li.na as Chinese is written, without spaces.
MENTION = re.compile(r"(?<![A-Za-z0-9_.@＠])[@＠]([A-Za-z][A-Za-z0-9_.-]*)")
#: as ``CommentAdded.mentions`` allows
MAX_MENTIONS = 20


def mention_tokens(text: str) -> list[str]:
    """The names after each ``@`` in ``text``, lower-cased, each once, in order."""
    found: list[str] = []
    for match in MENTION.finditer(text):
        token = match.group(1).lower()[:40]
        if token not in found:
            found.append(token)
    return found


def _as_seen(tx: Transaction, case_id: str, expected_head: str | None) -> CaseState:
    """The case to change, refused if it moved on since the user saw ``expected_head``."""
    state = tx.case(case_id)
    if state is None:
        raise NotFound(f"There is no case {case_id}.")
    if expected_head is not None and state.head != expected_head:
        raise StaleCase("The case was changed elsewhere since you opened it; reload it.")
    return state


def _resolve_mention(tx: Transaction, token: str) -> UserRow | tuple[str, str]:
    """The active user ``@token`` names, or why it names none: (code, sentence).

    A sentence may end right after a name ("ask @li.na."): when the token as
    typed is no user, it is tried without its trailing dots, dashes and underscores.
    """
    user = tx.user_by_name(token)
    trimmed = token.rstrip("._-")
    if user is None and trimmed != token:
        user = tx.user_by_name(trimmed)
    name = user.username if user is not None else trimmed or token
    if user is None:
        return "mention.unknown", f"No user is called @{name}; check the name, or leave out the @."
    if not user.active:
        return "mention.inactive", f"@{name} is switched off and cannot be mentioned."
    if not allowed(user.roles, Action.CASE_VIEW):
        return "mention.no_access", f"@{name} cannot open cases, so would never read the comment."
    return user


#: what makes a case the user's own: they opened it or submitted it
_MINE = frozenset({EventType.CASE_OPENED, EventType.CASE_SUBMITTED})


def _split(cleaned: Mapping[str, Any]) -> dict[Group, dict[str, Any]]:
    """A cleaned patch (its fields known) split by the event type that carries each."""
    groups: dict[Group, dict[str, Any]] = {}
    for name, value in cleaned.items():
        groups.setdefault(FIELD_BY_NAME[name].group, {})[name] = value
    return groups


class CaseService:
    """Every case command appends events and refreshes projections in one transaction."""

    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    # -- commands ---------------------------------------------------------------
    def open_case(self, patch: Mapping[str, Any] | None = None) -> CaseOpChanges:
        """A new draft case, with the applicant and loan fields in ``patch``."""
        return self.open_cases([patch or {}])[0]

    def open_cases(self, patches: Sequence[Mapping[str, Any]]) -> list[CaseOpChanges]:
        """New draft cases, all in one transaction: every one is valid, or none is written."""
        self._require(Action.CASE_CREATE)
        today = self._profile.clock().date()
        problems: dict[str, list[tuple[str, str]]] = {}
        cleaned: list[dict[str, Any]] = []
        for n, patch in enumerate(patches):
            try:
                cleaned.append(clean_patch(patch, current={}, today=today))
            except InvalidInput as exc:
                prefix = f"case[{n}]." if len(patches) > 1 else ""
                problems.update({prefix + k: v for k, v in exc.problems.items()})
        if problems:
            raise InvalidInput(problems)
        prefix = f"LD-{device_code(self._profile.device_id)}-"
        changes = []
        with self._store.writing() as tx:
            for fields in cleaned:
                case_id = new_id()
                opened = self._profile.emit(
                    tx, EventType.CASE_OPENED, {"case_no": tx.next_case_no(prefix)}, case_id=case_id
                )
                self._append_patch(tx, case_id, fields, opened.hash)
                changes.append(
                    CaseOpChanges(case_ids=frozenset({case_id}), case_list=True, case_id=case_id)
                )
        return changes

    def update_case(
        self, case_id: str, patch: Mapping[str, Any], *, expected_head: str | None = None
    ) -> CaseOpChanges:
        """Change fields of a case; refuses if the case moved on since ``expected_head``."""
        self._require(Action.CASE_EDIT)
        today = self._profile.clock().date()
        with self._store.writing() as tx:
            state = _as_seen(tx, case_id, expected_head)
            cleaned = clean_patch(patch, current=state.fields, today=today)
            conflicted = sorted(name for name in cleaned if name in state.conflicts)
            if conflicted:
                # A form shows one of the competing values: saving over it would
                # settle the conflict without anyone having seen the other.
                raise InvalidInput(
                    {
                        name: [
                            (
                                "conflict.open",
                                "Two people set this differently; resolve the conflict first.",
                            )
                        ]
                        for name in conflicted
                    }
                )
            self._append_patch(tx, case_id, cleaned, state.head)
        return CaseOpChanges(
            case_ids=frozenset({case_id}), case_list=bool(cleaned), case_id=case_id
        )

    def resolve_conflicts(
        self, case_id: str, values: Mapping[str, Any], *, expected_head: str | None = None
    ) -> CaseOpChanges:
        """Settle conflicted fields: each gets the value a person chose, with every one in sight.

        ``values`` names conflicted fields only; a value may be one of the
        competing ones or another the person typed (checked like any edit).
        """
        self._require(Action.CASE_RESOLVE_CONFLICT)
        today = self._profile.clock().date()
        with self._store.writing() as tx:
            state = _as_seen(tx, case_id, expected_head)
            stray = sorted(name for name in values if name not in state.conflicts)
            if stray or not values:
                raise InvalidInput(
                    {
                        (stray[0][:40] if stray else "fields"): [
                            ("conflict.none", "This field has no conflict to resolve.")
                        ]
                    }
                )
            rest = {k: v for k, v in state.fields.items() if k not in values}
            cleaned = clean_patch(values, current=rest, today=today)
            chosen = {name: cleaned.get(name) for name in sorted(values)}
            self._profile.emit(
                tx,
                EventType.CONFLICT_RESOLVED,
                {"fields": chosen},
                case_id=case_id,
                parent=state.head,
            )
        return CaseOpChanges(case_ids=frozenset({case_id}), case_list=True, case_id=case_id)

    def duplicates(self, case_id: str) -> list[CaseSummary]:
        """Other open cases of the branch for the same ID number: perhaps the same applicant.

        Cases from every enrolled workstation are here once pulled; declined,
        accepted and withdrawn cases are not open.
        """
        self._require(Action.CASE_VIEW)
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        id_number = state.value("id_number")
        if not id_number:
            return []
        return [
            summary
            for summary in self._store.cases_with_id_number(str(id_number))
            if summary.case_id != case_id and summary.status in OPEN
        ]

    def conflicted(self) -> list[CaseSummary]:
        """The cases with fields concurrent edits set differently, newest change first."""
        self._require(Action.CASE_VIEW)
        return self._store.conflicted_cases()

    def add_comment(self, case_id: str, text: str) -> CaseOpChanges:
        """A comment on the case; each ``@username`` in it must name an active colleague."""
        self._require(Action.CASE_COMMENT)
        try:
            cleaned = check_text(text, max_len=2000, required=True)
        except FieldProblem as problem:
            raise InvalidInput({"comment": [(problem.code, problem.message)]}) from None
        with self._store.writing() as tx:
            state = tx.case(case_id)
            if state is None:
                raise NotFound(f"There is no case {case_id}.")
            payload: dict[str, Any] = {"text": cleaned}
            mentions = self._mentions(tx, cleaned)
            if mentions:
                payload["mentions"] = mentions
            self._profile.emit(
                tx, EventType.COMMENT_ADDED, payload, case_id=case_id, parent=state.head
            )
        return CaseOpChanges(case_ids=frozenset({case_id}), case_list=True, case_id=case_id)

    @staticmethod
    def _mentions(tx: Transaction, text: str) -> list[str]:
        """The ids of the users ``text`` mentions; refuses naming every name that is no one."""
        ids: list[str] = []
        refused: list[tuple[str, str]] = []
        for token in mention_tokens(text):
            found = _resolve_mention(tx, token)
            if isinstance(found, tuple):
                refused.append(found)
            elif found.user_id not in ids:
                ids.append(found.user_id)
        if len(ids) > MAX_MENTIONS:
            refused.append(
                ("mention.too_many", f"A comment can mention at most {MAX_MENTIONS} people.")
            )
        if refused:
            raise InvalidInput({"comment": refused})
        return ids

    def _append_patch(
        self, tx: Transaction, case_id: str, cleaned: dict[str, Any], parent: str
    ) -> None:
        for group, fields in sorted(_split(cleaned).items()):
            event = self._profile.emit(
                tx, _PATCH_EVENTS[group], {"fields": fields}, case_id=case_id, parent=parent
            )
            parent = event.hash

    # -- queries ----------------------------------------------------------------
    def _require(self, action: Action) -> None:
        """Refuse, before anything is read or written, what the acting user may not do."""
        self._profile.require(action)

    def reveal(self, case_id: str, field: str, password: str) -> str | None:
        """The whole of one masked number of one case, after the password; logged."""
        if field not in MASKED_FIELDS:
            raise InvalidInput({field[:40]: [("reveal.field", "This field is not masked.")]})
        session = AccountService(self._profile).confirm_password(Action.FIELD_REVEAL, password)
        with self._store.writing() as tx:
            state = tx.case(case_id)
            if state is None:
                raise NotFound(f"There is no case {case_id}.")
            self._profile.emit(
                tx,
                EventType.FIELD_REVEALED,
                {"case_id": case_id, "field": field},
                actor=session.user.user_id,
            )
        value = state.fields.get(field)
        return None if value is None else str(value)

    def get(self, case_id: str) -> CaseState:
        self._require(Action.CASE_VIEW)
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        return state

    def find(self, case_ref: str) -> CaseState:
        """A case by its id or its case number (LD-XXXX-000001)."""
        self._require(Action.CASE_VIEW)
        state = self._store.case(case_ref)
        if state is None:
            rows = self._store.list_cases(CaseQuery(text=case_ref), limit=5)
            exact = [r for r in rows if r.case_no == case_ref.upper()]
            if exact:
                state = self._store.case(exact[0].case_id)
        if state is None:
            raise NotFound(f"There is no case {case_ref[:40]}.")
        return state

    def count(self, query: CaseQuery) -> int:
        self._require(Action.CASE_VIEW)
        return self._store.count_cases(self._scoped(query))

    def keys(self, query: CaseQuery) -> list[str]:
        self._require(Action.CASE_VIEW)
        return self._store.case_keys(self._scoped(query))

    def _scoped(self, query: CaseQuery) -> CaseQuery:
        """``query`` limited to the cases its scope names for the signed-in user."""
        if query.scope is Scope.ALL:
            return query
        if query.scope is Scope.MINE:
            only = frozenset(self._store.cases_by(self._profile.actor.user_id, _MINE))
        else:
            from app.services.decisions import DecisionService  # a queue's own, when asked

            only = DecisionService(self._profile).awaiting_me()
        return replace(query, scope=Scope.ALL, only=only)

    def summaries(self, case_ids: Sequence[str]) -> list[CaseSummary]:
        self._require(Action.CASE_VIEW)
        return self._store.summaries(case_ids)

    def page(self, query: CaseQuery, *, limit: int = 100, offset: int = 0) -> list[CaseSummary]:
        self._require(Action.CASE_VIEW)
        return self._store.list_cases(self._scoped(query), limit=limit, offset=offset)

    def history(self, case_id: str) -> list[HistoryEntry]:
        self._require(Action.CASE_VIEW)
        events = self._store.case_events(case_id)
        if not events:
            raise NotFound(f"There is no case {case_id}.")
        return history(events)
