"""Option values' images, public: ``GET /api/v1/dealers/{dealer}/images/{image_id}`` (the widget shows them).

Served like the logo (:mod:`server.api.logo`): the stored, checked bytes with a strong ETag (their
hash), 304 for ``If-None-Match``, ``nosniff``, and for an SVG a policy that runs and loads nothing.
An image never changes under its id (the id is the start of its hash), so caches may keep it long.
Another dealer's image is a 404, as is an id that was never stored.
"""

from __future__ import annotations

import time
from typing import Annotated

from litestar import Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import Parameter

from server.api.logo import LOGO_CSP, stored_image
from server.api.openapi import NOT_MODIFIED, errors
from server.api.params import DealerSlug
from server.api.public import find_dealer
from server.api.widget import IfNoneMatch
from server.errors import ApiError
from server.messages import message
from server.services.catalog_images import image_file
from server.services.catalog_preview import is_preview_alias, preview_dealer
from server.web_shared import Db, provide_db

__all__ = ["value_image"]

CACHE_CONTROL = "public, max-age=86400"
ImageId = Annotated[str, Parameter(max_length=40, description="The image's id, as the configurator's `image` names it")]


@get("/api/v1/dealers/{dealer:str}/images/{image_id:str}", tags=["widget"], sync_to_thread=True,
     media_type="image/png", dependencies={"db": Provide(provide_db)}, responses={**NOT_MODIFIED, **errors(400, 404)},
     summary="An option value's image (ETag, 304)",
     description="PNG, JPEG, WebP or SVG as uploaded in the catalog editor (checked and re-encoded; an SVG "
                 "sanitised), a strong `ETag`, `X-Content-Type-Options: nosniff`; an SVG also "
                 f"`Content-Security-Policy: {LOGO_CSP}`. 404 for an image this dealer does not have.")
def value_image(state: State, dealer: DealerSlug, image_id: ImageId, db: Db,
                if_none_match: IfNoneMatch = None) -> Response[bytes]:
    """The stored image, or 304 when the browser's copy is current."""
    loaded = find_dealer(state, dealer)
    # A preview alias is the slug of the draft it shows; the images are stored under the real dealer.
    owner = preview_dealer(db, dealer, time.time()) if is_preview_alias(dealer) else loaded.slug
    stored = image_file(db, owner, image_id) if owner is not None else None
    if stored is None:
        raise ApiError(404, message("http.no_image", {"dealer": dealer[:64]}))
    return stored_image(stored.body, stored.media_type, stored.etag, if_none_match, CACHE_CONTROL)
