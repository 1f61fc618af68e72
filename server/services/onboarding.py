"""Getting started: what a new dealer still has to do before homeowners can use their configurator.

The checklist is worked out from what is there, never kept by hand, except for the one step
venster cannot see yet (products and prices: until the catalog editor, issue 18, a dealer may
tick it off). Its steps, in the order a dealer does them:

* ``legal``: the company details an invoice must carry (:func:`server.services.legal_details.missing_for_invoice`);
* ``products``: the catalog is no longer the starter range ``venster dealer init`` wrote, or the dealer ticked it;
* ``branding``: a logo or an accent colour of their own (:func:`_branded`);
* ``origin``: at least one website origin in the settings;
* ``privacy``: the privacy notice's address and version (no request can be sent without them);
* ``snippet``: the embed snippet on their site, and
* ``test_request``: proven by the first request sent from one of those origins.

The embed snippet is made by :func:`embed_snippet` alone, for the back office and for
``venster dealer init``.
"""

from __future__ import annotations

import functools

import msgspec
import sqlite_utils

from server.engine.catalog import Catalog, Dealer, decode_catalog
from server.loaded_catalog import LoadedCatalog
from server.resources import resource
from server.services.audit import now_iso, record
from server.services.catalog_versions import releases
from server.services.country_templates import TEMPLATES, starter_catalog
from server.services.dealer_settings import settings_of
from server.services.legal_details import legal_details, missing_for_invoice
from server.storage.db import write_transaction
from server.storage.onboarding import first_request_from, onboarding_json, store_onboarding

__all__ = ["STEPS", "Onboarding", "Step", "Ticks", "embed_snippet", "is_starter_catalog", "onboarding",
           "open_checklist", "published_in_browser", "tick_products"]

STEPS: tuple[str, ...] = ("legal", "products", "branding", "origin", "privacy", "snippet", "test_request")
# The accent colour every catalog has until the dealer picks one (server.engine.catalog.Dealer).
_DEFAULT_ACCENT = Dealer(name="-").accent_colour


class Ticks(msgspec.Struct, frozen=True, kw_only=True):
    """What the dealer ticked off by hand (stored as JSON, one row per dealer)."""

    products: bool = False


class Step(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the checklist: whether it is done, and what the page shows with it."""

    key: str
    done: bool
    # Step-specific facts for the page: the missing legal fields, the first request's time, ...
    missing: list[str] = []
    at: str | None = None
    reference: str | None = None
    ticked: bool = False


class Onboarding(msgspec.Struct, frozen=True, kw_only=True):
    """The whole checklist for one dealer."""

    steps: list[Step]

    @property
    def complete(self) -> bool:
        """Every step done: the requests page stops pointing to the checklist."""
        return all(step.done for step in self.steps)

    @property
    def done_count(self) -> int:
        """How many steps are done."""
        return sum(step.done for step in self.steps)

    def step(self, key: str) -> Step:
        """The step ``key`` (one of :data:`STEPS`)."""
        return next(step for step in self.steps if step.key == key)


def embed_snippet(base: str, slug: str, lang: str) -> str:
    """The two lines a dealer pastes into their website, exactly as ``venster dealer init`` prints them."""
    return (f'<script src="{base}/widget.js" async></script>\n'
            f'<venster-configurator dealer="{slug}" lang="{lang}"></venster-configurator>')


@functools.cache
def _starter_products() -> tuple[bytes, ...]:
    """The products of every country's starter catalog, encoded for comparison (read once per process)."""
    demo = resource("catalogs", "demo.toml").read_text(encoding="utf-8")
    out = []
    for template in TEMPLATES.values():
        text = starter_catalog(demo, template, name="starter", languages=list(template.languages),
                               vat=template.standard_rate, email="starter@venster.example", origins=[])
        out.append(msgspec.json.encode(decode_catalog(text, "starter").products))
    return tuple(out)


def is_starter_catalog(catalog: Catalog) -> bool:
    """True while the catalog's products are one country's starter range exactly as ``dealer init`` wrote it."""
    return msgspec.json.encode(catalog.products) in _starter_products()


def _branded(dealer: Dealer) -> bool:
    """Whether the dealer has a logo or an accent colour of their own.

    ``dealer`` is the catalog's dealer as the store serves it, the branding saved in the back
    office already laid over the file's (:func:`server.services.branding.with_branding`).
    """
    return bool(dealer.logo_url) or dealer.accent_colour.lower() != _DEFAULT_ACCENT.lower()


def _ticks(db: sqlite_utils.Database, slug: str) -> Ticks:
    text = onboarding_json(db, slug)
    if text is None:
        return Ticks()
    try:
        return msgspec.json.decode(text, type=Ticks)
    except msgspec.DecodeError:
        return Ticks()  # a row written by a newer version: nothing ticked meanwhile


def _origins(dealer: Dealer) -> list[str]:
    listed = settings_of(dealer).allowed_origins
    # The Origin header is stored as the browser sent it (lower case, no slash); the list as typed.
    return sorted({*listed, *(o.lower().rstrip("/") for o in listed)})


def published_in_browser(db: sqlite_utils.Database, slug: str) -> bool:
    """Whether the dealer ever published a catalog from the back office's editor (the products step is then done)."""
    return any(release.origin == "browser" for release in releases(db, slug))


def onboarding(db: sqlite_utils.Database, loaded: LoadedCatalog) -> Onboarding:
    """The checklist of ``loaded``'s dealer as it stands now."""
    dealer = loaded.catalog.dealer
    missing = missing_for_invoice(legal_details(db, loaded.slug, dealer))
    ticks = _ticks(db, loaded.slug)
    origins = _origins(dealer)
    privacy = settings_of(dealer)
    first = first_request_from(db, loaded.slug, origins)
    reference, at = first if first else (None, None)
    steps = [
        Step(key="legal", done=not missing, missing=missing),
        Step(key="products", done=ticks.products or not is_starter_catalog(loaded.catalog)
             or published_in_browser(db, loaded.slug), ticked=ticks.products),
        Step(key="branding", done=_branded(dealer)),
        Step(key="origin", done=bool(origins)),
        # Without the notice's address and version the widget's form cannot be sent: intake refuses it.
        Step(key="privacy", done=bool(privacy.privacy_notice_url and privacy.privacy_notice_version)),
        # The snippet is on the site once a request came from it: the same proof as the test request.
        Step(key="snippet", done=first is not None),
        Step(key="test_request", done=first is not None, at=at, reference=reference),
    ]
    return Onboarding(steps=steps)


def open_checklist(db: sqlite_utils.Database, loaded: LoadedCatalog | None) -> Onboarding | None:
    """The checklist while it is not complete, for the requests page; None once it is (or without a catalog)."""
    if loaded is None:
        return None
    plan = onboarding(db, loaded)
    return None if plan.complete else plan


def tick_products(db: sqlite_utils.Database, slug: str, done: bool, actor: str) -> bool:
    """Tick the products step off (or on again); audit-logged with before and after when it changed (returned)."""
    with write_transaction(db):
        old = _ticks(db, slug)
        if old.products == done:
            return False
        new = msgspec.structs.replace(old, products=done)
        store_onboarding(db, slug, msgspec.json.encode(new).decode(), now_iso(), actor[:200])
        record(db, slug, actor, "onboarding.products", "products", "done" if done else "open",
               before={"products": old.products}, after={"products": done})
    return True
