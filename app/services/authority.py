"""The approval tiers and the approver each person signs as.

The tiers are the software's own (``resources/authority.json``); their limits
may be the branch's (``app.services.branchrules``). Each user row names its
tier (none: the lowest) and may carry limits of its own, set by the
administrator, which replace the tier's for that product.
"""

from __future__ import annotations

from app.domain.authority import Approver, Limit
from app.services.branchrules import shipped_matrix
from app.store.people import UserRow


def lowest_tier() -> str:
    return shipped_matrix().tiers[0].name


def tier_names() -> list[str]:
    """The tiers from the lowest up."""
    return [tier.name for tier in shipped_matrix().tiers]


def approver_of(user: UserRow) -> Approver:
    """The tier ``user`` signs as, with their own limits."""
    own = tuple((x.product, Limit(x.max_amount, x.worst_grade)) for x in user.limits)
    return Approver(user.user_id, user.tier or lowest_tier(), own)
