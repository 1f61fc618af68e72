"""Business documents: time to make a quote's PDF with its drawings, an invoice's PDF and its UBL XML.

Goal (issue 8): a quote with drawings "well under a second". Builds a real request with
one, three and ten windows on a temporary database; prints median and worst ms. Also the
time to wrap one long unbroken word on a page (issue 12: 5,000 characters took 6.6 s when
the wrapping was quadratic).
Prints figures only; asserts nothing.
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.simplefilter("ignore")

from server.documents.invoice import invoice_pdf, invoice_xml  # noqa: E402
from server.documents.page import wrap  # noqa: E402
from server.services.invoices import create_invoice  # noqa: E402
from server.services.quote_document import quote_document  # noqa: E402
from server.services.quotes import accept_quote, create_quote, get_quote, send_quote  # noqa: E402
from server.storage.db import connect  # noqa: E402
from tests.intake.conftest import BODY  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
WINDOWS = [
    {"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal"}},
    {"configuration": {"product": "pvc-window", "width_mm": 2400, "height_mm": 1800, "layout": "toplight-two"}},
    {"configuration": {"product": "alu-sliding-door", "width_mm": 2400, "height_mm": 2200}},
]


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Median and worst ms over RUNS calls after one warm-up."""
    work()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def wrapping() -> None:
    """Print the time to wrap one unbroken word of 1,000 to 50,000 characters into a table cell."""
    for length in (1_000, 5_000, 10_000, 50_000):
        word = "W" * length
        median, worst = timed(lambda: wrap(word, 3.1, 60.0))  # noqa: B023
        print(f"wrap one {length:>6}-character word: {median:8.2f} ms (worst {worst:8.2f})", flush=True)


def main() -> None:
    """Print the figures for 1, 3 and 10 windows, then for wrapping long words."""
    from litestar.testing import TestClient

    from server.app import create_app
    from server.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.db", catalogs_dir=ROOT / "catalogs", site_dir=None,
                            form_min_age_s=0, outbox_worker=False, rate_limit=10**6, log_level="WARNING")
        with TestClient(create_app(settings)) as client:
            loaded = client.app.state.catalogs.get("demo")
            db = connect(settings.db_path)
            for count in (1, 3, 10):
                body = copy.deepcopy(BODY)
                body["items"] = [copy.deepcopy(WINDOWS[i % 3]) for i in range(count)]
                body["form_token"] = client.get("/api/v1/dealers/demo/form-token").json()["form_token"]
                reference = client.post("/api/v1/dealers/demo/quote-requests", json=body,
                                        headers={"Idempotency-Key": f"bench-{count}"}).json()["reference"]
                quote = create_quote(db, loaded, reference, "bench")
                send_quote(db, loaded, quote.number, "bench", "http://x")
                accepted = accept_quote(db, loaded, get_quote(db, "demo", quote.number), "Bench", True)
                invoice = create_invoice(db, loaded, accepted.number, "bench")
                q_med, q_max = timed(lambda: quote_document(db, loaded, accepted))  # noqa: B023
                i_med, i_max = timed(lambda: invoice_pdf(invoice))  # noqa: B023
                u_med, u_max = timed(lambda: invoice_xml(invoice))  # noqa: B023
                print(f"{count:>2} window(s): quote PDF with drawings {q_med:7.1f} ms (worst {q_max:7.1f})   "
                      f"invoice PDF {i_med:6.1f} ms (worst {i_max:6.1f})   UBL XML {u_med:5.2f} ms "
                      f"(worst {u_max:5.2f})", flush=True)
            db.conn.close()
    wrapping()


if __name__ == "__main__":
    main()
