"""HTTP throughput and latency of the public API against `/health`, through a real `venster serve`.

Named ``http_load.py``, not ``http.py``: a ``benchmarks/http.py`` would shadow the standard
library's ``http`` package for every script in this folder (they run with the folder first
on ``sys.path``), and Litestar and httpx import ``http``.

Starts the server with uvicorn on a free loopback port and a temporary database, then for
each endpoint runs a few client threads for a fixed time and prints requests per second,
p50 and p99 latency, and each endpoint's ratio to `/health` measured in the same run.
Prints figures only; never asserts.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("VENSTER_BENCH_SECONDS", "5"))
THREADS = 4
CONFIG = json.loads((ROOT / "examples" / "configurations" / "two-light-anthracite.json").read_text())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_dir: str, **env_extra: str) -> tuple[subprocess.Popen, str]:
    """``venster serve`` on a free port; returns the process and its base URL once /health answers."""
    port = _free_port()
    env = {**os.environ, "VENSTER_DB": str(Path(db_dir) / "bench.db"), "VENSTER_CATALOGS": str(ROOT / "catalogs"),
           "VENSTER_LOG_LEVEL": "WARNING", "VENSTER_OUTBOX": "0", **env_extra}
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start in 30 s")


def run_threads(count: int, work: Callable[[int], None]) -> float:
    """Run ``work(i)`` in ``count`` threads at once; the wall time in seconds until all finished."""
    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def stop_server(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Ask the server to stop; kill it when it does not within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(send: Callable[[httpx.Client], httpx.Response], seconds: float = SECONDS) -> dict[str, float]:
    """Run ``send`` from THREADS clients for ``seconds``; requests per second and latency percentiles."""
    latencies: list[list[float]] = [[] for _ in range(THREADS)]
    failures = [0] * THREADS
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        with httpx.Client(timeout=10) as client:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                answer = send(client)
                latencies[i].append(time.perf_counter() - t0)
                if answer.status_code >= 400:
                    failures[i] += 1

    elapsed = run_threads(THREADS, worker)
    every = sorted(x for lat in latencies for x in lat)
    return {"rps": len(every) / elapsed, "p50": statistics.median(every) * 1000,
            "p99": every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, "n": len(every),
            "errors": sum(failures)}


def _row(name: str, r: dict[str, float], health: dict[str, float] | None) -> str:
    line = f"{name:<22} {r['rps']:8.0f} req/s   p50 {r['p50']:7.2f} ms   p99 {r['p99']:7.2f} ms   n={r['n']:.0f}"
    if r["errors"]:
        line += f"   errors={r['errors']:.0f}"
    if health:
        line += f"   vs /health: {r['rps'] / health['rps']:.2f}x req/s, {r['p50'] / health['p50']:.1f}x p50"
    return line


def main() -> None:
    """Print requests per second and latency of /health, evaluate and the drawing endpoints."""
    api = "/api/v1/dealers/demo"
    body = json.dumps(CONFIG).encode()
    headers = {"Content-Type": "application/json"}
    c = base64.urlsafe_b64encode(json.dumps(CONFIG, separators=(",", ":"), sort_keys=True).encode()).rstrip(b"=")
    svg_url = f"{api}/drawing.svg?c={c.decode()}"
    png_url = f"{api}/drawing.png?c={c.decode()}&width=800"
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(tmp)
        try:
            etag = httpx.get(base + svg_url, timeout=30).headers["etag"]
            print(f"{THREADS} client threads, {SECONDS:.0f} s per endpoint, one server process on loopback")
            health = measure(lambda cl: cl.get(f"{base}/health"))
            print(_row("GET /health", health, None))
            cases: list[tuple[str, Callable[[httpx.Client], httpx.Response]]] = [
                ("POST evaluate", lambda cl: cl.post(f"{base}{api}/evaluate?lang=nl", content=body, headers=headers)),
                ("GET drawing.svg", lambda cl: cl.get(base + svg_url)),
                ("GET drawing.svg 304", lambda cl: cl.get(base + svg_url, headers={"If-None-Match": etag})),
                ("GET drawing.png 800", lambda cl: cl.get(base + png_url)),
                ("POST render.png 800", lambda cl: cl.post(f"{base}{api}/render.png?width=800", content=body,
                                                           headers=headers)),
            ]
            for name, send in cases:
                print(_row(name, measure(send), health), flush=True)
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
