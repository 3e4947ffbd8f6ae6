"""The authority matrix in use and the approver each person signs as.

``resources/authority.json`` ranks the tiers; each user row names its tier
(none: the lowest) and may carry limits of its own, set by the administrator,
which replace the tier's for that product.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import resources
from app.domain.authority import Approver, Limit, Matrix, parse_matrix
from app.store.people import UserRow

AUTHORITY_FILE = Path(resources.__file__).resolve().parent / "authority.json"


@functools.cache
def authority() -> Matrix:
    return parse_matrix(json.loads(AUTHORITY_FILE.read_text(encoding="utf-8")))


def lowest_tier() -> str:
    return authority().tiers[0].name


def tier_names() -> list[str]:
    """The tiers from the lowest up."""
    return [tier.name for tier in authority().tiers]


def approver_of(user: UserRow) -> Approver:
    """The tier ``user`` signs as, with their own limits."""
    own = tuple((x.product, Limit(x.max_amount, x.worst_grade)) for x in user.limits)
    return Approver(user.user_id, user.tier or lowest_tier(), own)
