"""The "homecoming" question: are Japan's own investors bringing money home from abroad?

Input: residents' monthly net purchases of foreign long-term bonds by investor type, in 100
million yen, one column per sector ``{sector}_net_jpy_100m`` (positive = net buying abroad,
negative = net selling abroad, i.e. money coming home). The desk watches three sectors:

* ``life_insurers``: life insurance companies;
* ``trust_accounts``: trust banks' trust accounts, where pension money (GPIF and corporate
  funds) is managed;
* ``banks``: banks' own (banking) accounts.

For each: the latest month, the 3- and 12-month sums, and a phrase from its own history
("life insurers net sellers of foreign bonds for a third month", "pension trusts net buyers
of foreign bonds, first time in five months").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from jgbtui.analytics.phrasing import number_word, ordinal_word, yen_amount
from jgbtui.analytics.records import first_since, month_year, record_context, streak
from jgbtui.analytics.types import SectorFlow as SectorFlow

#: Sector column stem -> how the desk names it.
SECTORS: dict[str, str] = {
    "life_insurers": "life insurers",
    "trust_accounts": "pension trusts",
    "banks": "banks",
}
#: All residents together.
TOTAL = "total"
#: A selling (or buying) run is news from this many months on.
STREAK_MONTHS = 3
#: "First time in N months" is news from this many months on.
TURN_MONTHS = 4


def net(frame: pd.DataFrame, sector: str) -> pd.Series:
    """Monthly net purchases of foreign long-term bonds by ``sector`` (NaN dropped)."""
    column = f"{sector}_net_jpy_100m"
    if column not in frame.columns:
        return pd.Series(dtype="float64")
    return frame[column].astype("float64").dropna()


def trailing_sum(series: pd.Series, months: int) -> float:
    """Sum of the last ``months`` months (NaN when fewer are published)."""
    if len(series) < months:
        return math.nan
    return float(series.iloc[-months:].sum())


def _side(value: float) -> str:
    return "sellers" if value < 0 else "buyers"


def sector_flow(frame: pd.DataFrame, sector: str, title: str | None = None) -> SectorFlow | None:
    """The latest month of ``sector`` with its sums and its phrase."""
    series = net(frame, sector)
    if series.empty:
        return None
    title = title or SECTORS.get(sector, sector.replace("_", " "))
    month = pd.Timestamp(series.index[-1])
    value = float(series.iloc[-1])
    selling = value < 0
    same_side = (lambda v: v < 0) if selling else (lambda v: v >= 0)
    run = streak(series, same_side).length
    amount = f"{yen_amount(value)} in {month_year(month)}"
    notable, severity = False, "info"
    if run >= 2:
        text = f"{title} net {_side(value)} of foreign bonds for a {ordinal_word(run)} month"
        notable = run >= STREAK_MONTHS and selling
    else:
        first = first_since(series, same_side)
        months = None if first is None else first.gap + 1
        if first is not None and first.previous is not None and months and months >= TURN_MONTHS:
            text = (
                f"{title} net {_side(value)} of foreign bonds, first time in "
                f"{number_word(months)} months"
            )
            notable = True
        else:
            text = f"{title} net {_side(value)} of foreign bonds"
    text += f" ({amount})"
    if selling and len(series) > 12:
        record = record_context(series, extreme="low", precision=0)
        if record.reaches(1.0):
            text += f"; most selling since {record.describe().split(' since ', 1)[-1]}"
            notable, severity = True, "warning"
    if notable and run >= STREAK_MONTHS and selling:
        severity = "warning"
    return SectorFlow(
        sector=sector,
        title=title,
        month=month,
        net=value,
        sum_3m=trailing_sum(series, 3),
        sum_12m=trailing_sum(series, 12),
        run=run,
        text=text,
        notable=notable,
        severity=severity,
    )


@dataclass(frozen=True)
class Homecoming:
    """The watched sectors' latest month, and all residents together."""

    month: pd.Timestamp
    sectors: tuple[SectorFlow, ...]
    total: SectorFlow | None

    def get(self, sector: str) -> SectorFlow | None:
        """The flow of ``sector`` (``None`` if absent)."""
        return next((s for s in self.sectors if s.sector == sector), None)

    @property
    def core_3m(self) -> float:
        """3-month sum of the three watched sectors together (NaN if any is missing)."""
        if len(self.sectors) < len(SECTORS):
            return math.nan
        return sum(s.sum_3m for s in self.sectors)


def homecoming(frame: pd.DataFrame | None) -> Homecoming | None:
    """The homecoming reading of a residents'-foreign-bonds-by-investor frame."""
    if frame is None or frame.empty:
        return None
    sectors = tuple(f for s, t in SECTORS.items() if (f := sector_flow(frame, s, t)) is not None)
    if not sectors:
        return None
    total = sector_flow(frame, TOTAL, "all residents")
    month = pd.Timestamp(max(s.month for s in sectors))
    return Homecoming(month=month, sectors=sectors, total=total)


def core_series(frame: pd.DataFrame) -> pd.Series:
    """Monthly net purchases of the three watched sectors together."""
    parts = [net(frame, sector) for sector in SECTORS]
    if any(p.empty for p in parts):
        return pd.Series(dtype="float64")
    return pd.concat(parts, axis=1).dropna().sum(axis=1)
