"""Intake's checks say what is wrong as codes with parameters; the API's English comes from one table."""

from __future__ import annotations

import copy

import msgspec
import pytest

from server.api.decoding import decode_object, decode_request
from server.errors import api_error
from server.messages import message
from server.services.errors import DomainError, FieldProblem, Invalid
from server.services.intake_checks import check_request
from server.services.intake_model import QuoteRequestIn
from server.text_rules import control_problem
from tests.intake.conftest import BODY


def test_check_request_gives_a_code_and_parameters_per_field() -> None:
    body = copy.deepcopy(BODY)
    body["contact"] |= {"name": "", "postcode": "12", "phone": "abc", "country": "XX"}
    body["website"] = "spam"
    problems = check_request(msgspec.convert(body, QuoteRequestIn))
    assert FieldProblem(field="contact.name", code="input.required") in problems
    assert FieldProblem(field="contact.phone", code="intake.phone.format") in problems
    assert FieldProblem(field="contact.country", code="intake.country.format") in problems
    assert FieldProblem(field="website", code="intake.website.filled") in problems
    body["contact"] |= {"country": "NL"}
    problems = check_request(msgspec.convert(body, QuoteRequestIn))
    assert FieldProblem(field="contact.postcode", code="intake.postcode.format",
                        params={"example": "1234 AB"}) in problems
    assert message("intake.postcode.format", {"example": "1234 AB"}) == "Expected a postcode like 1234 AB"


def test_a_body_that_is_not_json_is_the_base_error_and_answers_400() -> None:
    with pytest.raises(DomainError) as caught:
        decode_object(b"{nope", QuoteRequestIn)
    assert caught.value.code == "input.malformed_json" and not isinstance(caught.value, Invalid)
    assert api_error(caught.value).status == 400
    assert api_error(caught.value).detail.startswith("Malformed JSON: ")


def test_a_body_of_the_wrong_shape_names_every_field_by_code() -> None:
    with pytest.raises(Invalid) as caught:
        decode_request(msgspec.json.encode({**BODY, "contact": {"nickname": "x"}}))
    assert caught.value.code == "input.body_invalid" and caught.value.params == {"what": "The quote request"}
    codes = {(p.field, p.code) for p in caught.value.problems}
    assert {("contact.nickname", "input.unknown_field"), ("contact.name", "input.required")} <= codes
    assert api_error(caught.value).detail == "The quote request has errors"
    with pytest.raises(Invalid) as listed:
        decode_object(b"[1]", QuoteRequestIn)
    assert listed.value.problems == [FieldProblem(field="body", code="input.expected_object")]


def test_a_control_character_is_a_coded_problem_naming_it_and_where() -> None:
    assert control_problem("ok\ttab", "note", lines=True) is None
    problem = control_problem("ab\x07c", "name", lines=False)
    assert problem == FieldProblem(field="name", code="text.control", params={"char": "U+0007", "position": 3})
    # The API's words are the ones it always had.
    assert message(problem.code, problem.params) == "Control characters are not allowed (U+0007 at character 3)"
