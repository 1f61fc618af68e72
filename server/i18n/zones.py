"""The dealer's time zone: which IANA names are valid, and where a dealer's calendar day starts in UTC.

Storage keeps UTC; a person sees, and a date filter counts, days in the dealer's zone
(default ``Europe/Amsterdam``), so a request made at 23:30 UTC on 30 November belongs to
1 December for an Amsterdam dealer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DEFAULT_ZONE", "day_of", "day_start_utc", "is_zone", "next_day", "zone"]

DEFAULT_ZONE = "Europe/Amsterdam"


@lru_cache(maxsize=64)
def _load(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: a name like "../x" or "" that zoneinfo refuses as a path.
        return None


def is_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone name zoneinfo knows (``Europe/Amsterdam``, ``UTC``)."""
    return bool(name) and len(name) <= 64 and _load(name) is not None


def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``; the default zone when it is missing or unknown (never an error on display)."""
    found = _load(name) if name else None
    return found if found is not None else _load(DEFAULT_ZONE) or ZoneInfo("UTC")


def day_start_utc(day: date, zone_name: str | None) -> datetime:
    """The UTC moment at which ``day`` begins in the zone (DST days are 23 or 25 hours long)."""
    return datetime.combine(day, time(0), tzinfo=zone(zone_name)).astimezone(UTC)


def day_of(moment: datetime | float, zone_name: str | None) -> date:
    """The calendar day of ``moment`` (an aware datetime, a naive one taken as UTC, or a Unix time) in the zone."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    else:
        aware = datetime.fromtimestamp(moment, UTC)
    return aware.astimezone(zone(zone_name)).date()


def next_day(day: date) -> date:
    """The day after ``day`` (for exclusive upper bounds)."""
    return day + timedelta(days=1)
