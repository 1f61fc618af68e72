"""Every shell example of the README runs, or is listed here with the reason it cannot.

Each ```sh / ```bash / ```shell / ```console block is cut into command lines (a trailing
backslash continues a line; in a console block only ``$ `` lines are commands). A block's
lines run in order, through bash, in a fresh folder holding a copy of the shipped catalogs,
with ``venster`` on the PATH and ``VENSTER_DB`` / ``VENSTER_CATALOGS`` / ``VENSTER_MAIL_DIR``
pointing into that folder: each must exit 0. A line that cannot run in a test is in
``NOT_RUN`` with the reason; a new line is run unless it is listed, so an example that is
neither runnable nor listed fails here, and so does a listed line the README dropped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server.engine.check import check_catalog_text
from tests.conftest import CATALOGS, ROOT
from tests.test_readme_blocks import _FENCE, README, _blocks

SHELL_LANGS = ("sh", "bash", "shell", "console")
# Every other fence language the README uses, and who looks at it; a new one (```zsh, ```text)
# has to be sorted in here first, so a shell example cannot hide under another name.
OTHER_LANGS = {"toml": "run by tests/test_readme_blocks.py", "json": "run by tests/test_readme_blocks.py",
               "html": "the embed snippet; the browser tests load the same tags on examples/dealer-site",
               "python": "a receiver's signature check, for the dealer's own server: not run here",
               "nginx": "a reverse-proxy config for the host, not for venster: not run here"}

# Command (after any leading VAR=value) -> why a test cannot run it.
NOT_RUN: dict[str, str] = {
    "make run": "serves until stopped; tests/conftest.py:running_server starts the same `venster serve`",
    "make test": "runs this very suite (and may apt-get chromium)",
    "make i18n": "rewrites the checkout's catalogs; tests/i18n/test_catalogs.py runs its extraction and checks the .mo",
    "venster serve": "serves until stopped; tests/conftest.py:running_server starts it with VENSTER_* variables",
}
_ASSIGNMENTS = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*")


def _command_lines(lang: str, body: str) -> list[str]:
    """The logical command lines of one block: continuations joined, console prompts stripped."""
    lines: list[str] = []
    pending = ""
    for raw in body.splitlines():
        if not pending and lang == "console":
            if not raw.startswith("$ "):
                continue  # output shown in the example
            raw = raw[2:]
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        if line and not line.startswith("#"):
            lines.append(line)
    assert not pending, f"a continued line never ends: {pending!r}"
    return lines


def _not_run_reason(line: str) -> str | None:
    command = _ASSIGNMENTS.sub("", line)
    return next((why for start, why in NOT_RUN.items() if command == start or command.startswith(start + " ")), None)


SHELL = [(line, lang, body) for lang in SHELL_LANGS for line, body in _blocks(lang)]
RUNNABLE = [(line, [c for c in _command_lines(lang, body) if _not_run_reason(c) is None])
            for line, lang, body in SHELL]
RUNNABLE = [(line, commands) for line, commands in RUNNABLE if commands]


def test_every_fenced_block_has_a_language_that_something_checks() -> None:
    langs = {m.group(1) for m in _FENCE.finditer(README.read_text(encoding="utf-8"))}
    assert langs - set(SHELL_LANGS) - set(OTHER_LANGS) == set()


def test_the_readme_has_shell_examples_this_file_runs() -> None:
    commands = [c for _, cs in RUNNABLE for c in cs]
    assert any(c.startswith("venster dealer init ") for c in commands), commands
    assert any("|" in c for c in commands)  # the piped --password-stdin example runs too


def test_every_line_listed_as_not_run_is_still_in_the_readme() -> None:
    lines = [c for _, lang, body in SHELL for c in _command_lines(lang, body)]
    stale = [start for start in NOT_RUN if not any(_not_run_reason(c) == NOT_RUN[start] for c in lines)]
    assert stale == []


def _folder(tmp_path: Path) -> dict[str, str]:
    """A fresh folder like a dealer's checkout: catalogs/, a database, a mail folder; ``venster`` on PATH."""
    shutil.copytree(CATALOGS, tmp_path / "catalogs")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    venster = bin_dir / "venster"  # this interpreter's venster, whatever venv the suite runs in
    venster.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m server "$@"\n')
    venster.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT), "VENSTER_DB": str(tmp_path / "venster.db"),
            "VENSTER_CATALOGS": str(tmp_path / "catalogs"), "VENSTER_MAIL_DIR": str(tmp_path / "mail"),
            "VENSTER_SMTP_HOST": ""}


@pytest.mark.parametrize(("line", "commands"), RUNNABLE, ids=[f"README.md:{line}" for line, _ in RUNNABLE])
def test_every_shell_example_runs(tmp_path: Path, line: int, commands: list[str]) -> None:
    env = _folder(tmp_path)
    for command in commands:
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"README.md:{line}: `{command}` exited {done.returncode}:\n{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
        words = command.split()
        if words[:3] == ["venster", "dealer", "init"]:  # the README: "This writes catalogs/<slug>.toml"
            catalog = tmp_path / "catalogs" / f"{words[3]}.toml"
            report = check_catalog_text(catalog.read_text(encoding="utf-8"), str(catalog))
            assert report.ok, report.problems
            assert "vst_" in done.stdout and "/admin/reset/" in done.stdout  # the key and the password link
        if words[:3] == ["venster", "dealer", "add-user"] and "--password-stdin" not in words:
            assert "/admin/reset/" in done.stdout  # "prints a one-time link"
