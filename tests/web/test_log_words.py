"""The audit log and the notifications log name each action and event in the user's language (issue 15).

Every action code a module records (``record(db, ..., "quote.send", ...)``) and every event it
queues or emits has words in nl, en and de; the pages show them, with the code beside for the
dealer's web developer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from server.i18n.words import words
from tests.support.html import parse, text_of
from tests.web.conftest import Office

SERVER = Path(__file__).resolve().parents[2] / "server"


def _literals(call_name: str, position: int) -> set[str]:
    """The string literals passed at ``position`` to calls of ``call_name`` anywhere in server/ (both arms of an if)."""
    found: set[str] = set()
    for path in SERVER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == call_name \
                    and len(node.args) > position:
                arg = node.args[position]
                for leaf in ast.walk(arg):
                    if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str):
                        found.add(leaf.value)
    return found


ACTIONS = _literals("record", 3)
EVENTS = _literals("OutboxJob", 1) | _literals("_event", 3)


def test_the_scan_finds_the_actions_and_events() -> None:
    assert {"quote.send", "contact.erase", "requests.export", "user.disable", "user.enable"} <= ACTIONS
    assert {"request.created", "quote.accepted", "quote.expiring_soon"} <= EVENTS


@pytest.mark.parametrize("lang", ["nl", "en", "de"])
def test_every_recorded_action_and_event_has_words(lang: str) -> None:
    t = words("admin", lang)
    assert sorted(a for a in ACTIONS if f"action.{a}" not in t) == []
    assert sorted(e for e in EVENTS if f"event.{e}" not in t) == []


def test_the_audit_log_and_notifications_say_what_happened_in_german(anna: Office) -> None:
    anna.submit()
    anna.get("/admin/requests.csv")
    anna.post("/admin/lang", {"lang": "de", "next": "/admin"})
    audit = parse(anna.get("/admin/audit").text)
    cells = [text_of(td) for td in audit.iter("td")]
    assert any(c.startswith("Anfragen exportiert") and "requests.export" in c for c in cells), cells
    notes = parse(anna.get("/admin/deliveries").text)
    assert "Neue Anfrage" in text_of(notes.find(".//table")), text_of(notes.find(".//table"))
