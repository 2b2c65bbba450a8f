"""Generate the SYNTHETIC FRED, ECB and Treasury payloads (demo data and one test fixture).

Everything written here is invented and says so in its file name. The layouts follow
``shared/docs/data-sources.md`` sections 4a (FRED ``fredgraph.csv``), 4b (ECB
``eurofxref-hist.csv``) and 5 (Treasury par yield curve year CSV). Deterministic: fixed
seeds, no clock, no network; business days come from the project's own calendars.

Usage (from the repository root)::

    python scripts/demo/make_fx_ust.py          # (re)write all files
    python scripts/demo/make_fx_ust.py --check  # fail if any file differs

Files:

* ``jgbtui/sources/demo_data/DEMO_SYNTHETIC_fredgraph_DEXJPUS.csv``: current FRED layout,
  every weekday 2025-06-02 .. 2026-11-20, US holidays as empty values.
* ``jgbtui/sources/demo_data/DEMO_SYNTHETIC_eurofxref-hist.csv``: the bare history CSV (newest
  first, ``N/A`` cells, trailing comma), TARGET days over the same span. To stay small it
  carries 8 of the ~41 currency columns; the parser finds columns by name.
* ``jgbtui/sources/demo_data/DEMO_SYNTHETIC_ust_2026.csv``: the 2026 year file, 2026-01-02 ..
  2026-11-20 on US business days, newest first, no newline after the last row.
* ``tests/fixtures/fred/DEXJPUS_oldformat_SYNTHETIC.csv``: the pre-2024 FRED layout
  (``DATE`` header, ``.`` for holidays, some values with four decimals) for 2010-11-22 ..
  2011-01-21; values are a random walk near the real level of that time (~82-84).

The USD/JPY path is one seeded random walk bridged from 145.8 to 155.2 that stays within
145.2-157.8 (the seed was picked for that; the script checks it). The ECB cross uses the
same path plus a small timing difference (the ECB fixes at 14:15 CET, FRED at noon in
New York), so the two sources agree to a few tenths of a yen, as the real ones do.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jgbtui.sources.schedule import TARGET, UNITED_STATES  # noqa: E402

DEMO_DIR = ROOT / "jgbtui" / "sources" / "demo_data"
FRED_FIXTURES = ROOT / "tests" / "fixtures" / "fred"

FX_START = date(2025, 6, 2)
FX_END = date(2026, 11, 20)
UST_START = date(2026, 1, 2)
UST_END = date(2026, 11, 20)

UST_HEADERS = (
    "1 Mo", "1.5 Month", "2 Mo", "3 Mo", "4 Mo", "6 Mo", "1 Yr",
    "2 Yr", "3 Yr", "5 Yr", "7 Yr", "10 Yr", "20 Yr", "30 Yr",
)  # fmt: skip
#: Maturity in years of each column above.
UST_YEARS = (1 / 12, 1.5 / 12, 2 / 12, 3 / 12, 4 / 12, 0.5, 1, 2, 3, 5, 7, 10, 20, 30)

#: The ECB columns kept in the demo (a subset of the real header, same order).
ECB_COLUMNS = ("USD", "JPY", "BGN", "CYP", "CZK", "DKK", "GBP", "CHF")


def weekdays(start: date, end: date) -> list[date]:
    """Every Monday-Friday from ``start`` to ``end`` inclusive."""
    days = []
    current = start
    while current <= end:
        if current.weekday() < 5:
            days.append(current)
        current += timedelta(days=1)
    return days


def bridge(rng: random.Random, count: int, start: float, end: float, vol: float) -> list[float]:
    """A random walk of ``count`` points pinned to ``start`` and ``end`` (Brownian bridge)."""
    walk = [0.0]
    for _ in range(count - 1):
        walk.append(walk[-1] + rng.gauss(0.0, vol))
    drift = walk[-1] - (end - start)
    return [start + w - drift * i / (count - 1) for i, w in enumerate(walk)]


def within(values: list[float], low: float, high: float, what: str) -> list[float]:
    """Return ``values`` after checking the band the demo promises (seeds were chosen so)."""
    if min(values) < low or max(values) > high:
        raise SystemExit(f"{what}: {min(values):.4f}..{max(values):.4f} left {low}..{high}")
    return values


def usdjpy_path() -> dict[date, float]:
    """The synthetic USD/JPY "true" level on every weekday of the FX span."""
    days = weekdays(FX_START, FX_END)
    path = bridge(random.Random(20261120), len(days), 145.8, 155.2, 0.5)
    return dict(zip(days, within(path, 145.2, 157.8, "USD/JPY"), strict=True))


def eurusd_path() -> dict[date, float]:
    """The synthetic EUR/USD level on every weekday of the FX span."""
    days = weekdays(FX_START, FX_END)
    path = bridge(random.Random(2105), len(days), 1.1350, 1.1620, 0.0042)
    return dict(zip(days, within(path, 1.11, 1.19, "EUR/USD"), strict=True))


def fred_new() -> bytes:
    """Current ``fredgraph.csv`` layout: ``observation_date`` header, empty holidays, LF."""
    path = usdjpy_path()
    lines = ["observation_date,DEXJPUS"]
    for day, value in path.items():
        cell = f"{value:.2f}" if UNITED_STATES.is_business_day(day) else ""
        lines.append(f"{day.isoformat()},{cell}")
    return ("\n".join(lines) + "\n").encode("ascii")


def fred_old() -> bytes:
    """Pre-2024 layout: ``DATE`` header, ``.`` on holidays, some values with 4 decimals."""
    rng = random.Random(2010)
    days = weekdays(date(2010, 11, 22), date(2011, 1, 21))
    values = bridge(rng, len(days), 83.20, 82.40, 0.35)
    lines = ["DATE,DEXJPUS"]
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if not UNITED_STATES.is_business_day(day):
            cell = "."
        elif i % 3 == 0:
            cell = f"{value:.2f}00"  # the old layout's "82.4400": two padding zeros
        else:
            cell = f"{value:.2f}"
        lines.append(f"{day.isoformat()},{cell}")
    return ("\n".join(lines) + "\n").encode("ascii")


def ecb_hist() -> bytes:
    """Bare ``eurofxref-hist.csv``: newest first, trailing comma, ``N/A`` for CYP."""
    rng = random.Random(4242)
    usdjpy = usdjpy_path()
    eurusd = eurusd_path()
    czk, gbp, chf = 24.70, 0.8520, 0.9380
    rows = []
    for day in usdjpy:
        czk += rng.gauss(0.0, 0.03)
        gbp += rng.gauss(0.0, 0.0015)
        chf += rng.gauss(0.0, 0.0018)
        if not TARGET.is_business_day(day):
            continue
        # 14:15 CET is ~2 hours before noon in New York: a little independent noise.
        usd = round(eurusd[day], 4)
        jpy = round(usd * (usdjpy[day] + rng.gauss(0.0, 0.12)), 2)
        cells = {
            "USD": f"{usd:.4f}".rstrip("0").rstrip("."),
            "JPY": f"{jpy:.2f}".rstrip("0").rstrip("."),
            "BGN": "1.9558",  # pegged
            "CYP": "N/A",  # joined the euro in 2008: never quoted in this span
            "CZK": f"{czk:.3f}",
            "DKK": f"{7.4600 + rng.gauss(0.0, 0.0006):.4f}",
            "GBP": f"{gbp:.5f}",
            "CHF": f"{chf:.4f}",
        }
        rows.append(day.isoformat() + "," + ",".join(cells[c] for c in ECB_COLUMNS) + ",")
    lines = ["Date," + ",".join(ECB_COLUMNS) + ",", *reversed(rows)]
    return ("\n".join(lines) + "\n").encode("ascii")


def nelson_siegel(short: float, ten: float, curvature: float) -> Callable[[float], float]:
    """A Nelson-Siegel curve through ``short`` (at 0) and ``ten`` (at 10 years)."""
    tau = 1.8

    def f1(years: float) -> float:
        x = years / tau
        return (1 - math.exp(-x)) / x

    def f2(years: float) -> float:
        return f1(years) - math.exp(-years / tau)

    level = (ten - short * f1(10) - curvature * f2(10)) / (1 - f1(10))
    slope = short - level
    return lambda years: level + slope * f1(years) + curvature * f2(years)


def ust_2026() -> bytes:
    """The Treasury 2026 year file: quoted tenor headers, newest first, no final newline."""
    rng = random.Random(2055)
    days = [d for d in weekdays(UST_START, UST_END) if UNITED_STATES.is_business_day(d)]
    ten = within(bridge(rng, len(days), 4.18, 4.36, 0.04), 4.05, 4.55, "10Y")
    short = bridge(rng, len(days), 3.72, 3.42, 0.012)  # a gently easing policy rate
    hump = bridge(rng, len(days), -1.10, -0.85, 0.02)
    rows = []
    for day, t, s, h in zip(days, ten, short, hump, strict=True):
        curve = nelson_siegel(s, t, h)
        cells = []
        for years in UST_YEARS:
            noise = 0.0 if years == 10 else rng.gauss(0.0, 0.006)
            cells.append(f"{curve(years) + noise:.2f}")
        rows.append(day.strftime("%m/%d/%Y") + "," + ",".join(cells))
    header = "Date," + ",".join(f'"{h}"' for h in UST_HEADERS)
    return "\n".join([header, *reversed(rows)]).encode("ascii")


def outputs() -> dict[Path, bytes]:
    """Every file this script owns, by path."""
    return {
        DEMO_DIR / "DEMO_SYNTHETIC_fredgraph_DEXJPUS.csv": fred_new(),
        DEMO_DIR / "DEMO_SYNTHETIC_eurofxref-hist.csv": ecb_hist(),
        DEMO_DIR / "DEMO_SYNTHETIC_ust_2026.csv": ust_2026(),
        FRED_FIXTURES / "DEXJPUS_oldformat_SYNTHETIC.csv": fred_old(),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` report any that differ from what is on disk."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for path, content in outputs().items():
        if args.check:
            if not path.exists() or path.read_bytes() != content:
                stale.append(path.relative_to(ROOT))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"wrote {path.relative_to(ROOT)} ({len(content):,} bytes)")
    for path in stale:
        print(f"differs: {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
