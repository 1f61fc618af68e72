"""A dealer's catalog in the database: one draft, numbered releases, the live one.

Each release is an exact TOML text in ``catalog_versions`` (by its sha256, the same hash requests
store), numbered 1.. per dealer in ``catalog_releases``; ``catalog_live`` says which one serves and
is written in the release's own transaction, so a publish is live in one step for every worker
that polls it (``server/services/catalogs.py``). A dealer has at most one draft; with none, the
draft is the live catalog.

Checks: saving runs the fast static check (references, translations, matrices, defaults) and
keeps its findings with the draft; publishing runs the full check with reachability, cached per
product in ``catalog_check_cache``, and is refused while any problem or unreachable choice is left.

A file-led dealer (every release so far came from ``catalogs/SLUG.toml``) follows its file; the
first release from the back office, the API, the CLI or a restore makes the dealer browser-led,
and from then on the file is ignored (logged once per file version).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import tomllib
from collections import OrderedDict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

import msgspec
import sqlite_utils

from server.engine.catalog import Catalog, CatalogError, decode_catalog
from server.engine.check import CheckReport, Finding, Reach, Words, check_catalog, check_product_reachability
from server.engine.compiled import CompiledCatalog, compile_catalog
from server.engine.messages import message
from server.engine.structure import structural_paths
from server.i18n.engine_words import say
from server.loaded_catalog import LoadedCatalog
from server.services.audit import record
from server.services.catalog_toml import catalog_to_toml, loose_decode
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound, Stale
from server.storage import catalog_store as store
from server.storage.db import write_transaction

__all__ = [
    "AMOUNT_MAX",
    "Draft",
    "FileImport",
    "Origin",
    "Release",
    "catalog_data_product",
    "draft_etag",
    "draft_of",
    "export_text",
    "full_check",
    "has_catalog",
    "import_file",
    "import_text",
    "loaded_draft",
    "loaded_release",
    "publish",
    "release_catalog",
    "releases",
    "restore",
    "save_draft",
    "save_draft_text",
    "static_findings",
]

Origin = Literal["file", "browser", "api", "cli", "restore"]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # as a catalog file's stem must be


class Draft(msgspec.Struct, frozen=True, kw_only=True):
    """A dealer's draft: the catalog, its TOML text, its ETag and the static check's findings.

    ``saved`` is False while there is no draft row (the draft is then the live release itself);
    ``base_number`` is the release it started from.
    """

    catalog: Catalog
    source: str
    hash: str
    etag: str
    base_number: int
    findings: list[Finding]
    updated_at: str
    updated_by: str
    saved: bool


class Release(msgspec.Struct, frozen=True, kw_only=True):
    """One numbered release."""

    number: int
    hash: str
    origin: str
    restored_from: int | None
    note: str
    published_at: str
    published_by: str


class FileImport(msgspec.Struct, frozen=True, kw_only=True):
    """What happened to a catalog file: released as ``number``, already live, or ignored (browser-led)."""

    number: int
    released: bool
    ignored: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draft_etag(digest: str) -> str:
    """The quoted ETag of a draft text with hash ``digest``."""
    return f'"{digest[:32]}"'


# Decoding and compiling a version costs tens of milliseconds: once per hash per process.
_CACHE_SIZE = 32
_decoded: OrderedDict[str, tuple[Catalog, CompiledCatalog]] = OrderedDict()
_reach_memo: OrderedDict[str, list[Finding]] = OrderedDict()
_lock = threading.Lock()


def _decode(digest: str, source: str, where: str) -> tuple[Catalog, CompiledCatalog]:
    with _lock:
        hit = _decoded.get(digest)
        if hit is not None:
            _decoded.move_to_end(digest)
            return hit
    catalog = decode_catalog(source, where)
    found = (catalog, compile_catalog(catalog))
    with _lock:
        _decoded[digest] = found
        while len(_decoded) > _CACHE_SIZE:
            _decoded.popitem(last=False)
    return found


def _release(row: store.ReleaseRow) -> Release:
    return Release(number=row.number, hash=row.hash, origin=row.origin, restored_from=row.restored_from,
                   note=row.note, published_at=row.published_at, published_by=row.published_by)


def _findings_json(findings: list[Finding]) -> str:
    return msgspec.json.encode(findings).decode()


def _findings(text: str) -> list[Finding]:
    return msgspec.json.decode(text, type=list[Finding])


def _head_source(db: sqlite_utils.Database, slug: str) -> tuple[store.LiveHead, str] | None:
    head = store.live_head(db, slug)
    if head is None:
        return None
    source = store.version_source(db, head.hash)
    return None if source is None else (head, source)


def draft_of(db: sqlite_utils.Database, slug: str, live: LoadedCatalog | None = None) -> Draft:
    """``slug``'s draft; with no draft row, the live release (``live`` when the caller holds it).

    Raises ``NotFound("catalog.unknown_dealer")`` for a dealer with no catalog at all.
    """
    row = store.draft_row(db, slug)
    if row is not None:
        catalog, _ = _decode(row.hash, row.source, f"db:{slug}#draft")
        return Draft(catalog=catalog, source=row.source, hash=row.hash, etag=draft_etag(row.hash),
                     base_number=row.base_number, findings=_findings(row.findings), updated_at=row.updated_at,
                     updated_by=row.updated_by, saved=True)
    head = _head_source(db, slug)
    if head is not None:
        number, digest, source, at = head[0].number, head[0].hash, head[1], head[0].changed_at
    elif live is not None:
        number, digest, source, at = live.number, live.version, live.source, ""
    else:
        raise NotFound("catalog.unknown_dealer", {"dealer": slug})
    catalog, _ = _decode(digest, source, f"db:{slug}#{number}")
    return Draft(catalog=catalog, source=source, hash=digest, etag=draft_etag(digest), base_number=number,
                 findings=[], updated_at=at, updated_by="", saved=False)


# Any figure of a catalog (an amount, a rate, a factor, a limit) at or past this is a problem: no window
# comes near, and the engine's sums in cents stay far inside Decimal's 28 digits (past them, a save 500'd).
AMOUNT_MAX = Decimal(10) ** 9


def _too_large(catalog: Catalog) -> list[Finding]:
    """A problem for each figure of ``catalog`` too large (or not finite) to price with, by its path."""
    text = _words(message("amount_too_large", max=AMOUNT_MAX), catalog.dealer.languages[0], catalog.dealer.units)
    found: list[Finding] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, Decimal):
            if not value.is_finite() or abs(value) >= AMOUNT_MAX:
                found.append(Finding(path=path, kind="problem", text=text))
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) >= AMOUNT_MAX:
                found.append(Finding(path=path, kind="problem", text=text))
        elif isinstance(value, dict):
            for name, item in value.items():
                walk(item, f"{path}.{name}" if path else str(name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                ident = item.get("id") if isinstance(item, dict) else None
                walk(item, f"{path}[{ident if isinstance(ident, str) else index}]")

    walk(msgspec.to_builtins(catalog, builtin_types=(Decimal,)), "")
    return found


def _checked(catalog: Catalog, reach: Reach | None) -> CheckReport:
    """The check of ``catalog``; a figure too large is a problem by its path, never an exception."""
    too_large = _too_large(catalog)
    if too_large:
        report = CheckReport()
        for finding in too_large:
            report.add("problem", finding.path, finding.text)
        return report
    try:
        return check_catalog(catalog, _words, reach=reach)
    except (ArithmeticError, RecursionError):  # decimal.InvalidOperation is one: a product too large still
        report = CheckReport()
        report.add("problem", "", _words(message("amount_too_large", max=AMOUNT_MAX), catalog.dealer.languages[0],
                                          catalog.dealer.units))
        return report


def static_findings(catalog: Catalog) -> list[Finding]:
    """The fast part of the check (no reachability): what saving a draft reports."""
    return _checked(catalog, None).findings


# Findings quote the engine's messages in the dealer's first language and units, as the CLI does.
_words: Words = say


def save_draft(db: sqlite_utils.Database, slug: str, catalog: Catalog, actor: str,
               if_match: str | None = None) -> Draft:
    """Keep ``catalog`` as ``slug``'s draft with the static check's findings; the live catalog is untouched.

    ``if_match`` is the ETag the editor read; another one raises ``Stale("catalog.draft.changed")`` (a Conflict).
    Saving the catalog the draft already is changes nothing.
    """
    current = draft_of(db, slug)
    if if_match is not None and if_match.strip() not in (current.etag, "*"):
        raise Stale("catalog.draft.changed", {"etag": current.etag})
    if msgspec.json.encode(catalog) == msgspec.json.encode(current.catalog):
        return current
    source = catalog_to_toml(catalog)
    digest = _digest(source)
    # Decode what was written, so the draft is exactly what its text says (and proves the text reads back).
    decoded, _ = _decode(digest, source, f"db:{slug}#draft")
    findings = static_findings(decoded)
    at = _now()
    row = store.DraftRow(dealer=slug, source=source, hash=digest, base_number=current.base_number,
                         findings=_findings_json(findings), updated_at=at, updated_by=actor)
    with write_transaction(db):
        # Checked again under the write lock: two saves from the same ETag, one wins.
        latest = store.draft_row(db, slug)
        latest_hash = latest.hash if latest is not None else current.hash
        if if_match is not None and latest_hash != current.hash:
            raise Stale("catalog.draft.changed", {"etag": draft_etag(latest_hash)})
        store.store_draft(db, row)
        # Field names as the back office words them (admin.catalog_draft, ...: the audit page's column).
        record(db, slug, actor, "catalog.draft_save", "catalog", before={"catalog_draft": current.hash[:12]},
               after={"catalog_draft": digest[:12],
                      "catalog_problems": sum(1 for f in findings if f.kind == "problem")})
    return Draft(catalog=decoded, source=source, hash=digest, etag=draft_etag(digest),
                 base_number=current.base_number, findings=findings, updated_at=at, updated_by=actor, saved=True)


def _parse(body: bytes, media_type: str) -> object:
    """JSON or TOML tables from a body; raises Invalid naming the syntax error."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid([FieldProblem(field="$", code="catalog.syntax", params={"message": "not UTF-8 text"})],
                      code="catalog.draft.invalid") from None
    try:
        if "toml" in media_type:
            return tomllib.loads(text, parse_float=Decimal)
        return json.loads(text, parse_float=Decimal)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise Invalid([FieldProblem(field="$", code="catalog.syntax", params={"message": str(exc)})],
                      code="catalog.draft.invalid") from None
    except RecursionError:
        raise _too_deep() from None


