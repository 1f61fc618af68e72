"""The outbox worker with slow webhook endpoints: serial lanes against the concurrent pool.

Eight dealers each have three webhook jobs due; every endpoint takes 0.25 s to answer, and
a ninth dealer's endpoint drips one byte every 0.2 s (it never answers). The real worker
thread drains the outbox once with one send at a time and once with the default pool.
Prints the time until every answering dealer's jobs are sent and how long the first
answering job waited. Prints figures only; never asserts.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.services.catalogs import CatalogStore  # noqa: E402 - after the path is set
from server.services.outbox_worker import CONCURRENCY, OutboxWorker  # noqa: E402
from server.settings import Settings  # noqa: E402
from server.storage.db import connect, migrate, write_transaction  # noqa: E402
from server.storage.outbox import enqueue  # noqa: E402
from tests.support.drip import Drip  # noqa: E402

DEALERS = 8
JOBS = 3
ANSWER_S = 0.25


class _Slow(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's API
        self.rfile.read(int(self.headers.get("content-length", "0")))
        time.sleep(ANSWER_S)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def _run(concurrency: int, slow_url: str) -> tuple[float, float]:
    tmp = Path(tempfile.mkdtemp(prefix="venster-outbox-bench-"))
    drip = Drip(b"HTTP/1.1 200 OK\r\n" * 1000)
    drip_url = f"http://127.0.0.1:{drip.port}/hook"
    try:
        catalogs = tmp / "catalogs"
        catalogs.mkdir()
        demo = (ROOT / "catalogs" / "demo.toml").read_text()
        slugs = [f"dealer-{n}" for n in range(DEALERS)] + ["dripping"]
        for slug in slugs:
            (catalogs / f"{slug}.toml").write_text(demo)
        settings = Settings(db_path=tmp / "bench.db", catalogs_dir=catalogs, outbox_worker=False,
                            webhook_allow_private=True, webhook_secrets={s: "bench" for s in slugs})
        db = connect(settings.db_path)
        migrate(db)
        now = time.time()
        with write_transaction(db):
            for _ in range(JOBS):  # the dripping dealer's jobs come first, as the oldest
                for slug in slugs[::-1]:
                    url = drip_url if slug == "dripping" else slow_url
                    enqueue(db, slug, "webhook", "contact.erased", "e", {"url": url, "contact_id": 1,
                            "references": [], "quotes": [], "erased_at": ""}, now)
        store = CatalogStore(catalogs, settings.db_path, allow_private_webhooks=True)
        store.load_all()
        worker = OutboxWorker(settings, store, poll_s=0.05, concurrency=concurrency)
        started = time.perf_counter()
        worker.start()
        first = None
        want = DEALERS * JOBS
        while time.perf_counter() - started < 120:
            sent = db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").fetchone()[0]
            if sent and first is None:
                first = time.perf_counter() - started
            if sent >= want:
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        drip.close()  # a send still dripping ends now, so it is recorded before the files go
        worker.stop()
        time.sleep(0.5)
        db.conn.close()
        return elapsed, first or elapsed
    finally:
        drip.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    """Print the figures for one send at a time and for the default pool."""
    logging.basicConfig(level=logging.ERROR)  # the dripping endpoint's failed attempts are expected
    slow = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    slow_url = f"http://127.0.0.1:{slow.server_address[1]}/hook"
    print(f"{DEALERS} dealers x {JOBS} webhooks answering in {ANSWER_S} s, one dealer's endpoint dripping forever")
    for concurrency in (CONCURRENCY, 1):
        elapsed, first = _run(concurrency, slow_url)
        print(f"  {concurrency} send(s) at a time: first answering job sent after {first:.2f} s, "
              f"all {DEALERS * JOBS} after {elapsed:.2f} s")
    slow.shutdown()


if __name__ == "__main__":
    main()
