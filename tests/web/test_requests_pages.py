"""The requests list, one request, status and notes, drawings and exports, through the pages."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from PIL import Image
from pypdf import PdfReader

from server.i18n import format_date, format_money
from tests.support.html import links, parse, table_rows, text_of
from tests.web.conftest import Office

TWO_ITEMS = [
    {"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
                       "options": {"glazing": "triple"}}, "note": "keuken"},
    {"configuration": {"product": "pvc-window", "width_mm": 1000, "height_mm": 1200, "layout": "single"},
     "note": "badkamer"},
]


def _refs(html: str) -> list[str]:
    """The references in the list's "Referentie" column, top to bottom; each links to its request."""
    refs = [row["Referentie"] for row in table_rows(html)]
    targets = set(links(html, "/admin/requests/"))
    assert all(f"/admin/requests/{ref}" in targets for ref in refs), (refs, targets)
    return refs


def _status_counts(html: str) -> dict[str, str]:
    """The status filter's links: label -> the count beside it ("Nieuw" -> "2")."""
    links = parse(html).xpath('//li/a[span[contains(concat(" ", @class, " "), " count ")]]')
    return dict(text_of(a).rsplit(" ", 1) for a in links)


def test_list_newest_first_with_counts_and_filters(anna: Office) -> None:
    first = anna.submit(name="Anna Jansen", email="anna@example.nl", city="Amsterdam")
    second = anna.submit(name="Pieter Bakker", email="pieter@example.nl", company="Bakker Bouw", city="Utrecht")
    third = anna.submit(name="Sophie de Jong", email="sophie@example.nl", city="Haarlem", message="Spoed graag")
    anna.post(f"/admin/requests/{second}/status", {"status": "contacted"})
    page = anna.get("/admin/requests")
    assert page.status_code == 200
    assert _refs(page.text) == [third, second, first]
    assert "3 gevonden" in page.text
    counts = _status_counts(page.text)
    assert counts["Nieuw"] == "2" and counts["Gecontacteerd"] == "1"
    assert _refs(anna.get("/admin/requests?status=contacted").text) == [second]
    assert _refs(anna.get("/admin/requests?q=bakker").text) == [second]
    assert _refs(anna.get("/admin/requests?q=SPOED").text) == [third]
    assert _refs(anna.get("/admin/requests?q=" + first).text) == [first]
    assert _refs(anna.get("/admin/requests?from=2000-01-01&to=2000-12-31").text) == []
    assert len(_refs(anna.get("/admin/requests?from=2000-01-01").text)) == 3
    bad = anna.get("/admin/requests?from=31-12-2026&status=bogus&page=x")
    assert bad.status_code == 200 and "Vul een datum in als jjjj-mm-dd." in bad.text
    assert len(_refs(bad.text)) == 3


def test_list_is_paginated(anna: Office) -> None:
    refs = [anna.submit(email=f"p{i}@example.nl") for i in range(27)]
    page = anna.get("/admin/requests")
    assert _refs(page.text) == refs[::-1][:25]
    assert "Pagina 1 van 2" in page.text and 'href="?page=2" rel="next"' in page.text
    assert _refs(anna.get("/admin/requests?page=2").text) == refs[::-1][25:]
    assert len(_refs(anna.get("/admin/requests?per_page=100").text)) == 27
    assert len(_refs(anna.get("/admin/requests?per_page=5000").text)) == 25


def test_empty_list_says_so(anna: Office) -> None:
    assert "Nog geen aanvragen" in anna.get("/admin/requests").text


