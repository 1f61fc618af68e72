"""The dealer's catalog in the API (``/api/v1/dealer/catalog``): the draft, the check, publish, versions.

``GET .../catalog/draft`` answers the draft as JSON, or as TOML for ``Accept: application/toml``,
with its ``ETag``; ``PUT`` of the same path takes either back (``Content-Type``), checks its
structure with every problem at once (422, nothing stored), runs the fast check and answers the
draft's state with its findings by path. ``If-Match`` is optional; an ETag that is no longer the
draft's is 412. ``POST .../check`` runs the whole check (reachability too, cached per product);
``POST .../publish`` makes the draft the next version, live in every worker within a second, or
answers 422 listing every problem; ``GET .../versions`` and ``POST .../versions/{n}/restore``.
Owner-only (a read-write key), like every account configuration; each change is audit-logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import anyio.to_thread
import msgspec
from litestar import Request, Response, get, post, put
from litestar.datastructures import State
from litestar.enums import MediaType
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import PathParameter

from server.api.dealer_common import Db, Key, actor, catalog_of, decode_body
from server.api.guards import require_json
from server.api.openapi import errors, json_body
from server.engine.check import Finding
from server.errors import ApiError
from server.messages import message
from server.services import catalog_versions as versions
from server.services.catalog_toml import catalog_to_json

__all__ = ["CATALOG_ROUTES", "MAX_CATALOG_BYTES"]

_OWNER = {"role": "owner"}  # the catalog is account configuration: a read-write key acts as an owner
MAX_CATALOG_BYTES = 4 * 1024 * 1024  # a large catalog's JSON is a few hundred KB
TOML = "application/toml"
VersionNumber = Annotated[int, PathParameter(ge=1, le=1_000_000, description="A version number, as listed")]


class DraftState(msgspec.Struct, frozen=True, kw_only=True):
    """The draft after a save: its ETag, the version it started from and the fast check's findings."""

    etag: str
    base_number: int
    saved: bool
    updated_at: str
    updated_by: str
    findings: list[Finding]


class CheckAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """The whole check of the draft: ``ok`` when it may be published."""

    ok: bool
    proven: int
    findings: list[Finding]


class PublishBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a publish may say about itself."""

    note: Annotated[str, msgspec.Meta(max_length=500)] = ""
    # The live version number the publisher saw: publishes a draft started on an older version over it.
    confirm_base: Annotated[int, msgspec.Meta(ge=1, le=2**31)] | None = None


def _state(draft: versions.Draft) -> DraftState:
    return DraftState(etag=draft.etag, base_number=draft.base_number, saved=draft.saved,
                      updated_at=draft.updated_at, updated_by=draft.updated_by, findings=draft.findings)


def _catalog_media(request: Request) -> str:
    """JSON or TOML as the body says (415 for anything else)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media in (TOML, "text/toml", "application/x-toml"):
        return TOML
    if media == "application/json" or media.endswith("+json"):
        return "application/json"
    raise ApiError(415, message("catalog.body_media"))


def _catalog_content() -> dict[str, OpenAPIMediaType]:
    """The catalog as JSON (money as strings) or as the TOML file's text: what GET answers and PUT takes."""
    described = Schema(type=OpenAPIType.OBJECT, description="A catalog: `dealer` and `products`, as in the TOML "
                       "file (see Writing a catalog); money as strings")
    return {MediaType.JSON: OpenAPIMediaType(schema=described),
            TOML: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, description="The catalog as TOML"))}


