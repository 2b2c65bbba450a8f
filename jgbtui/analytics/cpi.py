"""Consumer prices: year-on-year rates within one base, and desk phrases from their history.

Index frames carry one column per measure and base, ``{measure}_b{base}`` (``core_b2025``),
indexed by the first day of each month. A year-on-year rate compares a month with the same
month a year earlier **on the same base**: the newest base that has both months is used, an
older base only where the newer cannot give the rate (before 2026 for the 2025 base). Rates
are rounded half up to one decimal, as the Statistics Bureau publishes them (computed from
the 3-decimal reference indices they agree with the official rates; rare ±0.1 differences
are possible, as the Bureau notes).

Phrases read each series' own history: "Tokyo core CPI +2.1% y/y, first rise in eight
months", "core CPI +1.8% y/y, third straight fall", "highest since March 2024".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from jgbtui.analytics.phrasing import number_word, ordinal_word, signed_pct
from jgbtui.analytics.records import first_since, month_year, record_context, streak

#: The three headline measures, in the order the desk reads them.
MEASURES: tuple[str, ...] = ("all_items", "core", "core_core")
#: How the desk names each measure.
TITLES: dict[str, str] = {
    "all_items": "CPI",
    "core": "core CPI",
    "core_core": "core-core CPI",
}
#: Long names, for tables and the drill-down.
LONG_TITLES: dict[str, str] = {
    "all_items": "all items",
    "core": "less fresh food (core)",
    "core_core": "less fresh food and energy (core-core)",
}
#: A turn ("first rise in N months") is news from this many months on.
TURN_MONTHS = 3
#: A streak ("third straight rise") is news from this length on.
STREAK_MONTHS = 3

_BASE_COLUMN = re.compile(r"^(?P<measure>[a-z_]+)_b(?P<base>\d{4})$")


def round_half_up(value: float, digits: int = 1) -> float:
    """Round as statistical offices do (1.95 -> 2.0), not to even; NaN stays NaN."""
    if math.isnan(value):
        return value
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def bases(frame: pd.DataFrame, measure: str) -> dict[int, pd.Series]:
    """Base year -> index series of ``measure`` found in ``frame``'s columns."""
    found: dict[int, pd.Series] = {}
    for column in frame.columns:
        match = _BASE_COLUMN.match(str(column))
        if match and match["measure"] == measure:
            found[int(match["base"])] = frame[column].astype("float64")
    return found


def yoy(frames: Sequence[pd.DataFrame | None], measure: str) -> pd.DataFrame:
    """Year-on-year rates of ``measure``, each computed within one base.

    Args:
        frames: index frames (any order; several bases may share a frame).
        measure: ``"all_items"``, ``"core"`` or ``"core_core"``.

    Returns:
        Index: months (first day); columns ``yoy_pct`` (rounded to 0.1) and ``base`` (the
        base year the rate was computed on). Empty when no base covers 13 months.
    """
    series: dict[int, pd.Series] = {}
    for frame in frames:
        if frame is not None and not frame.empty:
            series.update(bases(frame, measure))
    rates: dict[pd.Timestamp, tuple[float, int]] = {}
    for base in sorted(series, reverse=True):
        index = series[base].dropna()
        if index.empty:
            continue
        months = pd.DatetimeIndex(index.index)
        year_ago = index.reindex(months - pd.DateOffset(years=1))
        ratio = index.to_numpy() / year_ago.to_numpy()
        for month, value in zip(months, ratio, strict=True):
            if month in rates or math.isnan(value):
                continue  # a newer base already gave this month's rate
            rates[month] = (round_half_up((value - 1.0) * 100.0), base)
    if not rates:
        return pd.DataFrame({"yoy_pct": pd.Series(dtype="float64"), "base": []})
    ordered = sorted(rates)
    return pd.DataFrame(
        {"yoy_pct": [rates[m][0] for m in ordered], "base": [rates[m][1] for m in ordered]},
        index=pd.DatetimeIndex(ordered, name="month"),
    )


@dataclass(frozen=True)
class CpiReading:
    """The latest rate of one measure and what its history says about it."""

    measure: str
    month: pd.Timestamp
    yoy_pct: float
    previous_pct: float
    base: int
    text: str
    """The desk phrase without the area: "core CPI +2.1% y/y, first rise in eight months"."""
    notable: bool
    """A turn, a streak or a record worth a headline."""
    severity: str
    """``info`` or ``warning`` (a turn after six months or more, a record of a year)."""


def _turn(changes: pd.Series, rising: bool) -> tuple[str, bool, int]:
    """The phrase for the latest change's direction: (words, notable, months of spell)."""
    word = "rise" if rising else "fall"
    run = streak(changes, (lambda v: v > 0) if rising else (lambda v: v < 0))
    if run.length >= 2:
        return f"{ordinal_word(run.length)} straight {word}", run.length >= STREAK_MONTHS, 0
    first = first_since(changes, (lambda v: v > 0) if rising else (lambda v: v < 0))
    if first is None:
        return "", False, 0
    if first.previous is None:
        months = first.gap + 1
        return f"first {word} in at least {number_word(months)} months", months >= 6, months
    months = first.gap + 1
    if months >= TURN_MONTHS:
        return f"first {word} in {number_word(months)} months", True, months
    return "", False, months


def reading(rates: pd.DataFrame, measure: str) -> CpiReading | None:
    """Phrase the latest rate of ``rates`` (from :func:`yoy`) from its own history."""
    series = rates["yoy_pct"].dropna() if not rates.empty else pd.Series(dtype="float64")
    if series.empty:
        return None
    month = pd.Timestamp(series.index[-1])
    value = float(series.iloc[-1])
    previous = float(series.iloc[-2]) if len(series) > 1 else math.nan
    changes = series.diff().round(1).dropna()
    head = f"{TITLES[measure]} {signed_pct(value)} y/y"
    clauses: list[str] = []
    notable, severity = False, "info"
    if not changes.empty and changes.index[-1] == month:
        change = float(changes.iloc[-1])
        if change == 0:
            clauses.append(f"unchanged from {month_year(changes.index[-2])}" if len(changes) > 1
                           else "unchanged")  # fmt: skip
        else:
            words, turned, months = _turn(changes, change > 0)
            if words:
                clauses.append(words)
                notable = notable or turned
                severity = "warning" if months >= 6 else severity
            else:
                clauses.append(f"{'up' if change > 0 else 'down'} from {signed_pct(previous)}")
    if len(series) > 12:
        high = value >= previous or math.isnan(previous)
        record = record_context(series, extreme="high" if high else "low", precision=1)
        if record.reaches(1.0) and not record.tie:
            clauses.append(record.describe())
            notable, severity = True, "warning"
    text = head + (", " + ", ".join(clauses) if clauses else "")
    return CpiReading(
        measure=measure,
        month=month,
        yoy_pct=value,
        previous_pct=previous,
        base=int(rates["base"].iloc[-1]),
        text=text,
        notable=notable,
        severity=severity,
    )


def readings(frames: Sequence[pd.DataFrame | None]) -> dict[str, CpiReading]:
    """The latest reading of every measure the frames carry."""
    out: dict[str, CpiReading] = {}
    for measure in MEASURES:
        found = reading(yoy(frames, measure), measure)
        if found is not None:
            out[measure] = found
    return out
