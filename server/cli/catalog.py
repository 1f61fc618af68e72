"""``venster catalog check|import|export`` and ``venster price``: a dealer's tools without a website."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from server.cli.registry import Commands

if TYPE_CHECKING:
    from server.engine.configuration import Configuration

__all__ = ["catalog_check", "catalog_export", "catalog_import", "price", "read_configuration", "register"]


def register(commands: Commands) -> None:
    """Add ``venster catalog check`` and ``venster price``."""
    commands.group("catalog", help="work with catalog files", dest="catalog_command")
    check = commands.add("check", catalog_check, group="catalog",
                         help="report every problem of a catalog; exit 1 when any")
    check.add_argument("path", type=Path)
    imp = commands.add("import", catalog_import, group="catalog",
                       help="check a TOML file and publish it as the dealer's next version (--draft: as the draft)")
    imp.add_argument("slug")
    imp.add_argument("file", type=Path)
    imp.add_argument("--draft", action="store_true", help="save it as the draft only; publish nothing")
    exp = commands.add("export", catalog_export, group="catalog",
                       help="print a published version's TOML (default: the live one) or write it with -o")
    exp.add_argument("slug")
    exp.add_argument("--version", type=int, help="the version number (see the back office's history)")
    exp.add_argument("-o", "--output", type=Path, help="write to this file instead of printing")
    price_parser = commands.add("price", price, help="the itemised price of a configuration, with formulas")
    price_parser.add_argument("catalog", type=Path)
    price_parser.add_argument("config", type=Path, help="a configuration as JSON (the evaluate body)")
    price_parser.add_argument("--lang", choices=["nl", "en", "de"])


def catalog_check(args: argparse.Namespace) -> int:
    """Print every problem of a catalog; exit 1 when any.

    A choice proven unreachable fails the check unless the catalog marks it
    ``unreachable_ok = true``; choices the bounded search could not prove are warnings.
    """
    from server.engine.check import check_catalog_text
    from server.i18n.engine_words import say

    path: Path = args.path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot be read: {exc}", file=sys.stderr)
        return 1
    report = check_catalog_text(text, str(path), say)
    problems = list(report.problems) + _webhook_problems(path)
    for problem in problems:
        print(f"problem: {problem}")
    for item in report.unreachable:
        print(f"unreachable: {item}")
    for item in report.accepted:
        print(f"accepted: {item}")
    for item in report.unproven:
        print(f"unproven: {item}")
    warnings = [*report.warnings, *_legal_warnings(path)]
    for warning in warnings:
        print(f"warning: {warning}")
    ok = report.ok and not problems
    verdict = "ok" if ok else "FAILED"
    print(f"{path}: {verdict} — {len(problems)} problem(s), {len(report.unreachable)} unreachable, "
          f"{len(report.unproven)} unproven, {len(warnings)} warning(s), "
          f"{report.proven} choice(s) proven reachable")
    return 0 if ok else 1


def _catalog_db():  # noqa: ANN202 - sqlite_utils.Database
    from server.settings import settings_from_env
    from server.storage.db import connect, migrate

    db = connect(settings_from_env().db_path)
    migrate(db)
    return db


def catalog_import(args: argparse.Namespace) -> int:
    """Publish a TOML file as the dealer's next version (origin 'cli'); exit 1 listing every problem.

    ``--draft`` keeps it as the dealer's draft instead, to finish in the back office.
    """
    from server.cli.failures import refused
    from server.messages import message
    from server.services.catalog_versions import Release, import_text
    from server.services.errors import DomainError, Invalid

    path: Path = args.file
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot be read: {exc}", file=sys.stderr)
        return 1
    db = _catalog_db()
    try:
        result = import_text(db, args.slug, text, "cli", "cli", draft_only=args.draft)
    except Invalid as exc:
        for problem in exc.problems:
            print(f"problem: {problem.field}: {message(problem.code, problem.params)}", file=sys.stderr)
        print(f"{path}: {message(exc.code, exc.params)}", file=sys.stderr)
        return 1
    except DomainError as exc:
        return refused(exc)
    finally:
        db.conn.close()
    if isinstance(result, Release):
        print(f"{args.slug}: version {result.number} published from {path} (serving now)")
    else:
        print(f"{args.slug}: {path} saved as the draft; {len(result.findings)} finding(s); nothing published")
    return 0


def catalog_export(args: argparse.Namespace) -> int:
    """Print (or write with ``-o``) the exact TOML of a published version, the live one by default."""
    from server.cli.failures import refused
    from server.services.catalog_versions import export_text
    from server.services.errors import DomainError

    db = _catalog_db()
    try:
        text = export_text(db, args.slug, args.version)
    except DomainError as exc:
        return refused(exc)
    finally:
        db.conn.close()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{args.output}: cannot be written: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"{args.slug}: written to {args.output}", file=sys.stderr)
    return 0


def _legal_warnings(path: Path) -> list[str]:
    """What the dealer's invoices would still lack about the seller (a warning: the back office can fill it in).

    The company details saved in the back office count when the database (``VENSTER_DB``) exists
    and holds them; the check never creates or migrates a database.
    """
    import sqlite3

    from server.engine.catalog import CatalogError
    from server.services.catalogs import load_catalog_file
    from server.services.legal_details import from_catalog, legal_details, missing_for_invoice
    from server.settings import SettingsError, settings_from_env
    from server.storage.db import connect_read_only

    try:
        loaded = load_catalog_file(path)
    except CatalogError:
        return []  # reported by the engine check
    details = from_catalog(loaded.catalog.dealer)
    try:
        db_path = settings_from_env().db_path
    except SettingsError:
        db_path = None
    if db_path is not None and db_path.is_file():
        try:
            db = connect_read_only(db_path)
            try:
                details = legal_details(db, loaded.slug, loaded.catalog.dealer)
            finally:
                db.conn.close()
        except sqlite3.Error:
            pass  # not readable, or from before the company details: the catalog's values count
    missing = missing_for_invoice(details)
    if not missing:
        return []
    return [f"{path}: legal details an invoice must carry are missing: {', '.join(missing)} "
            "(fill them in on the back office's Company details page, or in [dealer.legal]); "
            "invoices are refused until then"]


def _webhook_problems(path: Path) -> list[str]:
    """The webhook URL is checked where the server would refuse it (its engine check knows no network)."""
    from server.engine.catalog import CatalogError
    from server.services.catalogs import load_catalog_file, webhook_refusal
    from server.settings import SettingsError, settings_from_env

    try:
        loaded = load_catalog_file(path)
        allow = settings_from_env().webhook_allow_private
    except (CatalogError, SettingsError):
        return []  # a broken file is already reported by the engine check; a bad setting by the server
    refusal = webhook_refusal(loaded, allow)
    return [f"{refusal.source}: {refusal.message}"] if refusal else []


def read_configuration(path: Path) -> Configuration | None:
    """A configuration from a JSON file, or None after saying on stderr what is wrong with it."""
    import msgspec

    from server.engine.configuration import Configuration

    try:
        return msgspec.json.decode(path.read_bytes(), type=Configuration)
    except (OSError, msgspec.DecodeError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return None


def price(args: argparse.Namespace) -> int:
    """Print the itemised price of a configuration with each line's formula and inputs."""
    from server.engine.evaluate import evaluate_detailed, vat_rows
    from server.engine.money import fmt
    from server.i18n.engine_words import say
    from server.i18n.lengths import format_size
    from server.services.catalogs import load_catalog_file

    loaded = load_catalog_file(args.catalog)
    config = read_configuration(args.config)
    if config is None:
        return 1
    lang = args.lang or loaded.catalog.dealer.languages[0]
    detailed = evaluate_detailed(loaded.compiled, config, lang)
    ev = detailed.evaluation
    cfg = ev.configuration
    size = format_size(cfg.width_mm or 0, cfg.height_mm or 0, lang, loaded.catalog.dealer.length_units)
    print(f"{loaded.catalog.dealer.name} — {cfg.product}, {size}, "
          f"layout {cfg.layout}, quantity {cfg.quantity} (catalog version {loaded.version[:12]})")
    if not ev.valid or detailed.item_price is None:
        for error in ev.errors:
            print(f"  error {error.field}: {say(error.message, lang, loaded.catalog.dealer.length_units)}")
        return 1
    # The window's own lines, then its fees once per order: the evaluate answer's document.
    lines = detailed.item_price.lines + detailed.fees
    subtotal, vat, total, rows = vat_rows(lines)
    units = loaded.catalog.dealer.length_units
    labels = [say(ln.label, lang, units) for ln in lines]
    width = max(len(label) for label in labels)
    for ln, label in zip(lines, labels, strict=True):
        print(f"  {label:<{width}}  {ln.quantity:>3} x {fmt(ln.unit_price):>9} = {fmt(ln.amount):>9}"
              f"  VAT {ln.vat_rate}%   [{ln.code}] {say(ln.formula, lang, units)}")
    print(f"  {'subtotal (excl. VAT)':<{width}}  {fmt(subtotal):>27}")
    for row in rows:
        print(f"  {'VAT ' + row.rate + '% on ' + row.base:<{width}}  {row.vat:>27}")
    print(f"  {'total':<{width}}  {fmt(total):>27} {loaded.catalog.dealer.currency}")
    return 0
