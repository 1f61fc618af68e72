"""What every dealer API route shares: the database, the caller's key, body decoding, file answers."""

from __future__ import annotations

import time
from typing import Any

from litestar import Request, Response
from litestar.datastructures import State
from litestar.di import NamedDependency

from server.api.decoding import decode_object
from server.errors import ApiError, FieldError
from server.messages import message
from server.services.catalogs import LoadedCatalog
from server.services.keys import ApiKey, authenticate
from server.services.roles import allows, key_role, minimum_for
from server.storage.db import write_transaction
from server.storage.requests import hit_rate_limit
from server.web_shared import Db, file_response, provide_db

__all__ = ["Db", "Key", "actor", "attachment", "catalog_of", "decode_body", "provide_db",
           "provide_key"]


def provide_key(request: Request, state: State, db: Db) -> ApiKey:
    """The caller's key: 401 without a valid one, 403 when its role is below the route's, 429 over its rate."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="venster dealer API"'}
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, message("http.key_required"),
                       [FieldError(field="Authorization", message=message("http.required"))], headers=challenge)
    key = authenticate(db, token.strip())
    if key is None:
        raise ApiError(401, message("http.key_invalid"),
                       [FieldError(field="Authorization", message=message("http.key_unknown"))], headers=challenge)
    with write_transaction(db):
        wait = hit_rate_limit(db, f"key:{key.prefix}", state.settings.key_rate_limit, 60, time.time())
    if wait is not None:
        raise ApiError(429, message("http.key_rate"), headers={"Retry-After": str(wait)})
    # THE ROLES CONTRACT (server/services/roles.py): the key acts with its role against the route's minimum.
    if not allows(key_role(key.read_only), minimum_for(request.route_handler.opt, request.method)):
        raise ApiError(403, message("http.key_read_only"))
    return key


Key = NamedDependency[ApiKey]


def actor(key: ApiKey) -> str:
    """How a key appears in histories and the audit log."""
    return f"api:{key.prefix}"


def catalog_of(state: State, key: ApiKey) -> LoadedCatalog:
    """The key's dealer's current catalog."""
    loaded = state.catalogs.get(key.dealer)
    if loaded is None:
        raise ApiError(409, message("http.catalog_not_loaded"))
    return loaded


async def decode_body(request: Request, typ: Any) -> Any:
    """Decode a JSON body reporting every field error at once (422)."""
    return decode_object(await request.body(), typ)


_MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf", "zip": "application/zip",
          "xml": "application/xml", "json": "application/json"}


def attachment(body: bytes, kind: str, filename: str) -> Response[bytes]:
    """A file to download (``kind`` svg, png, pdf, zip, xml or json)."""
    return file_response(body, _MEDIA[kind], filename)
