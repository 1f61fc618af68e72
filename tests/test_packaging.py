"""A wheel built from pyproject.toml serves everything from a fresh venv, started in an empty folder.

The wheel is built offline (``pip wheel --no-deps --no-build-isolation --no-index``) from a copy
of the project's files, so the build leaves nothing in the working tree. It is installed without
its dependencies into a new venv; a ``.pth`` file lends that venv this suite's site-packages for
the dependencies (downloading them again would take minutes), but not venster itself: the
editable install's finder is a ``.pth`` of its own, which Python reads only in real site
folders, so ``server`` comes from the wheel (the first test proves it). Then ``venster serve``
runs from that venv in an empty folder, with no VENSTER_CATALOGS or VENSTER_SITE set.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, _free_port
from tests.intake.conftest import BODY, URL

# What an installed venster reads at run time besides its modules (the list).
SHIPPED = (
    "server/notify/templates/request.html.j2",
    "server/notify/templates/request.txt.j2",
    "server/admin/templates/login.html",
    "server/admin/static/admin.css",
    "server/pages/templates/hosted.html",
    "server/pages/templates/quote/page.html",
    "server/_bundled/widget/dist/venster.js",
    "server/_bundled/catalogs/demo.toml",
    "server/_bundled/examples/dealer-site/index.html",
    # Every word a person reads: the compiled catalogs the server loads at import (server/i18n/words.py).
    *(f"server/i18n/locale/{lang}/LC_MESSAGES/venster.mo" for lang in ("nl", "en", "de")),
    "server/i18n/locale/en/LC_MESSAGES/api.mo",
)


class Installed:
    """The fresh venv with the wheel installed, and the wheel itself."""

    def __init__(self, venv: Path, wheel: Path) -> None:
        self.venv = venv
        self.wheel = wheel
        self.python = venv / "bin" / "python"
        self.venster = venv / "bin" / "venster"


def _project_files() -> list[str]:
    """The project's files as git knows them (tracked or new, never ignored), without the tests."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and not name.startswith(("tests/", "benchmarks/"))
            and (ROOT / name).is_file()]


def _clean_env(**extra: str) -> dict[str, str]:
    # Nothing of this suite's own setup may leak in: no VENSTER_* and no PYTHONPATH pointing at the checkout.
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENSTER_") and k != "PYTHONPATH"}
    return {**env, **extra}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel, make a venv without pip and install the wheel into it (about 5 s)."""
    base = tmp_path_factory.mktemp("packaging")
    source, dist, venv = base / "source", base / "dist", base / "venv"
    for name in _project_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(dist),
                    str(source)], check=True, capture_output=True, env=_clean_env())
    (wheel,) = dist.glob("venster-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, env=_clean_env())
    ask = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = subprocess.run([str(venv / "bin" / "python"), "-c", ask], check=True, capture_output=True,
                          text=True).stdout.strip()
    (Path(site) / "venster_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return Installed(venv, wheel)


def test_the_wheel_holds_the_templates_the_widget_the_demo_and_the_sample_site(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert [name for name in SHIPPED if name not in names] == []
    requires = zipfile.ZipFile(installed.wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Dist: httpx" in requires and "Requires-Dist: anyio" in requires


def test_server_is_imported_from_the_fresh_venv_not_the_checkout(installed: Installed, tmp_path: Path) -> None:
    where = subprocess.run([str(installed.python), "-c", "import server; print(server.__file__)"], cwd=tmp_path,
                           check=True, capture_output=True, text=True, env=_clean_env()).stdout.strip()
    assert Path(where).is_relative_to(installed.venv), where


@pytest.fixture
def served(installed: Installed, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``venster serve`` from the fresh venv in an empty folder; yields (base URL, its mail folder)."""
    folder, mail = tmp_path / "empty", tmp_path / "mail"
    folder.mkdir()
    port = _free_port()
    env = _clean_env(VENSTER_MAIL_DIR=str(mail), VENSTER_FORM_MIN_AGE_S="0", VENSTER_LOG_LEVEL="WARNING")
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen([str(installed.venster), "serve", "--port", str(port)], cwd=folder, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "venster serve did not answer in 30 s"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield base, mail
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_venster_serve_from_the_wheel_in_an_empty_folder_serves_the_demo_and_sends_mail(
        served: tuple[str, Path]) -> None:
    base, mail = served
    with httpx.Client(base_url=base, timeout=30) as http:
        widget = http.get("/widget.js")
        assert widget.status_code == 200 and "customElements" in widget.text
        home = http.get("/")
        assert home.status_code == 200
        assert '<script src="/widget.js"' in home.text and '<venster-configurator dealer="demo"' in home.text
        assert http.get("/api/v1/dealers/demo/configurator").status_code == 200
        configuration = BODY["items"][0]["configuration"]
        evaluated = http.post("/api/v1/dealers/demo/evaluate?lang=nl", json=configuration)
        assert evaluated.status_code == 200 and evaluated.json()["valid"] is True
        # The engine's words come from the wheel's compiled catalogs, in the language asked for.
        too_wide = http.post("/api/v1/dealers/demo/evaluate?lang=de", json={**configuration, "width_mm": 99_000})
        assert too_wide.status_code == 200 and "Wählen Sie ein Maß" in too_wide.text, too_wide.text
        body = copy.deepcopy(BODY)
        body["form_token"] = http.get("/api/v1/dealers/demo/form-token").json()["form_token"]
        sent = http.post(URL, json=body, headers={"Idempotency-Key": "packaging"})
        assert sent.status_code == 201, sent.text
    # The outbox worker writes the dealer's notification (and the homeowner's confirmation) as .eml files.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list(mail.glob("*.eml"))) < 2:
        time.sleep(0.2)
    recipients = sorted(line for path in mail.glob("*.eml") for line in path.read_text().splitlines()
                        if line.startswith("To: "))
    assert recipients == ["To: anna@example.nl", "To: verkoop@kozijnen-demo.example"]
