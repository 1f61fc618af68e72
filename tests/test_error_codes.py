"""Every domain error code raised in server/ has its words: English for the API; nl, en and de for the back office.

The scanner (tests/support/error_codes.py) reads server/ with ``ast``: each ``NotFound("...")``,
``Conflict``, ``Forbidden``, ``TooMany``, ``Invalid(..., code=...)``, ``FieldProblem(code=...)``
and each subclass of them. The real tree must have, for each literal code, an entry in
the api catalog (server.messages.MESSAGES) and in the admin family of the nl, en and de catalogs; every placeholder
of those texts must be a parameter the raise site passes (when it passes a literal dict);
no MESSAGES entry may go unused; and every code must be written as a literal (or the test
could not find it). The fake sources below prove each of those checks sees what it should.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from server.admin.texts import texts
from server.messages import MESSAGES
from server.services import errors
from tests.support.error_codes import (
    ERRORS_MODULE,
    SIGNATURES,
    CodeReport,
    check_codes,
    message_uses,
    placeholders,
    raised_codes,
    sources_of,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    """The text of every module of the real server/."""
    return sources_of(ROOT)


@pytest.fixture(scope="module")
def report(sources: dict[str, str]) -> CodeReport:
    """The check of every code raised in server/ against MESSAGES and the back office's nl, en and de words."""
    words = {lang: dict(texts(lang)) for lang in ("nl", "en", "de")}
    return check_codes(raised_codes(sources), MESSAGES, words, message_uses(sources))


def test_the_scanner_reads_the_real_server(sources: dict[str, str]) -> None:
    # Guard against a scan that finds nothing because it looked in the wrong place.
    assert ERRORS_MODULE in sources and "server.services.quotes" in sources and "server.admin.core" in sources


def test_every_code_is_written_as_a_literal(report: CodeReport) -> None:
    assert [(r.module, r.line, r.source) for r in report.not_literal] == [], (
        "write the code as a string literal at the raise site, so this test can find its words")


def test_every_code_is_dotted_lower_case_domain_first(report: CodeReport) -> None:
    assert report.badly_named == []


def test_every_code_has_an_english_message_for_the_api(report: CodeReport) -> None:
    assert report.no_message == [], "add the code's English text to server/i18n/locale/en/LC_MESSAGES/api.po"


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_every_code_has_back_office_words(report: CodeReport, lang: str) -> None:
    assert report.no_words[lang] == [], f"add admin.<code> to server/i18n/locale/{lang}/LC_MESSAGES/venster.po"


def test_every_placeholder_is_a_parameter_the_raise_site_passes(report: CodeReport) -> None:
    assert report.unfilled == []


def test_no_message_goes_unused(report: CodeReport) -> None:
    assert report.unused_messages == [], "no code raises these: take them out of the api catalog"


def test_the_scanners_signatures_are_the_real_constructors() -> None:
    # Where each class takes its code and params, and its default code, read from the real classes.
    for name, signature in SIGNATURES.items():
        cls = getattr(errors, name)
        parameters = list(inspect.signature(cls).parameters.values())
        names = [p.name for p in parameters]
        assert "code" in names, name
        positional = [p.name for p in parameters if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]
        assert signature.code_at == (positional.index("code") if "code" in positional else None), name
        assert signature.params_at == (positional.index("params") if "params" in positional else None), name
        default = inspect.signature(cls).parameters["code"].default
        assert signature.default == (None if default is inspect.Parameter.empty else default), name
    # A class of errors.py with a constructor of its own needs a row; one that inherits its
    # constructor is found as a subclass of the class it inherits from.
    own_constructor = {name for name in errors.__all__ if issubclass(getattr(errors, name), errors.DomainError)
                       and "__init__" in vars(getattr(errors, name))}
    assert own_constructor <= set(SIGNATURES)
    assert {"DomainError", "FieldProblem"} <= set(SIGNATURES)


