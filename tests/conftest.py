"""Shared fixtures: a temporary database, the app client, a live server, a browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.support.dealers import SECOND_DEALER, add_second_dealer

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "catalogs"
SITE = ROOT / "examples" / "dealer-site"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def catalogs_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped catalogs, safe to edit in a test."""
    target = tmp_path / "catalogs"
    shutil.copytree(CATALOGS, target)
    return target


@pytest.fixture
def second_dealer(catalogs_dir: Path) -> str:
    """Dealer ``other`` (named "Andere Ramen") beside ``demo`` in ``catalogs_dir``; yields its slug."""
    add_second_dealer(catalogs_dir)
    return SECOND_DEALER


@pytest.fixture
def settings(tmp_path: Path, catalogs_dir: Path) -> Settings:
    """Settings pointing at a fresh database file and the catalog copy."""
    return Settings(db_path=tmp_path / "venster.db", catalogs_dir=catalogs_dir, site_dir=SITE)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """Real HTTP through Litestar's test client, on a real SQLite file."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(tmp_path: Path, catalogs_dir: Path, extra_env: dict[str, str] | None = None,
                   name: str = "live") -> Iterator[tuple[str, Path]]:
    """A real ``venster serve`` process on a free port with ``extra_env``; yields (base URL, its log file)."""
    port = _free_port()
    env = {**os.environ, "VENSTER_DB": str(tmp_path / f"{name}.db"),
           "VENSTER_CATALOGS": str(catalogs_dir), "VENSTER_SITE": str(SITE),
           "VENSTER_LOG_LEVEL": "WARNING", "VENSTER_FORM_MIN_AGE_S": "0", "VENSTER_RATE_LIMIT": "10000",
           "VENSTER_MAIL_DIR": str(tmp_path / "mail"), "VENSTER_SMTP_HOST": "", **(extra_env or {})}
    log_path = tmp_path / f"{name}-server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.close()
            out = log_path.read_text(errors="replace")
            raise RuntimeError(f"server exited with {proc.returncode}: {out}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        proc.wait()
        log.close()
        raise RuntimeError("server did not start in 30 s")
    try:
        yield base, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def live_env() -> dict[str, str]:
    """Extra environment for ``live_server``; override this fixture in a test module to change settings."""
    return {}


@pytest.fixture
def live_server(tmp_path: Path, catalogs_dir: Path, live_env: dict[str, str]) -> Iterator[str]:
    """A real ``venster serve`` process on a free port; yields its base URL."""
    with running_server(tmp_path, catalogs_dir, live_env) as (base, _):
        yield base


@pytest.fixture
def live_db(tmp_path: Path) -> Path:
    """The database file of ``live_server`` (a module sharing one server overrides both)."""
    return tmp_path / "live.db"


@pytest.fixture(scope="module")
def module_live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One real ``venster serve`` for a whole test module, on the shipped catalogs; yields (base URL, its folder).

    Starting a server costs about a second of both cores; a module whose tests change no
    catalog or setting shares this one (see ``tests/browser/conftest.py: one_server_per_module``).
    """
    folder = tmp_path_factory.mktemp("module-server")
    catalogs = folder / "catalogs"
    shutil.copytree(CATALOGS, catalogs)
    with running_server(folder, catalogs) as (base, _):
        yield base, folder


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per test run for every screenshot (pytest keeps the last three runs' folders)."""
    return tmp_path_factory.mktemp("screenshots", numbered=False)


@pytest.fixture(scope="session")
def browser():
    """Real headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs it")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test (no shared cookies or cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
