"""Write the SYNTHETIC DEMO payloads of the MoF auction source into ``jgbtui/sources/demo_data``.

Reuses the fixture generator (``tests/fixtures/mof_auctions/make_workbook_SYNTHETIC.py``)
with another seed and range: a workbook running to 2026-11-19 and the November and
December 2026 calendars, with results linked through 2026-11-19 and auctions still to
come after 2026-11-20. Not real data.

The demo tells one story: each auction clears at the DEMO secondary-market yield of its
tenor on its day (``DEMO_SYNTHETIC_mof_jgbcme.csv``, written by ``make_mof_yields.py``, run
that first) plus a small concession, so the 10Y auction yields sit next to the 10Y yields
in pane 1. Run from anywhere:

    python scripts/demo/make_mof_auctions.py
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType

import pandas as pd

from jgbtui.sources import mof_jgb_yields

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tests" / "fixtures" / "mof_auctions" / "make_workbook_SYNTHETIC.py"
OUT = ROOT / "jgbtui" / "sources" / "demo_data"

DEMO_SEED = "jgbtui-mof-auctions-demo"
DEMO_UNTIL = date(2026, 11, 19)
DEMO_STARTS = {tenor: date(2025, 1, 1) for tenor in ("2Y", "5Y", "10Y", "20Y", "30Y", "40Y")}


def load_generator() -> ModuleType:
    """Import the fixture generator from its path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_workbook_SYNTHETIC", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while executing it
    spec.loader.exec_module(module)
    return module


def demo_yields() -> pd.DataFrame:
    """The DEMO JGB yields by calendar date (the file make_mof_yields.py writes)."""
    raw = (OUT / "DEMO_SYNTHETIC_mof_jgbcme.csv").read_bytes()
    frame = mof_jgb_yields.parse(raw)
    frame.index = pd.DatetimeIndex(frame.index).tz_localize(None).normalize()
    return frame


def yield_lookup(yields: pd.DataFrame) -> Callable[[str, date], float]:
    """``(tenor, day) -> yield``: the last DEMO close on or before ``day`` (the first one for
    days before the DEMO history starts)."""

    def at(tenor: str, day: date) -> float:
        series = yields[tenor].dropna()
        before = series[series.index <= pd.Timestamp(day)]
        return float(before.iloc[-1] if len(before) else series.iloc[0])

    return at


def main() -> None:
    gen = load_generator()
    at = yield_lookup(demo_yields())
    auctions = gen.build_auctions(DEMO_STARTS, date(2026, 12, 31), DEMO_SEED, yield_at=at)
    gen.write_workbook(
        [a for a in auctions if a.auction_date <= DEMO_UNTIL],
        OUT / "DEMO_SYNTHETIC_Auction_Results_for_JGBs.xls",
        jgbi_until=DEMO_UNTIL,
    )
    extras = {
        (2026, 11): [
            (date(2026, 11, 6), "10-year Inflation-Indexed", "coupon-jgbi"),
            (date(2026, 11, 12), "3-Month Treasury Discount Bills", "bill"),
            (
                date(2026, 11, 24),
                "Liquidity Enhancement Auction (remaining maturity 1-5 years)",
                "le",
            ),
        ],
        (2026, 12): [
            (date(2026, 12, 10), "3-Month Treasury Discount Bills", "bill"),
            (
                date(2026, 12, 22),
                "Liquidity Enhancement Auction (remaining maturity 15.5-39 years)",
                "le",
            ),
        ],
    }
    gen.write_months(
        OUT,
        auctions,
        [(2026, 11), (2026, 12)],
        extras,
        results_through=DEMO_UNTIL,
        prefix="DEMO_SYNTHETIC_mof_auction_calendar_",
        suffix="",
    )


if __name__ == "__main__":
    main()
