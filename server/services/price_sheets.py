"""Supplier price lists into a price matrix: pasted cells, CSV or XLSX, read into a grid of texts and mapped.

A dealer's manufacturer sends a width x height sheet (often XLSX, sometimes CSV, often copied out
of a spreadsheet and pasted). This module reads each of those into a :class:`Grid` of cell texts,
then :func:`matrix_from_grid` maps the grid, as the dealer says it is laid out, to the widths,
heights and prices of a ``matrix`` price, naming every cell it could not read ("row 7, column D").

Numbers never pass through a binary float: texts are parsed to Decimal, and an XLSX numeric cell
(which openpyxl hands over as a float) is taken by its ``repr``, the shortest text that reads back
to the same float, then rounded to cents with a warning when it had more decimals.

Uploads are untrusted: a file over the byte limit, a zip whose members unpack to far more than
it weighs (a zip bomb, measured from the zip directory before openpyxl reads a byte of XML),
a sheet with too many cells, or a file that is not XLSX at all are refused as :class:`Invalid`
with the field ``file``; nothing here stores anything.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

import msgspec

from server.services.errors import FieldProblem, Invalid

__all__ = [
    "MAX_CELLS", "MAX_FILE_BYTES", "MAX_PASTE_CHARS", "MAX_UNPACKED_BYTES", "Cell", "Grid", "Mapping",
    "MatrixImport", "cell_name", "column_letter", "matrix_from_grid", "parse_number", "parse_pasted", "read_csv",
    "read_sheet", "read_xlsx",
]

# A manufacturer's sheet is a few hundred cells; these leave room for a 100 x 100 matrix and refuse the rest
# before it costs memory or CPU.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_CELLS = 20_000
MAX_PASTE_CHARS = 400_000
# No real XLSX member unpacks to more than this many times its packed size; a zip bomb does.
_MAX_RATIO = 200

_CENT = Decimal("0.01")


class Grid(msgspec.Struct, frozen=True, kw_only=True):
    """The cells of a sheet as texts, row by row (row 1 and column A are ``rows[0][0]``)."""

    rows: list[list[str]]


class Cell(msgspec.Struct, frozen=True, kw_only=True):
    """One cell that could not be read (or was changed); ``row`` and ``col`` are 1-based, 0 = none."""

    row: int
    col: int
    text: str
    code: str
    params: dict[str, Any] = {}


class Mapping(msgspec.Struct, frozen=True, kw_only=True):
    """How a sheet is laid out.

    ``widths_across``: the header row holds the widths and the first column the heights;
    ``heights_across``: the same sheet transposed; ``long``: one price a row, columns width,
    height, price. ``unit`` is what the sizes are written in.
    """

    layout: Literal["widths_across", "heights_across", "long"] = "widths_across"
    unit: Literal["mm", "cm"] = "mm"


class MatrixImport(msgspec.Struct, frozen=True, kw_only=True):
    """A mapped sheet: ascending breakpoints in mm, one price row per height, and what failed or was rounded."""

    widths: list[int]
    heights: list[int]
    prices: list[list[Decimal]]
    failed: list[Cell] = []
    warnings: list[Cell] = []
    # The (height, width) index of each price that could not be read (0 in ``prices``), for a preview to mark.
    unread: list[tuple[int, int]] = []

    @property
    def ok(self) -> bool:
        """True when every cell was read and the matrix can be applied."""
        return not self.failed and bool(self.widths) and bool(self.heights)


def column_letter(col: int) -> str:
    """The spreadsheet letter of 1-based column ``col``: 1 -> A, 27 -> AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """A cell as a dealer finds it in their spreadsheet, e.g. ``D7`` (the page words it "row 7, column D")."""
    return f"{column_letter(col)}{row}"


# ---------------------------------------------------------------------------------------------- numbers

