"""Top-level definitions are set apart by two blank lines everywhere: merges tend to glue them together.

``ruff check`` in the Makefile leaves these pycodestyle rules out (they are in ruff's preview), so a
merge that joins a function to the next definition (``return kept`` straight into ``def _privacy``)
passes lint; this test runs them over the whole tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# E301/E306: one blank line before a nested definition; E302/E305: two around top-level ones.
RULES = "E301,E302,E305,E306"


def test_no_definition_is_glued_to_the_code_before_or_after_it() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--preview", "--select", RULES, "--output-format",
                           "concise", "--no-cache", "server", "renderer", "tests", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
