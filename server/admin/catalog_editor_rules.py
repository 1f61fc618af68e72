"""The editor's rules: a form by kind (requires, excludes, only when, a numeric limit) or any condition typed.

A rule is shown in words in the user's language (:func:`rule_words`); while the form is typed,
``/admin/static/catalog.js`` posts it to ``.../rules/words`` and shows the answer (the rule in
words, or what is wrong with it). Without JavaScript the same words come after saving. "Try"
reads the saved rule on the product's default window and says whether it holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import Parameter

from server.admin.auth import field
from server.admin.catalog_editor_base import (
    OWNER,
    Problems,
    draft_page,
    editor_draft,
    field_errors,
    form_status,
    labels_of,
    langs_of,
    live_of,
    number,
    product_of,
    save_edit,
)
from server.admin.core import Auth, Db, Form, PageError, csp, render
from server.admin.core import redirect as go
from server.admin.errors import form_errors
from server.admin.texts import texts
from server.engine.catalog import FIGURES, Condition, Product, Rule
from server.engine.configuration import Configuration
from server.engine.i18n import pick
from server.i18n.engine_words import say
from server.services import catalog_edit as edit
from server.services.catalog_rule_try import try_rule
from server.services.catalog_versions import Draft, draft_of, loaded_draft
from server.services.errors import Invalid

__all__ = ["KINDS", "ROUTES", "condition_words", "rule_words"]

Pid = Parameter(max_length=64)
KINDS = ("requires", "excludes", "only_when", "limit", "advanced")
OPS = ("le", "lt", "ge", "gt", "eq")
CATALOG_JS = Path(__file__).resolve().parent / "static" / "catalog.js"
_FIELDS = ("id", "kind", "a_group", "a_value", "b_group", "b_value", "figure", "op", "amount", "when_text",
           "require_text")


# --- words --------------------------------------------------------------------------------------------------------

def _number(value: Decimal | int) -> str:
    """``2000`` for 2000 and 2000.0, ``2.5`` for 2.50: the number as a person writes it."""
    value = Decimal(str(value))
    return format(value.normalize(), "f") if value == value.to_integral() else str(value.normalize())


def condition_words(cond: Condition, t: Mapping[str, str], lang: str, product: Product | None) -> str:
    """One condition in words: groups and values by their labels in ``lang`` when ``product`` has them."""
    groups = {g.id: g for g in product.options} if product else {}

    def group(gid: str) -> str:
        return pick(groups[gid].label, lang) if gid in groups else gid

    def value(gid: str, vid: str) -> str:
        found = next((v for v in groups[gid].values if v.id == vid), None) if gid in groups else None
        return pick(found.label, lang) if found else vid

    def join(items: Sequence[str]) -> str:
        return ", ".join(items)

    if cond.all is not None:
        return f" {t['editor_word_and']} ".join(f"({condition_words(c, t, lang, product)})" for c in cond.all)
    if cond.any is not None:
        return f" {t['editor_word_or']} ".join(f"({condition_words(c, t, lang, product)})" for c in cond.any)
    if cond.not_ is not None:
        return t["editor_word_not"].format(what=condition_words(cond.not_, t, lang, product))
    if cond.option is not None:
        if cond.equals is not None:
            return t["editor_word_option_is"].format(group=group(cond.option), value=value(cond.option, cond.equals))
        return t["editor_word_option_in"].format(group=group(cond.option),
                                                 values=join([value(cond.option, v) for v in cond.in_ or []]))
    if cond.figure is not None:
        what = t[f"editor_figure_{cond.figure}"]
        if cond.section is not None:
            what = t["editor_word_of_section"].format(what=what, section=cond.section)
        if cond.le_property is not None:
            return t["editor_word_le_property"].format(what=what, property=cond.le_property)
        op, amount = next((o, getattr(cond, o)) for o in OPS if getattr(cond, o) is not None)
        return t[f"editor_word_{op}"].format(what=what, amount=_number(amount))
    if cond.layout_in is not None:
        labels = {x.id: pick(x.label, lang) for x in product.layouts} if product else {}
        return t["editor_word_layout_in"].format(layouts=join([labels.get(x, x) for x in cond.layout_in]))
    if cond.any_opening_in is not None:
        return t["editor_word_any_opening"].format(openings=join(cond.any_opening_in))
    if cond.opening_in is not None:
        return t["editor_word_section_opening"].format(section=cond.section, openings=join(cond.opening_in))
    return t["editor_word_section_fill"].format(section=cond.section, fill=t.get(f"editor_fill_{cond.fill}", cond.fill))


def rule_words(rule: Rule, lang: str, product: Product | None = None) -> str:
    """The rule as a sentence in ``lang``: "If <when>: <require>." or "Always: <require>."."""
    t = texts(lang)
    require = condition_words(rule.require, t, lang, product)
    if rule.when is None:
        return t["editor_rule_always"].format(require=require)
    return t["editor_rule_if"].format(when=condition_words(rule.when, t, lang, product), require=require)


# --- the form -----------------------------------------------------------------------------------------------------


def _conditions(form: Form, product: Product) -> tuple[Condition | None, Condition]:
    """The form's ``when`` and ``require`` for its kind; every problem by its field."""
    kind = field(form, "kind", 20)

    def option(side: str) -> Condition:
        return edit.option_condition(product, field(form, f"{side}_group", 80), field(form, f"{side}_value", 80), side)

    if kind == "requires":
        return option("a"), option("b")
    if kind == "excludes":
        return option("a"), Condition(not_=option("b"))
    if kind == "only_when":
        return option("b"), option("a")
    if kind == "limit":
        problems = Problems()
        figure, op = field(form, "figure", 40), field(form, "op", 4)
        amount = number(form, "amount", problems, decimal=True)
        if figure not in FIGURES:
            problems.note_problem("figure", "editor.rule.figure")
        if op not in OPS:
            problems.note_problem("op", "editor.rule.op")
        problems.check()
        when = option("a") if field(form, "a_group", 80) else None
        try:
            return when, Condition(figure=figure, **{op: amount})  # type: ignore[arg-type]
        except ValueError:  # a section figure without its section: only the advanced form can name one
            raise Invalid([edit.FieldProblem(field="figure", code="editor.rule.figure")], code="editor.invalid") \
                from None
    if kind == "advanced":
        when_text = field(form, "when_text", edit.MAX_CONDITION_CHARS + 1)
        when = edit.parse_condition(when_text, "when_text", product) if when_text.strip() else None
        return when, edit.parse_condition(field(form, "require_text", edit.MAX_CONDITION_CHARS + 1), "require_text",
                                          product)
    raise Invalid([edit.FieldProblem(field="kind", code="editor.rule.kind")], code="editor.invalid")


