"""The sample dealer page opens in real headless Chromium from a running server."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_sample_page_opens_in_chromium(live_server: str, page) -> None:
    answer = page.goto(live_server + "/")
    assert answer is not None and answer.status == 200
    assert page.title() == "Kozijnen Demo — ramen en deuren op maat"
    assert page.locator("venster-configurator[dealer=demo]").count() == 1
