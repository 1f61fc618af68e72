"""``venster catalog check`` warns about the legal details a new dealer's invoices would lack."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.conftest import CATALOGS

ROOT = Path(__file__).resolve().parent.parent.parent


def _venster(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VENSTER_DB": str(tmp / "v.db"), "VENSTER_CATALOGS": str(tmp / "catalogs")}
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)


def test_check_warns_about_a_new_dealers_missing_legal_details_until_they_are_saved(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    shutil.copy(CATALOGS / "demo.toml", tmp_path / "catalogs" / "demo.toml")
    made = _venster(tmp_path, "dealer", "init", "kozijnen-jansen", "--name", "Kozijnen Jansen", "--email",
                    "jan@jansen.example")
    assert made.returncode == 0, made.stderr
    catalog = tmp_path / "catalogs" / "kozijnen-jansen.toml"
    checked = _venster(tmp_path, "catalog", "check", str(catalog))
    # A warning, not a failure: the details belong in the back office, not necessarily in the file.
    assert checked.returncode == 0, checked.stdout
    warning = next(line for line in checked.stdout.splitlines() if "Company details" in line)
    assert warning.startswith("warning:") and "street, postcode, city, vat_number, coc_number, iban" in warning
    settings = Settings(db_path=tmp_path / "v.db", catalogs_dir=tmp_path / "catalogs", outbox_worker=False)
    with TestClient(create_app(settings)) as client:
        key = next(w for w in made.stdout.split() if w.startswith("vst_") and len(w) > 20)
        saved = client.patch("/api/v1/dealer/settings/legal", headers={"Authorization": f"Bearer {key}"},
                             json={"street": "Dorpsstraat 1", "postcode": "1234AB", "city": "Jansendam",
                                   "vat_number": "NL002455799B11", "coc_number": "87654321",
                                   "iban": "NL20INGB0001234567"})
        assert saved.status_code == 200, saved.text
        assert saved.json()["details"]["postcode"] == "1234 AB"
    again = _venster(tmp_path, "catalog", "check", str(catalog))
    assert again.returncode == 0 and "Company details" not in again.stdout, again.stdout


def test_the_demo_catalog_has_every_legal_detail() -> None:
    done = subprocess.run([sys.executable, "-m", "server", "catalog", "check", "catalogs/demo.toml"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "VENSTER_DB": "/nonexistent/v.db"})
    assert done.returncode == 0 and "Company details" not in done.stdout


def test_check_with_a_database_it_cannot_read_warns_from_the_catalog_and_leaves_the_file_alone(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    shutil.copy(CATALOGS / "demo.toml", tmp_path / "catalogs" / "demo.toml")
    made = _venster(tmp_path, "dealer", "init", "kozijnen-jansen", "--name", "Kozijnen Jansen", "--email",
                    "jan@jansen.example")
    assert made.returncode == 0, made.stderr
    (tmp_path / "v.db").unlink(missing_ok=True)
    (tmp_path / "v.db").write_bytes(b"not a database at all" * 100)
    checked = _venster(tmp_path, "catalog", "check", str(tmp_path / "catalogs" / "kozijnen-jansen.toml"))
    assert checked.returncode == 0 and "Traceback" not in checked.stderr, checked.stderr
    assert any(line.startswith("warning:") and "Company details" in line for line in checked.stdout.splitlines())
    assert (tmp_path / "v.db").read_bytes() == b"not a database at all" * 100
    assert not (tmp_path / "v.db-wal").exists()
