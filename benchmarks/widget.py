"""The widget's weight and speed: size of `/widget.js` as sent (brotli, gzip), the time from the script's
arrival to the first price and the first drawing on the demo page in headless Chromium, and the
time from a chip click to the updated price; and the server's own time for the first load's answers
(the configurator answer with the first evaluation and drawing, the drawing URL on a miss and from
the render cache).

Each page load is a fresh browser context (cold cache). Times are `performance.now()` marks in
the page: the script's `responseEnd` (resource timing), the first `venster:evaluated` event, and
the first frame in which the widget's drawing is in the DOM. A click is a real `click()` on a
glazing radio (double and triple in turn, each click after the previous price is in), timed to the
`venster:evaluated` event it causes. Prints figures only.
"""

from __future__ import annotations

import gzip
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from http_load import start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
RUNS = 7
SERVER_RUNS = 20

MARKS = """
window.__bench = {};
document.addEventListener('venster:evaluated', () => {
  if (!window.__bench.price) window.__bench.price = performance.now();
});
(function poll() {
  const el = document.querySelector('venster-configurator');
  const svg = el && el.shadowRoot && el.shadowRoot.querySelector('.pic svg');
  if (svg) {
    window.__bench.drawing = performance.now();
    window.__bench.placeholder = svg.hasAttribute('data-placeholder');
  } else requestAnimationFrame(poll);
})();
"""
READ = """() => {
  const script = performance.getEntriesByType('resource').find(e => e.name.endsWith('/widget.js'));
  // The widget's requests started before its first drawing was in: what the first picture waited for.
  const before = performance.getEntriesByType('resource')
    .filter(e => e.startTime < window.__bench.drawing && (e.name.includes('/api/') || e.name.endsWith('/widget.js')))
    .map(e => new URL(e.name).pathname.split('/').pop());
  return {script: script ? script.responseEnd : null, before, ...window.__bench};
}"""


# A chip click to the price it causes: resolves with the milliseconds, or null when none came.
CLICK = """async (value) => {
  const el = document.querySelector('venster-configurator');
  const input = el.shadowRoot.querySelector(`input[name="opt-glazing"][value="${value}"]`);
  if (!input || input.disabled) return null;
  return await new Promise((done) => {
    const timer = setTimeout(() => done(null), 10000);
    document.addEventListener('venster:evaluated', () => {
      clearTimeout(timer);
      done(performance.now() - t0);
    }, {once: true});
    const t0 = performance.now();
    input.click();
  });
}"""
CLICKS = 6


def _size(base: str) -> None:
    for accepted in ("gzip, deflate, br, zstd", "gzip"):
        with httpx.stream("GET", f"{base}/widget.js", headers={"Accept-Encoding": accepted}, timeout=10) as answer:
            wire = b"".join(answer.iter_raw())
            encoding = answer.headers.get("content-encoding", "identity")
        print(f"widget.js on the wire with Accept-Encoding: {accepted}: {len(wire) / 1024:.1f} KB ({encoding})")
    served = httpx.get(f"{base}/widget.js", headers={"Accept-Encoding": "identity"}, timeout=10).content
    # The modules esbuild bundles (widget/src), one after the other.
    source = b"".join(path.read_bytes() for path in sorted((ROOT / "widget" / "src").rglob("*")) if path.is_file())
    print(f"widget.js served: {len(served) / 1024:.1f} KB, gzipped {len(gzip.compress(served, 9)) / 1024:.1f} KB "
          f"(source {len(source) / 1024:.1f} KB, gzipped {len(gzip.compress(source, 9)) / 1024:.1f} KB)")


def _timings(base: str) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"time to first drawing: not measured ({CHROMIUM} is missing)")
        return
    rows = []
    clicks: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for _ in range(RUNS):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(MARKS)
                page.goto(base + "/")
                page.wait_for_function("() => window.__bench && window.__bench.drawing", timeout=15_000)
                rows.append(page.evaluate(READ))
                for n in range(CLICKS):
                    took = page.evaluate(CLICK, "triple" if n % 2 == 0 else "double")
                    if took is not None:
                        clicks.append(took)
                context.close()
        finally:
            browser.close()
    kind = "placeholder (no drawing endpoint yet)" if rows[-1].get("placeholder") else "server SVG"
    to_price = [r["price"] - r["script"] for r in rows]
    to_drawing = [r["drawing"] - r["script"] for r in rows]
    arrival = statistics.median(r["script"] for r in rows)
    print(f"script arrives at {arrival:.0f} ms after navigation (median of {RUNS} cold loads)")
    print(f"script load -> first price:   median {statistics.median(to_price):.0f} ms, max {max(to_price):.0f} ms")
    print(f"script load -> first drawing: median {statistics.median(to_drawing):.0f} ms, max {max(to_drawing):.0f} ms"
          f" ({kind})")
    print(f"requests before the first drawing: {', '.join(rows[-1]['before'])}")
    if clicks:
        print(f"chip click -> updated price:  median {statistics.median(clicks):.0f} ms, max {max(clicks):.0f} ms"
              f" ({len(clicks)} clicks)")
    else:
        print("chip click -> updated price: not measured (no glazing radio)")


def _ms(client: httpx.Client, url: str) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    answer = client.get(url)
    return (time.perf_counter() - started) * 1000, answer


def _server_times(base: str) -> None:
    """Server-side figures of the first load, less noisy than the browser's: the configurator answer
    (with the folded evaluation and the inline first drawing) cold and warm, and the drawing URL."""
    with httpx.Client(base_url=base, timeout=10) as client:
        doc_url = "/api/v1/dealers/demo/configurator?evaluation=true&lang=de"  # a language no run drew yet
        cold, answer = _ms(client, doc_url)
        warm = [_ms(client, doc_url)[0] for _ in range(SERVER_RUNS)]
        doc = answer.json()
        inline = len(doc.get("drawing_svg") or "")
        print(f"configurator?evaluation=true: first {cold:.1f} ms, then median {statistics.median(warm):.1f} ms; "
              f"{len(answer.content) / 1024:.1f} KB, of which the inline drawing {inline / 1024:.1f} KB")
        url = doc["evaluation"]["drawing"]["svg"]
        cached = [_ms(client, url)[0] for _ in range(SERVER_RUNS)]
        # Views not drawn yet, in the language the answer drew (a language's first drawing also loads its words).
        missed = [_ms(client, f"{url}&view={view}")[0] for view in ("inside", "outside")]
        print(f"drawing.svg: drawn on a miss {statistics.median(missed):.1f} ms, "
              f"from the render cache median {statistics.median(cached):.1f} ms")


def main() -> None:
    """Print the bundle's size on the wire, the time to first price and drawing, and click to price."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(tmp, VENSTER_SITE=str(ROOT / "examples" / "dealer-site"))
        try:
            _size(base)
            _server_times(base)
            _timings(base)
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
