"""Line breaking for text in both scripts: at spaces, between Chinese characters, never
inside a number.

fpdf2 breaks either at spaces only (which leaves a Chinese sentence no place
to break) or between any two characters (which splits ``2,791.13`` across
lines). Here a run of Latin letters and digits stays whole, closing
punctuation stays with what it closes, opening punctuation with what it
opens, and a line breaks at a space or between any other two characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: a unit that never breaks inside: a Latin word, a number, or one other character
_UNIT = re.compile(r"\s+|[\x21-\x7e\u00a0-\u024f]+|.", re.DOTALL)
_CLOSING = frozenset("，。、；：！？）」』》〉】”’％,.;:!?)]}%")
_OPENING = frozenset("（「『《〈【“‘([{")
#: units that stay with the number before them: 2026年, 12月, 1日, 88号, 100元
_COUNTERS = frozenset("年月日号元个份期")

Measure = Callable[[str], float]


def _units(text: str) -> list[str]:
    """The pieces a line may break between (whitespace kept as its own piece)."""
    units: list[str] = []
    glue_next = False
    for piece in _UNIT.findall(text):
        counted = piece in _COUNTERS and bool(units) and units[-1][-1:].isdigit()
        joins_previous = piece[0] in _CLOSING or glue_next or counted
        if units and joins_previous and not units[-1].isspace() and not piece.isspace():
            units[-1] += piece
        else:
            units.append(piece)
        glue_next = piece[-1] in _OPENING
    return units


def _split_long(unit: str, width: float, measure: Measure) -> list[str]:
    """A unit wider than a line, cut between characters."""
    parts, current = [], ""
    for char in unit:
        if current and measure(current + char) > width:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current]


def _wrap_line(text: str, width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    current, space = "", ""
    for unit in _units(text):
        if unit.isspace():
            space = " " if current else ""
            continue
        if not current or measure(current + space + unit) <= width:
            current += space + unit
        else:
            lines.append(current)
            current = unit
        space = ""
        if measure(current) > width:
            *full, current = _split_long(current, width, measure)
            lines.extend(full)
    return [*lines, current]


def wrap(text: str, width: float, measure: Measure) -> str:
    """``text`` with line breaks so no line is wider than ``width`` (as ``measure`` says)."""
    return "\n".join(line for part in text.split("\n") for line in _wrap_line(part, width, measure))
