"""A4 business documents drawn as SVG pages (mm), turned into one PDF.

Amounts, numbers and dates are written by server.i18n (as the widget's Intl writes them).
Text goes through the renderer's escaping helpers, so a homeowner's name or a dealer's
line can never break the document; long texts wrap, long tables continue on a new page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter

from renderer import svg_to_pdf
from renderer.markup import FONT, line, rect, text, text_width
from server.documents.logo_box import LogoBox, stamp_logo

__all__ = ["A4", "Column", "Document", "join_pdfs", "wrap"]

A4 = (210.0, 297.0)
MARGIN = 16.0
INK = "#1d2327"
MUTED = "#5b636a"
RULE = "#c9ced3"
# The dealer's logo at the top right of every page, beside the name and title: 50 x 15 mm at most.
LOGO_BOX: LogoBox = (A4[0] - MARGIN - 50.0, 7.0, 50.0, 15.0)


def wrap(content: str, size: float, width: float) -> list[str]:
    """``content`` broken into lines that fit ``width`` mm at font ``size`` (words kept whole when they fit).

    Linear in the length of ``content``: a word too long for a line is cut in one pass
    over its characters (see :func:`_cut`), never by re-measuring ever shorter prefixes.
    """
    lines: list[str] = []
    for paragraph in content.splitlines() or [""]:
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}".strip()
            if text_width(candidate, size) <= width or not current:
                current = candidate
            else:
                lines.append(current)
                current = word
            # A word wider than a whole line, first on its line or not, is cut to fit.
            if len(current) > 1 and text_width(current, size) > width:
                pieces, current = _cut(current, size, width)
                lines.extend(pieces)
        lines.append(current)
    return lines


def _cut(word: str, size: float, width: float) -> tuple[list[str], str]:
    """``word`` cut greedily into full lines of at least one character each, and the rest that fits.

    The width of a piece is the sum of its characters' widths (``text_width`` is a
    per-character estimate, so this is what measuring the piece gives), kept as a running
    total: each character is measured once.
    """
    pieces: list[str] = []
    start, used = 0, 0.0
    for i, char in enumerate(word):
        advance = text_width(char, size)
        if used + advance > width and i > start:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += advance
    return pieces, word[start:]


@dataclass(frozen=True)
class Column:
    """A table column: its title, width in mm and alignment."""

    title: str
    width: float
    align: str = "start"


@dataclass
class Document:
    """Pages being written top to bottom; :meth:`pdf` turns them into one PDF."""

    header: Sequence[str]
    accent: str = INK
    footer: str = ""
    lang: str = "nl"
    page_words: str = "{n} / {of}"
    # The PNG rendition of the dealer's logo (``None``: no logo), stamped into LOGO_BOX on each own page.
    logo: bytes | None = None
    pages: list[list[str]] = field(default_factory=list)
    y: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    @property
    def width(self) -> float:
        return A4[0] - 2 * MARGIN

    def new_page(self) -> None:
        """Start a page with the header band and the accent rule."""
        parts = [rect(0, 0, A4[0], A4[1], 'fill="#ffffff"'), rect(0, 0, A4[0], 3, f'fill="{self.accent}"')]
        y = MARGIN + 2
        for i, content in enumerate(self.header):
            size = 6 if i == 0 else 3.2
            y += size * 1.3 if i else 0
            parts.append(text(MARGIN, y, size, content, f'fill="{INK if i == 0 else MUTED}"'
                                                          + (' font-weight="bold"' if i == 0 else ""), anchor="start"))
        parts.append(rect(MARGIN, y + 3, self.width, 0.6, f'fill="{self.accent}"'))
        self.pages.append(parts)
        self.y = y + 10

    def room(self, needed: float) -> None:
        """Continue on a new page unless ``needed`` mm still fit above the footer."""
        if self.y + needed > A4[1] - MARGIN - 10:
            self.new_page()

    def paragraph(self, content: str, size: float = 3.4, colour: str = INK, bold: bool = False,
                  x: float = MARGIN, width: float | None = None, gap: float = 1.5) -> None:
        """Wrapped text; the page breaks between lines when needed."""
        for piece in wrap(content, size, width or self.width - (x - MARGIN)):
            self.room(size * 1.45)
            self.y += size * 1.2
            weight = ' font-weight="bold"' if bold else ""
            self.pages[-1].append(text(x, self.y, size, piece, f'fill="{colour}"{weight}', anchor="start"))
            self.y += size * 0.25
        self.y += gap

    def blocks(self, columns: Sequence[Sequence[str]], size: float = 3.3) -> None:
        """Side-by-side blocks of lines (addresses), the first line of each in bold."""
        width = self.width / len(columns)
        tallest = 0.0
        self.room(max(len(c) for c in columns) * size * 1.45 + 2)
        for i, block in enumerate(columns):
            y = self.y
            for j, content in enumerate(block):
                y += size * 1.4
                weight = ' font-weight="bold"' if j == 0 else ""
                colour = INK if j <= 1 else MUTED
                self.pages[-1].append(text(MARGIN + i * width, y, size, content, f'fill="{colour}"{weight}',
                                           anchor="start"))
            tallest = max(tallest, y - self.y)
        self.y += tallest + 5

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], size: float = 3.1) -> None:
        """A table whose header repeats on every page it runs over; cells wrap in their column."""
        def header() -> None:
            self.room(size * 4)
            x = MARGIN
            self.y += size * 1.3
            for col in columns:
                anchor_x = x + col.width if col.align == "end" else x
                self.pages[-1].append(text(anchor_x, self.y, size, col.title, f'fill="{MUTED}" font-weight="bold"',
                                           anchor=col.align))
                x += col.width
            self.y += 1.5
            self.pages[-1].append(line(MARGIN, self.y, MARGIN + self.width, self.y, f'stroke="{RULE}" '
                                                                                     'stroke-width="0.3"'))
            self.y += 1

        header()
        for row in rows:
            cells = [wrap(value, size, col.width - 2) for value, col in zip(row, columns, strict=True)]
            height = max(len(c) for c in cells) * size * 1.35 + 1.6
            if self.y + height > A4[1] - MARGIN - 10:
                self.new_page()
                header()
            x = MARGIN
            for cell, col in zip(cells, columns, strict=True):
                y = self.y
                for piece in cell:
                    y += size * 1.35
                    anchor_x = x + col.width if col.align == "end" else x
                    self.pages[-1].append(text(anchor_x, y, size, piece, f'fill="{INK}"', anchor=col.align))
                x += col.width
            self.y += height
            self.pages[-1].append(line(MARGIN, self.y - 0.6, MARGIN + self.width, self.y - 0.6,
                                       f'stroke="{RULE}" stroke-width="0.2"'))
        self.y += 2

    def sums(self, rows: Sequence[tuple[str, str, bool]], size: float = 3.3) -> None:
        """Right-aligned label and amount pairs; bold ones stand out (the total)."""
        self.room(len(rows) * size * 1.6 + 2)
        for label, amount, bold in rows:
            self.y += size * 1.5
            weight = ' font-weight="bold"' if bold else ""
            right = MARGIN + self.width
            self.pages[-1].append(text(right - 38, self.y, size, label, f'fill="{INK}"{weight}', anchor="end"))
            self.pages[-1].append(text(right, self.y, size, amount, f'fill="{INK}"{weight}', anchor="end"))
        self.y += 4

    def svgs(self, total: int | None = None) -> list[str]:
        """Each page as a standalone SVG document, with the footer and page numbers.

        ``total`` is the page count of the whole document when pages follow these (default: these).
        """
        out = []
        of = total if total is not None else len(self.pages)
        for n, parts in enumerate(self.pages, start=1):
            foot = A4[1] - MARGIN + 4
            extra = [line(MARGIN, foot - 4.5, A4[0] - MARGIN, foot - 4.5, f'stroke="{RULE}" stroke-width="0.3"'),
                     text(MARGIN, foot, 2.7, self.footer, f'fill="{MUTED}"', anchor="start"),
                     text(A4[0] - MARGIN, foot, 2.7, self.page_words.format(n=n, of=of),
                          f'fill="{MUTED}"', anchor="end")]
            body = "".join(parts + extra)
            out.append(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {A4[0]:g} {A4[1]:g}" '
                       f'width="{A4[0]:g}mm" height="{A4[1]:g}mm" font-family="{FONT}">{body}</svg>')
        return out

    def pdf(self, appendix: Sequence[bytes] = ()) -> bytes:
        """The pages as one PDF, followed by ``appendix`` PDFs (e.g. drawing sheets).

        The page numbers count the appendix's pages too: "Pagina 1 van 3" on a quote with two sheets.
        """
        extra = sum(len(PdfReader(io.BytesIO(part)).pages) for part in appendix)
        total = len(self.pages) + extra
        own = join_pdfs([svg_to_pdf(svg) for svg in self.svgs(total)])
        if self.logo:
            own = stamp_logo(own, self.logo, LOGO_BOX)
        return join_pdfs([own, *appendix])


def join_pdfs(parts: Sequence[bytes]) -> bytes:
    """Several PDFs as one, pages in order."""
    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
