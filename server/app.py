"""The Litestar application factory: wiring only, no logic."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Response
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from server.access_log import redact_root_handlers
from server.admin import admin_router
from server.api.cors import DealerCorsMiddleware
from server.api.dealer import dealer_router
from server.api.drawings import drawing_png, drawing_svg, render_png_body, render_svg_body
from server.api.evaluate_list import evaluate_list
from server.api.guards import plausible_file_path
from server.api.health import health, ready
from server.api.images import value_image
from server.api.intake import form_token, quote_requests
from server.api.logo import dealer_logo
from server.api.public import configurator, evaluate_configuration
from server.api.query_check import UnknownQueryMiddleware
from server.api.reference import reference_router, render_plugins
from server.api.widget import widget_js
from server.errors import exception_handlers
from server.pages.errors import http_error_handler
from server.pages.hosted import hosted_page
from server.pages.quote import quote_page_router
from server.pages.site import home
from server.render_cache import RenderCache
from server.services.catalogs import CatalogStore
from server.services.outbox_worker import OutboxWorker
from server.settings import Settings, settings_from_env
from server.storage.db import connect, migrate
from server.storage.outbox import release_dead_leases

__all__ = ["app_from_env", "create_app", "prepare"]


def prepare(settings: Settings) -> CatalogStore:
    """Everything that must succeed before serving: migrations and a strict catalog load.

    Raises :class:`server.engine.catalog.CatalogError` naming the file and field.
    """
    db = connect(settings.db_path)
    try:
        migrate(db)
        release_dead_leases(db)  # a killed server's half-sent jobs go out now, not after their lease
    finally:
        db.conn.close()
    store = CatalogStore(settings.catalogs_dir, settings.db_path, allow_private_webhooks=settings.webhook_allow_private)
    store.load_all()
    return store


# Litestar refuses some requests before any route is chosen (no such path, a wrong method): only the
# app's handlers see those. A homeowner's link still gets an HTML page, everything else the JSON shape.
_HOMEOWNER_PREFIXES = ("/q/", "/d/")


def _http_error_by_face(request: Request, exc: HTTPException) -> Response[Any]:
    if request.url.path.startswith(_HOMEOWNER_PREFIXES):
        return http_error_handler(request, exc)
    return exception_handlers[HTTPException](request, exc)


def create_app(settings: Settings) -> Litestar:
    """Build the app for ``settings``; migrates the database and loads the catalogs."""
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact_root_handlers()  # the error log, like the access log, never holds a quote or reset token
    store = prepare(settings)
    handlers: list = [health, ready, configurator, evaluate_configuration, evaluate_list, form_token, quote_requests]
    handlers += [drawing_svg, drawing_png, render_svg_body, render_png_body, widget_js, hosted_page, dealer_router,
                 admin_router(), quote_page_router, dealer_logo, value_image]
    if settings.site_dir is not None:
        handlers += [
            home,
            create_static_files_router(path="/site", directories=[settings.site_dir],
                                       include_in_schema=False, guards=[plausible_file_path]),
        ]
    worker = OutboxWorker(settings, store) if settings.outbox_worker else None
    return Litestar(
        route_handlers=handlers,
        # Again once Litestar has set up its own logging (it replaces the root's handlers).
        on_startup=[redact_root_handlers, *([worker.start] if worker else [])],
        on_shutdown=[worker.stop] if worker else [],
        state=State({"settings": settings, "catalogs": store, "outbox": worker, "render_cache": RenderCache()}),
        exception_handlers={**exception_handlers, HTTPException: _http_error_by_face},
        middleware=[DefineMiddleware(DealerCorsMiddleware, store=store, public_url=settings.public_url),
                    UnknownQueryMiddleware],
        template_config=TemplateConfig(directory=Path(__file__).parent / "pages" / "templates",
                                       engine=JinjaTemplateEngine),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="venster",
            version="1",
            description="Embeddable window configurator: public widget API and dealer API.",
            openapi_router=reference_router(),
            components=Components(security_schemes={"ApiKey": SecurityScheme(
                type="http", scheme="bearer", description="A dealer API key (`venster dealer add-key SLUG`)")}),
            render_plugins=render_plugins(),
        ),
        debug=False,
    )


def app_from_env() -> Litestar:
    """Factory for uvicorn workers: settings from the environment."""
    return create_app(settings_from_env())
