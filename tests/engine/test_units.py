"""Imperial sizes: what a homeowner types in inches is what the engine prices.

The widget's own parser runs in node (imported from widget/src/units.js), so the test
follows the real path: typed text -> widget mm (rounded) -> engine inches.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.engine.compiled import compile_catalog
from server.engine.configuration import Configuration, SectionChoice
from server.engine.evaluate import evaluate
from server.engine.units import inches_from_mm
from tests.engine.conftest import FULL, ROOT, load

_FULL = compile_catalog(load(FULL))  # module level: hypothesis prints arguments, a catalog is long
# The same imperial catalog with the demo's 10 mm step: an imperial dealer's sizes are kept to
# the millimetre whatever the step, or 42 in (1067 mm) would be snapped to 1070 mm = 42 1/8 in.
_STEP_10 = compile_catalog(load(FULL, (("max = 3000, step = 1,", "max = 3000, step = 10,"),
                                       ("max = 2500, step = 1,", "max = 2500, step = 10,"))))
_PRODUCT = _FULL.products["test-window"].product
_UNITS = ROOT / "widget" / "src" / "units.js"
_SIZE_STEP = ROOT / "widget" / "src" / "steps" / "size.js"


def _typed(sixteenths: int) -> str:
    """How a homeowner writes a length: ``42``, ``42 1/2``, ``42 3/16``."""
    whole, rest = divmod(sixteenths, 16)
    frac = Fraction(rest, 16)
    return f"{whole} {frac.numerator}/{frac.denominator}" if rest else str(whole)


def _widget_mm(texts: list[str]) -> list[int]:
    """The mm the widget sends for each typed text: its parseLength, then Math.round."""
    # Since issue 16 parseLength also takes the language (metric sizes only; inches read as before).
    assert "export function parseLength(text, units, lang)" in _UNITS.read_text(), "the widget's length parser moved"
    assert "this._setSize(key, Math.round(mm))" in _SIZE_STEP.read_text(), "the widget no longer rounds mm this way"
    script = "\n".join([f"import {{ parseLength }} from {json.dumps(_UNITS.as_uri())};",
                        "import { readFileSync } from 'node:fs';",
                        "const texts = JSON.parse(readFileSync(0, 'utf8'));",
                        "process.stdout.write(JSON.stringify(texts.map("
                        "(t) => Math.round(parseLength(t, 'imperial')))));"])
    node = shutil.which("node")
    assert node, "node is needed to run the widget's parser"
    done = subprocess.run([node, "--input-type=module", "-e", script], input=json.dumps(texts), capture_output=True,
                          text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def _sixteenths(lo_mm: int, hi_mm: int) -> range:
    """Every 1/16 in whose widget mm lies within ``lo_mm..hi_mm``."""
    return range(int(Decimal(lo_mm) * 16 / Decimal("25.4")) + 1, int(Decimal(hi_mm) * 16 / Decimal("25.4")))


@pytest.mark.parametrize("axis", ["width", "height"])
def test_every_sixteenth_typed_comes_back_as_typed(axis: str) -> None:
    rng = getattr(_PRODUCT, axis)
    values = list(_sixteenths(rng.min, rng.max))
    texts = [_typed(v) for v in values]
    mms = _widget_mm(texts)
    back = {text: inches_from_mm(mm) * 16 for text, mm in zip(texts, mms, strict=True)}
    assert back == {text: Decimal(v) for text, v in zip(texts, values, strict=True)}
    assert len(values) > 1300  # the whole range: whole inches and every sixteenth between


_WHOLE = {axis: [i for i in range(12, 120) if getattr(_PRODUCT, axis).min <= round(i * 25.4)
                 <= getattr(_PRODUCT, axis).max] for axis in ("width", "height")}
_WIDGET_MM = dict(zip(range(12, 120), _widget_mm([str(i) for i in range(12, 120)]), strict=True))

_MAX_AREA_MM2 = int((_PRODUCT.max_area_m2 or Decimal(100)) * 1_000_000)


@settings(max_examples=80, deadline=None)
@given(size=st.tuples(st.sampled_from(_WHOLE["width"]), st.sampled_from(_WHOLE["height"])).filter(
    lambda wh: _WIDGET_MM[wh[0]] * _WIDGET_MM[wh[1]] <= _MAX_AREA_MM2))
def test_united_inches_are_priced_as_typed(size: tuple[int, int]) -> None:
    width, height = size
    # A fixed light, so no sash limit gets in the way of sizes across the whole range.
    config = Configuration(product="test-window", width_mm=_WIDGET_MM[width], height_mm=_WIDGET_MM[height],
                           layout="single", sections={"main": SectionChoice(opening="fixed")})
    ev = evaluate(_FULL, config, "en")
    assert ev.price is not None, ev.errors
    ui = next(ln for ln in ev.price.lines if ln.code == "ui")
    assert ui.amount == f"{width + height}.00"  # rate 1 per united inch, no markup


@pytest.mark.parametrize("catalog", [_FULL, _STEP_10], ids=["step-1", "step-10"])
def test_42_by_48_inches_is_90_united_inches(catalog) -> None:
    # 42 in = 1066.8 -> 1067 mm (42.008 in, once rounded up to 43); 48 in = 1219.2 -> 1219 mm.
    ev = evaluate(catalog, Configuration(product="test-window", width_mm=1067, height_mm=1219), "en")
    assert ev.price is not None
    assert (ev.configuration.width_mm, ev.configuration.height_mm) == (1067, 1219)
    assert next(ln.amount for ln in ev.price.lines if ln.code == "ui") == "90.00"


@pytest.mark.parametrize("axis", ["width", "height"])
def test_every_sixteenth_typed_is_kept_by_the_engine_whatever_the_step(axis: str) -> None:
    # The engine's own snapping is on the path too: typed -> widget mm -> evaluate -> inches.
    rng = getattr(_STEP_10.products["test-window"].product, axis)
    assert rng.step == 1  # the catalog says 10; an imperial dealer's sizes stay to the millimetre
    values = list(_sixteenths(rng.min, rng.max))
    mms = _widget_mm([_typed(v) for v in values])
    for value, mm in zip(values, mms, strict=True):
        sizes = {"width_mm": mm} if axis == "width" else {"height_mm": mm}
        config = Configuration(product="test-window", layout="single",
                               sections={"main": SectionChoice(opening="fixed")}, **sizes)
        kept = getattr(evaluate(_STEP_10, config, "en").configuration, f"{axis}_mm")
        assert inches_from_mm(kept) * 16 == value, (_typed(value), mm, kept)


def test_a_metric_dealers_step_still_snaps() -> None:
    metric = compile_catalog(load(FULL, (('units = "imperial"', 'units = "metric"'),
                                         ("width = { min = 300, max = 3000, step = 1,",
                                          "width = { min = 300, max = 3000, step = 10,"))))
    ev = evaluate(metric, Configuration(product="test-window", width_mm=1067), "en")
    assert ev.configuration.width_mm == 1070  # half up to the 10 mm step
