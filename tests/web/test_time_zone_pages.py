"""The back office shows dates in the dealer's time zone and filters the dealer's days (issue 15)."""

from __future__ import annotations

import csv
import io

from tests.support.html import error_texts, parse
from tests.web.conftest import Office, settings_form


def _made_at(office: Office, stamp: str) -> str:
    ref = office.submit()
    db = office.db()
    with db.conn:
        db.conn.execute("UPDATE quote_requests SET created_at = ? WHERE reference = ?", (stamp, ref))
    db.conn.close()
    return ref


def _row_date(html: str, ref: str) -> str:
    row = next(tr for tr in parse(html).iter("tr") if ref in tr.text_content())
    return str(row.xpath('.//td[contains(@class, "c-date")]')[0].text_content().strip())


def test_the_list_shows_and_filters_amsterdam_days_by_default(anna: Office) -> None:
    ref = _made_at(anna, "2026-11-30T23:30:00+00:00")
    page = anna.get("/admin/requests").text
    assert _row_date(page, ref) == "1-12-2026, 00:30"
    assert ref in anna.get("/admin/requests?from=2026-12-01&to=2026-12-01").text
    assert ref not in anna.get("/admin/requests?from=2026-11-30&to=2026-11-30").text
    exported = anna.get("/admin/requests.csv?from=2026-12-01&to=2026-12-01")
    assert exported.status_code == 200
    refs = {row["reference"] for row in csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=",")}
    assert refs == {ref}


def test_a_dealer_in_new_york_sets_the_zone_and_reads_new_york_times(anna: Office) -> None:
    form = settings_form(anna)
    assert form["time_zone"] == "Europe/Amsterdam"
    form["time_zone"] = "America/New_York"
    done = anna.post("/admin/settings", form, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert settings_form(anna)["time_zone"] == "America/New_York"
    ref = _made_at(anna, "2026-11-30T23:30:00+00:00")
    assert _row_date(anna.get("/admin/requests").text, ref) == "30-11-2026, 18:30"
    assert ref in anna.get("/admin/requests?from=2026-11-30&to=2026-11-30").text
    assert ref not in anna.get("/admin/requests?from=2026-12-01").text


def test_a_bad_time_zone_is_named_next_to_its_field_and_not_saved(anna: Office) -> None:
    form = settings_form(anna)
    form["time_zone"] = "Amsterdam"
    bad = anna.post("/admin/settings", form)
    assert bad.status_code == 422
    assert error_texts(bad.text) == {"time_zone": "Vul een bestaande tijdzone in, zoals Europe/Amsterdam."}
    assert settings_form(anna)["time_zone"] == "Europe/Amsterdam"
