"""Wrapping text on A4 documents: lines fit, nothing is lost, and a long word costs linear work."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import server.documents.page as page
from renderer.markup import text_width
from server.documents.page import wrap


class _Meter:
    """Counts what ``text_width`` is asked to measure: calls and characters."""

    def __init__(self) -> None:
        self.calls = 0
        self.chars = 0

    def __call__(self, content: str, size: float) -> float:
        self.calls += 1
        self.chars += len(content)
        return text_width(content, size)


def _work(monkeypatch: pytest.MonkeyPatch, length: int) -> _Meter:
    meter = _Meter()
    monkeypatch.setattr(page, "text_width", meter)
    lines = wrap("W" * length, 3.1, 60.0)
    monkeypatch.undo()
    assert "".join(lines) == "W" * length and all(text_width(x, 3.1) <= 60.0 for x in lines)
    return meter


def test_a_long_unbroken_word_costs_work_linear_in_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: each line of a long word re-measured ever shorter prefixes of the whole rest, so
    # ten times the characters cost about a thousand times the measured characters (5,000: 6.6 s).
    small, large = _work(monkeypatch, 1_000), _work(monkeypatch, 10_000)
    assert 8 <= large.calls / small.calls <= 12, (small.calls, large.calls)
    assert 8 <= large.chars / small.chars <= 12, (small.chars, large.chars)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aiIlW.,M x\n", max_size=400), st.sampled_from([2.7, 3.1, 3.4]),
       st.sampled_from([8.0, 30.0, 178.0]))
def test_every_line_fits_and_no_character_is_lost(content: str, size: float, width: float) -> None:
    lines = wrap(content, size, width)
    # A line is wider than the column only when it is a single character that is itself too wide.
    assert all(text_width(x, size) <= width or len(x) == 1 for x in lines), lines
    # Only the spaces where a line was broken go; every other character stays, in order.
    assert "".join(lines).replace(" ", "") == "".join(content.splitlines()).replace(" ", "")
