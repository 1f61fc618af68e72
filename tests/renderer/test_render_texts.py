"""The renderer prints no word and formats no length of its own: every text arrives in the spec (issue 15)."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import msgspec
import pytest

from renderer import SectionSpec, SheetSpec, WindowSpec, render_svg, sheet_svg
from renderer.examples import EXAMPLES

NS = "{http://www.w3.org/2000/svg}"
RENDERER = Path(__file__).resolve().parents[2] / "renderer"


def _bare(**texts: object) -> WindowSpec:
    """A two-light DIN window (a turn sash beside fixed glass) with only the texts given."""
    return WindowSpec(width_mm=1230, height_mm=1480, convention="din", sections=[
        SectionSpec(id="s1", x_mm=0, y_mm=0, width_mm=615, height_mm=1480, opening="turn-left"),
        SectionSpec(id="s2", x_mm=615, y_mm=0, width_mm=615, height_mm=1480)], **texts)  # type: ignore[arg-type]


def _texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{NS}text")]


def test_a_spec_without_texts_draws_plain_mm_numbers_and_no_word() -> None:
    svg = render_svg(_bare())
    assert sorted(_texts(svg)) == ["1230", "1480", "615", "615"]  # no caption, no "F", no "DIN links"
    root = ET.fromstring(svg)
    assert root.findtext(f"{NS}title") == "1230 × 1480 mm" and root.findtext(f"{NS}desc") == "1230 × 1480 mm"


def test_the_spec_gives_every_text_the_drawing_prints() -> None:
    spec = _bare(lengths=[(1230, '48 7/16"'), (1480, '58 1/4"'), (615, '24 3/16"')],
                 caption="Ansicht von innen · Dimensions in inches", fixed_mark="F",
                 description="Fenster von 48 7/16\" × 58 1/4\" mit 2 Feldern.", lang="de")
    svg = render_svg(spec)
    texts = _texts(svg)
    assert {'48 7/16"', '58 1/4"', '24 3/16"', "F", "Ansicht von innen · Dimensions in inches"} <= set(texts)
    assert not [t for t in texts if t.isdigit()]  # every length came from the spec
    root = ET.fromstring(svg)
    assert root.findtext(f"{NS}desc") == 'Fenster von 48 7/16" × 58 1/4" mit 2 Feldern.' and root.get("lang") == "de"


def test_a_length_the_spec_does_not_list_is_its_bare_number() -> None:
    assert "615" in _texts(render_svg(_bare(lengths=[(1230, "1.230")])))
    assert _bare(lengths=[(1230, "1.230")]).length_text(615) == "615"


def test_a_sections_label_carries_din_handing() -> None:
    spec = WindowSpec(width_mm=1230, height_mm=1480, convention="din", sections=[
        SectionSpec(id="s1", x_mm=0, y_mm=0, width_mm=615, height_mm=1480, opening="turn-left", label="DIN links"),
        SectionSpec(id="s2", x_mm=615, y_mm=0, width_mm=615, height_mm=1480)])
    assert "DIN links" in _texts(render_svg(spec))


def test_the_sheet_prints_the_page_line_it_is_given_and_none_of_its_own() -> None:
    spec = EXAMPLES["two-vkg"]
    assert "Page" not in sheet_svg(spec, SheetSpec()) and "Pagina" not in sheet_svg(spec, SheetSpec())
    assert "Pagina 1 van 1" in sheet_svg(spec, SheetSpec(page="Pagina 1 van 1"))


@pytest.mark.parametrize(("texts", "message"), [
    ({"caption": "x" * 201}, "caption: at most 200 characters, got 201"),
    ({"description": "x" * 401}, "description: at most 400 characters, got 401"),
    ({"fixed_mark": "x" * 13}, "fixed_mark: at most 12 characters, got 13"),
    ({"caption": "a\x00b"}, "caption: contains control characters"),
    ({"lengths": [(0, "0")]}, "lengths[0] mm: expected an integer from 1 to 10000, got 0"),
    ({"lengths": [(1230, "")]}, "lengths[0] text: must not be empty"),
    ({"lengths": [(1230, "x" * 41)]}, "lengths[0] text: at most 40 characters, got 41"),
    ({"lengths": [(1230,)]}, "lengths[0]: expected a (mm, text) pair, got (1230,)"),
])
def test_texts_are_checked_when_built_in_python(texts: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        _bare(**texts)
    assert str(caught.value) == message


def test_texts_are_checked_when_decoded() -> None:
    body = msgspec.json.encode(msgspec.to_builtins(_bare()) | {"lengths": [[1230, "x" * 41]]})
    with pytest.raises(msgspec.ValidationError, match=r"at `\$\.lengths\[0\]\[1\]`"):
        msgspec.json.decode(body, type=WindowSpec)
    body = msgspec.json.encode(msgspec.to_builtins(_bare()) | {"caption": "x" * 201})
    with pytest.raises(msgspec.ValidationError, match=r"at `\$\.caption`"):
        msgspec.json.decode(body, type=WindowSpec)


def _strings(path: Path) -> set[str]:
    """The string constants of a module's code, docstrings left out (comments never reach the tree)."""
    tree = ast.parse(path.read_text())
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs}


def test_the_renderer_holds_no_word_table() -> None:
    assert not (RENDERER / "words.py").exists()
    strings = set().union(*(_strings(p) for p in RENDERER.glob("*.py") if p.name != "examples.py"))
    for word in ("Maten in mm", "Dimensions in mm", "Buitenaanzicht", "View from outside", "DIN links",
                 "Pagina 1 van 1", "vast", "F", "mm"):
        assert word not in strings, word
