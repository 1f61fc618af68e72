"""``venster dealer ...`` (API keys, onboarding) and ``venster purge``."""

from __future__ import annotations

import argparse
import re
import sys
import time

from server.cli.failures import refused
from server.cli.registry import Commands
from server.i18n.formats import LOCALES
from server.resources import BUNDLED, resource
from server.services.catalog_versions import has_catalog
from server.services.country_templates import COUNTRY_CODES, rates_text, starter_catalog, template_of, vat_rate_of
from server.services.errors import DomainError
from server.services.keys import create_key, list_keys, revoke_key
from server.settings import settings_from_env
from server.storage.db import connect, migrate

__all__ = ["add_key", "init", "keys", "purge", "register", "revoke"]


def register(commands: Commands) -> None:
    """Open ``venster dealer`` with its key and onboarding commands; add ``venster purge``."""
    commands.group("dealer", help="onboarding and access of a dealer", dest="dealer_command")
    add = commands.add("add-key", add_key, group="dealer", help="print a new API key (shown once, stored hashed)")
    add.add_argument("slug")
    add.add_argument("--read-only", action="store_true")
    add.add_argument("--label", help="what the key is for, e.g. 'accounting'")
    commands.add("revoke-key", revoke, group="dealer", help="revoke an API key by its prefix").add_argument("prefix")
    commands.add("keys", keys, group="dealer", help="list a dealer's API keys by prefix").add_argument("slug")
    new = commands.add("init", init, group="dealer",
                       help="a new dealer: starter catalog, first user and API key, embed snippet")
    new.add_argument("slug", help="the dealer's slug, e.g. kozijnen-jansen")
    new.add_argument("--name", help="the dealer's name as homeowners see it")
    new.add_argument("--email", required=True, help="the first back-office user, also where new requests are sent")
    new.add_argument("--country", default="NL", type=str.upper, choices=COUNTRY_CODES,
                     help="where the dealer trades: languages, VAT rates, drawing convention, currency (default NL)")
    new.add_argument("--languages", help="comma-separated, the first is the default (nl, en, de; default the "
                                         "country's: NL and BE nl,en; DE, AT and CH de,en)")
    new.add_argument("--vat", help="VAT rate in percent, one the country uses (default its standard rate)")
    new.add_argument("--origin", action="append", help="your website's origin, e.g. https://www.example.nl")
    commands.add("purge", purge, help="apply every dealer's retention period now")


# How ``init`` names a drawing convention (server/drawing.py draws vkg from outside, din from inside).
_CONVENTIONS = {"vkg": "seen from outside (Dutch custom)", "din": "to DIN, seen from inside"}


def _db():  # noqa: ANN202 - sqlite_utils.Database
    db = connect(settings_from_env().db_path)
    migrate(db)
    return db


def _known_dealer(slug: str) -> bool:
    settings = settings_from_env()
    if (settings.catalogs_dir / f"{slug}.toml").is_file():
        return True
    db = _db()
    try:
        if has_catalog(db, slug):  # a dealer whose catalog lives only in the database
            return True
    finally:
        db.conn.close()
    print(f"venster: no dealer {slug!r}: there is no {settings.catalogs_dir / (slug + '.toml')}", file=sys.stderr)
    return False


def add_key(args: argparse.Namespace) -> int:
    """Print a new API key once; only its hash is stored."""
    if not _known_dealer(args.slug):
        return 1
    try:
        new = create_key(_db(), args.slug, read_only=args.read_only, label=args.label or "")
    except DomainError as exc:
        return refused(exc)
    kind = "read-only" if args.read_only else "read-write"
    print(new.key)
    print(f"# {kind} API key for {args.slug}, prefix {new.info.prefix}. It is shown only now: store it safely.",
          file=sys.stderr)
    return 0


def revoke(args: argparse.Namespace) -> int:
    """Revoke a key by its prefix (the first 12 characters, as listed)."""
    try:
        key = revoke_key(_db(), args.prefix)
    except DomainError as exc:
        return refused(exc)
    print(f"revoked {key.prefix} of {key.dealer} at {key.revoked_at}")
    return 0


def keys(args: argparse.Namespace) -> int:
    """List a dealer's keys by prefix."""
    for key in list_keys(_db(), args.slug):
        state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        kind = "read-only" if key.read_only else "read-write"
        print(f"{key.prefix}  {kind:<10}  {state:<30}  created {key.created_at}  last used {key.last_used_at or '-'}"
              f"  {key.label}")
    return 0


