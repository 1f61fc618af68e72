"""Public evaluate latency while a dealer's settings save waits on a slow name server (issue 12, point 3).

Before the fix the webhook check ran getaddrinfo on the event loop: every request waited for
the dealer's DNS. A resolver that takes 2 s is injected; the script prints evaluate's median
and worst latency alone and during such a PATCH, and how long the PATCH took.
Prints figures only; asserts nothing.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.simplefilter("ignore")
logging.getLogger("httpx").setLevel(logging.WARNING)

from litestar.testing import TestClient  # noqa: E402

import server.notify.destinations as destinations  # noqa: E402
from server.app import create_app  # noqa: E402
from server.services.keys import create_key  # noqa: E402
from server.settings import Settings  # noqa: E402
from server.storage.db import connect  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SLOW_S = 2.0
RUNS = 20


def _evaluate_ms(client: TestClient, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        client.post("/api/v1/dealers/demo/evaluate", json={"product": "pvc-window"})
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        catalogs = Path(tmp) / "catalogs"
        shutil.copytree(ROOT / "catalogs", catalogs)
        settings = Settings(db_path=Path(tmp) / "b.db", catalogs_dir=catalogs, outbox_worker=False,
                            rate_limit=100_000, key_rate_limit=100_000, render_rate_limit=100_000)

        def slow(host: str, port: int) -> list[str]:
            time.sleep(SLOW_S)
            return ["93.184.216.34"]

        destinations.system_resolver = slow  # type: ignore[assignment]
        with TestClient(create_app(settings)) as client:
            db = connect(settings.db_path)
            key = create_key(db, "demo").key
            db.conn.close()
            alone = _evaluate_ms(client, RUNS)
            took: list[float] = []

            def save() -> None:
                start = time.perf_counter()
                client.patch("/api/v1/dealer/settings", json={"webhook_url": "https://hooks.crm.example/in"},
                             headers={"Authorization": f"Bearer {key}"})
                took.append((time.perf_counter() - start) * 1000)

            saving = threading.Thread(target=save)
            saving.start()
            time.sleep(0.1)
            during = _evaluate_ms(client, RUNS)
            saving.join()
    print(f"evaluate alone:        median {statistics.median(alone):7.1f} ms, worst {max(alone):7.1f} ms")
    print(f"evaluate during PATCH: median {statistics.median(during):7.1f} ms, worst {max(during):7.1f} ms "
          f"(name lookup {SLOW_S:g} s)")
    print(f"PATCH /settings took {took[0]:.0f} ms")


if __name__ == "__main__":
    main()
