"""Public intake endpoints: the form token and quote requests."""

from __future__ import annotations

import functools
import time
from typing import Annotated

import anyio.to_thread
import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import Body, HeaderParameter

from server.api.decoding import decode_request
from server.api.guards import require_json
from server.api.openapi import errors
from server.api.params import DealerSlug
from server.api.public import find_dealer
from server.errors import ApiError
from server.messages import message
from server.origins import origin_allowed, own_origin
from server.services.catalog_preview import is_preview_alias
from server.services.form_tokens import issue_token
from server.services.intake import Submission, submit
from server.services.intake_model import QuoteRequestIn, QuoteRequestOut
from server.storage.db import connect
from server.storage.secrets import server_secret

__all__ = ["form_token", "quote_requests"]


class FormToken(msgspec.Struct, frozen=True):
    """A signed token to send with a quote request."""

    form_token: str


def secret_for(state: State) -> str:
    """The form-token secret: from the environment, else the one kept in the database."""
    if state.settings.secret:
        return str(state.settings.secret)
    db = connect(state.settings.db_path)
    try:
        return server_secret(db, "form_token")
    finally:
        db.conn.close()


def _check_origin(request: Request, state: State, dealer_slug: str) -> str:
    if is_preview_alias(dealer_slug):
        # A preview shows a draft: it never takes a real request (nor hands out its form token).
        raise ApiError(404, message("http.unknown_dealer", {"dealer": dealer_slug[:64]}))
    loaded = find_dealer(state, dealer_slug)
    origin = request.headers.get("origin")
    if not origin_allowed(loaded.catalog.dealer, origin, own_origin(request, state.settings.public_url)):
        raise ApiError(403, message("http.site_not_allowed"))
    return origin or ""


async def _all_shape_errors_at_once(request: Request) -> None:
    """Before Litestar parses the body (which stops at the first error), report every error."""
    decode_request(await request.body())


@get("/api/v1/dealers/{dealer:str}/form-token", tags=["widget"], sync_to_thread=True,
     responses=errors(400, 403, 404), summary="A signed form token for one quote request")
def form_token(request: Request, state: State, dealer: DealerSlug) -> Response[FormToken]:
    """Valid once it is ``VENSTER_FORM_MIN_AGE_S`` old and for a day."""
    _check_origin(request, state, dealer)
    token = issue_token(secret_for(state), dealer, time.time())
    return Response(FormToken(form_token=token), headers={"Cache-Control": "no-store"})


@post("/api/v1/dealers/{dealer:str}/quote-requests", tags=["widget"], guards=[require_json],
      before_request=_all_shape_errors_at_once, status_code=201,
      responses=errors(400, 403, 404, 409, 413, 415, 422, 429),
      summary="Send a quote request (every item re-priced by the server)")
async def quote_requests(
    request: Request,
    state: State,
    dealer: DealerSlug,
    data: Annotated[QuoteRequestIn, Body(description="The quote request")],
    idempotency_key: Annotated[str, HeaderParameter(
        name="Idempotency-Key", required=True,
        description="Required (400 without): the same key and body again returns the first answer; the same key "
                    "with another body is 409")],
) -> Response[QuoteRequestOut]:
    """Validates everything at once (422), stores the request in one transaction, answers 201 after COMMIT."""
    origin = _check_origin(request, state, dealer)
    loaded = find_dealer(state, dealer)
    client = request.client.host if request.client else ""
    sub = Submission(request=data, body=await request.body(), idempotency_key=idempotency_key,
                     client_address=client, origin=origin, secret=secret_for(state),
                     form_min_age_s=state.settings.form_min_age_s, rate_limit=state.settings.rate_limit,
                     confirmations_per_day=state.settings.confirmations_per_day)

    def work() -> tuple[int, bytes]:
        db = connect(state.settings.db_path)
        try:
            return submit(db, loaded, sub, time.time())
        finally:
            db.conn.close()

    status, body = await anyio.to_thread.run_sync(functools.partial(work))
    return Response(content=body, status_code=status, media_type="application/json")  # type: ignore[arg-type]  # encoded JSON of the annotated type
