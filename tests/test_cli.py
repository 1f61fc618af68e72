"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def venster(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_catalog_check_passes_the_demo() -> None:
    done = venster("catalog", "check", "catalogs/demo.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("choice(s) proven reachable")
    assert "catalogs/demo.toml: ok — 0 problem(s), 0 unreachable, 0 unproven" in done.stdout


def test_catalog_check_lists_problems_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = (ROOT / "catalogs" / "demo.toml").read_text()
    text = text.replace('require = { option = "glazing", equals = "triple" }',
                        'require = { option = "glazing", equals = "quadruple" }')
    text = text.replace('de = "Kunststofffenster" }', 'de = "Kunststofffenster" }\nfoo = 1', 1)
    broken.write_text(text)
    done = venster("catalog", "check", str(broken))
    assert done.returncode == 1
    assert f"problem: {broken}: Object contains unknown field `foo` - at `products[pvc-window]`" in done.stdout


def test_catalog_check_semantic_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = (ROOT / "catalogs" / "demo.toml").read_text()
    broken.write_text(text.replace('require = { option = "glazing", equals = "triple" }',
                                   'require = { option = "glazing", equals = "quadruple" }'))
    done = venster("catalog", "check", str(broken))
    assert done.returncode == 1
    assert (f"problem: {broken}: products[pvc-window].rules[sound-needs-triple].require: `quadruple` is not a value "
            "of `glazing`") in done.stdout


def test_catalog_check_fails_on_a_section_id_used_twice(tmp_path: Path) -> None:
    broken = tmp_path / "twice.toml"
    text = (ROOT / "catalogs" / "demo.toml").read_text()
    broken.write_text(text.replace('{ section = "right", openings = ["fixed", "tilt-turn-right", "turn-right", "tilt"]',
                                   '{ section = "left", openings = ["fixed", "tilt-turn-right", "turn-right", "tilt"]',
                                   1))
    done = venster("catalog", "check", str(broken))
    assert done.returncode == 1, done.stdout
    assert (f"problem: {broken}: section `left` is used 2 times in this list - at "
            "`products[pvc-window].layouts[two-equal].parts[left]`") in done.stdout
    assert f"{broken}: FAILED — 1 problem(s)" in done.stdout


def test_catalog_check_fails_on_a_dead_value_unless_it_is_marked(tmp_path: Path) -> None:
    dead = tmp_path / "dead.toml"
    # A rule that asks triple glazing for double glazing: no window can have triple.
    text = (ROOT / "catalogs" / "demo.toml").read_text().replace(
        'require = { figure = "area_m2", le = 4.5 }', 'require = { option = "glazing", equals = "double" }', 1)
    dead.write_text(text)
    done = venster("catalog", "check", str(dead))
    assert done.returncode == 1, done.stdout
    assert "unreachable: product `pvc-window`: option `glazing` = `triple`: rule `triple-max-area` requires another " \
           "value of the same group" in done.stdout
    dead.write_text(text.replace('{ id = "triple", ', '{ id = "triple", unreachable_ok = true, ', 1))
    done = venster("catalog", "check", str(dead))
    assert done.returncode == 0, done.stdout
    assert "accepted: product `pvc-window`: option `glazing` = `triple`" in done.stdout
    assert f"{dead}: ok — 0 problem(s), 0 unreachable" in done.stdout


def test_price_prints_every_line_with_its_formula() -> None:
    done = venster("price", "catalogs/demo.toml", "examples/configurations/two-light-anthracite.json",
                   "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # The formulas in --lang's words (issue 15): money with two decimals, sizes in the dealer's units.
    assert "[glazing] 2.52 m2 x 42.00; x 1.1 markup = 116.42" in out
    assert "[base] matrix (round up) 1,800 × 1,400 mm -> 1,800 × 1,400 mm = 629.00; x 1.1 markup = 691.90" in out
    assert "VAT 9%" in out and "2988.97 EUR" in out
    assert "pvc-window, 1,800 × 1,400 mm, layout" in out  # the size as the dealer's units write it


def test_price_of_an_impossible_window_lists_the_errors(tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text('{"product": "pvc-window", "width_mm": 5000}')
    done = venster("price", "catalogs/demo.toml", str(config), "--lang", "en")
    assert done.returncode == 1
    assert "error width_mm: Choose a size from 400 to 1,300 mm." in done.stdout  # the live range (issue 16), grouped


def test_python_dash_m_server_is_the_venster_command() -> None:
    done = venster("--help")
    assert done.returncode == 0
    assert "serve" in done.stdout and "catalog" in done.stdout and "price" in done.stdout


def test_render_writes_svg_png_and_an_a4_pdf(tmp_path: Path) -> None:
    from PIL import Image

    config = "examples/configurations/two-light-anthracite.json"
    for suffix in ("svg", "png", "pdf"):
        out = tmp_path / f"window.{suffix}"
        extra = ["--width", "640"] if suffix == "png" else []
        done = venster("render", config, "--dealer", "demo", "-o", str(out), *extra)
        assert done.returncode == 0, done.stderr
        assert f"wrote {out}" in done.stdout
    svg = (tmp_path / "window.svg").read_text()
    assert svg.startswith("<svg") and svg.count("data-section=") == 2
    with Image.open(tmp_path / "window.png") as image:
        assert image.width == 640
    pdf = (tmp_path / "window.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/MediaBox [ 0 0 595" in pdf  # A4 portrait in points
    inside = tmp_path / "inside.svg"
    assert venster("render", config, "--dealer", "demo", "--view", "inside", "-o", str(inside)).returncode == 0
    assert inside.read_text() != svg


def test_render_refuses_what_it_cannot_draw(tmp_path: Path) -> None:
    impossible = tmp_path / "huge.json"
    impossible.write_text('{"product": "pvc-window", "width_mm": 9000}')
    done = venster("render", str(impossible), "--dealer", "demo", "-o", str(tmp_path / "x.png"))
    assert done.returncode == 1 and "width_mm" in done.stderr and not (tmp_path / "x.png").exists()
    config = "examples/configurations/two-light-anthracite.json"
    assert venster("render", config, "--dealer", "nobody", "-o", str(tmp_path / "x.svg")).returncode == 1
    wrong = venster("render", config, "--dealer", "demo", "-o", str(tmp_path / "x.gif"))
    assert wrong.returncode == 2 and ".svg, .png or .pdf" in wrong.stderr
    absurd = venster("render", config, "--dealer", "demo", "--width", "100000", "-o", str(tmp_path / "x.png"))
    assert absurd.returncode == 2 and "--width" in absurd.stderr
