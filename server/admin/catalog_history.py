"""The catalog's versions and publishing: ``/admin/catalog/versions`` and ``/admin/catalog/publish``.

The history lists every release (number, who, when, how it was made, its note); a release opens as
what changed against another one, in words (:mod:`server.admin.catalog_diff_words`), and can be
restored, which makes a new release. The publish page shows what the draft changes (in words and in
the playground's prices) and the check; publishing refused shows every problem. No JavaScript.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.params import PathParameter

from server.admin.auth import field
from server.admin.catalog_diff_words import Worded, word_change
from server.admin.catalog_playground import playground_view
from server.admin.core import Auth, Db, Form, PageError, dealer_of, render
from server.admin.core import redirect as go
from server.admin.errors import page_words, words
from server.admin.requests import actor_label
from server.admin.texts import texts
from server.engine.catalog_diff import diff_catalogs
from server.loaded_catalog import LoadedCatalog
from server.services.catalog_preview import as_served
from server.services.catalog_versions import (
    Release,
    draft_of,
    loaded_draft,
    publish,
    release_catalog,
    releases,
    restore,
)
from server.services.errors import Conflict, Invalid, NotFound, Stale

__all__ = ["ROUTES"]

# A path parameter read as text: the role gate answers before any handler, whatever follows the slash,
# and a number that is not one is as unknown as a release that does not exist (404).
Number = Annotated[str, PathParameter(max_length=12)]
NOTE_MAX = 500
_TOP = 10  # rows of the playground the publish page shows (the playground page has them all)


def _live(request: Request, session: Auth) -> LoadedCatalog:
    loaded = dealer_of(request, session)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def _forget(request: Request, slug: str) -> None:
    """This worker serves the new release at once (the others follow the polled head)."""
    store = request.app.state.catalogs
    forget = getattr(store, "forget", None) or store.forget_overrides
    forget(slug)


def _worded(old: LoadedCatalog, new: LoadedCatalog, lang: str) -> list[Worded]:
    dealer = new.catalog.dealer
    found = []
    for change in diff_catalogs(old.catalog, new.catalog):
        try:
            found.append(word_change(change, lang, dealer.currency, dealer.length_units))
        except ArithmeticError:  # an amount too large to write as money (a draft PUT through the API)
            found.append(Worded(text=f"{change.before} → {change.after}", context="", action=change.action,
                                path=change.path))
    return found


@get("/catalog/versions", opt={"role": "owner"}, sync_to_thread=True)
def versions_page(request: Request, db: Db, session: Auth) -> Response:
    """Every release, newest first: its number, who made it and when, how (browser, file, restore...), its note."""
    live = _live(request, session)
    found = releases(db, session.dealer)
    done = request.query_params.get("done")
    number = request.query_params.get("n")
    t = texts(session.user.lang)
    notice = t[f"history_{done}"].format(n=number) if done in ("published", "restored") and number else ""
    draft = draft_of(db, session.dealer, live)
    return render(request, "catalog_versions.html", section="catalog", releases=found, live_number=live.number,
                  has_draft=draft.saved, history_notice=notice, actor=lambda a: actor_label(a, session.user.lang))


def _number(text: str) -> int:
    """A release number from the URL: ASCII digits, 1..2**31 (SQLite's integers overflow past 2**63); else 404."""
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or not 1 <= int(text) <= 2**31:
        raise PageError(404, "error_404")
    return int(text)


def _release_or_404(db: Db, slug: str, number: int) -> LoadedCatalog:
    try:
        return release_catalog(db, slug, number)
    except NotFound:
        raise PageError(404, "error_404") from None


@get("/catalog/versions/{number:str}", opt={"role": "owner"}, sync_to_thread=True)
def version_page(request: Request, db: Db, session: Auth, number: Number) -> Response:
    """Release ``number`` as what changed against release ``against`` (default the one before it), in words."""
    return _version_page(request, db, session, _number(number))


def _version_page(request: Request, db: Db, session: Auth, number: int) -> Response:
    new = _release_or_404(db, session.dealer, number)
    found = releases(db, session.dealer)
    raw = request.query_params.get("against")
    against = _number(raw) if isinstance(raw, str) and raw.isdigit() else number - 1  # bounded, or 404
    release: Release | None = next((r for r in found if r.number == number), None)
    old = _release_or_404(db, session.dealer, against) if against >= 1 else None
    changes = _worded(old, new, session.user.lang) if old is not None else []
    return render(request, "catalog_version.html", section="catalog", number=number, against=against if old else 0,
                  release=release, releases=found, changes=changes, live_number=_live(request, session).number,
                  actor=lambda a: actor_label(a, session.user.lang))


@post("/catalog/versions/{number:str}/restore", opt={"role": "owner"}, sync_to_thread=True)
def restore_form(request: Request, db: Db, session: Auth, number: Number) -> Response:
    """Serve release ``number`` again as a new release (the history keeps every one)."""
    try:
        made = restore(db, session.dealer, _number(number), session.user.actor)
    except NotFound:
        raise PageError(404, "error_404") from None
    _forget(request, session.dealer)
    return go(f"/admin/catalog/versions?done=restored&n={made.number}")


def _publish_page(request: Request, db: Db, session: Auth, status: int = 200, note: str = "",
                  refusal: list[dict[str, str]] | None = None, error: str = "") -> Response:
    live = _live(request, session)
    draft = draft_of(db, session.dealer, live)
    raw_draft = loaded_draft(db, session.dealer, live)
    # Prices compare the draft as it will serve (the saved settings and branding win over its [dealer], as
    # over the live one's) with the live catalog as it serves.
    view = playground_view(db, session, live, as_served(db, session.dealer, raw_draft))
    findings = [{"path": f.path, "kind": f.kind, "text": f.text} for f in draft.findings]
    # The words compare the raw live release with the raw draft: settings and branding overlay the live
    # catalog as it serves, never the draft, and publishing leaves them as they are.
    try:
        raw_live = release_catalog(db, session.dealer, live.number)
    except NotFound:
        raw_live = live  # a store without releases (the file itself serves)
    t = texts(session.user.lang)
    moved = draft.saved and live.number != draft.base_number
    warning = words(t, "catalog.publish.base_moved", {"live": live.number, "base": draft.base_number}) if moved else ""
    return render(request, "catalog_publish.html", status=status, section="catalog", has_draft=draft.saved,
                  changes=_worded(raw_live, raw_draft, session.user.lang), findings=findings, note=note,
                  refusal=refusal or [], error=error, top=[r for r in view["rows"] if r["row"].changed][:_TOP],
                  **{k: view[k] for k in ("changed", "priced", "cut", "largest_up", "largest_down")},
                  base_number=draft.base_number, live_number=live.number, etag=draft.etag,
                  base_moved=warning)


@get("/catalog/publish", opt={"role": "owner"}, sync_to_thread=True)
def publish_page(request: Request, db: Db, session: Auth) -> Response:
    """What publishing the draft changes (words and prices), the check, and the form with a note."""
    return _publish_page(request, db, session)


@post("/catalog/publish", opt={"role": "owner"}, sync_to_thread=True)
def publish_form(request: Request, db: Db, session: Auth, form: Form) -> Response:
    """Make the draft the next release; refused, the page lists every problem by where it is."""
    t = texts(session.user.lang)
    note = " ".join(field(form, "note", NOTE_MAX + 100).split())
    if len(note) > NOTE_MAX:
        return _publish_page(request, db, session, status=422, note=note,
                             error=t["field_too_long"].format(n=NOTE_MAX))
    etag = field(form, "etag", 100) or None
    confirmed = field(form, "confirm_base", 12)
    confirm_base = int(confirmed) if confirmed.isdigit() and len(confirmed) <= 10 else None
    try:
        made = publish(db, session.dealer, session.user.actor, note, if_match=etag, confirm_base=confirm_base)
    except Stale as exc:
        return _publish_page(request, db, session, status=412, note=note, error=page_words(t, exc))
    except Invalid as exc:
        refusal = [{"path": p.field, "kind": str(p.params.get("kind", "")), "text": str(p.params.get("text", ""))}
                   for p in exc.problems]
        return _publish_page(request, db, session, status=422, note=note, refusal=refusal)
    except Conflict as exc:
        return _publish_page(request, db, session, status=409, note=note, error=page_words(t, exc))
    _forget(request, session.dealer)
    return go(f"/admin/catalog/versions?done=published&n={made.number}")


ROUTES = [versions_page, version_page, restore_form, publish_page, publish_form]
