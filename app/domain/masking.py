"""Masking of personal numbers: what every screen, report and log shows by default.

The first and last few characters stay so a person can tell two numbers
apart and check one against a document; the rest is hidden. Seeing the whole
number is a separate, logged act (``FieldRevealed``).
"""

from __future__ import annotations

from app.domain.applicant import FIELD_BY_NAME, Kind

MASK = "*"

#: (characters kept at the start, at the end) per kind of number.
_KEEP: dict[str, tuple[int, int]] = {
    "id_number": (4, 4),  # region prefix and check digit: 1101**********123X
    "phone": (3, 4),  # 138****5678, as banks print it
    "card": (6, 4),  # BIN and last four (PCI DSS allows no more)
    "account": (2, 4),
}


def mask(value: str, kind: str) -> str:
    """``value`` with its middle hidden; short values lose all but their last two."""
    head, tail = _KEEP[kind]
    text = value.strip()
    if len(text) <= head + tail + 1:
        keep = min(2, max(0, len(text) - 2))
        return MASK * (len(text) - keep) + text[len(text) - keep :]
    return text[:head] + MASK * (len(text) - head - tail) + text[-tail:]


def masked_kind(field: str) -> str | None:
    """The masking applied to an applicant or loan field, None for fields shown in full."""
    spec = FIELD_BY_NAME.get(field)
    if spec is None:
        return None
    if spec.kind is Kind.ID_NUMBER:
        return "id_number"
    if spec.kind is Kind.PHONE:
        return "phone"
    return None


#: The fields masked on every screen.
MASKED_FIELDS = frozenset(name for name in FIELD_BY_NAME if masked_kind(name) is not None)


def mask_field(field: str, value: object) -> object:
    """The value of ``field`` as a screen shows it before anyone reveals it."""
    kind = masked_kind(field)
    if kind is None or not isinstance(value, str) or not value:
        return value
    return mask(value, kind)
