"""Parse the real published files and print the median time per parser.

Usage: ``python benchmarks/bench_parsers.py [--real ../shared/data/real] [--runs 7]``.
Prints figures; asserts nothing (tests stay fast, performance is measured here).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from jgbtui.sources import ecb_eurofxref, fred_dexjpus, mof_jgb_yields, ust_par_curve

ROOT = Path(__file__).resolve().parent.parent


def zipped(raw: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("eurofxref-hist.csv", raw)
    return buffer.getvalue()


def measure(parse: Callable[[bytes], object], raw: bytes, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(raw)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared/data/real")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cases: list[tuple[str, Callable[[bytes], object], bytes]] = [
        (
            "MoF yields history (1.2 MB)",
            mof_jgb_yields.parse,
            (args.real / "mof_jgbcme_all_en.csv").read_bytes(),
        ),
        (
            "MoF yields current month",
            mof_jgb_yields.parse,
            (args.real / "mof_jgbcme_current_en_2026-09.csv").read_bytes(),
        ),
        (
            "ECB history, zipped (1.8 MB csv)",
            ecb_eurofxref.parse,
            zipped((args.real / "ecb_eurofxref-hist.csv").read_bytes()),
        ),
        (
            "FRED DEXJPUS 2015-2025",
            fred_dexjpus.parse,
            (args.real / "fred_DEXJPUS_newformat_2015-2025.csv").read_bytes(),
        ),
        (
            "UST par curve 2025",
            ust_par_curve.parse,
            (args.real / "ust_daily_par_yield_curve_2025.csv").read_bytes(),
        ),
    ]
    print(f"{'parser':40} {'median ms':>10} {'min ms':>8}")
    for label, parse, raw in cases:
        median, best = measure(parse, raw, args.runs)
        print(f"{label:40} {median * 1000:10.1f} {best * 1000:8.1f}")


if __name__ == "__main__":
    main()
