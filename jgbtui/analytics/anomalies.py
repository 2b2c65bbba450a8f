"""Headlines: what is unusual right now, as short desk sentences with dates.

Each series' recent observations are checked for record context ("weakest since June
2025", via :mod:`jgbtui.analytics.records`) and z-scores against a trailing window (via
:mod:`jgbtui.analytics.zscore`):

* **yields** (``yields:<tenor>``): multi-year highs/lows per tenor, the largest daily move in
  ``move_months`` months, daily changes with ``|z| >= z_threshold``;
* **auctions** (``auction:<tenor>:<date>``): weakest bid-to-cover and widest tail per
  tenor, and either with ``|z| >= z_threshold`` in the bad direction;
* **flows** (``flows:weekly`` / ``flows:monthly``): largest foreign net selling (or buying)
  of Japanese long-term bonds, straight weeks of selling, the first week of selling after a
  long spell, weeks with ``|z| >= z_threshold``;
* **fx** (``fx:usdjpy``): weakest/strongest yen, largest one-day move, large z;
* **cpi** (``cpi:tokyo`` / ``cpi:national``): the core CPI's turns ("first rise in eight
  months"), streaks and multi-year highs or lows (:mod:`jgbtui.analytics.cpi`);
* **homecoming** (``homecoming:<sector>``): life insurers', pension trusts' and banks' runs of
  net selling of foreign bonds and their turns (:mod:`jgbtui.analytics.homecoming`).

A record counts when it reaches back at least ``record_years``. Severity: ``alert`` for a
record over the whole history or reaching back ``alert_years``; ``warning`` for a record
reaching back ``record_years``, a z-score of ``z_threshold + 1`` or more, or a selling
streak; ``info`` for the rest (z-scores, largest move in ``move_months``, first since).
For each series and kind only the newest anomaly is kept. Findings about the same target on
the same date (an auction's cover and its tail; a tenor's level and its move) are merged
into one headline, so ``(key, date)`` is unique, as the alert log and the headlines table
expect: "10Y auction bid-to-cover 3.13, weakest since June 2025; tail 1.4bp, widest on
record (since January 2024)". The list is newest first.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Literal, TypeVar

import pandas as pd

from jgbtui.analytics import cpi
from jgbtui.analytics.auctions import tenor_history
from jgbtui.analytics.changes import MAX_GAP
from jgbtui.analytics.flows import BONDS_NET
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.analytics.homecoming import homecoming
from jgbtui.analytics.observations import clean, period_changes
from jgbtui.analytics.phrasing import (
    FLOWS_WHAT,
    auction_btc_text,
    auction_tail_text,
    first_since_text,
    flows_text,
    signed,
    streak_text,
    usdjpy_move_text,
    usdjpy_text,
    yen_amount,
    yield_move_text,
    yield_text,
)
from jgbtui.analytics.records import (
    Move,
    Record,
    first_since,
    month_year,
    rank_move,
    record_context,
    streak,
)
from jgbtui.analytics.types import SEVERITIES as SEVERITIES
from jgbtui.analytics.types import Anomaly as Anomaly
from jgbtui.analytics.types import Severity as Severity
from jgbtui.analytics.zscore import ZScore, zscore


@dataclass(frozen=True)
class AnomalyConfig:
    """What counts as an anomaly. Field names shared with ``[alerts]`` in the config file
    (``window``, ``z_threshold``, ``yields``, ``auctions``, ``flows``, ``fx``) mean the same
    there; see :meth:`from_settings`."""

    window: int = 52
    """Trailing observations for z-scores."""
    z_threshold: float = 2.0
    """``|z|`` at or above this is flagged."""
    record_years: float = 1.0
    """A "since" record must reach back at least this many years to be a headline."""
    alert_years: float = 3.0
    """...and this many to be an ``alert``."""
    move_months: int = 6
    """"Largest daily move in N months"."""
    recent_days: int = 10
    """Daily series (yields, USD/JPY): the last this many observations (two weeks) are
    checked."""
    recent_auctions: int = 2
    """Auctions: each tenor's last this many auctions are checked..."""
    auction_max_age_days: int = 92
    """...if at most this many days older than the newest auction in the data."""
    recent_weeks: int = 4
    """Weekly flows: the last this many weeks are checked."""
    recent_months: int = 2
    """Monthly flows: the last this many months are checked."""
    selling_streak: int = 3
    """Straight weeks of foreign net selling that make a headline."""
    first_since_weeks: int = 8
    """A week of selling after at least this many weeks without: "first ... since"."""
    yield_tenors: tuple[str, ...] = ("2Y", "5Y", "10Y", "20Y", "30Y", "40Y")
    """JGB tenors checked (others are in the yields table but would crowd the headlines)."""
    yields: bool = True
    auctions: bool = True
    flows: bool = True
    fx: bool = True
    cpi: bool = True
    homecoming: bool = True

    @classmethod
    def from_settings(cls, settings: object) -> AnomalyConfig:
        """Copy the same-named attributes of ``settings`` (e.g. the config file's
        ``AlertConfig``) over the defaults; other attributes are ignored."""
        known = {f.name for f in fields(cls)}
        values = {n: getattr(settings, n) for n in known if hasattr(settings, n)}
        return cls(**values)


