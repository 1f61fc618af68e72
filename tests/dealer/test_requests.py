"""Working requests through the dealer API: list, filters, statuses, notes, drawings and exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

from PIL import Image
from pypdf import PdfReader

from server.storage.db import connect
from tests.dealer.conftest import Dealers


def test_list_is_newest_first_filtered_and_paginated(dealers: Dealers) -> None:
    refs = [dealers.submit(name=f"Klant {i}", email=f"klant{i}@example.nl") for i in range(5)]
    first = dealers.get("/requests?per_page=2").json()
    assert [r["reference"] for r in first["requests"]] == refs[::-1][:2]
    assert (first["total_count"], first["pages"], first["page"]) == (5, 3, 1)
    third = dealers.get("/requests?per_page=2&page=3").json()
    assert [r["reference"] for r in third["requests"]] == [refs[0]]
    dealers.send("PATCH", f"/requests/{refs[1]}", json={"status": "contacted"})
    contacted = dealers.get("/requests?status=contacted").json()
    assert [r["reference"] for r in contacted["requests"]] == [refs[1]]
    assert contacted["counts"] == {"new": 4, "contacted": 1, "quoted": 0, "won": 0, "lost": 0}
    assert [r["reference"] for r in dealers.get("/requests?q=KLANT 3").json()["requests"]] == [refs[3]]
    assert dealers.get("/requests?q=100%").json()["total_count"] == 0  # LIKE wildcards are literal
    # The filter counts the dealer's days (Europe/Amsterdam), so "today" is theirs, not UTC's.
    made = datetime.fromisoformat(first["requests"][0]["created_at"].replace("Z", "+00:00"))
    today = made.astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert dealers.get(f"/requests?date_from={today}&date_to={today}").json()["total_count"] == 5
    assert dealers.get("/requests?date_to=2000-01-01").json()["total_count"] == 0
    for bad, field in (("per_page=101", "per_page"), ("status=maybe", "status"), ("date_from=yesterday", "date_from"),
                       ("page=0", "page")):
        answer = dealers.get(f"/requests?{bad}")
        assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == field, bad


def test_detail_has_prices_explanation_contact_privacy_and_history(dealers: Dealers) -> None:
    ref = dealers.submit()
    detail = dealers.get(f"/requests/{ref}").json()
    item = detail["items"][0]
    assert item["configuration"]["options"]["glazing"] == "triple" and item["note"] == "kitchen"
    assert item["price"]["total"] == item["total"] == detail["total"]
    assert sum(float(line["amount"]) for line in item["price"]["lines"]) > 0
    assert all(line["formula"] for line in item["explanation"])  # the dealer-only formulas
    assert detail["contact"]["email"] == "anna@example.nl"
    assert detail["privacy"]["notice_version"] == "2026-01" and detail["privacy"]["marketing_opt_in"] is False
    assert [h["status"] for h in detail["history"]] == ["new"] and detail["allowed_statuses"] == [
        "contacted", "quoted", "lost"]


def test_status_transitions_and_notes(dealers: Dealers) -> None:
    ref = dealers.submit()
    moved = dealers.send("PATCH", f"/requests/{ref}", json={"status": "quoted", "note": "offerte verstuurd"}).json()
    assert moved["status"] == "quoted" and moved["history"][-1]["note"] == "offerte verstuurd"
    assert moved["history"][-1]["actor"].startswith("api:vst_")
    won = dealers.send("PATCH", f"/requests/{ref}", json={"status": "won"}).json()
    assert won["status"] == "won" and won["allowed_statuses"] == []
    refused = dealers.send("PATCH", f"/requests/{ref}", json={"status": "lost"})
    assert refused.status_code == 409 and refused.json()["errors"][0]["field"] == "status"
    assert dealers.get(f"/requests/{ref}").json()["status"] == "won"
    noted = dealers.send("PATCH", f"/requests/{ref}", json={"note": "  <b>bel terug</b>  "}).json()
    assert noted["notes"][-1]["body"] == "<b>bel terug</b>"
    for body, status in (({}, 422), ({"note": ""}, 422), ({"status": "archived"}, 422), ({"colour": 1}, 422)):
        assert dealers.send("PATCH", f"/requests/{ref}", json=body).status_code == status, body
    assert dealers.send("PATCH", f"/requests/{ref}", content=b"{",
                        headers={"Content-Type": "application/json"}).status_code == 400
    assert dealers.send("PATCH", f"/requests/{ref}", content=b"status=won",
                        headers={"Content-Type": "text/plain"}).status_code == 415


def test_item_drawings_and_all_items_as_pdf_and_zip(dealers: Dealers) -> None:
    from tests.intake.conftest import BODY

    second = {"configuration": {"product": "alu-sliding-door", "width_mm": 2400, "height_mm": 2200}, "note": ""}
    ref = dealers.submit(items=[BODY["items"][0], second])
    svg = dealers.get(f"/requests/{ref}/items/1/drawing.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.count("data-section=") == 2
    assert f'filename="{ref}-1.svg"' in svg.headers["content-disposition"]
    png = dealers.get(f"/requests/{ref}/items/2/drawing.png?width=500")
    assert Image.open(io.BytesIO(png.content)).width == 500
    sheet = PdfReader(io.BytesIO(dealers.get(f"/requests/{ref}/items/1/drawing.pdf").content))
    assert len(sheet.pages) == 1 and ref in sheet.pages[0].extract_text()
    both = PdfReader(io.BytesIO(dealers.get(f"/requests/{ref}/drawings.pdf").content))
    assert len(both.pages) == 2
    names = zipfile.ZipFile(io.BytesIO(dealers.get(f"/requests/{ref}/drawings.zip").content)).namelist()
    assert sorted(names) == sorted(f"{ref}-{n}.{ext}" for n in (1, 2) for ext in ("svg", "png", "pdf"))
    assert dealers.get(f"/requests/{ref}/items/3/drawing.svg").status_code == 404
    assert dealers.get(f"/requests/{ref}/items/0/drawing.svg").status_code == 400
    assert dealers.get(f"/requests/{ref}/items/1/drawing.png?width=99999").status_code == 400


def test_the_csv_names_its_charset_once(dealers: Dealers) -> None:
    # Litestar adds "; charset=utf-8" to a text media type: giving it too made it appear twice.
    assert dealers.get("/requests.csv").headers["content-type"] == "text/csv; charset=utf-8"


def test_csv_opens_in_a_spreadsheet_and_neutralises_formulas(dealers: Dealers) -> None:
    ref = dealers.submit(name="=HYPERLINK(\"https://evil.example\")", company="@SUM(A1)", message="-2+3 Graag",
                         city="Zoëterwoude")
    raw = dealers.get("/requests.csv").content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["reference"] == ref
    assert rows[0]["name"] == "'=HYPERLINK(\"https://evil.example\")" and rows[0]["company"] == "'@SUM(A1)"
    assert rows[0]["message"] == "'-2+3 Graag" and rows[0]["city"] == "Zoëterwoude"
    assert rows[0]["phone"] == "+31 20 123 4567"  # a phone number is no formula and stays as typed
    detail = dealers.get(f"/requests/{ref}").json()
    assert rows[0]["total"] == detail["total"]
    dutch = list(csv.DictReader(io.StringIO(dealers.get("/requests.csv?sep=;").content.decode("utf-8-sig")),
                                delimiter=";"))
    assert dutch[0]["total"] == detail["total"].replace(".", ",")
    exported = json.loads(dealers.get("/requests.json").content)
    # Each item also carries its size for a person in the dealer's units (issue 15); the mm stay in its configuration.
    assert exported == [{**detail, "items": [{**item, "size": "1.800 × 1.400 mm"} for item in detail["items"]]}]
    assert rows[0]["sizes"] == "1.800 × 1.400 mm"
    assert dealers.get("/requests.csv?status=won").content.decode("utf-8-sig").count("\n") == 1  # header only


def test_views_and_exports_are_in_the_audit_log(dealers: Dealers) -> None:
    ref = dealers.submit()
    dealers.get(f"/requests/{ref}")
    dealers.get("/requests.csv")
    actions = [(e["action"], e["subject"]) for e in dealers.get("/audit").json()]
    assert ("request.view", ref) in actions and ("requests.export", "csv") in actions
    db = connect(dealers.settings.db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM audit_log WHERE dealer = 'other'").fetchone()[0] == 1  # its key
    finally:
        db.conn.close()


def test_the_list_counts_lines_as_items_and_windows_as_windows(dealers: Dealers) -> None:
    """One window plus a line of five: `items` 2 (lines), `windows` 6."""
    window = {"product": "pvc-window", "width_mm": 1000, "height_mm": 1200, "layout": "single"}
    ref = dealers.submit(items=[{"configuration": window}, {"configuration": dict(window, quantity=5)}])
    [row] = [r for r in dealers.get("/requests").json()["requests"] if r["reference"] == ref]
    assert (row["items"], row["windows"]) == (2, 6)
