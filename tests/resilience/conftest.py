"""Helpers for the resilience tests: quote bodies, a server process we may kill, and the completeness check."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import msgspec

from server.services.catalogs import load_catalog_file
from tests.conftest import ROOT, SITE, _free_port

API = "/api/v1/dealers/demo"
ITEMS: list[dict[str, Any]] = [
    {"configuration": {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
                       "options": {"glazing": "triple"}}, "note": "kitchen"},
    {"configuration": {"product": "pvc-window", "width_mm": 900, "height_mm": 1200}, "note": "bathroom"},
]


def quote_body(token: str, n: int) -> dict[str, Any]:
    """A valid two-item quote request whose contact e-mail is unique to ``n``."""
    return {
        "items": ITEMS,
        "contact": {"name": f"Client {n}", "email": f"client{n}@example.nl", "phone": "+31 20 123 4567",
                    "company": None, "street": "Herengracht", "house_number": "244", "postcode": "1016 BT",
                    "city": "Amsterdam", "country": "NL"},
        "message": f"Request {n}", "lang": "nl", "form_token": token, "website": "",
        "privacy": {"notice_url": "https://dealer.example/privacy", "notice_version": "2026-01",
                    "marketing_opt_in": n % 2 == 0},
    }


def expected_jobs(catalogs_dir: Path, email: str) -> set[tuple[str, str]]:
    """(channel, recipient or URL) of every outbox job a request of dealer demo must leave behind."""
    dealer = load_catalog_file(catalogs_dir / "demo.toml").catalog.dealer
    jobs = set()
    if dealer.notification_emails:
        jobs.add(("email", ", ".join(dealer.notification_emails)))
    if dealer.send_confirmation:
        jobs.add(("email", email))
    if dealer.webhook_url:
        jobs.add(("webhook", dealer.webhook_url))
    return jobs


def problems_of(conn: sqlite3.Connection, reference: str, email: str, jobs: set[tuple[str, str]]) -> list[str]:
    """What is missing of a stored request (row, every item, contact, privacy record, outbox jobs); [] if none."""
    row = conn.execute("SELECT id, contact_id, contact_json FROM quote_requests WHERE reference = ?",
                       [reference]).fetchone()
    if row is None:
        return [f"{reference}: no quote_requests row"]
    rid, contact_id, contact_json = row
    found = []
    positions = [r[0] for r in conn.execute("SELECT position FROM quote_items WHERE request_id = ? ORDER BY position",
                                            [rid])]
    if positions != list(range(1, len(ITEMS) + 1)):
        found.append(f"{reference}: items at positions {positions}, expected 1..{len(ITEMS)}")
    contact = conn.execute("SELECT email FROM contacts WHERE id = ?", [contact_id]).fetchone()
    if contact is None or contact[0] != email or msgspec.json.decode(contact_json)["email"] != email:
        found.append(f"{reference}: contact {contact} is not {email}")
    if conn.execute("SELECT COUNT(*) FROM privacy_records WHERE request_id = ?", [rid]).fetchone()[0] != 1:
        found.append(f"{reference}: no privacy record")
    stored_jobs = set()
    for channel, payload in conn.execute("SELECT channel, payload FROM outbox WHERE json_extract(payload, "
                                         "'$.request_id') = ?", [rid]):
        data = msgspec.json.decode(payload)
        stored_jobs.add((channel, ", ".join(data["to"]) if channel == "email" else data["url"]))
    if stored_jobs != jobs:
        found.append(f"{reference}: outbox jobs {sorted(stored_jobs)}, expected {sorted(jobs)}")
    return found


def incomplete(conn: sqlite3.Connection, catalogs_dir: Path, requests: list[tuple[str, str]]) -> list[str]:
    """Every problem of every (reference, e-mail) in ``requests``."""
    return [p for ref, email in requests for p in problems_of(conn, ref, email, expected_jobs(catalogs_dir, email))]


def stored_requests(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(reference, contact e-mail) of every stored request."""
    return conn.execute("SELECT reference, json_extract(contact_json, '$.email') FROM quote_requests").fetchall()


def gapless_problems(conn: sqlite3.Connection) -> list[str]:
    """References must be unique and numbered 1..n per dealer and year, matching the counter."""
    found = []
    numbers: dict[tuple[str, int], list[int]] = {}
    for dealer, reference in conn.execute("SELECT dealer, reference FROM quote_requests"):
        _, year, number = reference.rsplit("-", 2)
        numbers.setdefault((dealer, int(year)), []).append(int(number))
    for (dealer, year), got in numbers.items():
        if sorted(got) != list(range(1, len(got) + 1)):
            found.append(f"{dealer} {year}: numbers {sorted(got)} are not 1..{len(got)}")
        counter = conn.execute("SELECT value FROM counters WHERE dealer = ? AND name = 'request' AND year = ?",
                               [dealer, year]).fetchone()
        if counter is None or counter[0] != len(got):
            found.append(f"{dealer} {year}: counter {counter} but {len(got)} requests")
    return found


class ServerProcess:
    """``python -m server serve`` on a free port, which a test may kill."""

    def __init__(self, db: Path, catalogs_dir: Path, mail_dir: Path, log: Path, **env: str) -> None:
        self.env = {**os.environ, "VENSTER_DB": str(db), "VENSTER_CATALOGS": str(catalogs_dir),
                    "VENSTER_SITE": str(SITE), "VENSTER_LOG_LEVEL": "WARNING", "VENSTER_FORM_MIN_AGE_S": "0",
                    "VENSTER_RATE_LIMIT": "100000", "VENSTER_MAIL_DIR": str(mail_dir), "VENSTER_SMTP_HOST": "",
                    **env}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> str:
        """Start and wait until /health answers; returns the base URL."""
        port = _free_port()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--port", str(port)],
                                         env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return self.base
            except httpx.HTTPError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError("server did not start in 30 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no checkpoint, no flush."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """A normal shutdown (SIGTERM), killed when it takes more than 10 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
