"""Reading back-office and homeowner pages the way a browser does: through an HTML parser.

A regular expression over page text breaks when an attribute moves or a class is added,
and passes when the match lands in the wrong element; these helpers find things by what
they are (a form by its action, a table cell by its column heading, a link by its target).
"""

from __future__ import annotations

import lxml.html
from lxml.html import FormElement, HtmlElement

__all__ = ["error_texts", "form_actions", "form_values", "links", "parse", "same_page", "table_rows", "text_of"]


def parse(html: str) -> HtmlElement:
    """The page as an element tree."""
    return lxml.html.document_fromstring(html)


def text_of(element: HtmlElement) -> str:
    """An element's text as shown: whitespace runs collapsed to one space."""
    return " ".join(element.text_content().split())


def _form(doc: HtmlElement, action: str) -> FormElement:
    forms = [f for f in doc.forms if f.get("action") == action]
    assert len(forms) == 1, f"{len(forms)} forms post to {action}"
    return forms[0]


def form_values(html: str, action: str) -> dict[str, str]:
    """What the form posting to ``action`` would send as it stands, minus its CSRF token.

    ``Office.post`` adds the session's token itself; dropping the page's copy keeps a test
    from sending a stale one by accident.
    """
    values = dict(_form(parse(html), action).form_values())
    values.pop("csrf", None)
    return values


def form_actions(html: str, prefix: str) -> list[str]:
    """The actions of every form posting somewhere under ``prefix``, in page order."""
    return [f.get("action") for f in parse(html).forms if (f.get("action") or "").startswith(prefix)]


def links(html: str, prefix: str) -> list[str]:
    """The targets of every link whose href starts with ``prefix``, in page order."""
    return [a.get("href") for a in parse(html).iter("a") if (a.get("href") or "").startswith(prefix)]


def table_rows(html: str, table_class: str = "rows") -> list[dict[str, str]]:
    """The body rows of the table with class ``table_class``, each as column heading -> cell text.

    No such table (a list page shows a sentence when nothing matches) is no rows.
    """
    tables = [t for t in parse(html).iter("table") if table_class in (t.get("class") or "").split()]
    assert len(tables) <= 1, f"{len(tables)} tables of class {table_class}"
    if not tables:
        return []
    headings = [text_of(th) for th in tables[0].xpath("./thead/tr/th")]
    return [dict(zip(headings, (text_of(td) for td in tr.xpath("./td|./th")), strict=True))
            for tr in tables[0].xpath("./tbody/tr")]


def error_texts(html: str) -> dict[str, str]:
    """Each field error shown on a form page: the field's id (``e-<id>``) -> its message."""
    return {p.get("id")[2:]: text_of(p) for p in parse(html).xpath('//p[contains(concat(" ", @class, " "),'
                                                                   ' " error-text ")][starts-with(@id, "e-")]')}


def same_page(a: str, b: str) -> bool:
    """Equal pages but for the language switch's way back to the page asked for (its hidden ``next``)."""
    def bare(html: str) -> bytes:
        doc = parse(html)
        for field in doc.xpath('//input[@type="hidden"][@name="next"]'):
            field.drop_tree()
        return lxml.html.tostring(doc)
    return bare(a) == bare(b)