def test_a_new_error_class_in_the_errors_module_is_found_as_a_subclass() -> None:
    sources = {ERRORS_MODULE: "class Gone(NotFound):\n    pass\n",
               "server.services.x": "from server.services.errors import Gone\nraise Gone('quote.gone')\n"}
    assert [(r.kind, r.codes) for r in raised_codes(sources)] == [("Gone", ("quote.gone",))]


# --- the scanner on small fake sources -----------------------------------------------------------

FAKE = '''
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound, TooMany
from server.services import errors

def load(number):
    raise NotFound("quote.not_found")

def send(quote):
    if quote.sent:
        raise errors.Conflict("quote.sent", {"number": quote.number})
    raise TooMany("quote.send_limit", 60, params=dict(minutes=1))

def lines(rate, i):
    problems = [FieldProblem(field=f"lines[{i}].vat_rate", code="quote.line.vat_range",
                             params={"min": 0, "max": 100})]
    raise Invalid(problems, code="quote.invalid")

def plain(problems):
    raise Invalid(problems)

def either(locked):
    raise Conflict("quote.locked" if locked else "quote.archived")
'''

FAKE_MESSAGES = {
    "invalid": "The request is not valid",
    "quote.not_found": "Quote not found",
    "quote.sent": "Quote {number} was sent already",
    "quote.send_limit": "Try again in {minutes} minute(s)",
    "quote.line.vat_range": "Must be between {min} and {max}",
    "quote.invalid": "The quote is not valid",
    "quote.locked": "The quote is locked",
    "quote.archived": "The quote is archived",
}


def words_for(messages: dict[str, str]) -> dict[str, dict[str, str]]:
    """nl and en tables with every code of ``messages`` (the English words are the message)."""
    return {"nl": {code: "NL " + text for code, text in messages.items()}, "en": dict(messages)}


def test_the_scanner_finds_every_kind_of_raise_with_its_code_and_params() -> None:
    found = [(r.line, r.kind, r.codes, r.params) for r in raised_codes({"server.services.quotes": FAKE})]
    assert found == [
        (6, "NotFound", ("quote.not_found",), frozenset()),
        (10, "Conflict", ("quote.sent",), frozenset({"number"})),
        (11, "TooMany", ("quote.send_limit",), frozenset({"minutes"})),
        (14, "FieldProblem", ("quote.line.vat_range",), frozenset({"min", "max"})),
        (16, "Invalid", ("quote.invalid",), frozenset()),
        (19, "Invalid", ("invalid",), frozenset()),  # Invalid's default code
        (22, "Conflict", ("quote.locked", "quote.archived"), frozenset()),
    ]


def test_a_fake_tree_with_all_its_words_is_clean() -> None:
    report = check_codes(raised_codes({"server.services.quotes": FAKE}), FAKE_MESSAGES, words_for(FAKE_MESSAGES))
    assert report.clean(), report


def test_a_code_without_a_message_or_words_is_reported() -> None:
    messages = {k: v for k, v in FAKE_MESSAGES.items() if k != "quote.sent"}
    words = words_for(FAKE_MESSAGES)
    del words["nl"]["quote.not_found"], words["en"]["quote.archived"]
    report = check_codes(raised_codes({"server.services.quotes": FAKE}), messages, words)
    assert report.no_message == [("quote.sent", "server.services.quotes", 10)]
    assert report.no_words == {"nl": [("quote.not_found", "server.services.quotes", 6)],
                               "en": [("quote.archived", "server.services.quotes", 22)]}


def test_a_placeholder_the_raise_site_does_not_pass_is_reported() -> None:
    messages = {**FAKE_MESSAGES, "quote.line.vat_range": "Must be between {min} and {maximum}"}
    words = words_for(FAKE_MESSAGES)
    words["nl"]["quote.not_found"] = "Offerte {number} bestaat niet"
    report = check_codes(raised_codes({"server.services.quotes": FAKE}), messages, words)
    assert report.unfilled == [
        ("quote.not_found", "server.services.quotes", 6, "nl", ("number",)),
        ("quote.line.vat_range", "server.services.quotes", 14, "messages", ("maximum",)),
    ]


