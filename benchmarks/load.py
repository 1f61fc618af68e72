"""A realistic mix of widget traffic against `venster serve --workers 2` on one SQLite file.

First `/health` alone (the ceiling: what the stack answers with no work), then for a fixed
time (VENSTER_BENCH_SECONDS, default 10) several client threads each play homeowners one
after another, with no think time (a closed loop: each client clicks as soon as it has its
answer): load the configurator, evaluate on every click (width, height, divisions,
options, openings, now and then another layout or product), fetch the SVG drawing after
every click and a PNG preview after some, and in a small share of the sessions fetch a
form token and send the quote request. The outbox worker runs and writes its e-mails
(with PNG drawings) to a temporary folder, as in production.

Prints per endpoint requests per second, p50 and p99 latency and errors; the whole mix
against /health; and the number of 201 answers against the rows in quote_requests (they
must be equal: an answered request is a stored request). Prints figures only; never asserts.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from http_load import THREADS as HEALTH_THREADS
from http_load import measure, run_threads, start_server, stop_server

SECONDS = float(os.environ.get("VENSTER_BENCH_SECONDS", "10"))
WORKERS = 2
CLIENTS = 6
QUOTE_SHARE = 0.15  # of the sessions end with a quote request
API = "/api/v1/dealers/demo"
ENDPOINTS = ("GET configurator", "POST evaluate", "GET drawing.svg", "GET drawing.png 800", "GET form-token",
             "POST quote-requests")


class Stats:
    """Latencies and errors per endpoint, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {name: [] for name in ENDPOINTS}
        self.errors: dict[str, int] = dict.fromkeys(ENDPOINTS, 0)
        self.accepted = 0

    def call(self, name: str, http: httpx.Client, method: str, url: str, **kw: Any) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            answer = http.request(method, url, **kw)
        except httpx.HTTPError:
            answer = None
        elapsed = time.perf_counter() - t0
        with self.lock:
            self.latencies[name].append(elapsed)
            if answer is None or answer.status_code >= 400:
                self.errors[name] += 1
            elif name == "POST quote-requests" and answer.status_code == 201:
                self.accepted += 1
        return answer if answer is not None and answer.status_code < 400 else None


def _click(rng: random.Random, product: dict[str, Any], ev: dict[str, Any]) -> dict[str, Any]:
    """The configuration after one homeowner click, chosen among what the widget offers as available."""
    config = dict(ev["configuration"])
    kind = rng.choices(["size", "division", "option", "opening", "layout"], weights=[4, 1, 4, 2, 1])[0]
    limits = ev["limits"]
    if kind == "division" and limits.get("divisions"):
        name, span = rng.choice(sorted(limits["divisions"].items()))
        config["divisions"] = {**config.get("divisions", {}), name: rng.randint(span["min"], span["max"])}
    elif kind == "option":
        group, values = rng.choice(sorted(ev["options"].items()))
        open_ = [v for v, state in values.items() if state["available"]]
        if open_:
            config["options"] = {**config["options"], group: rng.choice(open_)}
    elif kind == "opening" and ev.get("sections"):
        section, state = rng.choice(sorted(ev["sections"].items()))
        open_ = [o for o, s in state["openings"].items() if s["available"]]
        if open_:
            sections = {k: dict(v) for k, v in config["sections"].items()}
            sections[section]["opening"] = rng.choice(open_)
            config["sections"] = sections
    elif kind == "layout":
        layout = rng.choice(product["layouts"])["id"]
        config = {"product": config["product"], "width_mm": config["width_mm"], "height_mm": config["height_mm"],
                  "layout": layout, "options": config["options"]}
    else:
        axis = rng.choice(["width_mm", "height_mm"])
        span = limits[axis]
        config[axis] = rng.randrange(span["min"], span["max"] + 1, span["step"])
    return config


