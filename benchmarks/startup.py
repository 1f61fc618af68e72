"""Time to build the app (migrations + strict catalog load) and a /health round trip."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print median app build time and /health latency through the test client."""
    builds = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(10):
            t0 = time.perf_counter()
            app = create_app(Settings(db_path=Path(tmp) / f"{i}.db", catalogs_dir=ROOT / "catalogs"))
            builds.append(time.perf_counter() - t0)
        with TestClient(app) as client:
            lat = []
            for _ in range(500):
                t0 = time.perf_counter()
                client.get("/health")
                lat.append(time.perf_counter() - t0)
    print(f"app build (migrate + load catalogs): median {statistics.median(builds) * 1000:.1f} ms")
    lat.sort()
    print(f"/health via test client: median {statistics.median(lat) * 1e6:.0f} us, "
          f"p99 {lat[int(len(lat) * 0.99)] * 1e6:.0f} us")


if __name__ == "__main__":
    main()
