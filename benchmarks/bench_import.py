"""Import cost of the app module against a bare Textual app, in fresh interpreters.

Usage: ``python benchmarks/bench_import.py [--runs 7]``. The first frame can only paint
after ``jgbtui.ui.app`` is imported, so this is the start-up cost jgbtui adds to Textual's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

PROBE = (
    "import time, sys; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, int('pandas' in sys.modules))"
)


def run(module: str, runs: int) -> tuple[float, bool]:
    times, pandas = [], False
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        times.append(float(out[0]))
        pandas = pandas or out[1] == "1"
    return statistics.median(times), pandas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for module in ("textual.app", "jgbtui.ui.app"):
        median, pandas = run(module, args.runs)
        print(f"import {module:12} median {median * 1000:7.1f} ms   pandas loaded: {pandas}")


if __name__ == "__main__":
    main()
