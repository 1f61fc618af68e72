"""What every page of the catalog editor shares: the draft, saving into it, form fields, findings by field.

Each editor page reads the dealer's draft (the live catalog while there is none), applies one
pure edit of :mod:`server.services.catalog_edit` and saves the result through
:func:`server.services.catalog_versions.save_draft`; the live catalog never changes here
(publishing is its own page). A form's mistakes come back as field problems, shown next to
their field with what was typed kept; the draft's check findings are shown next to the field
they are about, the rest at the top of the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from litestar import Request, Response
from litestar.datastructures import State

from server.admin.auth import field
from server.admin.core import Auth, Db, Form, PageError, render
from server.admin.errors import form_errors
from server.admin.texts import texts
from server.engine.catalog import Catalog, Product
from server.engine.i18n import pick
from server.services.catalog_versions import Draft, draft_of, save_draft
from server.services.catalogs import LoadedCatalog
from server.services.errors import FieldProblem, Invalid, Stale
from server.services.price_forms import read_number

__all__ = ["CHANGED", "OWNER", "Problems", "changed_meanwhile", "draft_page", "editor_draft", "field_errors",
           "form_status", "labels_of", "langs_of", "live_of", "number", "picker", "place_findings", "product_of",
           "save_edit", "split_findings"]

OWNER = {"role": "owner"}
# The "field" of a save refused because the draft changed since the form was shown: a notice above the form.
CHANGED = "draft"


class Problems(list[FieldProblem]):
    """The field problems one form collects before anything is saved."""

    def note_problem(self, name: str, code: str, **params: Any) -> None:
        self.append(FieldProblem(field=name, code=code, params=params))

    def check(self) -> None:
        """Raise them all at once, if there are any."""
        if self:
            raise Invalid(list(self), code="editor.invalid")


def picker(session: Auth) -> Callable[[Mapping[str, str]], str]:
    """A label in the user's language (else English, else any): the pages' ``pick``."""
    return lambda labels: pick(labels, session.user.lang)


def live_of(state: State, session: Auth) -> LoadedCatalog:
    """The session's dealer's live catalog (404 when the dealer has none)."""
    loaded = state.catalogs.get(session.dealer)
    if loaded is None:
        raise PageError(404, "error_404")
    return loaded


def editor_draft(db: Db, state: State, session: Auth) -> Draft:
    """The session's dealer's draft (the live catalog while there is none): what every editor and price page edits."""
    live = live_of(state, session)
    return draft_of(db, live.slug, live)


def product_of(catalog: Catalog, pid: str) -> Product:
    """The product ``pid`` of ``catalog``, or the page's 404."""
    product = catalog.product(pid)
    if product is None:
        raise PageError(404, "error_404")
    return product


def langs_of(catalog: Catalog) -> list[str]:
    """The languages the dealer's texts are written in (the catalog's own list)."""
    return list(catalog.dealer.languages)


def number(form: Form, name: str, problems: Problems, *, required: bool = True, decimal: bool = False,
           money: bool = False, limit: int = 30) -> Any:
    """The field ``name`` as an int (or a Decimal), read as the price pages read theirs (:func:`read_number`).

    Never below zero; a problem of its field when it is not a number (or missing and required).
    """
    text = field(form, name, limit).strip()
    if not text:
        if required:
            problems.note_problem(name, "editor.number.missing")
        return None
    value, problem = read_number(text, name, whole=not (decimal or money), money=money, low=Decimal(0))
    if problem is not None:
        problems.append(problem)
        return None
    return value if decimal or money else int(value)  # type: ignore[arg-type]


def labels_of(form: Form, name: str, langs: Iterable[str], limit: int = 200) -> dict[str, str]:
    """``name.nl``, ``name.en``, ... as one labels dict (empty languages kept empty for the edit to drop)."""
    return {lang: field(form, f"{name}.{lang}", limit * 2) for lang in langs}


def field_errors(session: Auth, exc: Invalid) -> dict[str, str]:
    """The form's problems in the user's words, by field."""
    return form_errors(texts(session.user.lang), exc)


def split_findings(draft: Draft, prefix: str, fields: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """The draft's findings under ``prefix``: by the first of ``fields`` each is about, and the rest.

    A finding at ``products[p].label`` belongs to the field ``label.nl`` (and a finding at
    ``products[p].width.min`` to ``width.min``); one that no field of the page holds is listed at
    the top. Findings of other things than this page's are not shown here.
    """
    by_field: dict[str, str] = {}
    others: list[str] = []
    for finding in draft.findings:
        if finding.kind not in ("problem", "unreachable", "warning"):
            continue
        path = finding.path
        if prefix and not (path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")):
            continue
        rest = path[len(prefix):].lstrip(".")
        name = place_findings(rest, fields)
        if name is None:
            others.append(finding.text)
        else:
            by_field.setdefault(name, finding.text)
    return by_field, others


def place_findings(rest: str, fields: Sequence[str]) -> str | None:
    """The first form field a finding at ``rest`` is about: the same path, or one inside the other."""
    if not rest:
        return None
    for name in fields:
        if rest == name or rest.startswith(name + ".") or name.startswith(rest + "."):
            return name
    return None


def draft_page(request: Request, template: str, draft: Draft, prefix: str, fields: Sequence[str],
               values: Mapping[str, Any], errors: Mapping[str, str] | None = None, status: int = 200,
               **context: Any) -> Response[bytes]:
    """An editor page: the form's values, its errors and the draft's findings next to the fields."""
    findings, top = split_findings(draft, prefix, fields)
    shown = {**findings, **(errors or {})}
    product = context.get("product")
    back = f"/admin/catalog/products/{product.id}" if product is not None else "/admin/catalog"
    return render(request, template, status=status, section="catalog", draft=draft, values=values, errors=shown,
                  pick=picker(request.state.admin_session), changed_back=back,
                  form_failed=bool(set(errors or {}) - {CHANGED}), top_findings=top, **context)


def changed_meanwhile(exc: Stale) -> Invalid:
    """A save refused because the draft changed since the form was shown, as the form's problem.

    The editor and the price pages answer it the same way: the form again with what was typed and a
    notice above it (:data:`CHANGED`) that the draft changed meanwhile, status 409 (:func:`form_status`).
    """
    return Invalid([FieldProblem(field=CHANGED, code="editor.draft_changed")], code="editor.invalid")


def form_status(exc: Invalid) -> int:
    """409 when the draft changed meanwhile, else 422 (the form's own mistakes)."""
    return 409 if any(p.field == CHANGED for p in exc.problems) else 422


def save_edit(db: Db, state: State, session: Auth, form: Form, change: Callable[[Catalog], Catalog]) -> Draft:
    """Apply ``change`` to the draft and save it (``etag`` of the form: refused when someone saved meanwhile)."""
    live = live_of(state, session)
    draft = editor_draft(db, state, session)
    etag = field(form, "etag", 200) or None
    try:
        return save_draft(db, live.slug, change(draft.catalog), session.user.actor, if_match=etag)
    except Stale as exc:
        raise changed_meanwhile(exc) from None
