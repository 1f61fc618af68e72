"""The price playground: windows priced on the live catalog and on the draft, side by side.

The rows come from three places: the dealer's saved samples, windows generated from each product
(its default, its smallest and largest size, the breakpoints of its price matrices) and the items
of requests still being worked (new, contacted, quoted), with the total the homeowner was shown.
Each row is priced as the widget prices one window: :func:`evaluate_detailed`, then
:func:`price_list` over that one item, so fees once per order are in it. A draft change that
moves a price shows as a difference; nothing is stored and nothing goes live.

Pricing is the costly part (a few ms a window), so there is a time budget: rows that did not fit
are counted in ``cut`` rather than silently dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

import msgspec
import sqlite_utils

from server.engine.catalog import Calc, Product
from server.engine.configuration import Configuration, canonical_json
from server.engine.evaluate import evaluate_detailed
from server.engine.messages import Message
from server.engine.price_list import price_list
from server.loaded_catalog import LoadedCatalog
from server.services.errors import FieldProblem, Invalid, NotFound
from server.storage import playground as store
from server.storage.db import write_transaction

__all__ = ["MATRIX_CAP", "NAME_MAX", "Candidate", "Playground", "PlayLine", "Row", "Sample", "Side",
           "candidates", "delete_sample", "generated", "price_rows", "rows", "samples", "save_sample"]

Source = Literal["sample", "request", "generated", "extra"]
GeneratedKind = Literal["default", "min", "max", "breakpoint"]
# Matrix breakpoint pairs per product beyond which the pairs are thinned evenly (a 12 x 12 matrix is 144).
MATRIX_CAP = 60
NAME_MAX = 80
DEFAULT_BUDGET_S = 3.0
_decode_config = msgspec.json.Decoder(Configuration)


class PlayLine(msgspec.Struct, frozen=True, kw_only=True):
    """One price line with its dealer-only formula (a message the back office words with ``say``)."""

    code: str
    label: Message
    quantity: int
    unit_price: Decimal
    amount: Decimal
    vat_rate: Decimal
    formula: Message
    per_order: bool = False


class Side(msgspec.Struct, frozen=True, kw_only=True):
    """One window priced on one catalog: valid or not, its totals, its lines, or its errors."""

    valid: bool
    configuration: Configuration | None = None  # as the engine normalised it (sizes and defaults filled in)
    subtotal: Decimal | None = None
    total: Decimal | None = None
    lines: list[PlayLine] = []
    errors: list[Message] = []


class Candidate(msgspec.Struct, frozen=True, kw_only=True):
    """A window to price, and where it came from."""

    source: Source
    configuration: Configuration
    name: str = ""                     # the sample's name, or the request's reference
    kind: GeneratedKind | None = None  # for a generated window
    sample_id: int | None = None
    position: int | None = None        # the item's number in its request (1-based)
    stored_total: Decimal | None = None


class Row(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate priced on the live catalog and on the draft; ``difference`` is draft minus live total."""

    candidate: Candidate
    live: Side
    draft: Side
    difference: Decimal | None

    @property
    def changed(self) -> bool:
        """The price moved, or the window became (in)valid."""
        return self.live.valid != self.draft.valid or bool(self.difference)


class Playground(msgspec.Struct, frozen=True, kw_only=True):
    """Every priced row, largest difference first; ``cut`` rows did not fit in the time budget."""

    rows: list[Row]
    cut: int
    currency: str

    @property
    def changed(self) -> list[Row]:
        """The rows whose price or validity the draft changes."""
        return [row for row in self.rows if row.changed]


class Sample(msgspec.Struct, frozen=True, kw_only=True):
    """A saved sample."""

    id: int
    name: str
    configuration: Configuration
    created_at: str
    created_by: str


def _side(loaded: LoadedCatalog, config: Configuration, lang: str) -> Side:
    dealer = loaded.catalog.dealer
    detailed = evaluate_detailed(loaded.compiled, config, lang)
    if not detailed.evaluation.valid or detailed.item_price is None:
        return Side(valid=False, configuration=detailed.evaluation.configuration,
                    errors=[e.message for e in detailed.evaluation.errors])
    document = price_list([detailed], dealer.currency, dealer.prices_include_vat)
    lines = [PlayLine(code=ln.code, label=ln.label, quantity=ln.quantity, unit_price=ln.unit_price, amount=ln.amount,
                      vat_rate=ln.vat_rate, formula=ln.formula) for ln in detailed.item_price.lines]
    lines += [PlayLine(code=ln.code, label=ln.label, quantity=ln.quantity, unit_price=ln.unit_price, amount=ln.amount,
                       vat_rate=ln.vat_rate, formula=ln.formula, per_order=True) for ln in document.fees]
    return Side(valid=True, configuration=detailed.evaluation.configuration,
                subtotal=Decimal(document.totals.subtotal), total=Decimal(document.totals.total),
                lines=lines)


