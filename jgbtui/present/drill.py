"""What the drill-down screens read from the sources' results, as calendar-dated series.

Every series here comes straight from a source frame (or a documented spread of two), so
a CSV export can be compared with the frame it came from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from jgbtui.analytics.anomalies import Anomaly
from jgbtui.analytics.curve import CURVE_SPREADS, spread_series, us_japan_10y
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.analytics.history import calendar_dates, splice_by_priority
from jgbtui.present.frames import result_frame as frame
from jgbtui.present.frames import usdjpy_frames
from jgbtui.sources import catalog
from jgbtui.sources.base import SourceResult

Results = Mapping[str, SourceResult]

US_10Y = "US 10Y"
US_JP_10Y = "US-JP 10Y"
#: What the compare key (``c``) cycles through, in order, when available.
COMPARE_ORDER = (US_10Y, "2Y", "5Y", "10Y", "20Y", "30Y", "40Y", "2s10s", "10s30s", US_JP_10Y)
#: The USD/JPY sources, in order of preference.
FX_SOURCES = tuple(ref.source for ref in catalog.USDJPY)
#: The sources behind JGB yields, the US curve and both.
JGB_SOURCES = (catalog.JGB_YIELDS.source,)
UST_SOURCES = (catalog.UST_CURVE.source,)
AUCTION_SOURCES = (catalog.AUCTION_RESULTS.source,)
FLOW_SOURCES = (catalog.FLOWS_WEEKLY.source, catalog.FLOWS_MONTHLY.source)
INTERVENTION_SOURCES = (catalog.INTERVENTIONS.source,)
#: Flow periods the drill-down shows: (frame, singular unit).
FLOW_PERIODS = {
    "weekly": (catalog.FLOWS_WEEKLY, "week"),
    "monthly": (catalog.FLOWS_MONTHLY, "month"),
}
#: First period after the January 2014 break in the equity and bond flow series.
FLOWS_BREAK = catalog.FLOWS_SERIES_BREAK
#: What the series screen calls each publisher in its title.
PUBLISHER_SHORT = {catalog.JGB_YIELDS.source: "MoF", catalog.UST_CURVE.source: "US Treasury"}


def parse_day(key: str | None) -> pd.Timestamp | None:
    """A row key such as ``"2026-11-14"`` as a calendar date (``None`` if it is not one)."""
    if not key:
        return None
    try:
        stamp = pd.Timestamp(key)
    except ValueError:
        return None
    return None if pd.isna(stamp) else stamp.tz_localize(None).normalize()


def is_demo(results: Results, *sources: str) -> bool:
    """True when any of ``sources`` shows packaged synthetic data."""
    return any(results[s].status == "demo" for s in sources if s in results)


@dataclass(frozen=True)
class SeriesInfo:
    """A plottable series: how to name it, its unit and the CSV column of its values."""

    key: str
    title: str
    unit: str
    """``%`` or ``bp``."""
    column: str
    """The value column in the CSV export."""
    sources: tuple[str, ...]
    decimals: int


def series_info(key: str) -> SeriesInfo:
    """Describe series ``key``: a JGB tenor (``10Y``), ``US 10Y``, a curve spread or US-JP 10Y."""
    if key == US_10Y:
        return SeriesInfo(key, "US Treasury 10Y par yield", "%", "yield_pct", UST_SOURCES, 2)
    if key == US_JP_10Y:
        return SeriesInfo(
            key, "US-JP 10Y spread", "bp", "spread_bp", (*JGB_SOURCES, *UST_SOURCES), 1
        )
    if key in CURVE_SPREADS:
        short, long = CURVE_SPREADS[key]
        return SeriesInfo(key, f"JGB {key} ({long}-{short})", "bp", "spread_bp", JGB_SOURCES, 1)
    return SeriesInfo(key, f"JGB {key} yield", "%", "yield_pct", JGB_SOURCES, 3)


def load_series(results: Results, key: str) -> pd.Series:
    """Series ``key`` by calendar date (empty when its sources have no data).

    JGB and UST yields are exactly as parsed; spreads are in bp rounded to 0.1 (their inputs
    have at most three decimals of a percent, so the rounding only removes float noise).
    """
    yields = frame(results, catalog.JGB_YIELDS)
    ust = frame(results, catalog.UST_CURVE)
    empty = pd.Series(dtype=float)
    if key == US_10Y:
        found = empty if ust is None or "10Y" not in ust else calendar_dates(ust["10Y"])
    elif key == US_JP_10Y:
        found = empty if yields is None or ust is None else us_japan_10y(yields, ust).round(1)
    elif key in CURVE_SPREADS:
        found = empty if yields is None else spread_series(yields, *CURVE_SPREADS[key]).round(1)
    else:
        found = empty if yields is None or key not in yields else calendar_dates(yields[key])
    if found.empty:
        return empty
    return calendar_dates(found)


def compare_choices(results: Results, subject: str) -> list[str]:
    """The series ``c`` can add beside ``subject``: those with data, the subject excluded."""
    return [k for k in COMPARE_ORDER if k != subject and not load_series(results, k).empty]


def usdjpy_history(results: Results) -> tuple[pd.DataFrame, str]:
    """USD/JPY by calendar date with the source of each value, and the freshest source.

    The freshest source (as on the main screen) supplies every date it has; older dates come
    from the others in the usual order (BOJ, ECB, FRED), so the history reaches back as far
    as any source does. Columns: ``jpy_per_usd``, ``source``.
    """
    frames = usdjpy_frames(results)
    chosen = freshest_usdjpy(frames)
    if chosen is None:
        return pd.DataFrame({"jpy_per_usd": [], "source": []}), ""
    series = {n: calendar_dates(f["jpy_per_usd"]) for n, f in frames.items()}
    spliced = splice_by_priority(series, [chosen.source, *FX_SOURCES])
    spliced = spliced.rename(columns={"value": "jpy_per_usd"})
    return spliced, chosen.source


def fx_label(source: str) -> str:
    """Human label of a USD/JPY source."""
    return catalog.fx_label(source)


@dataclass(frozen=True)
class Mark:
    """An anomaly to mark on a chart."""

    day: date
    value: float
    text: str


def anomaly_marks(key: str, data: pd.Series, anomalies: Iterable[Anomaly]) -> list[Mark]:
    """The view's anomalies about drill-down target ``key``, placed on ``data``.

    ``key`` is the anomaly's drill-down key (``"yields:10Y"``, ``"fx:usdjpy"``); ``anomalies``
    are the view's own (found once, with the user's settings), so a chart never shows an
    anomaly the main screen and ``snapshot`` do not. Each mark sits on ``data`` at the
    anomaly's date (an anomaly's own value may be a change, not a level).
    """
    marks = [
        Mark(item.date, _value(data, item.date), item.text) for item in anomalies if item.key == key
    ]
    return sorted(marks, key=lambda mark: mark.day)


def _value(data: pd.Series, when: date) -> float:
    try:
        return float(data.loc[pd.Timestamp(when).tz_localize(None).normalize()])
    except (KeyError, TypeError, ValueError):
        return math.nan
