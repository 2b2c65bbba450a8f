"""Generate the synthetic DEMO payload for the MoF JGB yield source (not real data).

Writes ``jgbtui/sources/demo_data/DEMO_SYNTHETIC_mof_jgbcme.csv`` in the exact layout of the MoF
English history file ``jgbcme_all.csv``: ASCII, CRLF on every line, a title row whose last
cell is ``(Unit : %)``, the ``Date,1Y,...,40Y`` header, then one row per Japanese business
day with ``YYYY/M/D`` dates and up to 3 decimals with trailing zeros dropped.

The yields are a seeded random walk (deterministic: same output on every run with the same
``holidays`` calendar): a mean-reverting 10Y level drifting from about 1.5% to 2.0%, a
short end near 0.75-1.0%, a concave 1Y-10Y segment and an upward-sloping super-long end.

Usage::

    python scripts/demo/make_mof_yields.py
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from jgbtui.sources.schedule import JAPAN

SEED = 20250602
START = date(2025, 6, 2)
END = date(2026, 11, 20)
OUT = (
    Path(__file__).resolve().parents[2]
    / "jgbtui"
    / "sources"
    / "demo_data"
    / "DEMO_SYNTHETIC_mof_jgbcme.csv"
)

TENORS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40)
#: Super-long spreads over the 10Y (percentage points) when the slope factor is 1.
LONG_SPREADS = {15: 0.55, 20: 0.92, 25: 1.15, 30: 1.30, 40: 1.52}
TITLE = "Interest Rate (SYNTHETIC DEMO DATA - not published by MoF),,,,,,,,,,,,,,,(Unit : %)"
HEADER = "Date," + ",".join(f"{t}Y" for t in TENORS)


def business_days(start: date, end: date) -> list[date]:
    """Japanese business days (JPX calendar) from ``start`` to ``end`` inclusive."""
    days = []
    day = start
    while day <= end:
        if JAPAN.is_business_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def fmt(value: float) -> str:
    """MoF style: 3 decimals at most, trailing zeros dropped (``2.52``, ``8.83``)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def curves(days: list[date], rng: random.Random) -> list[list[float]]:
    """One curve (15 yields, percent) per day."""
    n = len(days)
    level, short, slope = 1.50, 0.74, 1.0
    out = []
    for i in range(n):
        progress = i / max(1, n - 1)
        level_target = 1.50 + 0.45 * progress
        short_target = 0.74 + 0.24 * progress
        level += 0.06 * (level_target - level) + rng.gauss(0.0, 0.016)
        short += 0.08 * (short_target - short) + rng.gauss(0.0, 0.005)
        slope += 0.05 * (1.0 - slope) + rng.gauss(0.0, 0.012)
        curve = []
        for tenor in TENORS:
            if tenor <= 10:
                weight = ((tenor - 1) / 9) ** 0.8
                value = short + (level - short) * weight
            else:
                value = level + LONG_SPREADS[tenor] * slope
            curve.append(value + rng.gauss(0.0, 0.002))
        out.append(curve)
    return out


def render() -> bytes:
    """The whole file, as bytes (ASCII, CRLF)."""
    rng = random.Random(SEED)
    days = business_days(START, END)
    lines = [TITLE, HEADER]
    for day, curve in zip(days, curves(days, rng), strict=True):
        stamp = f"{day.year}/{day.month}/{day.day}"
        lines.append(stamp + "," + ",".join(fmt(v) for v in curve))
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def main() -> None:
    """Write the demo file and report its size."""
    data = render()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
