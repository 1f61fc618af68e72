"""Declared path and query parameters shared by the routes (documented in OpenAPI)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

__all__ = ["DealerSlug", "LangQuery"]

DealerSlug = Annotated[str, PathParameter(description="The dealer's slug (its catalog file's stem)",
                                          max_length=64)]
LangQuery = Annotated[str | None, QueryParameter(description="Language: nl, en or de; default the dealer's first",
                                                 max_length=8)]