def _too_deep() -> Invalid:
    """Arrays or tables nested past what any catalog needs (Python's recursion limit): a syntax problem."""
    return Invalid([FieldProblem(field="$", code="catalog.syntax", params={"message": "nested too deeply"})],
                   code="catalog.draft.invalid")


def save_draft_text(db: sqlite_utils.Database, slug: str, body: bytes, media_type: str, actor: str,
                    if_match: str | None = None) -> Draft:
    """Save a draft sent as JSON or TOML (``media_type``); every structural problem at once.

    Raises ``Invalid(code="catalog.draft.invalid")`` listing each wrong field and stores nothing then.
    """
    try:
        decoded = loose_decode(_parse(body, media_type), f"db:{slug}#draft")
    except RecursionError:  # parsed, but nested too deeply to walk
        raise _too_deep() from None
    if isinstance(decoded, list):
        raise Invalid(decoded, code="catalog.draft.invalid")
    return save_draft(db, slug, decoded, actor, if_match)


def _reach_key(catalog: Catalog, product_id: str) -> str:
    product = catalog.product(product_id)
    assert product is not None
    body = msgspec.json.encode([catalog_data_product(product), catalog.dealer.languages, catalog.dealer.units])
    return hashlib.sha256(body).hexdigest()


def catalog_data_product(product: object) -> object:
    """A product as the tables its JSON is hashed from (the check cache's key)."""
    return msgspec.to_builtins(product, builtin_types=(Decimal,), enc_hook=str)


