"""Words of the notification e-mails in each language."""

from __future__ import annotations

__all__ = ["TEXTS", "texts"]

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "failed_subject": "Niet afgeleverd: {channel} {event}{reference}",
        "failed_intro": "Een {channel} is na {attempts} pogingen niet afgeleverd en wordt niet meer opnieuw "
                        "geprobeerd. In het meldingenoverzicht kunt u hem opnieuw versturen. Wat in het komende uur "
                        "nog mislukt, staat daar ook, zonder nieuwe e-mail.",
        "failed_webhook": "webhook", "failed_email": "e-mail", "failed_what": "Wat",
        "failed_target": "Bestemming", "failed_error": "Laatste fout", "failed_number": "Melding",
        "failed_open": "Open het meldingenoverzicht",
        "quote_subject": "Offerte {number} van {dealer}",
        "quote_intro": "Hierbij ontvangt u onze offerte {number}. U vindt de offerte en de tekeningen ook als PDF "
                       "in de bijlage.",
        "quote_open": "Bekijk en beantwoord de offerte",
        "quote_valid": "Deze offerte is geldig tot {date}.",
        "answered_subject": "Offerte {number} is {answer}",
        "accepted": "geaccepteerd", "declined": "afgewezen",
        "answered_intro": "{name} heeft offerte {number} ({reference}) {answer}.",
        "reason": "Reden",
        "dealer_subject": "Nieuwe offerteaanvraag {reference} van {name}",
        "dealer_intro": "Er is een nieuwe offerteaanvraag binnengekomen.",
        "homeowner_subject": "Uw offerteaanvraag {reference} bij {dealer}",
        "homeowner_intro": "Bedankt voor uw aanvraag. {dealer} neemt zo snel mogelijk contact met u op.",
        "reference": "Referentie", "contact": "Contactgegevens", "message": "Bericht", "item": "Raam",
        "note": "Opmerking", "quantity": "Aantal", "subtotal": "Subtotaal (excl. btw)", "vat": "Btw",
        "total": "Totaal (incl. btw)", "marketing": "Marketing toegestaan", "yes": "ja", "no": "nee",
        "drawing_attached": "De tekening van elk raam zit als bijlage bij deze e-mail.",
        "privacy": "Privacyverklaring getoond", "size": "Maat", "price_note": "Let op",
        "open": "Open de aanvraag in de backoffice",
        "amounts_incl": "Bedragen incl. btw", "amounts_excl": "Bedragen excl. btw",
        "item_price": "Prijs",
    },
    "en": {
        "failed_subject": "Not delivered: {channel} {event}{reference}",
        "failed_intro": "A {channel} was not delivered after {attempts} attempts and will not be retried. "
                        "You can send it again from the notifications log. What else fails within the hour is "
                        "listed there too, without another e-mail.",
        "failed_webhook": "webhook", "failed_email": "e-mail", "failed_what": "What",
        "failed_target": "Destination", "failed_error": "Last error", "failed_number": "Notification",
        "failed_open": "Open the notifications log",
        "quote_subject": "Quote {number} from {dealer}",
        "quote_intro": "Please find our quote {number}. The quote and the drawings are also attached as a PDF.",
        "quote_open": "View and answer the quote",
        "quote_valid": "This quote is valid until {date}.",
        "answered_subject": "Quote {number} was {answer}",
        "accepted": "accepted", "declined": "declined",
        "answered_intro": "{name} has {answer} quote {number} ({reference}).",
        "reason": "Reason",
        "dealer_subject": "New quote request {reference} from {name}",
        "dealer_intro": "A new quote request has come in.",
        "homeowner_subject": "Your quote request {reference} with {dealer}",
        "homeowner_intro": "Thank you for your request. {dealer} will contact you as soon as possible.",
        "reference": "Reference", "contact": "Contact details", "message": "Message", "item": "Window",
        "note": "Note", "quantity": "Quantity", "subtotal": "Subtotal (excl. VAT)", "vat": "VAT",
        "total": "Total (incl. VAT)", "marketing": "Marketing allowed", "yes": "yes", "no": "no",
        "drawing_attached": "The drawing of each window is attached to this e-mail.",
        "privacy": "Privacy notice shown", "size": "Size", "price_note": "Please note",
        "open": "Open the request in the back office",
        "amounts_incl": "Amounts incl. VAT", "amounts_excl": "Amounts excl. VAT",
        "item_price": "Price",
    },
    "de": {
        "failed_subject": "Nicht zugestellt: {channel} {event}{reference}",
        "failed_intro": "Ein {channel} wurde nach {attempts} Versuchen nicht zugestellt und wird nicht mehr "
                        "wiederholt. Im Benachrichtigungsprotokoll können Sie ihn erneut senden. Was in der "
                        "nächsten Stunde noch fehlschlägt, steht ebenfalls dort, ohne weitere E-Mail.",
        "failed_webhook": "Webhook", "failed_email": "E-Mail", "failed_what": "Was",
        "failed_target": "Ziel", "failed_error": "Letzter Fehler", "failed_number": "Benachrichtigung",
        "failed_open": "Benachrichtigungsprotokoll öffnen",
        "quote_subject": "Angebot {number} von {dealer}",
        "quote_intro": "Anbei erhalten Sie unser Angebot {number}. Angebot und Zeichnungen finden Sie auch als PDF "
                       "im Anhang.",
        "quote_open": "Angebot ansehen und beantworten",
        "quote_valid": "Dieses Angebot ist gültig bis {date}.",
        "answered_subject": "Angebot {number} wurde {answer}",
        "accepted": "angenommen", "declined": "abgelehnt",
        "answered_intro": "{name} hat das Angebot {number} ({reference}) {answer}.",
        "reason": "Grund",
        "dealer_subject": "Neue Angebotsanfrage {reference} von {name}",
        "dealer_intro": "Eine neue Angebotsanfrage ist eingegangen.",
        "homeowner_subject": "Ihre Angebotsanfrage {reference} bei {dealer}",
        "homeowner_intro": "Vielen Dank für Ihre Anfrage. {dealer} meldet sich so bald wie möglich bei Ihnen.",
        "reference": "Referenz", "contact": "Kontaktdaten", "message": "Nachricht", "item": "Fenster",
        "note": "Anmerkung", "quantity": "Anzahl", "subtotal": "Zwischensumme (ohne MwSt.)", "vat": "MwSt.",
        "total": "Gesamt (inkl. MwSt.)", "marketing": "Marketing erlaubt", "yes": "ja", "no": "nein",
        "drawing_attached": "Die Zeichnung jedes Fensters ist dieser E-Mail angehängt.",
        "privacy": "Gezeigte Datenschutzerklärung", "size": "Maß", "price_note": "Hinweis",
        "open": "Anfrage im Backoffice öffnen",
        "amounts_incl": "Beträge inkl. MwSt.", "amounts_excl": "Beträge zzgl. MwSt.",
        "item_price": "Preis",
    },
}


def texts(lang: str) -> dict[str, str]:
    """The words in ``lang`` (English when unknown)."""
    return TEXTS.get(lang, TEXTS["en"])
