"""Date filters count the dealer's days, in the dealer's time zone (issue 15), not UTC days.

A request made at 23:30 UTC on 30 November belongs to 1 December for an Amsterdam dealer, and
to 30 November for a New York one; the filter's day is 23 or 25 hours long across a DST change.
"""

from __future__ import annotations

import csv
import io

from server.storage.db import connect
from tests.dealer.conftest import Dealers


def _made_at(dealers: Dealers, stamps: list[str]) -> list[str]:
    """One request per stamp, its stored (UTC) creation time set to that stamp; their references."""
    refs = [dealers.submit() for _ in stamps]
    db = connect(dealers.settings.db_path)
    try:
        with db.conn:
            for ref, stamp in zip(refs, stamps, strict=True):
                db.conn.execute("UPDATE quote_requests SET created_at = ? WHERE reference = ?", (stamp, ref))
    finally:
        db.conn.close()
    return refs


def _day(dealers: Dealers, first: str, last: str | None = None) -> set[str]:
    answer = dealers.get(f"/requests?date_from={first}&date_to={last or first}&per_page=100")
    assert answer.status_code == 200, answer.text
    return {row["reference"] for row in answer.json()["requests"]}


def _csv_refs(dealers: Dealers, first: str, last: str) -> set[str]:
    answer = dealers.get(f"/requests.csv?date_from={first}&date_to={last}")
    assert answer.status_code == 200, answer.text
    return {row["reference"] for row in csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff")))}


def test_an_amsterdam_dealer_counts_23_30_utc_on_30_november_as_1_december(dealers: Dealers) -> None:
    late_30, midnight, half_past = _made_at(dealers, ["2026-11-30T22:59:59+00:00", "2026-11-30T23:00:00+00:00",
                                                      "2026-11-30T23:30:00+00:00"])
    end_1 = _made_at(dealers, ["2026-12-01T22:59:59+00:00"])[0]
    next_2 = _made_at(dealers, ["2026-12-01T23:00:00+00:00"])[0]
    # Both edges of 1 December in Amsterdam (CET, UTC+1): 23:00 UTC the day before to 23:00 UTC.
    assert _day(dealers, "2026-12-01") == {midnight, half_past, end_1}
    assert _day(dealers, "2026-11-30") == {late_30}
    assert _day(dealers, "2026-12-02") == {next_2}
    # The exports filter the same days.
    assert _csv_refs(dealers, "2026-12-01", "2026-12-01") == {midnight, half_past, end_1}


def test_a_new_york_dealer_counts_the_same_moment_on_30_november(dealers: Dealers) -> None:
    changed = dealers.send("PATCH", "/settings", json={"time_zone": "America/New_York"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["time_zone"] == "America/New_York"
    half_past, evening, after = _made_at(dealers, ["2026-11-30T23:30:00+00:00", "2026-12-01T04:59:59+00:00",
                                                   "2026-12-01T05:00:00+00:00"])
    # New York is UTC-5 in December: 30 November runs until 05:00 UTC on 1 December.
    assert _day(dealers, "2026-11-30") == {half_past, evening}
    assert _day(dealers, "2026-12-01") == {after}


def test_a_day_across_the_dst_change_is_25_hours_long(dealers: Dealers) -> None:
    # Amsterdam leaves summer time on 25 October 2026: that day runs 22:00 UTC (24th) to 23:00 UTC (25th).
    before, first, last, after = _made_at(dealers, ["2026-10-24T21:59:59+00:00", "2026-10-24T22:00:00+00:00",
                                                    "2026-10-25T22:59:59+00:00", "2026-10-25T23:00:00+00:00"])
    assert _day(dealers, "2026-10-25") == {first, last}
    assert _day(dealers, "2026-10-24") == {before}
    assert _day(dealers, "2026-10-26") == {after}
    assert _day(dealers, "2026-10-24", "2026-10-26") == {before, first, last, after}


def test_a_bad_time_zone_is_refused_naming_the_field(dealers: Dealers) -> None:
    bad = dealers.send("PATCH", "/settings", json={"time_zone": "Mars/Olympus_Mons"})
    assert bad.status_code == 422, bad.text
    assert [e["field"] for e in bad.json()["errors"]] == ["time_zone"]
    assert "time zone" in bad.text
    assert dealers.get("/settings").json()["time_zone"] == "Europe/Amsterdam"