def full_check(db: sqlite_utils.Database, catalog: Catalog) -> CheckReport:
    """The whole check, reachability included, answered per product from ``catalog_check_cache``."""

    def reach(compiled: CompiledCatalog, product_id: str) -> list[Finding]:
        key = _reach_key(compiled.catalog, product_id)
        with _lock:
            memo = _reach_memo.get(key)
        if memo is not None:
            return memo
        cached = store.cached_findings(db, key)
        if cached is not None:
            found = _findings(cached)
        else:
            found = check_product_reachability(compiled, product_id)
            with write_transaction(db):
                store.store_findings(db, key, _findings_json(found), _now())
        with _lock:
            _reach_memo[key] = found
            while len(_reach_memo) > 256:
                _reach_memo.popitem(last=False)
        return found

    return _checked(catalog, reach)


def _refusal(report: CheckReport) -> Invalid:
    bad = [f for f in report.findings if f.kind in ("problem", "unreachable")]
    problems = [FieldProblem(field=f.path or "$", code="catalog.finding", params={"kind": f.kind, "text": f.text})
                for f in bad]
    return Invalid(problems, code="catalog.publish.refused", params={"count": len(bad)})


def _check_base(head: store.LiveHead | None, base_number: int, confirm_base: int | None) -> None:
    """Refuse a draft started on an older live version unless the publish names the live number it overrides."""
    if head is not None and head.number != base_number and confirm_base != head.number:
        raise Conflict("catalog.publish.base_moved", {"live": head.number, "base": base_number})