def _max(*levels: Severity | None) -> Severity | None:
    present = [lvl for lvl in levels if lvl is not None]
    return max(present, key=SEVERITIES.index) if present else None


def _record_severity(record: Record, cfg: AnomalyConfig) -> Severity | None:
    if not record.reaches(cfg.record_years):
        return None
    return "alert" if record.on_record or record.span_years >= cfg.alert_years else "warning"


def _z_severity(z: ZScore, cfg: AnomalyConfig, direction: int = 0) -> Severity | None:
    """``direction`` -1/+1 flags only low/high scores; 0 either."""
    if not z.flagged(cfg.z_threshold) or (direction and z.z * direction < 0):
        return None
    return "warning" if abs(z.z) >= cfg.z_threshold + 1 else "info"


def _z_words(z: ZScore, what: str) -> str:
    side = "above" if z.z > 0 else "below"
    return f"{abs(z.z):.1f}σ {side} its {z.n}-{what} average"


def _recent_dates(series: pd.Series, count: int) -> list[pd.Timestamp]:
    clean = series.dropna()
    return [pd.Timestamp(x) for x in clean.index[-count:]] if count > 0 else []


# --- yields and USD/JPY (daily) ------------------------------------------------------------


def _daily_anomalies(
    series: pd.Series,
    *,
    label: str,
    key: str,
    tenor: str | None,
    level_precision: int,
    move_precision: int,
    cfg: AnomalyConfig,
) -> Iterable[Anomaly]:
    """``tenor`` None means USD/JPY (yen words, changes in yen); else a JGB tenor."""
    levels = clean(series)
    changes = period_changes(levels, MAX_GAP["1d"])
    for when in _recent_dates(levels, cfg.recent_days):
        day = when.date()
        for extreme in ("high", "low"):
            record = record_context(levels, extreme=extreme, at=when, precision=level_precision)
            severity = _record_severity(record, cfg)
            if severity is not None:
                text = usdjpy_text(record) if tenor is None else yield_text(tenor, record)
                yield Anomaly(label, day, record.value, text, severity, key, "level")
        move = rank_move(changes, when, months=cfg.move_months, precision=move_precision)
        if move is None or move.direction == "flat":
            continue
        z = zscore(changes, window=cfg.window, at=when)
        severity = _max(_move_severity(move, cfg), _z_severity(z, cfg))
        if severity is None:
            continue
        yield Anomaly(
            f"{label} daily change",
            day,
            move.change * (1.0 if tenor is None else 100.0),
            _move_text(move, z, tenor),
            severity,
            key,
            "move",
        )


def _move_severity(move: Move, cfg: AnomalyConfig) -> Severity | None:
    if not move.is_largest:
        return None
    return _max("info", _record_severity(move.record, cfg))


def _move_text(move: Move, z: ZScore, tenor: str | None) -> str:
    if move.is_largest:
        return usdjpy_move_text(move) if tenor is None else yield_move_text(tenor, move)
    if tenor is None:
        head = f"USD/JPY {signed(move.change, 2)} d/d"
    else:
        head = f"JGB {tenor} {signed(move.change * 100.0, 1, 'bp')} d/d"
    return f"{head}, {abs(z.z):.1f}σ move vs the last {z.n} days"


