"""Every benchmark script still imports: a rename in server/ must not leave `make bench` broken.

The scripts are not run here (they measure, and take minutes); importing one runs its imports
and definitions only, since each starts its work under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_"))


def test_there_are_benchmarks_to_check() -> None:
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_the_benchmark_imports(script: Path) -> None:
    code = (f"import importlib.util, sys; sys.path.insert(0, {str(BENCHMARKS)!r}); "
            f"spec = importlib.util.spec_from_file_location('bench', {str(script)!r}); "
            "spec.loader.exec_module(importlib.util.module_from_spec(spec))")
    done = subprocess.run([sys.executable, "-c", code], cwd=BENCHMARKS, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