def _make_release(db: sqlite_utils.Database, slug: str, source: str, origin: Origin, actor: str, note: str,
                  restored_from: int | None = None, drop_draft: str | None = None,
                  base: tuple[int, int | None] | None = None) -> Release:
    """Store ``source`` as the next release; ``drop_draft`` is the hash of the draft it publishes.

    Only that draft is deleted: one a colleague saved meanwhile stays. ``base`` (the draft's base number,
    the confirmed live number) is checked again under the write lock.
    """
    digest = _digest(source)
    at = _now()
    with write_transaction(db):
        store.insert_version(db, digest, slug, source, at)
        before = store.live_head(db, slug)
        if base is not None:
            _check_base(before, *base)
        number = store.insert_release(db, slug, digest, origin, at, actor, note, restored_from)
        if drop_draft is not None:
            store.delete_draft(db, slug, drop_draft)
        record(db, slug, actor, "catalog.restore" if restored_from is not None else "catalog.publish", "catalog",
               before={"catalog_version": before.number if before else None},
               after={"catalog_version": number, "catalog_origin": origin, "catalog_hash": digest[:12]})
    return Release(number=number, hash=digest, origin=origin, restored_from=restored_from, note=note,
                   published_at=at, published_by=actor)


def publish(db: sqlite_utils.Database, slug: str, actor: str, note: str = "",
            origin: Origin = "browser", if_match: str | None = None, confirm_base: int | None = None) -> Release:
    """Make the draft the next release, live at once; the draft published is gone after.

    ``if_match`` is the ETag of the draft the publisher saw: another one raises
    ``Stale("catalog.draft.changed")``. A draft started on an older live version than the one serving
    (a file-led change, a restore or an import came after it) would undo that version: refused with
    ``Conflict("catalog.publish.base_moved")`` unless ``confirm_base`` names the live number.
    Refused with ``Invalid(code="catalog.publish.refused")`` listing every problem and unreachable
    choice; ``Conflict("catalog.publish.no_draft")`` when there is no draft to publish.
    A draft saved while the check ran is kept (only the published one is deleted).
    """
    row = store.draft_row(db, slug)
    if row is None:
        raise Conflict("catalog.publish.no_draft")
    if if_match is not None and if_match.strip() not in (draft_etag(row.hash), "*"):
        raise Stale("catalog.draft.changed", {"etag": draft_etag(row.hash)})
    _check_base(store.live_head(db, slug), row.base_number, confirm_base)
    catalog, _ = _decode(row.hash, row.source, f"db:{slug}#draft")
    report = full_check(db, catalog)
    if not report.ok:
        raise _refusal(report)
    return _make_release(db, slug, row.source, origin, actor, note, drop_draft=row.hash,
                         base=(row.base_number, confirm_base))


def restore(db: sqlite_utils.Database, slug: str, number: int, actor: str) -> Release:
    """Serve release ``number`` again, as a new release (origin 'restore'); ``NotFound`` when there is none."""
    row = store.release_row(db, slug, number)
    source = store.version_source(db, row.hash) if row is not None else None
    if row is None or source is None:
        raise NotFound("catalog.version.not_found", {"number": number})
    return _make_release(db, slug, source, "restore", actor, "", restored_from=number)


def releases(db: sqlite_utils.Database, slug: str) -> list[Release]:
    """``slug``'s releases, newest first."""
    return [_release(r) for r in store.release_rows(db, slug)]


