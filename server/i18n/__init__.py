"""Every word and format shown to a person: gettext catalogs, money, numbers, percentages, dates (Babel), lengths.

``formats`` mirrors the widget's ``Intl`` calls for nl, en and de so an amount reads the same in
the widget, the e-mail and the PDF; ``lengths`` writes millimetres or inches with fractions.
``words`` reads every word a person sees from the gettext catalogs in ``locale/``.
"""

from __future__ import annotations

from server.i18n.formats import LOCALES, format_date, format_money, format_number, format_percent, locale_for
from server.i18n.lengths import format_length

__all__ = ["LOCALES", "format_date", "format_length", "format_money", "format_number", "format_percent",
           "locale_for"]
