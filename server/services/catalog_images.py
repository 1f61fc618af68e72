"""Images of option values: checked like the logo, kept in the database, named ``img:<id>`` in the catalog.

Upload checks are the logo's (:func:`server.services.logo_check.check_logo`: PNG, JPEG, WebP or
sanitised SVG, by their bytes, size and pixel limits, re-encoded). The id is the first 20 hex
digits of the checked bytes' SHA-256, so it names the same picture in every version of the catalog.
"""

from __future__ import annotations

import re

import sqlite_utils

from server.services.audit import now_iso
from server.services.logo_check import check_logo
from server.storage.catalog_images import ImageBytes, image_bytes, store_image
from server.storage.db import write_transaction

__all__ = ["IMAGE_PREFIX", "image_file", "image_id_of", "image_path", "save_image"]

IMAGE_PREFIX = "img:"
_ID = re.compile(r"^[0-9a-f]{20}$")


def save_image(db: sqlite_utils.Database, slug: str, data: bytes, filename: str, declared: str, actor: str) -> str:
    """Check the uploaded file and keep it; the catalog's reference to it (``img:<id>``).

    Raises :class:`server.services.errors.Invalid` (field ``logo``'s codes) for a file that is no
    image we take, too large or disguised; nothing is stored then.
    """
    checked = check_logo(data, filename, declared)
    image_id = checked.etag[:20]
    with write_transaction(db):
        store_image(db, slug, image_id, checked.media_type, checked.body, checked.etag, now_iso(), actor[:200])
    return IMAGE_PREFIX + image_id


def image_id_of(reference: str | None) -> str | None:
    """The id in a value's ``image`` (``img:<id>``), or None when it names no stored image."""
    if reference and reference.startswith(IMAGE_PREFIX) and _ID.match(reference[len(IMAGE_PREFIX):]):
        return reference[len(IMAGE_PREFIX):]
    return None


def image_path(slug: str, reference: str | None) -> str | None:
    """Where the widget loads a value's image: a path on this server, or None."""
    image_id = image_id_of(reference)
    return None if image_id is None else f"/api/v1/dealers/{slug}/images/{image_id}"


def image_file(db: sqlite_utils.Database, slug: str, image_id: str) -> ImageBytes | None:
    """The stored image ``image_id`` of dealer ``slug``, or None."""
    return image_bytes(db, slug, image_id) if _ID.match(image_id) else None