def _rule_of(form: Form, product: Product, langs: list[str], rid: str) -> Rule:
    """The rule the form describes (not saved), with a placeholder message when none is typed yet."""
    when, require = _conditions(form, product)
    message = {k: v.strip() for k, v in labels_of(form, "message", langs).items() if v.strip()}
    return Rule(id=rid or "new", when=when, require=require,
                message=message or {langs[0]: "-"})  # type: ignore[arg-type]  # the dealer's languages


def _rule_values(rule: Rule) -> dict[str, Any]:
    """The form for a saved rule: the kind it fits, else the advanced text."""
    values: dict[str, Any] = {"id": rule.id, **{f"message.{k}": v for k, v in rule.message.items()}}
    when, req = rule.when, rule.require
    if when is not None and when.option and when.equals and req.option and req.equals:
        return values | {"kind": "requires", "a_group": when.option, "a_value": when.equals, "b_group": req.option,
                         "b_value": req.equals}
    neg = req.not_
    if when is not None and when.option and when.equals and neg is not None and neg.option and neg.equals:
        return values | {"kind": "excludes", "a_group": when.option, "a_value": when.equals, "b_group": neg.option,
                         "b_value": neg.equals}
    op = next((o for o in OPS if getattr(req, o) is not None), None)
    if req.figure and req.section is None and op and (when is None or (when.option and when.equals)):
        return values | {"kind": "limit", "figure": req.figure, "op": op, "amount": _number(getattr(req, op)),
                         "a_group": when.option if when else "", "a_value": when.equals if when else ""}
    return values | {"kind": "advanced", "require_text": msgspec.json.encode(req).decode(),
                     "when_text": msgspec.json.encode(when).decode() if when else ""}


def _page(request: Request, draft: Draft, product: Product, rule: Rule | None, values: dict[str, Any],
          errors: dict[str, str] | None = None, status: int = 200, trial: Any = None,
          trial_problems: list[str] | None = None) -> Response:
    langs = langs_of(draft.catalog)
    fields = [*_FIELDS, *(f"message.{lang}" for lang in langs)]  # when/require findings: at the top
    prefix = f"products[{product.id}].rules[{rule.id if rule else '-'}]"
    lang = _lang(request)
    t = texts(lang)
    groups = {g.id: pick(g.label, lang) for g in product.options}
    value_names = {v.id: f"{pick(v.label, lang)} ({groups[g.id]})" for g in product.options for v in g.values}
    pickers = {"lambda_kind": lambda k: t[f"editor_kind_{k}"], "group_label": lambda g: groups.get(g, "–"),
               "value_label": lambda v: value_names.get(v, "–"), "figure_label": lambda f: t[f"editor_figure_{f}"],
               "op_label": lambda o: t[f"editor_op_{o}"]}
    return draft_page(request, "catalog_editor_rule.html", draft, prefix, fields, values, errors, status, **pickers,
                      product=product, rule=rule, langs=langs, kinds=KINDS, ops=OPS, figures=FIGURES,
                      words=rule_words(rule, lang, product) if rule else "", trial=trial,
                      trial_problems=trial_problems or [],
                      headers={"Content-Security-Policy": csp(scripts=True)})