def yield_anomalies(yields: pd.DataFrame, cfg: AnomalyConfig) -> list[Anomaly]:
    """Multi-year highs/lows, largest daily moves and large daily changes per tenor."""
    out: list[Anomaly] = []
    for tenor in cfg.yield_tenors:
        if tenor not in yields.columns:
            continue
        out.extend(
            _daily_anomalies(
                yields[tenor],
                label=f"JGB {tenor} yield",
                key=f"yields:{tenor}",
                tenor=tenor,
                level_precision=3,
                move_precision=4,
                cfg=cfg,
            )
        )
    return out


def fx_anomalies(usdjpy: pd.Series, cfg: AnomalyConfig) -> list[Anomaly]:
    """Weakest/strongest yen, largest one-day moves and large daily changes of USD/JPY."""
    return list(
        _daily_anomalies(
            usdjpy,
            label="USD/JPY",
            key="fx:usdjpy",
            tenor=None,
            level_precision=2,
            move_precision=2,
            cfg=cfg,
        )
    )


# --- auctions ------------------------------------------------------------------------------


def _auction_metric(
    series: pd.Series,
    when: pd.Timestamp,
    tenor: str,
    metric: Literal["btc", "tail"],
    cfg: AnomalyConfig,
) -> Anomaly | None:
    """Weakest cover (``btc``: low is bad) or widest tail (``tail``: high is bad)."""
    value = float(series.loc[when])
    if math.isnan(value) or (metric == "tail" and value <= 0):
        return None
    low = metric == "btc"
    record = record_context(series, extreme="low" if low else "high", at=when, precision=2)
    z = zscore(series, window=cfg.window, at=when)
    by_record = _record_severity(record, cfg)
    severity = _max(by_record, _z_severity(z, cfg, -1 if low else +1))
    if severity is None:
        return None
    if by_record is not None:
        text = auction_btc_text(tenor, record) if low else auction_tail_text(tenor, record)
    elif low:
        text = f"{tenor} auction bid-to-cover {value:.2f}, {_z_words(z, 'auction')}"
    else:
        text = f"{tenor} auction tail {value:.1f}bp, {_z_words(z, 'auction')}"
    return Anomaly(
        f"{tenor} auction {'bid-to-cover' if low else 'tail'}",
        when.date(),
        round(value, 2),
        text,
        severity,
        f"auction:{tenor}:{when.date().isoformat()}",
        metric,
    )


def auction_anomalies(results: pd.DataFrame, cfg: AnomalyConfig) -> list[Anomaly]:
    """Weakest cover and widest tails of each tenor's recent auctions."""
    if results.empty or "tenor" not in results.columns or cfg.recent_auctions <= 0:
        return []
    results = results.dropna(subset=["auction_date"])
    if results.empty:
        return []
    newest = pd.Timestamp(results["auction_date"].max())
    oldest = newest - pd.Timedelta(days=cfg.auction_max_age_days)
    out: list[Anomaly] = []
    for tenor in sorted(str(t) for t in results["tenor"].dropna().unique()):
        history = tenor_history(results, tenor).drop_duplicates("auction_date", keep="last")
        dates = pd.DatetimeIndex(history["auction_date"])
        metrics: dict[Literal["btc", "tail"], pd.Series] = {
            "btc": pd.Series(history["bid_to_cover"].to_numpy(dtype="float64"), index=dates),
            "tail": pd.Series(history["tail_bp"].to_numpy(dtype="float64"), index=dates),
        }
        for stamp in dates[-cfg.recent_auctions :]:
            when = pd.Timestamp(stamp)
            if when < oldest:
                continue
            for metric, series in metrics.items():
                found = _auction_metric(series, when, tenor, metric, cfg)
                if found is not None:
                    out.append(found)
    return out


# --- flows ---------------------------------------------------------------------------------


