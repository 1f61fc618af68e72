"""A value's explanation from the catalog shows under its label, as text; swatch labels never clip (issue 16).

The catalog is the demo's, changed here: an explanation full of markup, and the long German colour
names a dealer may give ("Verkehrsweiß (RAL 9016)").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Watch, settle
from tests.conftest import running_server

pytestmark = pytest.mark.browser

SHOTS = Path("/work/shots")
MARKUP = '<b>Warm</b> & <img src=x onerror="window.__pwned=1"> stil'
LONG_NAMES = {
    'de = "Weiß (RAL 9016)" }, swatch = "#f1f0ea", ral = "9016" },\n  { id = "cream"':
        'de = "Verkehrsweiß (RAL 9016)" }, swatch = "#f1f0ea", ral = "9016" },\n  { id = "cream"',
    'de = "Anthrazit (RAL 7016)" }, swatch = "#383e42", ral = "7016", factor = 1.15':
        'de = "Anthrazitgrau (RAL 7016)" }, swatch = "#383e42", ral = "7016", factor = 1.15',
    'de = "Golden Oak" }, swatch = "#b5722f", factor = 1.20':
        'de = "Golden-Oak-Holzdekor" }, swatch = "#b5722f", factor = 1.20',
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil

    from tests.conftest import CATALOGS

    tmp = tmp_path_factory.mktemp("explained")
    catalogs = tmp / "catalogs"
    shutil.copytree(CATALOGS, catalogs)
    demo = catalogs / "demo.toml"
    text = demo.read_text(encoding="utf-8")
    for old, new in LONG_NAMES.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    old = 'en = "Three panes: warmer and quieter, but heavier."'
    assert old in text
    text = text.replace(old, 'en = "' + MARKUP.replace('"', '\\"') + '"', 1)
    demo.write_text(text, encoding="utf-8")
    with running_server(tmp, catalogs, name="explained") as (url, _):
        yield url


def _open(page: Page, url: str, lang: str, width: int = 1280) -> Locator:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url + "/")
    widget = page.locator("venster-configurator")
    settle(page, widget)
    if lang != "nl":
        widget.evaluate(f"el => el.setAttribute('lang', '{lang}')")
        expect(widget.locator("#h-open")).not_to_contain_text("Draairichting")
        settle(page, widget)
    return widget


def _chip(widget: Locator, name: str, value: str) -> Locator:
    return widget.locator("label.chip", has=widget.page.locator(f"input[name={name}][value={value}]"))


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", "Kantelt aan de bovenkant naar binnen: veilig ventileren."),
    ("en", "Tilts in at the top: safe airing, but it does not open fully."),
    ("de", "Kippt oben nach innen: sicher lüften, öffnet nicht ganz."),
])
def test_an_opening_shows_its_explanation_under_its_label(base: str, page: Page, watch: Watch, lang: str,
                                                          words: str) -> None:
    widget = _open(page, base, lang)
    expl = _chip(widget, "open-main", "tilt").locator(".expl")
    expect(expl).to_have_text(words)
    expect(expl).to_be_visible()
    radio = widget.locator("input[name=open-main][value=tilt]")
    # Its description, not its name: the name stays the label (and a screen reader says both).
    expect(radio).to_have_attribute("aria-describedby", "tip-open-main-tilt x-open-main-tilt")
    expect(_chip(widget, "open-main", "fixed").locator(".expl")).to_have_count(0)  # none in the catalog
    # Under the label: below it and no wider than the chip.
    label = _chip(widget, "open-main", "tilt").locator(".txt > span").first.bounding_box()
    under = expl.bounding_box()
    assert label is not None and under is not None and under["y"] >= label["y"] + label["height"] - 1
    assert watch.page_errors == []


def test_an_explanation_is_text_never_markup(base: str, page: Page, watch: Watch) -> None:
    widget = _open(page, base, "en")
    expl = _chip(widget, "opt-glazing", "triple").locator(".expl")
    expect(expl).to_have_text(MARKUP)  # shown as written, angle brackets and all
    assert expl.evaluate("el => el.children.length") == 0
    assert widget.evaluate("el => el.shadowRoot.querySelectorAll('.expl b, .expl img').length") == 0
    assert page.evaluate("() => window.__pwned") is None
    if SHOTS.is_dir():
        widget.locator("section[aria-labelledby=h-g4]").screenshot(path=str(SHOTS / "s17-Q-explained-en.png"))
    assert watch.page_errors == []


@pytest.mark.parametrize("width", [360, 1366])
def test_swatch_labels_wrap_or_fit_never_clip(base: str, page: Page, width: int) -> None:
    widget = _open(page, base, "de", width)
    labels = widget.locator(".sw .chip > span > span:not(.delta)")
    expect(labels.first).to_be_visible()
    texts = labels.all_text_contents()
    assert "Verkehrsweiß (RAL 9016)" in texts and "Golden-Oak-Holzdekor" in texts
    for label in labels.all():
        label.scroll_into_view_if_needed()
        fits = label.evaluate("""el => {
            const chip = el.parentElement.getBoundingClientRect(), box = el.getBoundingClientRect();
            return {text: el.textContent, scroll: el.scrollWidth, client: el.clientWidth,
                    inside: box.left >= chip.left - 0.5 && box.right <= chip.right + 0.5
                            && box.top >= chip.top - 0.5 && box.bottom <= chip.bottom + 0.5}; }""")
        assert fits["scroll"] <= fits["client"] and fits["inside"], fits
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    if SHOTS.is_dir():
        widget.locator("section[aria-labelledby=h-g3]").screenshot(path=str(SHOTS / f"s17-Q-swatches-de-{width}.png"))
