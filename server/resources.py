"""Where the files venster ships beside its code live: the widget, the demo catalog, the sample site.

In the source tree they sit at the project's root (``widget/dist/venster.js``, ``catalogs/demo.toml``,
``examples/dealer-site/``). A wheel cannot install files outside its packages, so the build
(``setup.py``) copies them into ``server/_bundled/`` under the same relative paths. Code asks
:func:`resource` and gets the installed copy when there is one, else the source tree's file,
so neither a checkout nor an installed venster depends on the folder it was started in.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BUNDLED", "SOURCE_ROOT", "resource"]

BUNDLED = Path(__file__).resolve().parent / "_bundled"
SOURCE_ROOT = Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """The shipped file or folder at ``parts`` (e.g. ``"widget", "dist", "venster.js"``): installed copy first."""
    installed = BUNDLED.joinpath(*parts)
    return installed if installed.exists() else SOURCE_ROOT.joinpath(*parts)
