"""The handful of words a drawing prints itself, in the dealer languages.

Everything else that is text (titles, section labels, colour names, the sheet's
table) arrives ready-translated in the spec.
"""

from __future__ import annotations

__all__ = ["WORDS", "word"]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "window": "Window", "view-outside": "View from outside", "view-inside": "View from inside",
        "fixed": "F", "din-left": "DIN left", "din-right": "DIN right", "mm": "Dimensions in mm",
        "sections": "sections", "section": "section", "page": "Page 1 of 1",
    },
    "nl": {
        "window": "Kozijn", "view-outside": "Buitenaanzicht", "view-inside": "Binnenaanzicht",
        "fixed": "vast", "din-left": "DIN links", "din-right": "DIN rechts", "mm": "Maten in mm",
        "sections": "vakken", "section": "vak", "page": "Pagina 1 van 1",
    },
    "de": {
        "window": "Fenster", "view-outside": "Ansicht von außen", "view-inside": "Ansicht von innen",
        "fixed": "F", "din-left": "DIN links", "din-right": "DIN rechts", "mm": "Maße in mm",
        "sections": "Felder", "section": "Feld", "page": "Seite 1 von 1",
    },
}


def word(lang: str, key: str) -> str:
    """The word for ``key`` in ``lang`` (English when the language is unknown)."""
    return WORDS.get(lang, WORDS["en"])[key]