@dataclass
class _CatalogBody(Operation):
    """The draft's body: the catalog as JSON or as TOML."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(required=True, content=_catalog_content())


@dataclass
class _CatalogAnswer(Operation):
    """The draft as GET answers it: the same two shapes PUT takes."""

    def __post_init__(self) -> None:
        if self.responses is not None:
            self.responses["200"] = OpenAPIResponse(description="The draft catalog (ETag in the header)",
                                                    content=_catalog_content())


@get("/catalog/draft", opt=_OWNER, sync_to_thread=True, responses=errors(401, 403, 409, 429),
     operation_class=_CatalogAnswer,
     summary="The draft catalog as JSON, or as TOML for Accept: application/toml, with its ETag",
     description="Without a saved draft the draft is the live version. Send it back with PUT (and the "
                 "ETag as If-Match) to change it.")
def get_draft(request: Request, state: State, key: Key, db: Db) -> Response[bytes]:
    """The draft and its ETag."""
    draft = versions.draft_of(db, key.dealer, catalog_of(state, key))
    headers = {"ETag": draft.etag, "Cache-Control": "no-store"}
    if TOML in request.headers.get("accept", ""):
        return Response(draft.source.encode("utf-8"), media_type=f"{TOML}; charset=utf-8", headers=headers)
    return Response(catalog_to_json(draft.catalog), media_type=MediaType.JSON, headers=headers)


@put("/catalog/draft", opt=_OWNER, request_max_body_size=MAX_CATALOG_BYTES,
     responses={**errors(400, 401, 403, 409, 412, 413, 415, 422, 429)}, operation_class=_CatalogBody,
     summary="Replace the draft with a whole catalog (JSON or TOML); the live version is untouched",
     description="Every structural problem is answered at once (422) and nothing is stored. If-Match, when "
                 "sent, must be the draft's current ETag (412 otherwise). The answer holds the fast check's "
                 "findings by path; POST .../catalog/check runs the whole check.")
async def put_draft(request: Request, state: State, key: Key, db: Db) -> Response[DraftState]:
    """Save the draft."""
    media = _catalog_media(request)
    if_match = request.headers.get("if-match")
    body = await request.body()
    catalog_of(state, key)  # a dealer whose catalog is not loaded has no draft either (409)
    draft = await anyio.to_thread.run_sync(
        lambda: versions.save_draft_text(db, key.dealer, body, media, actor(key), if_match))
    return Response(_state(draft), headers={"ETag": draft.etag})


@post("/catalog/check", opt=_OWNER, status_code=200, responses=errors(401, 403, 409, 429),
      summary="The whole check of the draft, reachability included (cached per unchanged product)")
async def check_draft(state: State, key: Key, db: Db) -> CheckAnswer:
    """Every finding of the draft by path; ``ok`` says whether publish would be accepted."""
    live = catalog_of(state, key)

    def run() -> CheckAnswer:
        report = versions.full_check(db, versions.draft_of(db, key.dealer, live).catalog)
        return CheckAnswer(ok=report.ok, proven=report.proven, findings=report.findings)

    return await anyio.to_thread.run_sync(run)


@post("/catalog/publish", opt=_OWNER, status_code=200, guards=[require_json],
      responses=errors(400, 401, 403, 409, 412, 413, 415, 422, 429), operation_class=json_body(PublishBody),
      summary="Publish the draft as the next version: live for every widget within a second",
      description="Refused (422) while the draft has any problem or unreachable choice; `errors` lists them "
                  "all by path. 409 when there is no draft, and `catalog.publish.base_moved` when the live "
                  "version moved on since the draft was started (send `confirm_base` with the live number to "
                  "publish over it). If-Match, when sent, must be the draft's ETag (412 otherwise).")
async def publish_draft(request: Request, state: State, key: Key, db: Db) -> versions.Release:
    """The new version."""
    body = await decode_body(request, PublishBody)
    if_match = request.headers.get("if-match")
    catalog_of(state, key)
    release = await anyio.to_thread.run_sync(
        lambda: versions.publish(db, key.dealer, actor(key), body.note, origin="api", if_match=if_match,
                                 confirm_base=body.confirm_base))
    state.catalogs.forget(key.dealer)
    return release


@get("/catalog/versions", opt=_OWNER, sync_to_thread=True, responses=errors(401, 403, 429),
     summary="Every published version, newest first: number, origin, who and when")
def list_versions(key: Key, db: Db) -> list[versions.Release]:
    """The dealer's versions."""
    return versions.releases(db, key.dealer)


@post("/catalog/versions/{number:int}/restore", opt=_OWNER, status_code=200, sync_to_thread=True,
      responses=errors(400, 401, 403, 404, 429),
      summary="Serve an earlier version again, as a new version number")
def restore_version(state: State, key: Key, db: Db, number: VersionNumber) -> versions.Release:
    """The new version (origin 'restore')."""
    release = versions.restore(db, key.dealer, number, actor(key))
    state.catalogs.forget(key.dealer)
    return release


CATALOG_ROUTES = [get_draft, put_draft, check_draft, publish_draft, list_versions, restore_version]