def test_params_that_are_not_a_literal_are_not_guessed() -> None:
    source = ('from server.services.errors import Conflict\n'
              'def f(p):\n    raise Conflict("quote.sent", p)\n')
    report = check_codes(raised_codes({"server.services.x": source}), {"quote.sent": "Quote {number} sent"},
                         words_for({"quote.sent": "Quote {number} sent"}))
    assert report.clean()


def test_an_unused_message_is_reported_unless_the_api_names_it() -> None:
    messages = {**FAKE_MESSAGES, "quote.gone": "Gone", "body.shape": "The body does not have the expected shape"}
    raised = raised_codes({"server.services.quotes": FAKE})
    uses = message_uses({"server.api.x": 'from server.messages import message\nTEXT = message("body.shape")\n'})
    report = check_codes(raised, messages, words_for(FAKE_MESSAGES), uses)
    assert report.unused_messages == ["quote.gone"]


def test_a_code_that_is_not_a_literal_or_not_dotted_is_reported() -> None:
    source = ('from server.services.errors import NotFound, FieldProblem\n'
              'def f(thing, **kw):\n'
              '    kind = thing.kind\n'  # a local, not a parameter handed on: no helper
              '    raise NotFound(f"{kind}.not_found")\n'
              '    raise NotFound(code=kind)\n'
              '    raise NotFound(**kw)\n'
              '    FieldProblem(field="x", code="Quote.NotFound")\n'
              '    FieldProblem(field="x", code="quote")\n')
    words = {"Quote.NotFound": "x", "quote": "x"}
    report = check_codes(raised_codes({"server.services.x": source}), words, words_for(words))
    assert [r.line for r in report.not_literal] == [4, 5, 6]
    assert report.badly_named == [("Quote.NotFound", "server.services.x", 7), ("quote", "server.services.x", 8)]


def test_a_helper_that_hands_its_parameter_on_as_the_code_makes_its_callers_the_sites() -> None:
    sources = {
        "server.services.checks": (
            "from server.services.errors import FieldProblem, Invalid\n"
            "def problem(field, code, **params):\n"
            "    return FieldProblem(field=field, code=code, params=params)\n"
            "def range_problem(field, code, low, high):\n"
            "    return problem(field, code, min=low, max=high)\n"
            "def named(field, code, **kw):\n"
            "    return problem(field, code, **kw)\n"
            "def refuse(problems, code):\n"
            "    raise Invalid(problems, code=code)\n"
            "class Checker:\n"
            "    def fail(self, what, params):\n"
            "        raise Invalid([], what, params)\n"
            "    def run(self, width):\n"
            "        where = width.name\n"
            "        found = [problem('width', 'quote.width_range', min=1, max=3000),\n"
            "                 range_problem('height', 'quote.height_range', 1, 3000),\n"
            "                 problem(where, where), named('depth', 'quote.depth_range', low=1)]\n"
            "        self.fail('quote.invalid', {'count': 3})\n"
            "        refuse(found, 'quote.refused')\n"),
    }
    found = [(r.line, r.kind, r.codes, r.params) for r in raised_codes(sources)]
    assert found == [
        (15, "problem", ("quote.width_range",), frozenset({"min", "max"})),
        (16, "range_problem", ("quote.height_range",), frozenset({"min", "max"})),  # the helper's own
        (17, "named", ("quote.depth_range",), frozenset({"low"})),  # **kw handed on: the caller's keywords
        (17, "problem", (), frozenset()),  # a variable code, through the helper: not literal
        (18, "fail", ("quote.invalid",), frozenset({"count"})),
        (19, "refuse", ("quote.refused",), frozenset()),
    ]