def loaded_release(slug: str, number: int, origin: str, digest: str, source: str) -> LoadedCatalog:
    """A release as the server holds it (decoded and compiled once per hash per process)."""
    catalog, compiled = _decode(digest, source, f"db:{slug}#{number}")
    return LoadedCatalog(slug=slug, path=f"db:{slug}#{number}", catalog=catalog, compiled=compiled,
                         version=digest, source=source, mtime_ns=0, number=number, origin=origin)


def release_catalog(db: sqlite_utils.Database, slug: str, number: int) -> LoadedCatalog:
    """Release ``number`` of ``slug``; ``NotFound("catalog.version.not_found")`` when there is none."""
    row = store.release_row(db, slug, number)
    source = store.version_source(db, row.hash) if row is not None else None
    if row is None or source is None:
        raise NotFound("catalog.version.not_found", {"number": number})
    return loaded_release(slug, number, row.origin, row.hash, source)


def loaded_draft(db: sqlite_utils.Database, slug: str, live: LoadedCatalog | None = None) -> LoadedCatalog:
    """The draft as a catalog the engine can serve (a preview); never stored with a request."""
    draft = draft_of(db, slug, live)
    _, compiled = _decode(draft.hash, draft.source, f"db:{slug}#draft")
    return LoadedCatalog(slug=slug, path=f"db:{slug}#draft", catalog=draft.catalog, compiled=compiled,
                         version=draft.hash, source=draft.source, mtime_ns=0, number=draft.base_number,
                         origin="draft")


def _strict(text: str, where: str) -> Catalog:
    """The catalog of a TOML text, or Invalid with every structural problem."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid([FieldProblem(field="$", code="catalog.syntax", params={"message": str(exc)})],
                      code="catalog.draft.invalid") from None
    found = structural_paths(data)
    if not found:
        try:
            return decode_catalog(text, where)
        except CatalogError as exc:
            found = [("", exc.message)]
    raise Invalid([FieldProblem(field=p or "$", code="catalog.structure", params={"message": m}) for p, m in found],
                  code="catalog.draft.invalid")


def import_text(db: sqlite_utils.Database, slug: str, text: str, origin: Origin, actor: str,
                draft_only: bool = False, note: str = "") -> Release | Draft:
    """Take a TOML text in: as the draft (``draft_only``), or checked and published as it is.

    The release keeps the exact text (its hash is the text's sha256). Raises Invalid as
    :func:`save_draft_text` and :func:`publish` do.
    """
    if not _SLUG.match(slug):
        raise Invalid([FieldProblem(field="slug", code="catalog.slug", params={"slug": slug[:70]})],
                      code="catalog.draft.invalid")
    catalog = _strict(text, f"{slug}.toml")
    if draft_only:
        return save_draft(db, slug, catalog, actor)
    report = full_check(db, catalog)
    if not report.ok:
        raise _refusal(report)
    return _make_release(db, slug, text, origin, actor, note)


def export_text(db: sqlite_utils.Database, slug: str, number: int | None = None) -> str:
    """The exact text of release ``number`` (default: the live one)."""
    if number is None:
        head = store.live_head(db, slug)
        if head is None:
            raise NotFound("catalog.unknown_dealer", {"dealer": slug})
        number = head.number
    row = store.release_row(db, slug, number)
    source = store.version_source(db, row.hash) if row is not None else None
    if source is None:
        raise NotFound("catalog.version.not_found", {"number": number})
    return source


def import_file(db: sqlite_utils.Database, slug: str, source: str, digest: str) -> FileImport:
    """A catalog file's text as ``slug``'s next release while the dealer is file-led.

    Under the write lock, so two workers seeing the same change make one release. A dealer with
    no release gets this as release 1; a browser-led dealer's file is ignored (``ignored``).
    """
    with write_transaction(db):
        head = store.live_head(db, slug)
        if head is not None and head.hash == digest:
            return FileImport(number=head.number, released=False, ignored=False)
        if head is not None and head.browser_led:
            return FileImport(number=head.number, released=False, ignored=True)
        at = _now()
        store.insert_version(db, digest, slug, source, at)
        number = store.insert_release(db, slug, digest, "file", at, "file")
    return FileImport(number=number, released=True, ignored=False)


def has_catalog(db: sqlite_utils.Database, slug: str) -> bool:
    """True when ``slug`` has a release in the database (a dealer may exist there without a file)."""
    return store.live_head(db, slug) is not None
