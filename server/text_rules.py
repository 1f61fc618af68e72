"""Which characters typed text may hold, and what XML can carry.

Text that people type (a dealer's quote lines, intro and terms; a homeowner's name on an
acceptance) ends up in PDFs, e-mails and UBL XML. Control characters there are never
meant: they are pasted by accident or sent on purpose, and XML 1.0 cannot carry most of
them at all, so one in an invoice line would make the whole invoice unreadable to the
accountant's software. They are refused where text enters (422 naming the field); tab
and newline stay allowed where text is multi-line. The XML writer also strips what
XML 1.0 cannot carry, for text stored before this rule existed.
"""

from __future__ import annotations

import re

from server.services.errors import FieldProblem

__all__ = ["control_problem", "multiline", "xml_safe"]

# C0 controls, DEL and C1 controls (U+0080..U+009F), lone surrogates, and the two
# noncharacters XML 1.0 excludes (U+FFFE, U+FFFF). Tab and newline are handled per field.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_REFUSED_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry (outside its Char production; the renderer drops the same), whatever the field.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def multiline(text: str) -> str:
    """``text`` with browser line ends (CRLF, a lone CR) as ``\\n``, as a form's textarea sends them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_problem(text: str, field: str, *, lines: bool) -> FieldProblem | None:
    """The problem ``text.control`` when ``text`` holds a refused character, naming the first one; else None.

    With ``lines`` (multi-line text), tab and newline are allowed; call :func:`multiline` first
    so that a textarea's CRLF counts as a newline. The parameters are ``char`` (``U+0007``) and
    ``position`` (1-based).
    """
    found = (_REFUSED if lines else _REFUSED_SINGLE_LINE).search(text)
    if found is None:
        return None
    return FieldProblem(field=field, code="text.control",
                        params={"char": f"U+{ord(found.group()):04X}", "position": found.start() + 1})


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (kept: tab, newline, CR, all else)."""
    return _NOT_XML.sub("", text)
