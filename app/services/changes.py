"""What a command changed, so views refresh from one signal (as Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OpChanges:
    case_ids: frozenset[str] = field(default_factory=frozenset)
    case_list: bool = False
    users: bool = False
    settings: bool = False

    def touches(self, case_id: str) -> bool:
        return case_id in self.case_ids


@dataclass(frozen=True)
class CaseOpChanges(OpChanges):
    """Changes of a command about one case, carrying that case's id."""

    case_id: str = ""
    #: the document a document command was about
    document_id: str = ""