def _lang(request: Request) -> str:
    session = getattr(request.state, "admin_session", None)
    return str(session.user.lang) if session is not None else "nl"


@get("/catalog/products/{pid:str}/rules/{rid:str}", opt=OWNER, sync_to_thread=True)
def rule_page(request: Request, state: State, db: Db, session: Auth, pid: str = Pid, rid: str = Pid) -> Response:
    """A rule's form (``new`` for a new one), the rule in words, and its "try" button."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    if rid == "new":
        return _page(request, draft, product, None, {"kind": "requires"})
    rule = next((r for r in product.rules if r.id == rid), None)
    if rule is None:
        raise PageError(404, "error_404")
    return _page(request, draft, product, rule, _rule_values(rule))


def _typed(form: Form, langs: list[str]) -> dict[str, Any]:
    return {name: field(form, name, edit.MAX_CONDITION_CHARS) for name in
            [*_FIELDS, *(f"message.{lang}" for lang in langs)]}


@post("/catalog/products/{pid:str}/rules", opt=OWNER, sync_to_thread=True)
def save_rule(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid) -> Response:
    """Save the rule form into the draft (its ``id`` names it); 422 with each problem by its field."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    langs = langs_of(draft.catalog)
    rid = field(form, "id", 80).strip()
    existing = next((r for r in product.rules if r.id == rid), None)
    try:
        when, require = _conditions(form, product)
        message = labels_of(form, "message", langs)
        save_edit(db, state, session, form, lambda c: edit.put_rule(c, pid, rid, require, message, when))
    except Invalid as exc:
        return _page(request, draft, product, existing, _typed(form, langs), field_errors(session, exc),
                     form_status(exc))
    return go(f"/admin/catalog/products/{pid}/rules/{rid}", "editor_saved")


@post("/catalog/products/{pid:str}/rules/words", opt=OWNER, sync_to_thread=True)
def rule_words_fragment(request: Request, state: State, db: Db, session: Auth, form: Form,
                        pid: str = Pid) -> Response:
    """The typed rule in words, or what is wrong with it (a fragment for catalog.js; 422 when wrong)."""
    draft = editor_draft(db, state, session)
    product = product_of(draft.catalog, pid)
    langs = langs_of(draft.catalog)
    try:
        rule = _rule_of(form, product, langs, field(form, "id", 80))
    except Invalid as exc:
        errors = form_errors(texts(session.user.lang), exc)
        return render(request, "catalog_editor_rule_words.html", status=422, words="", errors=errors)
    return render(request, "catalog_editor_rule_words.html", words=rule_words(rule, session.user.lang, product),
                  errors={})


def _configuration(form: Form, pid: str) -> Configuration | None:
    """The window to try the rule on: the JSON typed (its product is this one), else None for the default."""
    text = field(form, "configuration", 20_000).strip()
    if not text:
        return None
    try:
        data = msgspec.json.decode(text.encode())
        if not isinstance(data, dict):
            raise msgspec.ValidationError("Expected `object`")
        return msgspec.convert({**data, "product": pid}, Configuration)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise Invalid([edit.FieldProblem(field="configuration", code="editor.try.configuration",
                                         params={"reason": str(exc)[:200]})], code="editor.invalid") from None


@post("/catalog/products/{pid:str}/rules/{rid:str}/try", opt=OWNER, sync_to_thread=True)
def try_rule_form(request: Request, state: State, db: Db, session: Auth, form: Form, pid: str = Pid,
                  rid: str = Pid) -> Response:
    """The saved rule on a window (the product's default, or the configuration typed): holds, fails or n/a."""
    live = live_of(state, session)
    draft = draft_of(db, live.slug, live)
    product = product_of(draft.catalog, pid)
    rule = next((r for r in product.rules if r.id == rid), None)
    if rule is None:
        raise PageError(404, "error_404")
    values = _rule_values(rule) | {"configuration": field(form, "configuration", 20_000)}
    try:
        config = _configuration(form, pid)
    except Invalid as exc:
        return _page(request, draft, product, rule, values, field_errors(session, exc), form_status(exc))
    compiled = loaded_draft(db, live.slug, live).compiled
    trial = try_rule(compiled, pid, rule, config, session.user.lang)
    units = draft.catalog.dealer.length_units
    said = [say(m, session.user.lang, units) for m in trial.input_problems]
    return _page(request, draft, product, rule, values, trial=trial, trial_problems=said)


@get("/static/catalog.js", opt={"anonymous": True}, sync_to_thread=False, include_in_schema=False)
def catalog_js() -> Response[bytes]:
    """The editor's script: the rule in words as it is typed (the forms work without it)."""
    return Response(CATALOG_JS.read_bytes(), media_type="text/javascript", headers={"Cache-Control": "no-cache"})


# "words" is a literal path segment: it must come before ".../rules/{rid}" would take it as a rule id.
ROUTES = [rule_words_fragment, rule_page, save_rule, try_rule_form, catalog_js]
