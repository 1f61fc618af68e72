"""SQL for the images of option values (table ``catalog_images``): one row per dealer and image.

An image's id is the start of its content hash, so the same file uploaded twice is one row, and
a catalog's ``image = "img:<id>"`` keeps naming the same bytes whatever version it is in.
"""

from __future__ import annotations

import msgspec
import sqlite_utils

__all__ = ["ImageBytes", "image_bytes", "store_image"]


class ImageBytes(msgspec.Struct, frozen=True, kw_only=True):
    """A stored value image as served: its bytes, media type and content hash (the ETag)."""

    body: bytes
    media_type: str
    etag: str


def image_bytes(db: sqlite_utils.Database, dealer: str, image_id: str) -> ImageBytes | None:
    """The image ``image_id`` of ``dealer``, or None (another dealer's image is not found either)."""
    row = next(db.query("SELECT body, media_type, etag FROM catalog_images WHERE dealer = ? AND image_id = ?",
                        [dealer, image_id]), None)
    if row is None:
        return None
    return ImageBytes(body=bytes(row["body"]), media_type=str(row["media_type"]), etag=str(row["etag"]))


def store_image(db: sqlite_utils.Database, dealer: str, image_id: str, media_type: str, body: bytes, etag: str,
                at: str, actor: str) -> None:
    """Keep the image (the same id again is the same bytes: nothing changes). The caller holds the transaction."""
    db.conn.execute(
        "INSERT INTO catalog_images (dealer, image_id, media_type, body, etag, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dealer, image_id) DO NOTHING",
        (dealer, image_id, media_type, body, etag, at, actor))
