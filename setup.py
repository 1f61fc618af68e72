"""The build's one step beyond pyproject.toml: ship the files that live beside the code.

The widget's bundle (``widget/dist/venster.js``, built by esbuild from ``widget/src``), the demo
catalog (``catalogs/demo.toml``) and the sample dealer site (``examples/dealer-site/``) sit at the
project's root, outside every package; a
wheel can only install packages. So ``build_py`` copies them into ``server/_bundled/`` with
the same relative paths, where :func:`server.resources.resource` finds them once installed.
Everything else (metadata, dependencies, package data) is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# Relative to the project's root; each is copied to server/_bundled/<the same path>.
SHIPPED = ("widget/dist/venster.js", "catalogs/demo.toml", "examples/dealer-site")


class BuildWithShippedFiles(build_py):
    """``build_py``, then the shipped files into the built ``server`` package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the source tree
        target = Path(self.build_lib) / "server" / "_bundled"
        for relative in SHIPPED:
            source, dest = ROOT / relative, target / relative
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, dest, dirs_exist_ok=True)
            else:
                shutil.copy2(source, dest)


setup(cmdclass={"build_py": BuildWithShippedFiles})
