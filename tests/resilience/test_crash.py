"""SIGKILL of a real server while quote requests come in, then a restart on the same database.

What must hold: every request answered 201 is stored complete (row, every item, contact,
privacy record, outbox jobs); references stay unique and gapless; every outbox message of
those requests is delivered (as .eml files in VENSTER_MAIL_DIR) after the restart.

A job the killed process had claimed is leased to it for ``LEASE_S`` (120 s); the restarted
server sees that the lease holder's process is gone, frees the job at start-up and sends it
with the others (at least once: it may have gone out just before the kill).

The moment of the kill is random; the seed is printed, and VENSTER_CRASH_SEED replays it.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import os
import random
import re
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import msgspec

from server.services.outbox_worker import LEASE_S
from tests.resilience.conftest import (
    API,
    ServerProcess,
    expected_jobs,
    gapless_problems,
    incomplete,
    quote_body,
    stored_requests,
)

WINDOW_S = 1.5  # the kill lands within this many seconds of the first submission
PAUSE_S = 0.05  # between one client's submissions: keeps the mail count (and the test) small
DELIVERY_WAIT_S = 20.0


def _delivered(mail_dir: Path) -> set[tuple[str, str]]:
    """(reference, To) of every .eml written."""
    found = set()
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        match = re.search(r"[A-Z0-9-]+-\d{4}-\d{6}", str(message["Subject"] or ""))
        if match:
            found.add((match.group(0), str(message["To"])))
    return found


def test_a_killed_server_loses_no_answered_request_and_still_sends_every_message(
        tmp_path: Path, catalogs_dir: Path) -> None:
    seed = int(os.environ.get("VENSTER_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    print(f"crash seed {seed} (replay with VENSTER_CRASH_SEED={seed})")
    rng = random.Random(seed)
    db_path, mail_dir = tmp_path / "crash.db", tmp_path / "mail"
    server = ServerProcess(db_path, catalogs_dir, mail_dir, tmp_path / "server.log")
    base = server.start()
    accepted: dict[str, str] = {}  # reference -> the contact's e-mail
    refused: list[str] = []
    lock = threading.Lock()
    numbers = itertools.count(1)

    def client() -> None:
        with httpx.Client(base_url=base, timeout=10) as http:
            while True:
                n = next(numbers)
                try:
                    token = http.get(f"{API}/form-token").json()["form_token"]  # a token makes one request
                    answer = http.post(f"{API}/quote-requests", json=quote_body(token, n),
                                       headers={"Idempotency-Key": f"crash-{n}"})
                except httpx.HTTPError:
                    return  # the server died under this request; its fate is unknown to the client
                with lock:
                    if answer.status_code == 201:
                        accepted[answer.json()["reference"]] = f"client{n}@example.nl"
                    else:
                        refused.append(f"{answer.status_code} {answer.text}")
                time.sleep(PAUSE_S)

    kill_after = rng.uniform(0.2, WINDOW_S)
    threads = [threading.Thread(target=client, daemon=True) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(kill_after)
        server.kill()
        killed_at = time.time()
        for thread in threads:
            thread.join(timeout=15)
    finally:
        server.kill()
    context = f"seed {seed}, killed after {kill_after:.3f} s, {len(accepted)} answered 201"
    assert refused == [], context
    assert accepted, context

    # What the killed process left: jobs it had claimed stay leased to it until their lease runs out.
    conn = sqlite3.connect(db_path)
    held = dict(conn.execute("SELECT id, lease_until FROM outbox WHERE status = 'pending' AND lease_until > ?",
                             [killed_at]).fetchall())
    conn.close()
    assert all(until <= killed_at + LEASE_S for until in held.values()), (held, context)

    restarted = ServerProcess(db_path, catalogs_dir, mail_dir, tmp_path / "server.log")
    restarted.start()
    try:
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert incomplete(conn, catalogs_dir, list(accepted.items())) == [], context
        # Requests committed while their answer was cut off by the kill are complete as well.
        stored = stored_requests(conn)
        assert incomplete(conn, catalogs_dir, stored) == [], context
        assert gapless_problems(conn) == [], context
        assert set(accepted) <= {ref for ref, _ in stored}

        # The restarted server frees the dead process's leases at start-up and sends every job.
        started = time.monotonic()
        while True:
            waiting = conn.execute("SELECT id, status FROM outbox WHERE status != 'sent'").fetchall()
            if not waiting:
                break
            assert time.monotonic() - started < DELIVERY_WAIT_S, (f"not sent after {DELIVERY_WAIT_S} s: {waiting}",
                                                                  context)
            time.sleep(0.2)
        conn.close()
    finally:
        restarted.stop()

    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT channel, status, payload FROM outbox").fetchall()
    conn.close()
    assert {(channel, status) for channel, status, _ in rows} == {("email", "sent")}, (rows, context)
    delivered = _delivered(mail_dir)
    expected = set()
    for _, _, payload in rows:
        data = msgspec.json.decode(payload)
        if data["reference"] in accepted:
            expected.add((data["reference"], ", ".join(data["to"])))
    assert len(expected) == sum(len(expected_jobs(catalogs_dir, e)) for e in accepted.values())
    assert expected - delivered == set(), context
    print(f"{context}, {len(stored) - len(accepted)} stored whose answer the kill cut off; {len(rows)} messages, "
          f"{len(held)} were leased by the killed process, all delivered; after the restart in "
          f"{time.monotonic() - started:.1f} s")