def test_a_subclass_anywhere_in_server_raises_its_first_argument_or_its_fixed_code() -> None:
    sources = {
        "server.services.quotes": (
            "from server.services.errors import Conflict, NotFound\n"
            "class QuoteGone(NotFound):\n    pass\n"
            "class Locked(Conflict):\n"
            "    def __init__(self, number):\n"
            "        super().__init__('quote.locked', {'number': number})\n"
            "def f(n):\n"
            "    raise QuoteGone('quote.gone')\n"
            "    raise Locked(n)\n"),  # the code is the class's: its super().__init__ is the site
        "server.services.more": (
            "from server.services.quotes import QuoteGone\n"
            "class Vanished(QuoteGone):\n    pass\n"
            "def g():\n    raise Vanished('quote.vanished')\n"),
        # the classes' own module passes codes through and raises none
        ERRORS_MODULE: "class NotFound(Exception):\n    def f(self, code):\n        NotFound(code)\n",
    }
    found = [(r.module, r.line, r.kind, r.codes, r.params) for r in raised_codes(sources)]
    assert found == [
        ("server.services.more", 5, "Vanished", ("quote.vanished",), frozenset()),
        ("server.services.quotes", 6, "Locked", ("quote.locked",), frozenset({"number"})),
        ("server.services.quotes", 8, "QuoteGone", ("quote.gone",), frozenset()),
    ]


@pytest.mark.parametrize(("template", "names"), [
    ("Quote not found", set()),
    ("Must be between {min} and {max}", {"min", "max"}),
    ("{n:,} items, {{literal}}", {"n"}),
    ("{quote.number} of {lines[0]}", {"quote", "lines"}),
    ("{}", {""}),
    ("{value:{width}}", {"value", "width"}),
])
def test_placeholders_are_the_names_format_fills_in(template: str, names: set[str]) -> None:
    assert placeholders(template) == names


def test_a_code_held_in_a_variable_a_returned_value_or_a_table_is_followed_to_its_literals() -> None:
    sources = {
        "server.services.form_tokens": (
            "def token_code(token):\n"
            "    if not token:\n        return 'form_token.invalid'\n"
            "    return 'form_token.expired' if token.old else None\n"),
        "server.services.intake": (
            "from server.services.errors import FieldProblem, Invalid\n"
            "from server.services.form_tokens import token_code\n"
            "WEBHOOK_CODES = {'private': 'settings.webhook.private', 'invalid': 'settings.webhook.invalid'}\n"
            "def take(req, refused, used):\n"
            "    problem = token_code(req.token) if req.token else None\n"
            "    if used:\n        problem = 'form_token.used'\n"
            "    errors = [FieldProblem(field='form_token', code=problem)]\n"  # line 8
            "    errors.append(FieldProblem(field='url', code=WEBHOOK_CODES.get(refused, 'settings.webhook')))\n"
            "    errors.append(FieldProblem(field='url', code=WEBHOOK_CODES[refused]))\n"
            "    errors.append(FieldProblem(field='x', code=req.code))\n"  # an attribute: not followed
            "    errors.append(FieldProblem(field='y', code=unknown_function()))\n"  # defined nowhere
            "    raise Invalid(errors, code='intake.invalid')\n"),
    }
    found = [(r.line, r.codes) for r in raised_codes(sources)]
    assert found == [
        (8, ("form_token.expired", "form_token.invalid", "form_token.used")),
        (9, ("settings.webhook", "settings.webhook.invalid", "settings.webhook.private")),
        (10, ("settings.webhook.invalid", "settings.webhook.private")),
        (11, ()),
        (12, ()),
        (13, ("intake.invalid",)),
    ]


def test_the_http_layer_writes_no_english_of_its_own(sources: dict[str, str]) -> None:
    # Every detail and field message of an error answer comes from the api catalog (``message``):
    # no literal text in ApiError(...), error_response(...) or FieldError(message=...).
    import ast

    found = []
    for module, text in sources.items():
        for node in ast.walk(ast.parse(text, module)):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            literal = [a for a in node.args[1:2] if isinstance(a, ast.Constant | ast.JoinedStr)] \
                if name in ("ApiError", "error_response") else []
            literal += [k.value for k in node.keywords if name == "FieldError" and k.arg == "message"
                        and isinstance(k.value, ast.Constant | ast.JoinedStr)]
            found += [f"{module}:{node.lineno}" for _ in literal]
    assert found == []