def test_detail_shows_items_prices_with_formulas_contact_privacy_and_history(anna: Office) -> None:
    ref = anna.submit(items=TWO_ITEMS, message="Graag <b>voor</b> maart", name="Anna <script>x</script> Jansen")
    page = anna.get(f"/admin/requests/{ref}")
    assert page.status_code == 200
    html = page.text
    assert f"Aanvraag {ref}" in html
    # The thumbnail is drawn in the user's language (issue 15).
    assert f'<img src="/admin/requests/{ref}/items/1/drawing.svg?lang=nl"' in html
    assert f'<img src="/admin/requests/{ref}/items/2/drawing.svg?lang=nl"' in html
    assert "Raam 1: Kunststof raam" in html and "Triple glas" in html and "1.800 × 1.400 mm" in html
    assert "keuken" in html and "badkamer" in html
    # The dealer-only explanation: each line's formula, in the request's language (issue 15).
    assert "opslag" in html and "matrix (naar boven) 1.800 × 1.400 mm -&gt; 1.800 × 1.400 mm" in html
    db = anna.db()
    total = db.execute("SELECT total FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0]
    db.conn.close()
    assert format_money(total, "nl") in html
    assert "Graag &lt;b&gt;voor&lt;/b&gt; maart" in html
    assert "Anna &lt;script&gt;x&lt;/script&gt; Jansen" in html and "<script>x</script>" not in html
    # The dealer's configured notice, not the one the body named.
    assert "http://127.0.0.1:8000/site/privacy.html" in html and "2026-01" in html
    assert "door klant" in html
    # Only the allowed transitions are offered.
    select = parse(html).get_element_by_id("new-status")
    assert select.get("name") == "status"
    assert [option.get("value") for option in select.iter("option")] == ["contacted", "quoted", "lost"]
    db = anna.db()
    assert db.execute("SELECT action, subject FROM audit_log").fetchall() == [("request.view", ref)]
    db.conn.close()


def test_status_change_with_who_and_when_and_impossible_ones_refused(anna: Office) -> None:
    ref = anna.submit()
    done = anna.post(f"/admin/requests/{ref}/status", {"status": "contacted", "note": "gebeld"},
                     follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/admin/requests/{ref}?done=status_changed"
    page = anna.get(done.headers["location"]).text
    assert "De status is gewijzigd." in page
    assert 'id="current-status">Gecontacteerd<' in page and "gebeld" in page and "door anna@demo.example" in page
    refused = anna.post(f"/admin/requests/{ref}/status", {"status": "new"})
    assert refused.status_code == 409
    assert "Deze statuswijziging kan niet" in refused.text and "Offerte gestuurd, Gewonnen, Verloren" in refused.text
    assert anna.post(f"/admin/requests/{ref}/status", {"status": "bogus"}).status_code == 422
    anna.post(f"/admin/requests/{ref}/status", {"status": "won"})
    final = anna.get(f"/admin/requests/{ref}").text
    assert "de status kan niet meer wijzigen" in final and 'id="new-status"' not in final
    db = anna.db()
    history = db.execute("SELECT status, actor FROM status_history ORDER BY id").fetchall()
    db.conn.close()
    assert history == [("new", "homeowner"), ("contacted", "user:anna@demo.example"), ("won", "user:anna@demo.example")]


def test_internal_notes(anna: Office) -> None:
    ref = anna.submit()
    done = anna.post(f"/admin/requests/{ref}/notes", {"note": "Klant wil <i>zwart</i> kozijn"},
                     follow_redirects=False)
    assert done.headers["location"] == f"/admin/requests/{ref}?done=note_added#notes"
    page = anna.get(f"/admin/requests/{ref}").text
    assert "Klant wil &lt;i&gt;zwart&lt;/i&gt; kozijn" in page
    empty = anna.post(f"/admin/requests/{ref}/notes", {"note": "   "})
    assert empty.status_code == 422 and "Schrijf een notitie van 1 tot 2000 tekens." in empty.text


def test_drawings_of_each_item_and_of_the_whole_request(anna: Office) -> None:
    ref = anna.submit(items=TWO_ITEMS)
    base = f"/admin/requests/{ref}"
    svg = anna.get(f"{base}/items/1/drawing.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.lstrip().startswith("<svg") or "<svg" in svg.text[:200]
    assert svg.headers["content-disposition"].startswith("inline")
    saved = anna.get(f"{base}/items/1/drawing.svg?download=1")
    assert saved.headers["content-disposition"] == f'attachment; filename="{ref}-1.svg"'
    png = anna.get(f"{base}/items/2/drawing.png?width=800")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png.content)).size[0] == 800
    assert png.headers["content-disposition"] == f'attachment; filename="{ref}-2.png"'
    assert png.headers["cache-control"] == "private, no-store"
    assert anna.get(f"{base}/items/2/drawing.png?width=2").status_code == 422
    assert anna.get(f"{base}/items/2/drawing.png?width=abc").status_code == 400
    pdf = anna.get(f"{base}/items/1/drawing.pdf")
    assert pdf.content.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf.content)).pages) == 1
    both = anna.get(f"{base}/drawings.pdf")
    assert len(PdfReader(io.BytesIO(both.content)).pages) == 2
    archive = zipfile.ZipFile(io.BytesIO(anna.get(f"{base}/drawings.zip").content))
    assert sorted(archive.namelist()) == sorted(f"{ref}-{n}.{ext}" for n in (1, 2) for ext in ("svg", "png", "pdf"))
    assert anna.get(f"{base}/items/3/drawing.svg").status_code == 404


