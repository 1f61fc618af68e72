"""The evaluate answer as the public contract shapes it: the engine's message codes written out.

The engine's :class:`server.engine.evaluate.Evaluation` carries every message (field errors,
why a value is unavailable, what holds a division) as a code with figures in mm. This module is
the one place the widget's answers turn them into sentences, through
``server.i18n.engine_words.say`` in the request's language and the dealer's units (an imperial
dealer's homeowner reads inches). The shape is the design's: ``message`` and ``reason`` stay
strings where they were.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from server.engine import evaluate as engine
from server.engine.configuration import Configuration
from server.engine.messages import Message
from server.errors import FieldError
from server.i18n.engine_words import say
from server.i18n.lengths import Units
from server.services.intake_model import PriceSummary, worded_price

__all__ = [
    "Availability", "EvaluateError", "Evaluation", "Limits", "Range", "SectionAvailability", "field_errors", "worded",
]


class Range(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where a size may go now; ``*_reason`` says what holds a division at its limit."""

    min: int
    max: int
    step: int | None = None
    min_reason: str | None = None
    max_reason: str | None = None
    note: str | None = None  # the range is empty (min > max): what to change instead; never show the range


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    """The live limits of the sizes."""

    width_mm: Range
    height_mm: Range
    divisions: dict[str, Range]


Delta = Annotated[str, msgspec.Meta(
    pattern=r"^-?[0-9]+\.[0-9]{2}$",
    description="On an available option value or opening type while the configuration is valid: what choosing it "
                "adds to the price of one window (quantity 1), fees once per order included, incl. or excl. VAT as "
                "`price.includes_vat` says (`total` or `subtotal`), e.g. `\"54.45\"` or `\"-12.10\"`; `\"0.00\"` "
                "on the value chosen now. Absent on unavailable values and while the configuration is invalid.")]


class Availability(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Whether a value may be chosen now: if not, why (a sentence) and what would allow it; if so, its ``delta``."""

    available: bool
    reason: str | None = None
    rule: str | None = None
    change: dict[str, Any] | None = None
    delta: Delta | None = None


class EvaluateError(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A field error of the evaluate answer; ``change`` is the engine's fix for it (a button in the
    widget), in the same shape as an unavailable value's ``change``: applied, fewer things are wrong."""

    field: str
    message: str
    change: dict[str, Any] | None = None


class SectionAvailability(msgspec.Struct, frozen=True, kw_only=True):
    """Availability of each opening type a section offers."""

    openings: dict[str, Availability]


class Evaluation(msgspec.Struct, frozen=True, kw_only=True):
    """The evaluate answer (``drawing`` is filled in by the handler)."""

    configuration: Configuration
    valid: bool
    errors: list[EvaluateError]
    limits: Limits
    options: dict[str, dict[str, Availability]]
    sections: dict[str, SectionAvailability]
    layouts: dict[str, Availability]
    price: PriceSummary | None
    drawing: dict[str, str] = {}


class _Words(msgspec.Struct, frozen=True):
    lang: str
    units: Units

    def __call__(self, msg: Message | None) -> str | None:
        return None if msg is None else say(msg, self.lang, self.units)


def field_errors(errors: list[engine.FieldError], lang: str, units: Units, prefix: str = "") -> list[FieldError]:
    """The engine's field errors in words, each ``field`` under ``prefix`` (``items[2].configuration``)."""
    return [FieldError(field=f"{prefix}.{e.field}" if prefix else e.field, message=say(e.message, lang, units))
            for e in errors]


def _range(r: engine.Range, words: _Words) -> Range:
    return Range(min=r.min, max=r.max, step=r.step, min_reason=words(r.min_reason), max_reason=words(r.max_reason),
                 note=words(r.note))


def _availability(a: engine.Availability, words: _Words) -> Availability:
    return Availability(available=a.available, reason=words(a.reason), rule=a.rule, change=a.change, delta=a.delta)


def worded(ev: engine.Evaluation, lang: str, units: Units) -> Evaluation:
    """``ev`` as the public answer: every message written in ``lang`` with lengths in ``units``."""
    words = _Words(lang, units)
    limits = Limits(width_mm=_range(ev.limits.width_mm, words), height_mm=_range(ev.limits.height_mm, words),
                    divisions={did: _range(r, words) for did, r in ev.limits.divisions.items()})
    return Evaluation(
        configuration=ev.configuration, valid=ev.valid, limits=limits,
        errors=[EvaluateError(field=e.field, message=say(e.message, lang, units), change=e.change) for e in ev.errors],
        options={gid: {vid: _availability(a, words) for vid, a in values.items()}
                 for gid, values in ev.options.items()},
        sections={sid: SectionAvailability(openings={o: _availability(a, words) for o, a in s.openings.items()})
                  for sid, s in ev.sections.items()},
        layouts={lid: _availability(a, words) for lid, a in ev.layouts.items()},
        price=worded_price(ev.price, lang, units) if ev.price is not None else None, drawing=ev.drawing,
    )
