"""Supplier price lists: pasted cells, CSV and XLSX read into a matrix, bad cells named, hostile files refused."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.services.errors import Invalid
from server.services.price_sheets import (
    MAX_CELLS,
    MAX_FILE_BYTES,
    Grid,
    Mapping,
    cell_name,
    column_letter,
    matrix_from_grid,
    parse_number,
    parse_pasted,
    read_csv,
    read_sheet,
    read_xlsx,
)

WIDTHS = [600 + 100 * i for i in range(20)]   # 600 .. 2500 mm
HEIGHTS = [500 + 100 * i for i in range(25)]  # 500 .. 2900 mm


def _price(w: int, h: int) -> Decimal:
    # A made-up supplier formula with cents in it: 150 + 0.1 per mm of width + 0.05 per mm of height + 0.25.
    return Decimal(150) + Decimal(w) / 10 + Decimal(h) / 20 + Decimal("0.25")


def _xlsx(rows: list[list[object]], title: str = "Prijzen") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refused(call: object) -> tuple[str, str, dict[str, object]]:
    with pytest.raises(Invalid) as refused:
        call()  # type: ignore[operator]
    [problem] = refused.value.problems
    assert refused.value.code == "prices.sheet.refused"
    return problem.field, problem.code, problem.params


# ---------------------------------------------------------------------------------------------- numbers

@pytest.mark.parametrize(("text", "expected"), [
    ("412", "412"), ("412,50", "412.50"), ("412.50", "412.50"), ("1.234,50", "1234.50"), ("1,234.50", "1234.50"),
    ("€ 1.234,50", "1234.50"), ("€1 234,50", "1234.50"), ("1.250", "1250"), ("0.125", "0.125"), ("12,-", "12"),
    ("1.234.567", "1234567"), ("-5,00", "-5.00"), ("1e+16", "1E+16"), ("1\u00a0250,00", "1250.00"),
])
def test_numbers_as_people_write_them(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "  ", "abc", "12,3,4", "1.2.3", "€", "12 x 3", "NaN", "inf", "1,2.3,4"])
def test_what_is_no_number(text: str) -> None:
    assert parse_number(text) is None


@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False))
def test_a_price_written_the_dutch_way_reads_back_exactly(value: Decimal) -> None:
    # 1234.5 -> "1.234,50": thousands dots and a decimal comma, as a Dutch sheet shows it.
    english = f"{value:,.2f}"
    dutch = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_number(dutch) == value
    assert parse_number(english) == value
    assert parse_number(f"€ {dutch}") == value
    assert parse_number(f"{value:.2f}") == value


@given(st.integers(min_value=0, max_value=10**9))
def test_a_whole_number_with_or_without_thousands_dots_reads_back(value: int) -> None:
    assert parse_number(str(value)) == value
    assert parse_number(f"{value:,}".replace(",", ".")) == value
    assert parse_number(f"{value:,}".replace(",", " ")) == value


def test_cells_are_named_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(c) for c in (1, 4, 26, 27, 52, 703)] == ["A", "D", "Z", "AA", "AZ", "AAA"]
    assert cell_name(7, 4) == "D7"


# ---------------------------------------------------------------------------------------------- paste

SIX = [[Decimal(100 + 10 * r + c) + Decimal("0.50") for c in range(6)] for r in range(6)]


def _six_text(sep: str, comma: bool) -> str:
    head = sep.join(["h\\b", *(str(600 + 200 * c) for c in range(6))])
    lines = [head]
    for r, row in enumerate(SIX):
        cells = [str(p).replace(".", ",") if comma else str(p) for p in row]
        lines.append(sep.join([str(500 + 250 * r), *cells]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("sep", "comma"), [("\t", False), ("\t", True), (";", True), (";", False)])
def test_a_pasted_six_by_six_matrix(sep: str, comma: bool) -> None:
    matrix = matrix_from_grid(parse_pasted(_six_text(sep, comma)))
    assert matrix.ok and matrix.failed == [] and matrix.warnings == []
    assert matrix.widths == [600, 800, 1000, 1200, 1400, 1600]
    assert matrix.heights == [500, 750, 1000, 1250, 1500, 1750]
    assert matrix.prices == SIX


def test_a_paste_with_windows_line_ends_euro_signs_and_a_title_row() -> None:
    text = "Prijslijst 2026\r\n\t600\t800\r\n500\t€ 1.012,50\t€ 1.100,00\r\n700\t1.150,-\t1.200,00\r\n"
    matrix = matrix_from_grid(parse_pasted(text))
    assert matrix.ok
    assert (matrix.widths, matrix.heights) == ([600, 800], [500, 700])
    assert matrix.prices == [[Decimal("1012.50"), Decimal("1100.00")], [Decimal("1150"), Decimal("1200.00")]]


def test_failed_cells_are_named_by_row_and_column() -> None:
    text = _six_text("\t", True).splitlines()
    # Row 7 of the sheet is the sixth height; column D is the third width.
    cells = text[6].split("\t")
    cells[3] = "n.o.t.k."
    text[6] = "\t".join(cells)
    cells = text[2].split("\t")
    cells[5] = ""
    text[2] = "\t".join(cells)
    matrix = matrix_from_grid(parse_pasted("\n".join(text)))
    assert not matrix.ok
    assert [(cell_name(c.row, c.col), c.code, c.text) for c in matrix.failed] == [
        ("F3", "prices.cell.empty", ""), ("D7", "prices.cell.not_a_number", "n.o.t.k.")]


def test_unread_prices_are_known_by_their_place_in_the_matrix() -> None:
    text = "\t600\t700\t800\n500\t1\tx\t3\n900\t4\t5\t\n"
    assert matrix_from_grid(parse_pasted(text)).unread == [(0, 1), (1, 2)]
    # Transposed: the sheet's rows are widths, so the same cells are (height, width) the other way round.
    assert matrix_from_grid(parse_pasted(text), Mapping(layout="heights_across")).unread == [(1, 0), (2, 1)]


def test_breakpoints_must_be_sizes_and_ascending() -> None:
    text = "\t600\t500\t12,5\n400\t1\t2\t3\n300\t4\t5\t6\n"
    matrix = matrix_from_grid(parse_pasted(text))
    codes = [(cell_name(c.row, c.col), c.code) for c in matrix.failed]
    assert ("C1", "prices.cell.not_ascending") in codes
    assert ("D1", "prices.cell.not_a_size") in codes
    assert ("A3", "prices.cell.not_ascending") in codes


def test_negative_prices_fail_and_extra_decimals_are_rounded_with_a_warning() -> None:
    matrix = matrix_from_grid(parse_pasted("\t600\t700\n500\t-1\t10,005\n"))
    assert [(cell_name(c.row, c.col), c.code) for c in matrix.failed] == [("B2", "prices.cell.negative")]
    assert [(cell_name(c.row, c.col), c.code, c.params) for c in matrix.warnings] == [
        ("C2", "prices.cell.rounded", {"to": "10.01"})]


def test_centimetres_and_a_transposed_sheet() -> None:
    # Heights across the top in cm, widths down the side: the same matrix as widths across in mm.
    text = "\t50\t75\n60\t1\t2\n80\t3\t4\n100\t5\t6\n"
    matrix = matrix_from_grid(parse_pasted(text), Mapping(layout="heights_across", unit="cm"))
    assert matrix.ok
    assert matrix.widths == [600, 800, 1000] and matrix.heights == [500, 750]
    assert matrix.prices == [[1, 3, 5], [2, 4, 6]]


def test_a_long_list_is_pivoted_and_its_holes_named() -> None:
    text = "breedte;hoogte;prijs\n600;500;100\n800;500;120\n600;700;130\n600;700;130\n"
    matrix = matrix_from_grid(parse_pasted(text), Mapping(layout="long"))
    assert (matrix.widths, matrix.heights) == ([600, 800], [500, 700])
    assert [(c.code, c.params) for c in matrix.failed] == [("prices.cell.hole", {"width": 800, "height": 700})]
    matrix = matrix_from_grid(parse_pasted(text + "800;700;140\n800;700;141\n"), Mapping(layout="long"))
    assert [(cell_name(c.row, c.col), c.code) for c in matrix.failed] == [("C7", "prices.cell.duplicate")]


def test_a_sheet_without_a_table() -> None:
    matrix = matrix_from_grid(parse_pasted("only words here\nand more"))
    assert not matrix.ok and [c.code for c in matrix.failed] == ["prices.cell.no_table"]


def test_a_paste_too_long_or_with_too_many_cells_is_refused() -> None:
    assert _refused(lambda: parse_pasted("1\t" * 250_000))[:2] == ("paste", "prices.sheet.paste_too_long")
    many = "\n".join("\t".join("1" for _ in range(150)) for _ in range(150))
    assert _refused(lambda: parse_pasted(many))[1] == "prices.sheet.too_many_cells"


# ---------------------------------------------------------------------------------------------- a manufacturer's sheet

def _sheet_rows() -> list[list[object]]:
    rows: list[list[object]] = [["Leverancier BV - prijslijst kunststof draaikiep 2026"], [],
                                ["h \\ b (mm)", *WIDTHS]]
    rows += [[h, *(float(_price(w, h)) for w in WIDTHS)] for h in HEIGHTS]
    return rows


def _expected() -> list[list[Decimal]]:
    return [[_price(w, h) for w in WIDTHS] for h in HEIGHTS]


def test_a_twenty_by_twenty_five_xlsx_imports_in_one_go() -> None:
    matrix = matrix_from_grid(read_xlsx(_xlsx(_sheet_rows())))
    assert matrix.ok and matrix.warnings == []
    assert matrix.widths == WIDTHS and matrix.heights == HEIGHTS
    assert matrix.prices == _expected()
    assert all(p.as_tuple().exponent == -2 for row in matrix.prices for p in row)


def test_the_same_sheet_as_csv_with_semicolons_decimal_commas_and_cp1252() -> None:
    lines = ["Leverancier BV – prijslijst 2026 (€)", "", ";".join(["h \\ b", *map(str, WIDTHS)])]
    lines += [";".join([str(h), *(f"€ {_price(w, h)}".replace(".", ",") for w in WIDTHS)]) for h in HEIGHTS]
    data = "\r\n".join(lines).encode("cp1252")
    matrix = matrix_from_grid(read_csv(data))
    assert matrix.ok and matrix.prices == _expected() and matrix.widths == WIDTHS
    assert matrix_from_grid(read_sheet("lijst.csv", data)).prices == _expected()


def test_a_comma_separated_utf8_csv_with_a_byte_order_mark() -> None:
    lines = [",".join(["", *map(str, WIDTHS)])]
    lines += [",".join([str(h), *(str(_price(w, h)) for w in WIDTHS)]) for h in HEIGHTS]
    matrix = matrix_from_grid(read_csv(("\ufeff" + "\n".join(lines)).encode("utf-8")))
    assert matrix.ok and matrix.prices == _expected() and matrix.heights == HEIGHTS


def test_xlsx_floats_go_by_repr_and_are_rounded_to_cents_with_a_warning() -> None:
    data = _xlsx([["", 600, 800], [500, 0.1 + 0.2, 123.456], [700, 1e3, "1.234,50"], [900, 1.25, Decimal("2.5")]])
    grid = read_xlsx(data)
    assert parse_number(grid.rows[1][2]) == Decimal("123.456")  # not 123456: an XLSX number is never a thousands dot
    matrix = matrix_from_grid(grid)
    assert matrix.ok
    assert matrix.prices == [[Decimal("0.30"), Decimal("123.46")], [Decimal("1000.0"), Decimal("1234.50")],
                             [Decimal("1.25"), Decimal("2.50")]]
    assert [(cell_name(c.row, c.col), c.params["to"]) for c in matrix.warnings][-1] == ("C2", "123.46")


def test_a_named_sheet_and_a_sheet_that_is_not_there() -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["notes"])
    other = book.create_sheet("Draaikiep")
    other.append(["", 600])
    other.append([500, 99])
    out = io.BytesIO()
    book.save(out)
    assert matrix_from_grid(read_xlsx(out.getvalue(), sheet="Draaikiep")).prices == [[99]]
    field, code, params = _refused(lambda: read_xlsx(out.getvalue(), sheet="Vast"))
    assert (field, code) == ("file", "prices.sheet.no_sheet") and params["sheets"] == "Sheet, Draaikiep"


# ---------------------------------------------------------------------------------------------- refused files

def test_an_xlsx_over_the_byte_limit_is_refused() -> None:
    assert _refused(lambda: read_xlsx(b"PK\x03\x04" + b"0" * MAX_FILE_BYTES))[1:] == (
        "prices.sheet.too_large", {"limit_kb": MAX_FILE_BYTES // 1024})
    assert _refused(lambda: read_csv(b"1;2\n" * (MAX_FILE_BYTES // 4 + 1)))[1] == "prices.sheet.too_large"


def test_an_xlsx_with_too_many_cells_is_refused() -> None:
    rows: list[list[object]] = [[1] * 200 for _ in range(MAX_CELLS // 200 + 1)]
    assert _refused(lambda: read_xlsx(_xlsx(rows)))[1] == "prices.sheet.too_many_cells"


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (40 * 1024 * 1024) + b"/>")
    data = out.getvalue()
    assert len(data) < MAX_FILE_BYTES
    assert _refused(lambda: read_xlsx(data))[1] == "prices.sheet.zip_bomb"


@pytest.mark.parametrize("data", [
    b"width;height\n1;2\n", b"PK\x03\x04not really a zip", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, b""])
def test_a_file_that_is_not_xlsx_is_refused(data: bytes) -> None:
    assert _refused(lambda: read_xlsx(data))[:2] == ("file", "prices.sheet.not_xlsx")


def test_a_zip_without_a_workbook_or_with_broken_xml_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert _refused(lambda: read_xlsx(out.getvalue()))[1] == "prices.sheet.not_xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook")
    assert _refused(lambda: read_xlsx(out.getvalue()))[1] == "prices.sheet.not_xlsx"


def test_a_binary_file_is_no_csv() -> None:
    assert _refused(lambda: read_csv(b"\x00\x01\x02"))[1] == "prices.sheet.not_csv"
    assert _refused(lambda: read_sheet("x.png", b"\x89PNG\r\n\x1a\n\x00"))[1] == "prices.sheet.not_csv"


def test_the_grid_drops_trailing_blanks() -> None:
    assert parse_pasted("1\t2\t\t\n3\t4\n\n\n").rows == [["1", "2"], ["3", "4"]]
    assert isinstance(read_csv(b"a;b\n"), Grid)
