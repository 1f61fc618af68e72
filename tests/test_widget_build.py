"""The committed widget bundle is what ``widget/src`` builds to: a stale ``widget/dist/venster.js`` fails.

The test runs the same esbuild build as ``make widget`` (``widget/build.mjs``) into a temporary
file and compares the bytes with the committed bundle. It needs node and the pinned node
packages; ``make test`` installs them (``npm ci``) first, so nothing here is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

DIST = ROOT / "widget" / "dist" / "venster.js"
BUILD = ROOT / "widget" / "build.mjs"


def _build(out: Path) -> bytes:
    node = shutil.which("node")
    assert node, "node is needed to build the widget: run `make test` (or `make browser`) to install it"
    assert (ROOT / "node_modules" / "esbuild").is_dir(), "the widget's node packages are missing: run `npm ci`"
    subprocess.run([node, str(BUILD), str(out)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def test_the_committed_bundle_is_built_from_the_sources(tmp_path: Path) -> None:
    built = _build(tmp_path / "venster.js")
    assert built == DIST.read_bytes(), "widget/dist/venster.js is out of date with widget/src: run `make widget`"


def test_the_bundle_is_one_minified_script_with_its_banner_and_the_stylesheet() -> None:
    text = DIST.read_text(encoding="utf-8")
    first, second, third = text.splitlines()[:3]
    assert first.startswith("/*! venster") and second == '"use strict";' and third.startswith("(()=>{")
    assert text.rstrip().endswith("})();")  # one IIFE: the embed snippet is a classic <script async>
    sources = sum(len(path.read_bytes()) for path in (ROOT / "widget" / "src").rglob("*.js"))
    assert len(text.encode()) < 0.7 * sources  # minified
    # widget/src/styles.css goes in as text, minified: every custom property it declares, none of its comments.
    css = (ROOT / "widget" / "src" / "styles.css").read_text(encoding="utf-8")
    properties = set(re.findall(r"--vs-[a-z-]+", css))
    comments = re.findall(r"/\*(.*?)\*/", css, re.S)
    assert properties and all(p in text for p in properties)
    assert comments and not any(c.strip() and c.strip() in text for c in comments)


def test_a_change_in_the_sources_shows_in_the_build(tmp_path: Path) -> None:
    """The comparison above can fail: a build of changed sources differs from dist."""
    copy = tmp_path / "widget"
    shutil.copytree(ROOT / "widget", copy, ignore=shutil.ignore_patterns("dist"))
    texts = copy / "src" / "texts.js"
    texts.write_text(texts.read_text(encoding="utf-8").replace('retry: "Try again"', 'retry: "Try once more"'),
                     encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    node = shutil.which("node")
    assert node
    subprocess.run([node, str(copy / "build.mjs"), str(tmp_path / "out.js")], check=True, capture_output=True,
                   timeout=120)
    built = (tmp_path / "out.js").read_bytes()
    assert built != DIST.read_bytes() and b"Try once more" in built
