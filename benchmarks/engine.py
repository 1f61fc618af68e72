"""Engine speed: evaluations per second and per-click latency on the demo catalog.

Prints: evaluations/s and median/p99 microseconds for the most complex demo product
(every availability computed; then also every value's delta, as the public answer has them),
the same per click over random click sequences, and the top of a profile (where the time goes).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import random
import statistics
import time
from pathlib import Path

import msgspec

from server.engine.catalog import decode_catalog
from server.engine.compiled import compile_catalog
from server.engine.configuration import Configuration
from server.engine.evaluate import Evaluation, evaluate

ROOT = Path(__file__).resolve().parent.parent


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples) * 1e6, samples[int(len(samples) * 0.99)] * 1e6


def _click(ev: Evaluation, rng: random.Random) -> Configuration:
    """One homeowner click: an available option, an opening, a layout or a size within limits."""
    cfg = ev.configuration
    kind = rng.choice(["option", "option", "option", "opening", "layout", "size"])
    if kind == "option":
        group = rng.choice(list(ev.options))
        choices = [v for v, a in ev.options[group].items() if a.available]
        return msgspec.structs.replace(cfg, options={**cfg.options, group: rng.choice(choices)})
    if kind == "opening" and ev.sections:
        sid = rng.choice(list(ev.sections))
        choices = [o for o, a in ev.sections[sid].openings.items() if a.available]
        old = cfg.sections[sid]
        return msgspec.structs.replace(cfg, sections={**cfg.sections,
                                                      sid: msgspec.structs.replace(old, opening=rng.choice(choices))})
    if kind == "layout":
        choices = [lay for lay, a in ev.layouts.items() if a.available]
        return Configuration(product=cfg.product, width_mm=cfg.width_mm, height_mm=cfg.height_mm,
                             layout=rng.choice(choices), options=cfg.options)
    lim = ev.limits.width_mm
    return msgspec.structs.replace(cfg, width_mm=rng.randint(lim.min, max(lim.min, lim.max)), divisions={})


def main() -> None:
    """Run and print the figures."""
    compiled = compile_catalog(decode_catalog((ROOT / "catalogs" / "demo.toml").read_text(), "demo.toml"))
    complex_config = Configuration(product="pvc-window", width_mm=2000, height_mm=2000, layout="toplight-two",
                                   options={"glazing": "triple", "hardware": "heavy", "outside-colour": "ral-7016",
                                            "insect-screen": "screen", "sill": "aluminium"})
    # Without and with each available value's delta (the public evaluate answer asks for them).
    for deltas, what in ((False, "all availability"), (True, "all availability and every delta")):
        for _ in range(200):
            evaluate(compiled, complex_config, "nl", deltas=deltas)
        samples = []
        started = time.perf_counter()
        for _ in range(3000):
            t0 = time.perf_counter()
            evaluate(compiled, complex_config, "nl", deltas=deltas)
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        median, p99 = _percentiles(samples)
        print(f"evaluate, most complex demo product (pvc-window, toplight-two, {what}): "
              f"{3000 / elapsed:,.0f} evaluations/s; median {median:.0f} us, p99 {p99:.0f} us")

    rng = random.Random(7)
    clicks = []
    for product in ("pvc-window", "alu-sliding-door"):
        ev = evaluate(compiled, Configuration(product=product), "nl")
        for _ in range(1500):
            config = _click(ev, rng)
            t0 = time.perf_counter()
            ev = evaluate(compiled, config, "nl", deltas=True)
            clicks.append(time.perf_counter() - t0)
    median, p99 = _percentiles(clicks)
    print(f"per click (the public answer, deltas included), {len(clicks)} random clicks over both products: "
          f"median {median:.0f} us, p99 {p99:.0f} us")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(500):
        evaluate(compiled, complex_config, "nl", deltas=True)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(8)
    lines = [ln for ln in out.getvalue().splitlines() if "/server/" in ln or "ncalls" in ln]
    print("profile (top by own time, 500 evaluations):")
    for line in lines[:9]:
        print("   " + line.strip())


if __name__ == "__main__":
    main()