def _flow_anomalies(series: pd.Series, *, weekly: bool, cfg: AnomalyConfig) -> Iterable[Anomaly]:
    key = "flows:weekly" if weekly else "flows:monthly"
    label = f"foreign net buying of Japanese long-term bonds ({'weekly' if weekly else 'monthly'})"
    recent = cfg.recent_weeks if weekly else cfg.recent_months
    what = "week" if weekly else "month"
    for when in _recent_dates(series, recent):
        day = when.date()
        record = record_context(series, extreme="low", at=when, precision=0)
        if record.value >= 0:
            record = record_context(series, extreme="high", at=when, precision=0)
        if record.value == 0:
            continue
        z = zscore(series, window=cfg.window, at=when)
        severity = _max(_record_severity(record, cfg), _z_severity(z, cfg))
        if severity is None:
            continue
        period = None if weekly else f"in {month_year(when)}"
        if _record_severity(record, cfg):
            text = flows_text(record, period=period)
        else:
            side = "selling" if record.value < 0 else "buying"
            where = f" {period}" if period else ""
            text = f"foreign {side} of {FLOWS_WHAT} {yen_amount(record.value)}{where}, " + _z_words(
                z, what
            )
        yield Anomaly(label, day, record.value, text, severity, key, "record")
    if not weekly or series.dropna().empty:
        return
    latest = pd.Timestamp(series.dropna().index[-1])
    run = streak(series, lambda v: v < 0)
    if run.length >= cfg.selling_streak:
        text = (
            f"{streak_text(run, 'week', 'foreign selling of ' + FLOWS_WHAT)} "
            f"({yen_amount(run.total)} in total)"
        )
        yield Anomaly(label, latest.date(), run.total, text, "warning", key, "streak")
    first = first_since(series, lambda v: v < 0)
    if first is not None and (first.previous is None or first.gap >= cfg.first_since_weeks):
        text = f"{first_since_text(first, 'week of foreign selling of ' + FLOWS_WHAT)}"
        text += f" ({yen_amount(first.value)})"
        yield Anomaly(label, latest.date(), first.value, text, "info", key, "first")


def flow_anomalies(
    weekly: pd.DataFrame | None, monthly: pd.DataFrame | None, cfg: AnomalyConfig
) -> list[Anomaly]:
    """Largest foreign selling/buying, selling streaks and "first since" for flows."""
    out: list[Anomaly] = []
    for frame, is_weekly in ((weekly, True), (monthly, False)):
        if frame is None or frame.empty or BONDS_NET not in frame.columns:
            continue
        out.extend(_flow_anomalies(frame[BONDS_NET].astype("float64"), weekly=is_weekly, cfg=cfg))
    return out


# --- CPI and homecoming (monthly) ---------------------------------------------------------

#: How a CPI area is named in a headline.
CPI_AREAS = {"tokyo": "Tokyo", "national": "Japan"}
#: The CPI measure that makes headlines (the BOJ's "core": all items less fresh food).
CPI_HEADLINE = "core"


def cpi_anomalies(areas: Mapping[str, Sequence[pd.DataFrame | None]]) -> list[Anomaly]:
    """Turns, streaks and records of each area's core CPI y/y (its latest month)."""
    out: list[Anomaly] = []
    for area, frames in areas.items():
        found = cpi.reading(cpi.yoy(frames, CPI_HEADLINE), CPI_HEADLINE)
        if found is None or not found.notable:
            continue
        label = CPI_AREAS.get(area, area.title())
        out.append(
            Anomaly(
                f"{label} core CPI y/y",
                found.month.date(),
                found.yoy_pct,
                f"{label} {found.text}",
                "warning" if found.severity == "warning" else "info",
                f"cpi:{area}",
                "cpi",
            )
        )
    return out


def homecoming_anomalies(investors: pd.DataFrame) -> list[Anomaly]:
    """Runs of net selling of foreign bonds (and turns) by the watched Japanese investors."""
    reading = homecoming(investors)
    if reading is None:
        return []
    return [
        Anomaly(
            f"{flow.title}: net purchases of foreign bonds",
            flow.month.date(),
            flow.net,
            flow.text,
            "warning" if flow.severity == "warning" else "info",
            f"homecoming:{flow.sector}",
            "homecoming",
        )
        for flow in reading.sectors
        if flow.notable
    ]


# --- all -----------------------------------------------------------------------------------


def _newest_per_kind(anomalies: list[Anomaly]) -> list[Anomaly]:
    best: dict[tuple[str, str, str], Anomaly] = {}
    for item in anomalies:
        slot = (item.key, item.kind, item.series)
        if slot not in best or item.date > best[slot].date:
            best[slot] = item
    return list(best.values())


#: Merge order: which finding leads a merged headline (the desk's headline metric first).
KIND_ORDER = ("level", "btc", "record", "move", "tail", "streak", "first")


