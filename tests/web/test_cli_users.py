"""``venster dealer add-user``: the printed link works once; a password from stdin works at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.conftest import ROOT, SITE
from tests.web.conftest import csrf_of


def _venster(tmp_path: Path, catalogs_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENSTER_DB": str(tmp_path / "cli.db"), "VENSTER_CATALOGS": str(catalogs_dir),
           "VENSTER_PUBLIC_URL": "https://venster.example"}
    return subprocess.run([sys.executable, "-m", "server", "dealer", "add-user", *args], input=stdin, env=env,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_add_user_prints_a_one_time_link_that_sets_the_password(tmp_path: Path, catalogs_dir: Path) -> None:
    done = _venster(tmp_path, catalogs_dir, "demo", "Piet@Demo.example", "--name", "Piet", "--lang", "en")
    assert done.returncode == 0, done.stderr
    link = re.search(r"^https://venster\.example(/admin/reset/\S+)$", done.stdout, re.M)
    assert link, done.stdout
    again = _venster(tmp_path, catalogs_dir, "demo", "piet@demo.example")
    assert again.returncode == 1 and "already exists" in again.stderr
    settings = Settings(db_path=tmp_path / "cli.db", catalogs_dir=catalogs_dir, site_dir=SITE, outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        form = client.get(link.group(1))
        assert form.status_code == 200 and "piet@demo.example" in form.text and "Set a new password" in form.text
        set_it = client.post(link.group(1), data={"csrf": csrf_of(form.text), "password": "piet's password",
                                                  "password2": "piet's password"})
        assert set_it.url.path == "/admin/login"
        login = client.post("/admin/login", data={"csrf": csrf_of(set_it.text), "email": "piet@demo.example",
                                                  "password": "piet's password"})
        assert login.url.path == "/admin/requests" and '<html lang="en">' in login.text
        assert client.get(link.group(1)).status_code == 400


def test_add_user_with_a_password_from_stdin(tmp_path: Path, catalogs_dir: Path) -> None:
    done = _venster(tmp_path, catalogs_dir, "demo", "kees@demo.example", "--password-stdin",
                    stdin="a long enough password\n")
    assert done.returncode == 0, done.stderr
    assert "/admin/reset/" not in done.stdout and "password is set" in done.stdout
    short = _venster(tmp_path, catalogs_dir, "demo", "jan@demo.example", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    unknown = _venster(tmp_path, catalogs_dir, "nobody", "x@demo.example")
    assert unknown.returncode == 1 and "unknown dealer 'nobody'" in unknown.stderr
    bad = _venster(tmp_path, catalogs_dir, "demo", "not-an-address")
    assert bad.returncode == 1 and "Expected an e-mail address" in bad.stderr
