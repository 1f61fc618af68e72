"""Every format shown to a person: money, numbers, percentages, dates (Babel) and lengths.

``formats`` mirrors the widget's ``Intl`` calls for nl, en and de so an amount reads the same in
the widget, the e-mail and the PDF; ``lengths`` writes millimetres or inches with fractions.
The word tables move here in a later slice (gettext).
"""

from __future__ import annotations

from server.i18n.formats import LOCALES, format_date, format_money, format_number, format_percent, locale_for
from server.i18n.lengths import format_length

__all__ = ["LOCALES", "format_date", "format_length", "format_money", "format_number", "format_percent",
           "locale_for"]