def _without_shared_subject(lead: str, text: str) -> str:
    """``text`` minus the words it starts with in common with ``lead`` ("10Y auction")."""
    lead_words, words = lead.split(" "), text.split(" ")
    common = 0
    while common < min(len(lead_words), len(words)) - 1 and lead_words[common] == words[common]:
        common += 1
    return " ".join(words[common:])


def _merge_same_target(anomalies: list[Anomaly]) -> list[Anomaly]:
    """One anomaly per (key, date): texts joined with "; ", the most severe severity."""
    groups: dict[tuple[str, dt.date], list[Anomaly]] = {}
    for item in anomalies:
        groups.setdefault((item.key, item.date), []).append(item)
    merged: list[Anomaly] = []
    for items in groups.values():
        items.sort(key=lambda a: KIND_ORDER.index(a.kind) if a.kind in KIND_ORDER else 99)
        lead = items[0]
        if len(items) == 1:
            merged.append(lead)
            continue
        text = "; ".join(
            [lead.text, *(_without_shared_subject(lead.text, a.text) for a in items[1:])]
        )
        severity = _max(*(a.severity for a in items)) or lead.severity
        kind = "+".join(a.kind for a in items)
        merged.append(replace(lead, text=text, severity=severity, kind=kind))
    return merged


T = TypeVar("T")

#: ``parts(name, inputs, scan)`` runs (or recalls) one series' scan; see :func:`find_anomalies`.
PartCache = Callable[[str, tuple[object, ...], Callable[[], list[Anomaly]]], list[Anomaly]]


def compute_part(name: str, inputs: tuple[object, ...], scan: Callable[[], T]) -> T:
    """Run ``scan`` (the default for ``parts``: nothing is remembered)."""
    return scan()


def find_anomalies(
    *,
    yields: pd.DataFrame | None = None,
    auctions: pd.DataFrame | None = None,
    weekly: pd.DataFrame | None = None,
    monthly: pd.DataFrame | None = None,
    usdjpy: Mapping[str, pd.DataFrame] | None = None,
    cpi_frames: Mapping[str, Sequence[pd.DataFrame | None]] | None = None,
    investors: pd.DataFrame | None = None,
    config: AnomalyConfig | None = None,
    parts: PartCache | None = None,
) -> list[Anomaly]:
    """Every current anomaly, newest first (then most severe first).

    Args:
        yields: MoF JGB yields frame.
        auctions: MoF auction results frame.
        weekly: MoF weekly portfolio flows frame.
        monthly: MoF monthly portfolio flows frame.
        usdjpy: source name -> USD/JPY frame; the freshest source is used.
        cpi_frames: CPI area ("tokyo", "national") -> its index frames (one per base).
        investors: residents' foreign bond flows by investor type.
        config: thresholds and per-series switches.
        parts: how each series' scan is run: given a name, its inputs and the scan, return
            the scan's result (e.g. remembered from the same inputs last time); by default
            every scan runs.

    Missing inputs (``None`` or empty) simply contribute nothing.
    """
    cfg = config or AnomalyConfig()
    run = parts or compute_part
    found: list[Anomaly] = []
    if cfg.yields and yields is not None and not yields.empty:
        found += run("yields", (yields, cfg), lambda: yield_anomalies(yields, cfg))
    if cfg.auctions and auctions is not None and not auctions.empty:
        found += run("auctions", (auctions, cfg), lambda: auction_anomalies(auctions, cfg))
    if cfg.flows:
        found += run("flows", (weekly, monthly, cfg), lambda: flow_anomalies(weekly, monthly, cfg))
    if cfg.fx and usdjpy:
        chosen = freshest_usdjpy(usdjpy)
        if chosen is not None:
            series = chosen.series.sort_index()
            found += run("fx", (*usdjpy.values(), cfg), lambda: fx_anomalies(series, cfg))
    if cfg.cpi and cpi_frames:
        inputs = tuple(f for frames in cpi_frames.values() for f in frames)
        found += run("cpi", (*inputs, cfg), lambda: cpi_anomalies(cpi_frames))
    if cfg.homecoming and investors is not None and not investors.empty:
        found += run("homecoming", (investors, cfg), lambda: homecoming_anomalies(investors))
    kept = _merge_same_target(_newest_per_kind(found))
    kept.sort(key=lambda a: (-a.date.toordinal(), -SEVERITIES.index(a.severity), a.key, a.kind))
    return kept
