"""The API reference at ``/schema``: one server-rendered page, no JavaScript, under a strict CSP.

Litestar's Swagger and Scalar pages load their JavaScript from a CDN (``@latest``, without
subresource integrity) on the origin that also serves ``/admin``: whoever controls that CDN
could run code next to a dealer's session. The reference is therefore a plain HTML list of
the operations, linking the machine-readable document at ``/schema/openapi.json`` (which
tools such as Swagger UI or Redoc can open from their own origin).
"""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request, Response, Router
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin

__all__ = ["CSP", "ReferencePage", "reference_router", "render_plugins"]

# Nothing may load or run: the page needs neither scripts nor styles nor frames.
CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


class ReferencePage(OpenAPIRenderPlugin):
    """``/schema``: every operation (method, path, summary) grouped by tag, and a link to the JSON."""

    def __init__(self) -> None:
        super().__init__(path="/")

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        """The page as UTF-8 HTML; every text from the document is escaped."""
        info = openapi_schema.get("info", {})
        groups: dict[str, list[str]] = {}
        for path, item in sorted(openapi_schema.get("paths", {}).items()):
            for method in _METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                tag = (op.get("tags") or ["public"])[0]
                groups.setdefault(tag, []).append(
                    f"<li><code>{method.upper()} {escape(path)}</code> {escape(op.get('summary') or '')}</li>")
        sections = "".join(f"<h2>{escape(tag)}</h2><ul>{''.join(lines)}</ul>" for tag, lines in sorted(groups.items()))
        title = escape(f"{info.get('title', 'API')} API {info.get('version', '')}".strip())
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
                f"<h1>{title}</h1><p>{escape(info.get('description', ''))}</p>"
                '<p>The full document, with every body, parameter and error: '
                '<a href="/schema/openapi.json">/schema/openapi.json</a> (OpenAPI 3.1, JSON).</p>'
                f"{sections}</body></html>").encode()


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def render_plugins() -> list[OpenAPIRenderPlugin]:
    """The reference page and the JSON document; no page that loads code from elsewhere."""
    return [ReferencePage(), JsonRenderPlugin()]


def reference_router() -> Router:
    """The router Litestar serves ``/schema`` on, with the strict CSP on every answer."""
    return Router("/schema", route_handlers=[], include_in_schema=False, after_request=_headers)