def _csv_rows(content: bytes, delimiter: str) -> list[dict[str, str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


def test_csv_export_of_the_filtered_list(anna: Office) -> None:
    keep = anna.submit(name="=HYPERLINK(\"http://evil\")", email="a@example.nl", message="Graag; snel, \"echt\"")
    anna.submit(email="b@example.nl")
    anna.post(f"/admin/requests/{keep}/status", {"status": "contacted"})
    answer = anna.get("/admin/requests.csv?status=contacted")
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="demo-requests-\d{8}\.csv"', answer.headers["content-disposition"])
    rows = _csv_rows(answer.content, ",")
    assert [r["reference"] for r in rows] == [keep]
    assert rows[0]["name"].startswith("'=")  # never a formula in the dealer's spreadsheet
    assert rows[0]["message"] == "Graag; snel, \"echt\""
    assert rows[0]["total"].count(".") == 1
    dutch = _csv_rows(anna.get("/admin/requests.csv?status=contacted&sep=;").content, ";")
    assert dutch[0]["reference"] == keep and "," in dutch[0]["total"]
    assert len(_csv_rows(anna.get("/admin/requests.csv").content, ",")) == 2
    assert anna.get("/admin/requests.csv?from=nope").status_code == 400
    data = anna.get("/admin/requests.json?q=b%40example").json()
    assert [r["contact"]["email"] for r in data] == ["b@example.nl"]
    db = anna.db()
    assert db.execute("SELECT action, subject FROM audit_log WHERE action = 'requests.export'").fetchall() == [
        ("requests.export", "csv"), ("requests.export", "csv"), ("requests.export", "csv"), ("requests.export", "json")]
    db.conn.close()


def test_export_form_keeps_the_filter(anna: Office) -> None:
    anna.submit()
    page = anna.get("/admin/requests?status=new&q=anna").text
    (form,) = [f for f in parse(page).forms if f.get("action") == "/admin/requests.csv"]
    assert form.method == "GET"
    hidden = {i.name: i.value for i in form.inputs if i.get("type") == "hidden"}
    assert hidden == {"status": "new", "q": "anna"}
    assert [a.get("href") for a in form.iter("a")] == ["/admin/requests.json?status=new&q=anna"]


def test_a_discount_over_two_vat_rates_shows_one_line_per_rate_with_its_formula(anna: Office) -> None:
    config = {"product": "pvc-window", "options": {"installation": "fitted"}, "quantity": 5}
    ref = anna.submit(items=[{"configuration": config, "note": "keuken"}])
    html = anna.get(f"/admin/requests/{ref}").text
    # Per window 665.50 at 21% (frame 506.00 + sash 159.50) and the 181.50 fitting at 9%.
    assert "<td>Staffelkorting 3% (21% btw)</td>" in html and "<td>Staffelkorting 3% (9% btw)</td>" in html
    assert "<code>-3% van 665,50 (21% btw) = -19,97</code>" in html
    assert "<code>-3% van 181,50 (9% btw) = -5,45</code>" in html
    db = anna.db()
    subtotal = db.execute("SELECT subtotal FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0]
    db.conn.close()
    assert str(subtotal) == "4107.90"   # 5 x (665.50 - 19.97) + 5 x (181.50 - 5.45)


def test_the_windows_column_counts_windows_not_lines(anna: Office) -> None:
    """One window plus a line of five is 6 windows in the list's "Ramen" column, not 2 lines."""
    one = dict(TWO_ITEMS[1], configuration=dict(TWO_ITEMS[1]["configuration"]))
    five = dict(TWO_ITEMS[0], configuration=dict(TWO_ITEMS[0]["configuration"], quantity=5))
    ref = anna.submit(items=[one, five])
    page = anna.get("/admin/requests")
    (row,) = [r for r in table_rows(page.text) if r["Referentie"] == ref]
    assert row["Ramen"] == "6"
    # And the request's own page heads its windows "Ramen (6)".
    assert '<h2 id="items-h">Ramen (6)</h2>' in anna.get(f"/admin/requests/{ref}").text


def test_an_item_the_catalog_no_longer_draws_is_described_in_the_users_language(anna: Office) -> None:
    ref = anna.submit()
    db = anna.db()
    db.execute("UPDATE quote_items SET configuration = json_set(configuration, '$.product', 'gone')")
    db.conn.commit()
    db.conn.close()
    anna.post("/admin/lang", {"lang": "de"})
    html = anna.get(f"/admin/requests/{ref}").text
    rows = [(th.text, td.text) for th, td in
            ((tr.find("th"), tr.find("td")) for tr in parse(html).iter("tr")) if th is not None and td is not None]
    assert ("Produkt", "gone") in rows and ("Maß", "1.800 × 1.400 mm") in rows, rows


def test_the_privacy_record_names_its_language_in_words_like_the_contact(anna: Office) -> None:
    """The privacy card said "Sprache: de" beside the contact's "Sprache: Deutsch" (tester, issue 15)."""
    ref = anna.submit(lang="de")
    anna.post("/admin/lang", {"lang": "de", "next": "/admin"})
    doc = parse(anna.get(f"/admin/requests/{ref}").text)
    rows = {th.text_content().strip(): th.getnext().text_content().strip()
            for th in doc.iter("th") if th.get("scope") == "row" and th.getnext() is not None}
    assert rows["Sprache"] == "Deutsch"
    cells = [td.text_content().strip() for td in doc.iter("td")]
    assert "de" not in cells


def test_a_requests_a4_sheet_dates_itself_as_its_language_writes_a_date(anna: Office) -> None:
    """The back office's A4 sheet of a German request said "2026-12-01" (tester, issue 15)."""
    ref = anna.submit(lang="de")
    db = anna.db()
    created = db.execute("SELECT created_at FROM quote_requests WHERE reference = ?", [ref]).fetchone()[0]
    db.conn.close()
    for path in (f"/admin/requests/{ref}/items/1/drawing.pdf", f"/admin/requests/{ref}/drawings.pdf"):
        text = PdfReader(io.BytesIO(anna.get(path).content)).pages[0].extract_text()
        assert format_date(created, "de", "Europe/Amsterdam") in text, path
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), path
