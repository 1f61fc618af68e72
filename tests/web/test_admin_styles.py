"""The back office's style sheet covers every kind of field its pages show."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from tests.web.conftest import Office

CSS = Path(__file__).resolve().parents[2] / "server" / "admin" / "static" / "admin.css"
# Not text boxes: buttons, hidden values, and check boxes (styled by their `.check` label).
_NOT_BOXES = {"hidden", "submit", "checkbox"}
PAGES = ["/admin/contacts/new", "/admin/requests", "/admin/settings", "/admin/audit", "/admin/users"]


def test_every_field_on_the_pages_is_styled(anna: Office) -> None:
    # The contact form's phone field (type tel) was a bare browser box beside styled ones.
    css = CSS.read_text(encoding="utf-8")
    used: set[str] = set()
    for path in PAGES:
        answer = anna.get(path)
        assert answer.status_code == 200, path
        used |= {str(kind) for kind in lxml.html.fromstring(answer.text).xpath("//input/@type")}
    assert "tel" in used
    assert sorted(kind for kind in used - _NOT_BOXES if f"input[type={kind}]" not in css) == []
