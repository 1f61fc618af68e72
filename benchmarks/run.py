"""Run every benchmark script in this folder and print its figures.

Benchmarks measure and print; they never pass or fail on a number.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run each ``benchmarks/*.py`` (except this runner) in turn; return non-zero if one crashed."""
    failed = []
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in {"run.py", "__init__.py"}
                     and not p.name.startswith("_"))
    for script in scripts:
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print("crashed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
