"""Who may do what in a dealer's account: the three roles, their order, and the one rule that compares them.

Lowest to highest: ``read-only`` (reads everything it may see, changes nothing), ``staff``
(works requests, contacts, quotes and invoices) and ``owner`` (everything, also prices and
catalog, legal details, branding, settings, users and keys). Every back-office route and
every dealer-API route has a minimum role: the route's ``opt={"role": ...}`` when it says
so, else ``read-only`` for reading (GET, HEAD) and ``staff`` for every other method. An API
key acts as an owner when it may write and as a read-only user when it may not.

This module is the one place the rule lives; the back office's gate, the dealer API and
the templates (through :func:`allows`) ask it, never compare role names themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "LABEL_KEYS", "OWNER", "READ_ONLY", "ROLES", "STAFF", "allows", "is_role", "key_role", "minimum_for",
]

READ_ONLY: Final = "read-only"
STAFF: Final = "staff"
OWNER: Final = "owner"
# Lowest first: a role allows everything a role before it allows.
ROLES: Final[tuple[str, ...]] = (READ_ONLY, STAFF, OWNER)
# The back office's words for each role (admin.<key> in the catalogs): services carry no words.
LABEL_KEYS: Final[Mapping[str, str]] = {role: f"role_{role}" for role in ROLES}
_READING = frozenset({"GET", "HEAD"})


def is_role(value: object) -> bool:
    """True when ``value`` is one of the three roles."""
    return value in ROLES


def allows(role: str, minimum: str) -> bool:
    """True when ``role`` is at least ``minimum``.

    An unknown role allows nothing, and an unknown minimum is read as ``owner``: a typo in a
    route's opt must close the route, never open it.
    """
    if role not in ROLES:
        return False
    needed = ROLES.index(minimum) if minimum in ROLES else ROLES.index(OWNER)
    return ROLES.index(role) >= needed


def minimum_for(opt: Mapping[str, Any], method: str) -> str:
    """A route's minimum role: its ``opt["role"]``, else read-only for GET/HEAD and staff for the rest."""
    declared = opt.get("role")
    if declared is not None:
        return str(declared)
    return READ_ONLY if method.upper() in _READING else STAFF


def key_role(read_only: bool) -> str:
    """The role an API key acts with: a read-write key is an owner, a read-only key a read-only user."""
    return READ_ONLY if read_only else OWNER