def _row(candidate: Candidate, live: LoadedCatalog, draft: LoadedCatalog, lang: str) -> Row:
    now, then = _side(live, candidate.configuration, lang), _side(draft, candidate.configuration, lang)
    difference = then.total - now.total if then.total is not None and now.total is not None else None
    return Row(candidate=candidate, live=now, draft=then, difference=difference)


def _layouts(candidate: Candidate, live: LoadedCatalog, draft: LoadedCatalog) -> list[str]:
    product = draft.catalog.product(candidate.configuration.product) or live.catalog.product(
        candidate.configuration.product)
    if product is None:
        return []
    first = product.default_layout or product.layouts[0].id
    return [first, *(layout.id for layout in product.layouts if layout.id != first)]


def _priced(candidate: Candidate, live: LoadedCatalog, draft: LoadedCatalog, lang: str) -> Row | None:
    """``candidate`` priced on both catalogs; a generated window tries the product's layouts in turn.

    A generated size the default layout cannot make (a wide window of one tilt-turn sash) is tried with
    the other layouts; one that no layout makes on either catalog says nothing about prices and is left out.
    """
    row = _row(candidate, live, draft, lang)
    if candidate.source != "generated" or row.live.valid or row.draft.valid:
        return row
    for layout in _layouts(candidate, live, draft)[1:]:
        trial = msgspec.structs.replace(candidate, configuration=msgspec.structs.replace(
            candidate.configuration, layout=layout))
        row = _row(trial, live, draft, lang)
        if row.live.valid or row.draft.valid:
            return row
    return None


def _order(row: Row) -> tuple[int, Decimal]:
    # A window the draft makes impossible (or possible) matters most; then the largest move either way.
    return (0 if row.live.valid != row.draft.valid else 1, -abs(row.difference or Decimal(0)))


def price_rows(found: Iterable[Candidate], live: LoadedCatalog, draft: LoadedCatalog, lang: str,
               budget_s: float = DEFAULT_BUDGET_S, clock: Callable[[], float] = time.monotonic) -> Playground:
    """Price each candidate on ``live`` and ``draft`` until ``budget_s`` is spent; the rest is ``cut``."""
    started = clock()
    priced: list[Row] = []
    cut = 0
    for candidate in found:
        if clock() - started > budget_s:
            cut += 1
            continue
        row = _priced(candidate, live, draft, lang)
        if row is not None:
            priced.append(row)
    priced.sort(key=_order)  # stable: equal rows keep samples, requests, then generated windows
    return Playground(rows=priced, cut=cut, currency=draft.catalog.dealer.currency)


def _thinned(pairs: list[tuple[int, int]], cap: int) -> list[tuple[int, int]]:
    """At most ``cap`` of ``pairs``, spread evenly over them (the first and last kept)."""
    if len(pairs) <= cap:
        return pairs
    step = (len(pairs) - 1) / (cap - 1)
    return [pairs[round(i * step)] for i in range(cap)]


def _matrices(product: Product) -> list[Calc]:
    calcs: list[Calc] = [rule for rule in product.prices if rule.kind == "matrix"]
    calcs += [value.price for group in product.options for value in group.values
              if value.price is not None and value.price.kind == "matrix"]
    return calcs


def _tallest(product: Product) -> int:
    """The greatest height at the greatest width that stays within the product's maximum area."""
    w, h = product.width, product.height
    if product.max_area_m2 is None or Decimal(w.max * h.max) <= product.max_area_m2 * 1_000_000:
        return h.max
    fits = int(product.max_area_m2 * 1_000_000 / w.max) // h.step * h.step
    return max(h.min, min(h.max, fits))