def purge(args: argparse.Namespace) -> int:
    """Apply every dealer's retention period now."""
    from server.services.catalogs import CatalogStore
    from server.services.retention import purge_all

    settings = settings_from_env()
    store = CatalogStore(settings.catalogs_dir, settings.db_path, allow_private_webhooks=settings.webhook_allow_private)
    store.load_all()
    for slug, count in purge_all(_db(), store).items():
        print(f"{slug}: {count} contact(s) anonymised")
    return 0


def init(args: argparse.Namespace) -> int:
    """Write a starter catalog, create the first user and API key, print the embed snippet."""
    from server.engine.catalog import CatalogError
    from server.services.catalogs import load_catalog_file
    from server.services.legal_details import from_catalog, missing_for_invoice
    from server.services.users import create_user, invite_token, set_password_link

    settings = settings_from_env()
    slug = args.slug
    if not re.match(r"^[a-z0-9][a-z0-9-]{0,62}$", slug):
        print("venster: a dealer slug is lower-case letters, digits and '-', e.g. 'kozijnen-jansen'", file=sys.stderr)
        return 2
    if settings.catalogs_dir.resolve().is_relative_to(BUNDLED):
        # Unset VENSTER_CATALOGS outside a folder with catalogs/ means the shipped demo: never write there.
        print("venster: set VENSTER_CATALOGS to the folder for your catalogs (or run this where catalogs/ is)",
              file=sys.stderr)
        return 1
    target = settings.catalogs_dir / f"{slug}.toml"
    if target.exists():
        print(f"venster: {target} already exists; nothing changed", file=sys.stderr)
        return 1
    template = template_of(args.country)
    assert template is not None  # argparse allowed only the countries with a template
    languages = ([lang.strip() for lang in args.languages.split(",") if lang.strip()] if args.languages
                 else list(template.languages))
    if not languages or any(lang not in LOCALES for lang in languages):
        print("venster: --languages takes nl, en and/or de, e.g. nl,en", file=sys.stderr)
        return 2
    vat = vat_rate_of(template, args.vat)
    if vat is None:
        print(f"venster: --vat {args.vat} is not a VAT rate of {template.country}; "
              f"use one of {rates_text(template)} (percent)", file=sys.stderr)
        return 2
    demo = resource("catalogs", "demo.toml")
    text = starter_catalog(demo.read_text(encoding="utf-8"), template, name=args.name or slug, languages=languages,
                           vat=vat, email=args.email, origins=args.origin or [])
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".toml.tmp")
    tmp.write_text(text, encoding="utf-8")
    try:
        load_catalog_file(tmp.rename(target))
    except CatalogError as exc:
        target.unlink(missing_ok=True)
        print(f"venster: {exc}", file=sys.stderr)
        return 1
    db = _db()
    try:
        user = create_user(db, slug, args.email, name=args.name or "", lang=languages[0])
        token = invite_token(db, user, time.time())
        key = create_key(db, slug, label="first key")
    except DomainError as exc:
        target.unlink(missing_ok=True)
        return refused(exc)
    finally:
        db.conn.close()
    from server.links import public_base
    from server.services.onboarding import embed_snippet

    base = public_base(settings)
    print(f"""Dealer {slug} is ready.

Catalog:    {target}  (the demo's products: make them yours, then `venster catalog check {target}`)
Country:    {template.country}: languages {", ".join(languages)}, VAT {vat.normalize():f}% (the country's rates: \
{rates_text(template)}), prices in {template.currency}, drawings {_CONVENTIONS[template.drawing_convention]}
Back office: {base}/admin  — {user.email} sets a password at (valid 7 days, shown only now):
            {set_password_link(base, token)}
API key:    {key.key}  (shown only now; prefix {key.info.prefix})

Paste this where the configurator should appear on your website:

{embed_snippet(base, slug, languages[0])}

No website? Share {base}/d/{slug}""")
    print("\nHomeowners can send requests once your privacy notice is set: its address and version under "
          "Settings in the back office (or privacy_notice_url and privacy_notice_version in the catalog).")
    if not args.origin:
        print("\nAdd your website's origin (e.g. https://www.example.nl) under allowed origins in the back office's "
              "settings, or pass --origin, before embedding.")
    # What a dealer of this country must still put on invoices (server.services.legal_details decides per country).
    needed = missing_for_invoice(from_catalog(load_catalog_file(target).catalog.dealer))
    if needed:
        print(f"\nInvoices in {template.country} need these company details, still missing: {', '.join(needed)}. "
              "Fill them in under Company details; the back office's Getting started page lists every step.")
    return 0
