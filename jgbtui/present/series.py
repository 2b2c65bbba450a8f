"""Series ids: one name for every series jgbtui can show, and the rows behind it.

An id reads ``kind[:part[:field]]``: ``jgb:10Y``, ``ust:10Y``, ``usdjpy``, ``spread:2s10s``,
``spread:us-jp-10y``, ``flows:weekly:bonds``, ``flows:monthly:bonds``, ``auction:10Y:btc``.
``jgbtui export`` and ``snapshot --csv`` use them, and alert rules can name the same series.

Pure: ids map to frames through :mod:`jgbtui.present.frames` and the catalog's frame
references; no source name is written here. Values keep the publisher's precision
(:attr:`SeriesDef.decimals`): yields as MoF and the Treasury print them, derived spreads to
0.1 bp, bid-to-cover to 2 decimals, so float noise such as 2.6545514542968935 never shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from jgbtui.analytics import cpi
from jgbtui.analytics.curve import CURVE_SPREADS, spread_series, us_japan_10y
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.analytics.history import calendar_dates, splice_by_priority
from jgbtui.present.frames import result_frame, usdjpy_frames
from jgbtui.sources import catalog
from jgbtui.sources.base import SourceResult
from jgbtui.sources.mof_jgb_yields import TENORS as JGB_TENORS
from jgbtui.sources.ust_par_curve import TENORS as UST_TENORS

Results = Mapping[str, SourceResult]

#: Auction tenors, shortest first; an id writes a space as ``-`` (``auction:10Y-JGBi:btc``).
AUCTION_TENORS = (
    "2Y", "4Y", "5Y", "6Y", "10Y", "20Y", "30Y", "40Y", "10Y JGBi", "15Y FRN", "GX5Y", "GX10Y",
)  # fmt: skip
#: Auction field -> (frame column, title, unit, decimals as MoF publishes them).
AUCTION_FIELDS: dict[str, tuple[str, str, str, int]] = {
    "btc": ("bid_to_cover", "bid-to-cover", "times", 2),
    "tail_yen": ("tail_jpy", "tail", "yen", 3),
    "tail_bp": ("tail_bp", "tail", "bp", 2),
    "avg_yield": ("avg_yield_pct", "average yield", "%", 3),
    "low_yield": ("lowest_yield_pct", "highest accepted yield", "%", 3),
    "avg_price": ("avg_price_jpy", "average price", "yen per 100 yen", 3),
    "low_price": ("lowest_price_jpy", "lowest accepted price", "yen per 100 yen", 3),
    "coupon": ("coupon_pct", "coupon", "%", 3),
    "bids": ("competitive_bids_jpy_bn", "competitive bids", "billion yen", 1),
    "accepted": ("accepted_jpy_bn", "accepted", "billion yen", 1),
}
#: Flow instrument -> (column part, title). Non-residents' net purchases.
FLOW_INSTRUMENTS: dict[str, tuple[str, str]] = {
    "bonds": ("bonds", "long-term bonds"),
    "bills": ("bills", "short-term bills"),
    "equity": ("equity", "equity"),
    "total": ("total", "total"),
}
FLOW_PERIODS = {"weekly": catalog.FLOWS_WEEKLY, "monthly": catalog.FLOWS_MONTHLY}
US_JP_10Y = "us-jp-10y"
USDJPY = "usdjpy"
#: USD/JPY decimals: BOJ and FRED print 2 (FRED sometimes 4); the ECB cross is computed.
USDJPY_DECIMALS = 4


class UnknownSeries(ValueError):
    """An id that names no series; the message lists what exists."""


@dataclass(frozen=True)
class SeriesDef:
    """What an id names: its title, unit, precision and the sources behind it."""

    id: str
    title: str
    unit: str
    decimals: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SeriesData:
    """The rows of a series (columns ``date``, ``value`` and any extras, oldest first) and
    the sources that supplied them."""

    definition: SeriesDef
    rows: pd.DataFrame
    used: tuple[str, ...]


def _id_token(text: str) -> str:
    return text.replace(" ", "-")


def all_series() -> list[SeriesDef]:
    """Every series id, in the order ``jgbtui export --list`` prints them."""
    jgb = (catalog.JGB_YIELDS.source,)
    ust = (catalog.UST_CURVE.source,)
    out = [SeriesDef(f"jgb:{t}", f"JGB {t} yield (MoF)", "%", 3, jgb) for t in JGB_TENORS]
    out += [SeriesDef(f"ust:{t}", f"US Treasury {t} par yield", "%", 2, ust) for t in UST_TENORS]
    out.append(
        SeriesDef(
            USDJPY,
            "USD/JPY, freshest official fix (BOJ 17:00 JST, ECB cross, FRED H.10)",
            "JPY per USD",
            USDJPY_DECIMALS,
            tuple(ref.source for ref in catalog.USDJPY),
        )
    )
    for name, (short, long) in CURVE_SPREADS.items():
        out.append(SeriesDef(f"spread:{name}", f"JGB {long}-{short} spread", "bp", 1, jgb))
    out.append(SeriesDef(f"spread:{US_JP_10Y}", "US 10Y minus JGB 10Y", "bp", 1, ust + jgb))
    for period, ref in FLOW_PERIODS.items():
        for key, (_, title) in FLOW_INSTRUMENTS.items():
            out.append(
                SeriesDef(
                    f"flows:{period}:{key}",
                    f"Non-residents' net purchases of Japanese {title}, {period}",
                    "100 million yen",
                    0,
                    (ref.source,),
                )
            )
    auctions = (catalog.AUCTION_RESULTS.source,)
    for tenor in AUCTION_TENORS:
        for field, (_, title, unit, decimals) in AUCTION_FIELDS.items():
            out.append(
                SeriesDef(
                    f"auction:{_id_token(tenor)}:{field}",
                    f"{tenor} auction {title}",
                    unit,
                    decimals,
                    auctions,
                )
            )
    out += event_series()
    return out


#: CPI areas and measures (issue 14): year-on-year rates within one base.
CPI_AREAS = {"tokyo": "Tokyo ward-area", "national": "Japan"}
CPI_MEASURE_TITLES = {
    "all_items": "all items",
    "core": "less fresh food (core)",
    "core_core": "less fresh food and energy (core-core)",
}
#: Residents' net purchases of foreign long-term bonds by investor (MoF monthb3).
HOMECOMING_SECTORS = {
    "life_insurers": "life insurers",
    "trust_accounts": "trust banks' trust accounts (pensions)",
    "banks": "banks' banking accounts",
    "total": "all residents",
}


def event_series() -> list[SeriesDef]:
    """The BOJ's rates, CPI and the homecoming flows (the calendar's series ids)."""
    out = [
        SeriesDef(
            "boj:policy",
            "BOJ policy rate by effective date (BIS WS_CBPOL; changes only)",
            "%",
            2,
            (catalog.POLICY_RATE.source,),
        ),
        SeriesDef(
            "boj:call",
            "Uncollateralized overnight call rate, average (BOJ FM01)",
            "%",
            3,
            (catalog.CALL_RATE.source,),
        ),
    ]
    for area, place in CPI_AREAS.items():
        ref = catalog.CPI_TOKYO if area == "tokyo" else catalog.CPI_NATIONAL
        for measure, title in CPI_MEASURE_TITLES.items():
            out.append(
                SeriesDef(
                    f"cpi:{area}:{measure}", f"{place} CPI {title}, % y/y", "%", 1, (ref.source,)
                )
            )
    for sector, title in HOMECOMING_SECTORS.items():
        out.append(
            SeriesDef(
                f"homecoming:{sector}",
                f"Residents' net purchases of foreign long-term bonds: {title}",
                "100 million yen",
                0,
                (catalog.FLOWS_INVESTORS.source,),
            )
        )
    return out


def lookup(series_id: str) -> SeriesDef:
    """The definition of ``series_id`` (case of the kind and field ignored).

    Raises:
        UnknownSeries: naming close matches.
    """
    wanted = series_id.strip()
    for definition in all_series():
        if definition.id == wanted or definition.id.lower() == wanted.lower():
            return definition
    kind = wanted.split(":", 1)[0].lower()
    close = [d.id for d in all_series() if d.id.lower().startswith(kind + ":")][:20]
    hint = f"; e.g. {', '.join(close)}" if close else ""
    raise UnknownSeries(f"unknown series {series_id!r}{hint} (see `jgbtui export --list`)")


def _rows(values: pd.Series, **extra: pd.Series) -> pd.DataFrame:
    data = calendar_dates(values)
    frame = pd.DataFrame({"date": data.index, "value": data.to_numpy()})
    for name, column in extra.items():
        frame[name] = column.reindex(data.index).to_numpy()
    return frame


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "value": []})


def load(results: Results, series_id: str) -> SeriesData:
    """The rows of ``series_id`` from the sources' results (empty rows when none has data).

    Raises:
        UnknownSeries: for an id :func:`all_series` does not list.
    """
    definition = lookup(series_id)
    kind, _, rest = definition.id.partition(":")
    rows, used = _empty(), definition.sources
    if kind in ("jgb", "ust"):
        ref = catalog.JGB_YIELDS if kind == "jgb" else catalog.UST_CURVE
        frame = result_frame(results, ref)
        if frame is not None and rest in frame.columns:
            rows = _rows(frame[rest])
    elif kind == USDJPY:
        rows, used = _usdjpy(results)
    elif kind == "spread":
        rows = _spread(results, rest)
    elif kind == "flows":
        period, _, instrument = rest.partition(":")
        frame = result_frame(results, FLOW_PERIODS[period])
        column = f"nonres_{FLOW_INSTRUMENTS[instrument][0]}_net_jpy_100m"
        if frame is not None and column in frame.columns:
            rows = _rows(frame[column])
    elif kind == "auction":
        rows = _auction(results, rest)
    elif kind in ("boj", "cpi", "homecoming"):
        rows = _event_rows(results, kind, rest)
    rows = rows.assign(value=rows["value"].astype(float).round(definition.decimals))
    return SeriesData(definition, rows.reset_index(drop=True), used)


def _usdjpy(results: Results) -> tuple[pd.DataFrame, tuple[str, ...]]:
    frames = usdjpy_frames(results)
    chosen = freshest_usdjpy(frames)
    if chosen is None:
        return _empty(), ()
    priority = [chosen.source, *(ref.source for ref in catalog.USDJPY)]
    series = {name: calendar_dates(frame["jpy_per_usd"]) for name, frame in frames.items()}
    spliced = splice_by_priority(series, priority)
    rows = pd.DataFrame(
        {
            "date": spliced.index,
            "value": spliced["value"].to_numpy(),
            "source": spliced["source"].to_numpy(),
        }
    ).reset_index(drop=True)
    return rows, tuple(dict.fromkeys(rows["source"]))


def _spread(results: Results, name: str) -> pd.DataFrame:
    jgb = result_frame(results, catalog.JGB_YIELDS)
    if jgb is None:
        return _empty()
    if name == US_JP_10Y:
        ust = result_frame(results, catalog.UST_CURVE)
        return _empty() if ust is None else _rows(us_japan_10y(jgb, ust))
    return _rows(spread_series(jgb, *CURVE_SPREADS[name]))


def _event_rows(results: Results, kind: str, rest: str) -> pd.DataFrame:
    """Rows of the BOJ, CPI and homecoming series."""
    if kind == "boj":
        ref = catalog.POLICY_RATE if rest == "policy" else catalog.CALL_RATE
        frame = result_frame(results, ref)
        column = "rate_pct" if rest == "policy" else "call_rate_pct"
        return _empty() if frame is None else _rows(frame[column])
    if kind == "cpi":
        area, _, measure = rest.partition(":")
        frames = (
            (result_frame(results, catalog.CPI_TOKYO),)
            if area == "tokyo"
            else (
                result_frame(results, catalog.CPI_NATIONAL),
                result_frame(results, catalog.CPI_NATIONAL_2020),
            )
        )
        rates = cpi.yoy(frames, measure)
        return (
            _empty() if rates.empty else _rows(rates["yoy_pct"], base=calendar_dates(rates["base"]))
        )
    frame = result_frame(results, catalog.FLOWS_INVESTORS)
    column = f"{rest}_net_jpy_100m"
    return _empty() if frame is None or column not in frame else _rows(frame[column])


def _auction(results: Results, rest: str) -> pd.DataFrame:
    token, _, field = rest.partition(":")
    frame = result_frame(results, catalog.AUCTION_RESULTS)
    column = AUCTION_FIELDS[field][0]
    if frame is None or column not in frame.columns:
        return _empty()
    tenor = token.replace("-", " ")
    chosen = frame[frame["tenor"] == tenor].dropna(subset=[column])
    if chosen.empty:
        return _empty()
    days = pd.DatetimeIndex(chosen["auction_date"])
    if days.tz is not None:
        days = days.tz_localize(None)
    rows = pd.DataFrame(
        {
            "date": days.normalize(),
            "value": chosen[column].astype(float).to_numpy(),
            "issue_number": chosen["issue_number"].astype("Int64").to_numpy(),
        }
    )
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def between(data: SeriesData, start: date | None, end: date | None) -> SeriesData:
    """Only the rows dated ``start`` to ``end`` (both inclusive, either open)."""
    rows = data.rows
    if start is not None:
        rows = rows[rows["date"] >= pd.Timestamp(start)]
    if end is not None:
        rows = rows[rows["date"] <= pd.Timestamp(end)]
    used = data.used
    if "source" in rows.columns:
        used = tuple(dict.fromkeys(rows["source"]))
    return SeriesData(data.definition, rows.reset_index(drop=True), used)


def format_value(value: object, decimals: int) -> str:
    """``value`` as the publisher writes it: at most ``decimals`` decimals, no float noise,
    no trailing zeros (MoF prints ``2.71`` for 2.710); empty for missing values."""
    if value is None:
        return ""
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return ""
    text = f"{round(number, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_value(value: object, decimals: int) -> float | int | None:
    """``value`` rounded to ``decimals`` for JSON (``None`` when missing)."""
    text = format_value(value, decimals)
    if not text:
        return None
    return int(text) if decimals == 0 else float(text)
