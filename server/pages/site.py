"""The sample dealer page served at ``/`` (a stand-in for a dealer's own website)."""

from __future__ import annotations

from pathlib import Path

from litestar import MediaType, Response, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException

__all__ = ["home"]


@get("/", tags=["site"], include_in_schema=False, sync_to_thread=True)
def home(state: State) -> Response[bytes]:
    """The sample dealer home page with the embed snippet."""
    site: Path | None = state.settings.site_dir
    if site is None or not (site / "index.html").is_file():
        raise NotFoundException("No sample site configured")
    return Response((site / "index.html").read_bytes(), media_type=MediaType.HTML)  # Litestar adds the charset
