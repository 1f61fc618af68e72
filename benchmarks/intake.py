"""Quote-request intake under concurrent submissions, through a real `venster serve`.

For one and for two server processes on one SQLite file: several client threads each
fetch a form token and submit quote requests (two items each, a unique Idempotency-Key)
for a fixed time. Prints accepted requests per second, p50 and p99 latency of the POST,
non-201 answers, and the number of 201 answers against the rows stored (they must be
equal: an answered request is a stored request). Prints figures only; never asserts.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
from http_load import SECONDS, run_threads, start_server, stop_server

THREADS = 6
API = "/api/v1/dealers/demo"
ITEMS = [
    {"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
                       "options": {"glazing": "triple"}}, "note": "kitchen"},
    {"configuration": {"product": "pvc-window", "width_mm": 900, "height_mm": 1200}, "note": "bathroom"},
]


def _body(token: str, n: int) -> dict:
    return {
        "items": ITEMS,
        "contact": {"name": f"Bench Client {n}", "email": f"client{n}@example.nl", "phone": "+31 20 123 4567",
                    "street": "Herengracht", "house_number": "244", "postcode": "1016 BT", "city": "Amsterdam",
                    "country": "NL"},
        "message": "", "lang": "nl", "form_token": token, "website": "",
        "privacy": {"notice_url": "https://dealer.example/privacy", "notice_version": "2026-01",
                    "marketing_opt_in": False},
    }


def run(workers: int) -> None:
    """Submit for SECONDS from THREADS clients against ``workers`` server processes; print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(tmp, VENSTER_WORKERS=str(workers), VENSTER_FORM_MIN_AGE_S="0",
                                  VENSTER_RATE_LIMIT="1000000")
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        stop = time.perf_counter() + SECONDS

        def client(i: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                n = 0
                while time.perf_counter() < stop:
                    n += 1
                    token = http.get(f"{API}/form-token").json()["form_token"]  # a token makes one request
                    t0 = time.perf_counter()
                    answer = http.post(f"{API}/quote-requests", json=_body(token, i * 100_000 + n),
                                       headers={"Idempotency-Key": str(uuid.uuid4())})
                    elapsed = time.perf_counter() - t0
                    with lock:
                        latencies.append(elapsed)
                        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

        try:
            wall = run_threads(THREADS, client)
        finally:
            stop_server(proc)
        with sqlite3.connect(Path(tmp) / "bench.db") as db:
            requests = db.execute("SELECT count(*) FROM quote_requests").fetchone()[0]
            items = db.execute("SELECT count(*) FROM quote_items").fetchone()[0]
            outbox = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        accepted = statuses.get(201, 0)
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        others = {k: v for k, v in statuses.items() if k != 201}
        print(f"{workers} worker(s), {THREADS} clients, {SECONDS:.0f} s: {accepted / wall:6.1f} accepted/s   "
              f"p50 {statistics.median(latencies) * 1000:6.1f} ms   p99 {p99 * 1000:6.1f} ms   "
              f"non-201: {others or 'none'}")
        print(f"    201 answers {accepted}, requests stored {requests}, items stored {items} "
              f"(expected {accepted * len(ITEMS)}), outbox messages {outbox}: "
              f"{'equal' if accepted == requests and items == accepted * len(ITEMS) else 'MISMATCH'}")


def main() -> None:
    """One and two server processes."""
    for workers in (1, 2):
        run(workers)


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    main()
