"""What a dealer waits for in the catalog editor: saving a draft, the check, publishing, a publish reaching a worker.

Measured on the demo catalog (two products, the full price model) in a temporary SQLite file:
the TOML round trip, a draft save with its fast check, the full check cold (proving every choice
reachable) and from the per-product cache, a publish, and how long a second store (another
worker) takes to serve the published version.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import msgspec

from server.services import catalog_versions as versions
from server.services.catalog_toml import catalog_to_toml, loose_decode
from server.services.catalogs import HEAD_POLL_S, CatalogStore
from server.storage.db import connect, migrate

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(run: Callable[[], object], times: int) -> float:
    took = []
    for _ in range(times):
        t0 = time.perf_counter()
        run()
        took.append(time.perf_counter() - t0)
    return statistics.median(took) * 1000


def main() -> None:
    """Print the figures, one per line."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "catalogs"
        folder.mkdir()
        shutil.copy(ROOT / "catalogs" / "demo.toml", folder / "demo.toml")
        db_path = Path(tmp) / "bench.db"
        db = connect(db_path)
        migrate(db)
        worker_1, worker_2 = CatalogStore(folder, db_path), CatalogStore(folder, db_path)
        worker_1.load_all()
        worker_2.load_all()
        live = worker_1.get("demo")
        assert live is not None
        catalog = live.catalog

        def round_trip() -> object:
            return loose_decode(tomllib.loads(catalog_to_toml(catalog)))

        print(f"catalog TOML write + read back: median {_median_ms(round_trip, 20):.1f} ms")

        minimum = [Decimal(100)]

        def save() -> object:
            minimum[0] += 1
            product = msgspec.structs.replace(catalog.products[0], minimum_price=minimum[0])
            changed = msgspec.structs.replace(catalog, products=[product, *catalog.products[1:]])
            return versions.save_draft(db, "demo", changed, "bench")

        print(f"draft save with its fast check: median {_median_ms(save, 10):.1f} ms")
        draft = versions.draft_of(db, "demo").catalog
        t0 = time.perf_counter()
        versions.full_check(db, draft)
        print(f"full check, cold (every choice proved reachable): {time.perf_counter() - t0:.2f} s")
        cached = _median_ms(lambda: versions.full_check(db, draft), 5)
        print(f"full check, from the per-product cache: median {cached:.1f} ms")
        t0 = time.perf_counter()
        release = versions.publish(db, "demo", "bench")
        published = time.perf_counter()
        print(f"publish (check cached, release written): {(published - t0) * 1000:.1f} ms")
        while True:
            served = worker_2.get("demo")
            if served is not None and served.number == release.number:
                break
            time.sleep(0.005)
        print(f"publish -> served by another worker: {(time.perf_counter() - published) * 1000:.0f} ms "
              f"(polls every {HEAD_POLL_S} s)")
        db.conn.close()


if __name__ == "__main__":
    main()