def generated(products: Iterable[Product], cap: int = MATRIX_CAP) -> list[Candidate]:
    """Windows of each product: its default, smallest and largest size, and its matrix breakpoints."""
    out: list[Candidate] = []
    for product in products:
        w, h = product.width, product.height
        out.append(Candidate(source="generated", kind="default", configuration=Configuration(product=product.id)))
        out.append(Candidate(source="generated", kind="min",
                             configuration=Configuration(product=product.id, width_mm=w.min, height_mm=h.min)))
        out.append(Candidate(source="generated", kind="max",
                             configuration=Configuration(product=product.id, width_mm=w.max,
                                                         height_mm=_tallest(product))))
        pairs: list[tuple[int, int]] = []
        for calc in _matrices(product):
            assert calc.widths is not None and calc.heights is not None
            pairs += [(x, y) for y in calc.heights for x in calc.widths
                      if w.min <= x <= w.max and h.min <= y <= h.max and (x, y) not in pairs]
        out += [Candidate(source="generated", kind="breakpoint",
                          configuration=Configuration(product=product.id, width_mm=x, height_mm=y))
                for x, y in _thinned(pairs, cap)]
    return out


def samples(db: sqlite_utils.Database, slug: str) -> list[Sample]:
    """``slug``'s saved samples, oldest first (a row whose configuration no longer decodes is skipped)."""
    out: list[Sample] = []
    for row in store.sample_rows(db, slug):
        try:
            config = _decode_config.decode(row["configuration"])
        except msgspec.DecodeError:
            continue
        out.append(Sample(id=int(row["id"]), name=str(row["name"]), configuration=config,
                          created_at=str(row["created_at"]), created_by=str(row["created_by"])))
    return out


def _request_items(db: sqlite_utils.Database, slug: str) -> list[Candidate]:
    out: list[Candidate] = []
    for row in store.open_request_items(db, slug):
        try:
            config = _decode_config.decode(row["configuration"])
        except msgspec.DecodeError:
            continue
        out.append(Candidate(source="request", configuration=config, name=str(row["reference"]),
                             position=int(row["position"]), stored_total=Decimal(str(row["total"]))))
    return out


def _unique(found: Iterable[Candidate]) -> list[Candidate]:
    """``found`` without a generated window that a sample or request item already prices."""
    seen: set[bytes] = set()
    out: list[Candidate] = []
    for candidate in found:
        key = canonical_json(candidate.configuration)
        if candidate.source == "generated" and key in seen:
            continue
        seen.add(key)
        out.append(candidate)
    return out


def candidates(db: sqlite_utils.Database, slug: str, live: LoadedCatalog, draft: LoadedCatalog,
               extra: Sequence[Configuration] = ()) -> list[Candidate]:
    """Every window to price for ``slug``: extra ones asked for, samples, open request items, generated ones.

    Generated windows come from the draft's products and from any product the draft removed.
    """
    found = [Candidate(source="extra", configuration=config, position=i + 1) for i, config in enumerate(extra)]
    found += [Candidate(source="sample", configuration=s.configuration, name=s.name, sample_id=s.id)
              for s in samples(db, slug)]
    found += _request_items(db, slug)
    kept = {p.id for p in draft.catalog.products}
    found += generated([*draft.catalog.products, *(p for p in live.catalog.products if p.id not in kept)])
    return _unique(found)


def rows(db: sqlite_utils.Database, slug: str, live: LoadedCatalog, draft: LoadedCatalog, lang: str,
         extra: Sequence[Configuration] = (), budget_s: float = DEFAULT_BUDGET_S) -> Playground:
    """The playground of ``slug``: every candidate priced on ``live`` and ``draft``, largest difference first."""
    return price_rows(candidates(db, slug, live, draft, extra), live, draft, lang, budget_s)


def save_sample(db: sqlite_utils.Database, slug: str, name: str, configuration: str, actor: str) -> int:
    """Keep a configuration (canonical JSON text) as a sample named ``name``; return its id.

    Raises :class:`Invalid` naming each bad field, and stores nothing then.
    """
    problems: list[FieldProblem] = []
    name = " ".join(name.split())
    if not name:
        problems.append(FieldProblem(field="name", code="playground.sample.name_required"))
    elif len(name) > NAME_MAX:
        problems.append(FieldProblem(field="name", code="playground.sample.name_too_long", params={"max": NAME_MAX}))
    try:
        config = _decode_config.decode(configuration)
    except msgspec.DecodeError:
        problems.append(FieldProblem(field="configuration", code="playground.sample.configuration_invalid"))
    if problems:
        raise Invalid(problems, code="playground.sample.invalid")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        return store.insert_sample(db, slug, name, canonical_json(config).decode(), at, actor)


def delete_sample(db: sqlite_utils.Database, slug: str, sample_id: int) -> None:
    """Delete ``slug``'s sample ``sample_id``; another dealer's is as unknown as a made-up one."""
    with write_transaction(db):
        if not store.delete_sample(db, slug, sample_id):
            raise NotFound("playground.sample.not_found")