_STRIP = re.compile(r"[\s\u00a0\u202f€'’]")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_GROUPED_COMMAS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def parse_number(text: str) -> Decimal | None:
    """The number a person wrote, or None when it is none.

    Accepts a decimal comma or point, thousands dots (``1.234,50``) or commas (``1,234.50``), spaces
    and apostrophes as thousands marks, a euro sign, and the Dutch ``12,-``. A single dot followed by
    exactly three digits (``1.250``) is read as a thousands dot, the way a Dutch or German sheet means
    it: prices have two decimals, not three. Exponents come only from XLSX floats (``1e+16``).
    """
    s = _STRIP.sub("", text)
    if s.endswith((",-", ".-", ",--", ".--")):
        s = s.rstrip("-")[:-1]
    if not s:
        return None
    if re.fullmatch(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+", s):
        return _decimal(s)
    if _GROUPED_DOTS.match(s) and not re.fullmatch(r"[+-]?0\.\d{3}", s):
        return _decimal(s.replace(".", "").replace(",", "."))
    if _GROUPED_COMMAS.match(s) and s.count(",") + s.count(".") > 1:
        return _decimal(s.replace(",", ""))
    if _DECIMAL_COMMA.match(s):
        return _decimal(s.replace(",", "."))
    if _PLAIN.match(s):
        return _decimal(s)
    return None


def _decimal(s: str) -> Decimal | None:
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _text(value: Any) -> str:
    """An XLSX cell value as text: a float by its ``repr`` (never formatted through a rounding format)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        number = _decimal(repr(value))
        return "" if number is None else _number_text(number)
    if isinstance(value, (int, Decimal)):
        return _number_text(Decimal(value))
    return str(value).strip()


def _number_text(number: Decimal) -> str:
    """A number cell as text that :func:`parse_number` reads back as the same number.

    ``123.456`` would read as a thousands dot (123456), so a number with exactly three decimals
    gets a trailing zero: ``123.4560`` is the same value and can only be a decimal point.
    """
    text = format(number, "f")
    return text + "0" if _GROUPED_DOTS.match(text) else text


# ---------------------------------------------------------------------------------------------- readers

def _refuse(code: str, **params: Any) -> Invalid:
    return Invalid([FieldProblem(field="file", code=code, params=params)], code="prices.sheet.refused")


def _grid(rows: Iterable[list[str]]) -> Grid:
    """Rows with trailing empty cells and trailing empty rows dropped."""
    out = [list(row) for row in rows]
    for row in out:
        while row and not row[-1].strip():
            row.pop()
    while out and not out[-1]:
        out.pop()
    cells = sum(len(row) for row in out)
    if cells > MAX_CELLS:
        raise _refuse("prices.sheet.too_many_cells", cells=cells, limit=MAX_CELLS)
    return Grid(rows=out)


def parse_pasted(text: str) -> Grid:
    """Cells copied out of a spreadsheet: tab-separated (what every spreadsheet copies) or semicolon-separated.

    With neither in the text, runs of spaces separate the cells.
    """
    if len(text) > MAX_PASTE_CHARS:
        raise Invalid([FieldProblem(field="paste", code="prices.sheet.paste_too_long",
                                    params={"limit": MAX_PASTE_CHARS})], code="prices.sheet.refused")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\t" in text:
        rows = [[c.strip() for c in line.split("\t")] for line in lines]
    elif ";" in text:
        rows = [[c.strip() for c in line.split(";")] for line in lines]
    else:
        rows = [line.split() for line in lines]
    return _grid(rows)


def read_csv(data: bytes) -> Grid:
    """A CSV file: UTF-8 (with or without a byte-order mark) or else Windows-1252; ``;``, tab or ``,`` sniffed."""
    import csv

    if len(data) > MAX_FILE_BYTES:
        raise _refuse("prices.sheet.too_large", limit_kb=MAX_FILE_BYTES // 1024)
    if b"\x00" in data or data.startswith(b"PK\x03\x04"):
        raise _refuse("prices.sheet.not_csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    head = "\n".join(text.splitlines()[:20])
    # A sheet with decimal commas is separated by semicolons, so a semicolon (or a tab) in the first lines wins
    # over the commas; the first lines may be a title without any separator.
    delimiter = "\t" if "\t" in head else ";" if ";" in head else ","
    return _grid([c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter))


def _check_zip(data: bytes) -> None:
    """Refuse what is not a zip with a workbook in it, and a zip that unpacks to far more than it weighs."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse("prices.sheet.not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse("prices.sheet.not_xlsx") from None
    if "xl/workbook.xml" not in names:
        raise _refuse("prices.sheet.not_xlsx")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked > _MAX_RATIO * max(packed, 64 * 1024):
        raise _refuse("prices.sheet.zip_bomb", limit_mb=MAX_UNPACKED_BYTES // (1024 * 1024))


def read_xlsx(data: bytes, sheet: str | None = None) -> Grid:
    """The cells of one sheet of an XLSX workbook (the first, or the one named ``sheet``), as computed values."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse("prices.sheet.too_large", limit_kb=MAX_FILE_BYTES // 1024)
    _check_zip(data)
    import openpyxl  # type: ignore[import-untyped,unused-ignore]  # ships no types; the calls here are few

    try:
        # read_only streams the sheet's XML; data_only reads the values a formula last computed.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to its own InvalidFileException on a bad file
        raise _refuse("prices.sheet.not_xlsx") from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise _refuse("prices.sheet.no_sheet", sheet=sheet, sheets=", ".join(book.sheetnames))
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        rows: list[list[str]] = []
        cells = 0
        try:
            for values in ws.iter_rows(values_only=True):
                cells += len(values)
                if cells > MAX_CELLS:
                    raise _refuse("prices.sheet.too_many_cells", cells=cells, limit=MAX_CELLS)
                rows.append([_text(v) for v in values])
        except Invalid:
            raise
        except Exception:  # a damaged sheet part fails only when it is read
            raise _refuse("prices.sheet.not_xlsx") from None
    finally:
        book.close()
    return _grid(rows)


def read_sheet(filename: str, data: bytes, sheet: str | None = None) -> Grid:
    """An uploaded file by what it is: XLSX when it is a zip (or named .xlsx), otherwise CSV."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, sheet)
    return read_csv(data)


# ---------------------------------------------------------------------------------------------- mapping

def _numeric_count(row: list[str]) -> int:
    return sum(1 for c in row if parse_number(c) is not None)


def matrix_from_grid(grid: Grid, mapping: Mapping | None = None) -> MatrixImport:
    """The widths, heights and prices of ``grid`` as ``mapping`` lays them out, every unreadable cell named.

    Rows above the table (a title, a supplier's address) are skipped: the table starts at the first
    row with a number right of column A. Prices with more than two decimals are rounded to cents with a warning.
    """
    mapping = mapping or Mapping()
    if mapping.layout == "long":
        return _from_long(grid, mapping)
    start = next((i for i, row in enumerate(grid.rows) if _numeric_count(row[1:]) >= 1), None)
    if start is None:
        return MatrixImport(widths=[], heights=[], prices=[],
                            failed=[Cell(row=0, col=0, text="", code="prices.cell.no_table")])
    header = grid.rows[start]
    failed: list[Cell] = []
    warnings: list[Cell] = []
    # The corner cell (A of the header row) is a label such as "h \\ b"; the breakpoints follow it.
    across = [(c, t) for c, t in enumerate(header) if c > 0]
    while across and not across[-1][1].strip():
        across.pop()
    across_mm = [_size(t, start + 1, c + 1, mapping.unit, failed) for c, t in across]
    down_mm: list[int | None] = []
    body: list[list[Decimal | None]] = []
    for r in range(start + 1, len(grid.rows)):
        row = grid.rows[r]
        if not any(c.strip() for c in row):
            continue
        down_mm.append(_size(row[0] if row else "", r + 1, 1, mapping.unit, failed))
        cells: list[Decimal | None] = []
        for c, _ in across:
            text = row[c] if c < len(row) else ""
            cells.append(_price(text, r + 1, c + 1, failed, warnings))
        body.append(cells)
        # Cells right of the last width are a note a supplier left; a number there is a width that is missing.
        for c in range(len(header), len(row)):
            if parse_number(row[c]) is not None:
                failed.append(Cell(row=r + 1, col=c + 1, text=row[c], code="prices.cell.no_width"))
    _ascending(across_mm, [(start + 1, c + 1) for c, _ in across], failed)
    _ascending(down_mm, [(r + 1, 1) for r in range(start + 1, len(grid.rows)) if any(x.strip() for x in grid.rows[r])],
               failed)
    widths = [w or 0 for w in across_mm]
    heights = [h or 0 for h in down_mm]
    prices = [[p if p is not None else Decimal(0) for p in row] for row in body]
    unread = [(r, c) for r, row in enumerate(body) for c, p in enumerate(row) if p is None]
    if mapping.layout == "heights_across":
        widths, heights = heights, widths
        prices = [list(col) for col in zip(*prices, strict=True)] if prices else []
        unread = [(c, r) for r, c in unread]
    return MatrixImport(widths=widths, heights=heights, prices=prices, failed=failed, warnings=warnings,
                        unread=unread)


def _size(text: str, row: int, col: int, unit: str, failed: list[Cell]) -> int | None:
    """A breakpoint in whole mm, or None (and a failed cell)."""
    value = parse_number(text)
    if value is None:
        failed.append(Cell(row=row, col=col, text=text, code="prices.cell.empty" if not text.strip()
                           else "prices.cell.not_a_number"))
        return None
    mm = value * 10 if unit == "cm" else value
    if mm != mm.to_integral_value() or mm <= 0 or mm > 100_000:
        failed.append(Cell(row=row, col=col, text=text, code="prices.cell.not_a_size"))
        return None
    return int(mm)


def _price(text: str, row: int, col: int, failed: list[Cell], warnings: list[Cell]) -> Decimal | None:
    """A price in cents, or None (and a failed cell); more decimals are rounded half up with a warning."""
    value = parse_number(text)
    if value is None:
        failed.append(Cell(row=row, col=col, text=text, code="prices.cell.empty" if not text.strip()
                           else "prices.cell.not_a_number"))
        return None
    if value < 0:
        failed.append(Cell(row=row, col=col, text=text, code="prices.cell.negative"))
        return None
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if cents != value:
        warnings.append(Cell(row=row, col=col, text=text, code="prices.cell.rounded", params={"to": str(cents)}))
    return cents


def _ascending(values: list[int | None], where: list[tuple[int, int]], failed: list[Cell]) -> None:
    """Name each breakpoint that is not above the one before it (the matrix needs them ascending)."""
    last: int | None = None
    for value, (row, col) in zip(values, where, strict=False):
        if value is None:
            continue
        if last is not None and value <= last:
            failed.append(Cell(row=row, col=col, text=str(value), code="prices.cell.not_ascending",
                               params={"before": last}))
        else:
            last = value


def _from_long(grid: Grid, mapping: Mapping) -> MatrixImport:
    """A list of (width, height, price) rows pivoted into a matrix; a missing pair is a hole, named by its sizes."""
    failed: list[Cell] = []
    warnings: list[Cell] = []
    found: dict[tuple[int, int], Decimal] = {}
    for r, row in enumerate(grid.rows):
        cells = (row + ["", "", ""])[:3]
        if not any(c.strip() for c in cells) or (r == 0 and _numeric_count(cells) == 0):
            continue  # a blank line, or the header row (width; height; price)
        width = _size(cells[0], r + 1, 1, mapping.unit, failed)
        height = _size(cells[1], r + 1, 2, mapping.unit, failed)
        price = _price(cells[2], r + 1, 3, failed, warnings)
        if width is None or height is None or price is None:
            continue
        if (width, height) in found and found[(width, height)] != price:
            failed.append(Cell(row=r + 1, col=3, text=cells[2], code="prices.cell.duplicate",
                               params={"width": width, "height": height}))
        found[(width, height)] = price
    widths = sorted({w for w, _ in found})
    heights = sorted({h for _, h in found})
    prices: list[list[Decimal]] = []
    for h in heights:
        line: list[Decimal] = []
        for w in widths:
            if (w, h) not in found:
                failed.append(Cell(row=0, col=0, text="", code="prices.cell.hole", params={"width": w, "height": h}))
            line.append(found.get((w, h), Decimal(0)))
        prices.append(line)
    return MatrixImport(widths=widths, heights=heights, prices=prices, failed=failed, warnings=warnings)