def _session(http: httpx.Client, stats: Stats, rng: random.Random, n: int) -> None:
    """One homeowner: configurator, clicks with drawings, sometimes a quote request."""
    lang = rng.choice(["nl", "en", "de"])
    data = stats.call("GET configurator", http, "GET", f"{API}/configurator?lang={lang}")
    if data is None:
        return
    product = rng.choice(data.json()["products"])
    answer = stats.call("POST evaluate", http, "POST", f"{API}/evaluate?lang={lang}", json={"product": product["id"]})
    if answer is None:
        return
    ev = answer.json()
    for click in range(rng.randint(5, 15)):
        answer = stats.call("POST evaluate", http, "POST", f"{API}/evaluate?lang={lang}", json=_click(rng, product, ev))
        if answer is None:
            continue
        if answer.json()["valid"]:
            ev = answer.json()
        stats.call("GET drawing.svg", http, "GET", ev["drawing"]["svg"])
        if click % 4 == 3:
            stats.call("GET drawing.png 800", http, "GET", ev["drawing"]["png"])
    if rng.random() >= QUOTE_SHARE or not ev["valid"]:
        return
    token = stats.call("GET form-token", http, "GET", f"{API}/form-token")
    if token is None:
        return
    body = {
        "items": [{"configuration": ev["configuration"], "note": "living room"}],
        "contact": {"name": f"Load Client {n}", "email": f"load{n}@example.nl", "phone": "+31 20 123 4567",
                    "street": "Herengracht", "house_number": "244", "postcode": "1016 BT", "city": "Amsterdam",
                    "country": "NL"},
        "message": "", "lang": lang, "form_token": token.json()["form_token"], "website": "",
        "privacy": {"notice_url": "https://dealer.example/privacy", "notice_version": "2026-01",
                    "marketing_opt_in": False},
    }
    stats.call("POST quote-requests", http, "POST", f"{API}/quote-requests", json=body,
               headers={"Idempotency-Key": str(uuid.uuid4())})


def _row(name: str, latencies: list[float], errors: int, seconds: float) -> str:
    if not latencies:
        return f"  {name:<22} no requests"
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"  {name:<22} {len(ordered) / seconds:8.1f} req/s   p50 {statistics.median(ordered) * 1000:7.1f} ms   "
            f"p99 {p99 * 1000:7.1f} ms   n={len(ordered):<6} errors={errors}")


def main() -> None:
    """Run /health alone, then the mix; print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(tmp, VENSTER_WORKERS=str(WORKERS), VENSTER_FORM_MIN_AGE_S="0",
                                  VENSTER_RATE_LIMIT="1000000", VENSTER_OUTBOX="1",
                                  VENSTER_MAIL_DIR=str(Path(tmp) / "mail"), VENSTER_SMTP_HOST="")
        stats = Stats()
        try:
            print(f"venster serve --workers {WORKERS} on one SQLite file, loopback, {os.cpu_count()} CPU(s); "
                  f"{SECONDS:.0f} s per phase", flush=True)
            health = measure(lambda cl: cl.get(f"{base}/health"), SECONDS)
            print(f"GET /health alone, {HEALTH_THREADS} threads: {health['rps']:8.0f} req/s   "
                  f"p50 {health['p50']:7.2f} ms   p99 {health['p99']:7.2f} ms   errors={health['errors']:.0f}",
                  flush=True)
            stop = time.perf_counter() + SECONDS
            sessions = [0] * CLIENTS

            def client(i: int) -> None:
                rng = random.Random(i)
                with httpx.Client(base_url=base, timeout=30) as http:
                    while time.perf_counter() < stop:
                        sessions[i] += 1
                        _session(http, stats, rng, i * 1_000_000 + sessions[i])

            wall = run_threads(CLIENTS, client)
        finally:
            stop_server(proc)
        total = sum(len(v) for v in stats.latencies.values())
        print(f"mix, {CLIENTS} clients, closed loop, {sum(sessions)} homeowner sessions in {wall:.1f} s "
              f"(the last ones finish after the {SECONDS:.0f} s mark):")
        for name in ENDPOINTS:
            print(_row(name, stats.latencies[name], stats.errors[name], wall))
        print(f"  {'all':<22} {total / wall:8.1f} req/s   = {total / wall / health['rps']:.2f}x of /health alone, "
              f"errors={sum(stats.errors.values())}")
        with sqlite3.connect(Path(tmp) / "bench.db") as db:
            rows = db.execute("SELECT COUNT(*) FROM quote_requests").fetchone()[0]
            sent = db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").fetchone()[0]
            jobs = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        verdict = "equal" if rows == stats.accepted else "MISMATCH"
        print(f"quote requests: 201 answers {stats.accepted}, rows in quote_requests {rows}: {verdict}; "
              f"outbox {sent}/{jobs} e-mails sent by the end")


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    main()
