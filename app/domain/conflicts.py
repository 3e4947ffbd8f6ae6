"""Concurrent edits of a case: what merges, and what waits for a person.

Events fold in the branch server's order (``server_seq``); this workstation's
events the server has not ordered yet come last, in device order. Every
workstation that has pulled the same events therefore folds the same case.

An edit knows what its author had seen: every earlier event of the author's
own workstation, and everything the server had handed down up to the
``seen`` cursor in its payload. An edit that sets a field whose standing value
its author never saw, to a different value, makes the field *conflicted*: the
case keeps every competing value, with who set it and when, until an edit
made with all of them in sight (a ``ConflictResolved`` from the resolution
screen, usually) settles it. Edits of different fields simply merge. Nothing
is resolved by arrival order alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.domain import canonical
from app.domain import case as case_domain
from app.domain.case import CaseState, Claim
from app.domain.events import EDIT_EVENTS, Event


@dataclass(frozen=True)
class _Writer:
    """An edit's place: its workstation's sequence and the server's order."""

    event_id: str
    actor: str
    at: str
    device: str
    device_seq: int
    server_seq: int | None


def _saw(writer: _Writer, event: Event) -> bool:
    """Whether the author of ``event`` had seen the edit ``writer``."""
    if writer.device == event.device:
        return writer.device_seq < event.device_seq
    seen = event.payload.get("seen")
    return writer.server_seq is not None and seen is not None and writer.server_seq <= seen


class _Tracker:
    """For each field, its latest edits: those no later edit of it had seen."""

    def __init__(self) -> None:
        self.latest: dict[str, list[tuple[_Writer, Any]]] = {}

    def edit(self, after: CaseState, event: Event, server_seq: int | None) -> CaseState:
        writer = _Writer(
            event.id, event.actor, event.at, event.device, event.device_seq, server_seq
        )
        conflicts = dict(after.conflicts)
        for name, value in event.payload["fields"].items():
            unseen = [(w, v) for w, v in self.latest.get(name, []) if not _saw(w, event)]
            standing = [*unseen, (writer, value)]
            self.latest[name] = standing
            if len({canonical.encode(v) for _, v in standing}) > 1:
                conflicts[name] = tuple(
                    Claim(value=v, event_id=w.event_id, actor=w.actor, at=w.at) for w, v in standing
                )
            else:
                conflicts.pop(name, None)
        if conflicts == after.conflicts:
            return after
        return after.model_copy(update={"conflicts": conflicts})


def fold_in_order(items: Iterable[tuple[Event, int | None]]) -> CaseState | None:
    """The case made by ``items`` (each event with its server_seq, None if unordered yet).

    ``items`` come in fold order: server order, then unordered events in
    device order.
    """
    tracker = _Tracker()
    state: CaseState | None = None
    for event, server_seq in items:
        before = state
        state = case_domain.apply(state, event)
        if before is not None and event.type in EDIT_EVENTS:
            state = tracker.edit(state, event, server_seq)
    return state
