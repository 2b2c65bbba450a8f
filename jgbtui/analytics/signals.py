"""The "sell-Japan" board: six signals, each green / amber / red with its reason.

1. **Auction demand** — each regular tenor's latest auction: bid-to-cover and tail against
   that tenor's own history (record context and z-score).
2. **Foreign flows** — non-residents' net purchases of Japanese long-term bonds: the latest
   week against history, straight weeks of selling, the 4-week sum, the latest month.
3. **Yen** — USD/JPY: distance to the fix on the last yen-buying intervention date, the
   1-month move, weakest yen in a year.
4. **Curve** — the long end (30Y) rising faster than the policy-sensitive short end (mean of
   1Y and 2Y) over one month: a bear steepener led by the long end.
5. **Hedged carry** — hedged JGB 10Y for a USD investor against UST 10Y (equivalently hedged
   UST 10Y for a JPY investor against JGB 10Y; see :mod:`jgbtui.analytics.carry`).
6. **Homecoming** — Japan's life insurers, pension trusts and banks: net selling of foreign
   bonds over three months (money coming home, green) or still buying abroad (amber; red
   when the buying is the most in a year). See :mod:`jgbtui.analytics.homecoming`.

Each signal is ``unknown`` when its inputs are missing. Thresholds live in
:class:`SignalConfig`; its field docstrings give the defaults' meaning.

State names are traffic-light words, not styles: the UI maps them to theme variables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from jgbtui.analytics.auctions import TENOR_ORDER, tenor_history
from jgbtui.analytics.carry import carry_summary
from jgbtui.analytics.changes import (
    MAX_GAP,
    change_summary,
    observation_on_or_before,
)
from jgbtui.analytics.flows import BONDS_NET
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.analytics.homecoming import core_series, homecoming
from jgbtui.analytics.phrasing import (
    auction_btc_text,
    auction_tail_text,
    flows_text,
    short_date,
    signed,
    streak_text,
    yen_amount,
    yield_pct,
)
from jgbtui.analytics.records import month_year, record_context, streak
from jgbtui.analytics.types import SIGNALS as SIGNALS
from jgbtui.analytics.types import Board as Board
from jgbtui.analytics.types import Figure as Figure
from jgbtui.analytics.types import Signal as Signal
from jgbtui.analytics.types import State as State
from jgbtui.analytics.zscore import zscore

#: ``side`` of a yen-buying intervention in the MoF intervention frame
#: (``jgbtui.sources.mof_fx_intervention.SELL_USD_BUY_JPY``).
YEN_BUYING = "sell_usd_buy_jpy"


_RANK = {State.UNKNOWN: -1, State.GREEN: 0, State.AMBER: 1, State.RED: 2}


@dataclass(frozen=True)
class SignalConfig:
    """Thresholds of the board. Defaults are what a JGB desk would call a warning sign."""

    window: int = 52
    """Trailing observations for z-scores (bid-to-cover, tails)."""
    z_amber: float = 1.0
    """``|z|`` (in the bad direction) from which a figure turns the signal amber."""
    z_red: float = 2.0
    """``|z|`` from which it turns red."""
    amber_years: float = 0.5
    """A record reaching back this many years (weakest cover, widest tail, largest weekly
    or monthly selling) turns the signal amber..."""
    red_years: float = 1.0
    """...and this many years, red ("weakest in a year")."""
    auction_tenors: tuple[str, ...] = TENOR_ORDER
    """Tenors whose latest auction is judged."""
    auction_max_age_days: int = 92
    """A tenor's latest auction counts if at most this many days older than the newest
    auction in the data (drops tenors no longer auctioned)."""
    flows_amber_weeks: int = 2
    """Straight weeks of foreign net selling that turn flows amber..."""
    flows_red_weeks: int = 4
    """...and red. A negative 4-week sum or a month of net selling is amber too."""
    yen_amber_pct: float = 3.0
    """USD/JPY within this percentage below the fix on the last yen-buying intervention
    date turns the yen amber..."""
    yen_red_pct: float = 1.0
    """...and within this (or beyond the level), red."""
    yen_amber_1m_pct: float = 2.0
    """USD/JPY up at least this much over one month (yen weakening) turns it amber..."""
    yen_red_1m_pct: float = 5.0
    """...and this much, red. The weakest yen in ``red_years`` is amber."""
    curve_long_tenor: str = "30Y"
    """The long end (falls back to 20Y when absent)."""
    curve_short_tenors: tuple[str, ...] = ("1Y", "2Y")
    """The policy proxy: mean 1-month change of these tenors."""
    curve_amber_bp: float = 5.0
    """Long end up over one month and at least this many bp more than the short end:
    amber..."""
    curve_red_bp: float = 15.0
    """...at least this many bp more, with the long end up at least ``curve_red_long_bp``:
    red."""
    curve_red_long_bp: float = 10.0
    carry_amber_bp: float = 25.0
    """Hedged JGB 10Y (USD investor) minus UST 10Y at or below this: amber (thin)..."""
    carry_red_bp: float = -25.0
    """...at or below this: red (hedged Treasuries beat JGBs for a Japanese investor by
    as much)."""
    homecoming_red_years: float = 1.0
    """Life insurers, pension trusts and banks buying foreign bonds over three months, the
    most in this many years: red (no homecoming at all)."""


@dataclass
class _Finding:
    state: State
    text: str
    when: pd.Timestamp | None = None


def _worst(states: list[State]) -> State:
    return max(states, key=_RANK.__getitem__, default=State.GREEN)


def _day(when: object) -> dt.date | None:
    if when is None:
        return None
    stamp = pd.Timestamp(when)  # type: ignore[arg-type]
    return None if pd.isna(stamp) else stamp.date()


def _unknown(name: str, why: str) -> Signal:
    return Signal(name, State.UNKNOWN, why, None)


def _grade(bad: bool, worse: bool) -> State:
    return State.RED if worse else State.AMBER if bad else State.GREEN


# --- 1. auction demand ---------------------------------------------------------------------


def _auction_series(history: pd.DataFrame, column: str) -> pd.Series:
    dates = pd.DatetimeIndex(history["auction_date"])
    return pd.Series(history[column].to_numpy(dtype="float64"), index=dates)


def auction_signal(results: pd.DataFrame | None, config: SignalConfig | None = None) -> Signal:
    """Auction demand: the worst of each regular tenor's latest cover and tail."""
    cfg = config or SignalConfig()
    name = "auction_demand"
    if results is None or results.empty or "bid_to_cover" not in results.columns:
        return _unknown(name, "no auction results")
    newest = pd.Timestamp(results["auction_date"].max())
    findings: list[_Finding] = []
    judged: list[str] = []
    figures: list[Figure] = []
    latest_date: pd.Timestamp | None = None
    for tenor in cfg.auction_tenors:
        history = tenor_history(results.dropna(subset=["auction_date"]), tenor)
        history = history.drop_duplicates("auction_date", keep="last")
        if history.empty:
            continue
        when = pd.Timestamp(history["auction_date"].iloc[-1])
        if newest - when > pd.Timedelta(days=cfg.auction_max_age_days):
            continue
        judged.append(tenor)
        latest_date = when if latest_date is None else max(latest_date, when)
        parts: list[tuple[State, str]] = []
        btc = _auction_series(history, "bid_to_cover")
        figures.append(Figure(f"{tenor} auction", _auction_figure(history), _day(when)))
        if not math.isnan(btc.iloc[-1]):
            rec = record_context(btc, extreme="low", precision=2)
            z = zscore(btc, window=cfg.window).z
            state = _grade(
                rec.reaches(cfg.amber_years) or z <= -cfg.z_amber,
                rec.reaches(cfg.red_years) or z <= -cfg.z_red,
            )
            if state != State.GREEN:
                text = (
                    auction_btc_text(tenor, rec)
                    if rec.reaches(cfg.amber_years)
                    else (f"{tenor} auction bid-to-cover {rec.value:.2f}")
                )
                parts.append((state, text + ("" if math.isnan(z) else f" (z {z:+.1f})")))
        tail = _auction_series(history, "tail_bp")
        if not math.isnan(tail.iloc[-1]) and tail.iloc[-1] > 0:
            rec = record_context(tail, extreme="high", precision=2)
            z = zscore(tail, window=cfg.window).z
            state = _grade(
                rec.reaches(cfg.amber_years) or z >= cfg.z_amber,
                rec.reaches(cfg.red_years) or z >= cfg.z_red,
            )
            if state != State.GREEN:
                text = (
                    auction_tail_text(tenor, rec)
                    if rec.reaches(cfg.amber_years)
                    else (f"{tenor} auction tail {rec.value:.1f}bp")
                )
                parts.append((state, text + ("" if math.isnan(z) else f" (z {z:+.1f})")))
        if parts:
            worst = _worst([s for s, _ in parts])
            text = "; ".join(t for _, t in parts) + f" ({short_date(when)})"
            findings.append(_Finding(worst, text, when))
    if not judged:
        return _unknown(name, "no recent auction of a regular tenor")
    if not findings:
        reason = f"latest {', '.join(judged)} auctions: cover and tails in line with history"
        return Signal(name, State.GREEN, reason, _day(latest_date), tuple(figures))
    findings.sort(key=lambda f: (_RANK[f.state], f.when), reverse=True)
    reason = "; ".join(f.text for f in findings[:2])
    if len(findings) > 2:
        reason += f" (+{len(findings) - 2} more)"
    return Signal(name, findings[0].state, reason, _day(findings[0].when), tuple(figures))


def _auction_figure(history: pd.DataFrame) -> str:
    """``bid-to-cover 3.53, tail 0.7bp`` for a tenor's latest auction (what is known)."""
    last = history.iloc[-1]
    parts = []
    btc = float(last["bid_to_cover"])
    if not math.isnan(btc):
        parts.append(f"bid-to-cover {btc:.2f}")
    tail = float(last["tail_bp"]) if "tail_bp" in history.columns else math.nan
    if not math.isnan(tail):
        parts.append(f"tail {tail:.1f}bp")
    return ", ".join(parts) or "no cover or tail published"


# --- 2. foreign flows ----------------------------------------------------------------------


def _flow_series(frame: pd.DataFrame | None) -> pd.Series:
    if frame is None or frame.empty or BONDS_NET not in frame.columns:
        return pd.Series(dtype="float64")
    return frame[BONDS_NET].dropna().astype("float64")


def flows_signal(
    weekly: pd.DataFrame | None,
    monthly: pd.DataFrame | None,
    config: SignalConfig | None = None,
) -> Signal:
    """Foreign flows: recent weeks and the latest month of non-resident net purchases of
    Japanese long-term bonds."""
    cfg = config or SignalConfig()
    name = "foreign_flows"
    week = _flow_series(weekly)
    month = _flow_series(monthly)
    if week.empty and month.empty:
        return _unknown(name, "no foreign flow data")
    found: list[tuple[State, str]] = []
    dates: list[pd.Timestamp] = []
    figures: list[Figure] = []
    if not week.empty:
        when = pd.Timestamp(week.index[-1])
        dates.append(when)
        last = float(week.iloc[-1])
        figures.append(Figure("Foreign net, latest week", _signed_yen(last), _day(when)))
        if len(week) >= 4:
            four = float(week.iloc[-4:].sum())
            figures.append(Figure("Foreign net, last 4 weeks", _signed_yen(four), _day(when)))
        period = f"in the week to {short_date(when)}"
        if last < 0:
            rec = record_context(week, extreme="low", precision=0)
            state = _grade(rec.reaches(cfg.amber_years), rec.reaches(cfg.red_years))
            if state != State.GREEN:
                found.append((state, flows_text(rec, period=period)))
        run = streak(week, lambda v: v < 0)
        if run.length >= cfg.flows_amber_weeks:
            state = _grade(True, run.length >= cfg.flows_red_weeks)
            text = streak_text(run, "week", "foreign selling")
            found.append((state, f"{text} ({yen_amount(run.total)})"))
        if len(week) >= 4 and float(week.iloc[-4:].sum()) < 0:
            found.append(
                (State.AMBER, f"4-week net selling {yen_amount(float(week.iloc[-4:].sum()))}")
            )
        if not found:
            side = "buying" if last >= 0 else "selling"
            found.append((State.GREEN, f"foreign net {side} {yen_amount(last)} {period}"))
    if not month.empty:
        when = pd.Timestamp(month.index[-1])
        dates.append(when)
        last = float(month.iloc[-1])
        period = f"in {month_year(when)}"
        figures.append(Figure("Foreign net, latest month", _signed_yen(last), _day(when)))
        if last < 0:
            rec = record_context(month, extreme="low", precision=0)
            state = _grade(True, rec.reaches(cfg.red_years))
            found.append((state, flows_text(rec, period=period)))
        elif not found:
            found.append((State.GREEN, f"foreign net buying {yen_amount(last)} {period}"))
    state = _worst([s for s, _ in found])
    texts = [t for s, t in found if s == state] or [t for _, t in found]
    return Signal(name, state, "; ".join(texts[:2]), _day(max(dates)), tuple(figures))


def _signed_yen(amount_jpy_100m: float) -> str:
    """``+¥559bn`` / ``-¥1.51tn``: a net flow with its direction."""
    return ("-" if amount_jpy_100m < 0 else "+") + yen_amount(amount_jpy_100m)


# --- 3. yen --------------------------------------------------------------------------------


def _fix_on(
    frames: Mapping[str, pd.DataFrame], day: pd.Timestamp
) -> tuple[float, str, pd.Timestamp] | None:
    """USD/JPY on calendar date ``day`` (or up to 4 days before), by the inputs' order:
    ``(value, source, date of the fix)``."""
    for source in frames:
        frame = frames[source]
        if frame is None or "jpy_per_usd" not in frame.columns:
            continue
        series = frame["jpy_per_usd"].dropna()
        index = pd.DatetimeIndex(series.index)
        series.index = (index.tz_localize(None) if index.tz is not None else index).normalize()
        found = observation_on_or_before(series.sort_index(), day, pd.Timedelta(days=4))
        if found is not None:
            return found[1], source, found[0]
    return None


def last_yen_buying(interventions: pd.DataFrame | None) -> pd.Timestamp | None:
    """Calendar date (tz-naive) of the last yen-buying intervention, if any."""
    if interventions is None or interventions.empty or "side" not in interventions.columns:
        return None
    buying = interventions[interventions["side"] == YEN_BUYING]
    if buying.empty:
        return None
    stamp = pd.Timestamp(pd.DatetimeIndex(buying.index).max())
    return stamp.tz_localize(None).normalize() if stamp.tzinfo is not None else stamp.normalize()


def yen_signal(
    usdjpy: Mapping[str, pd.DataFrame] | None,
    interventions: pd.DataFrame | None,
    config: SignalConfig | None = None,
) -> Signal:
    """Yen: level vs the last yen-buying intervention's fix, 1-month trend, record."""
    cfg = config or SignalConfig()
    name = "yen"
    frames = dict(usdjpy or {})
    chosen = freshest_usdjpy(frames)
    if chosen is None:
        return _unknown(name, "no USD/JPY data")
    series = chosen.series.sort_index()
    when = pd.Timestamp(series.index[-1])
    level = float(series.iloc[-1])
    figures = [Figure("USD/JPY, latest fix", f"{level:.2f}", _day(when))]
    earlier = observation_on_or_before(series, when - pd.DateOffset(months=1), MAX_GAP["1m"])
    base = math.nan if earlier is None else earlier[1]
    if earlier is not None:
        figures.append(Figure("USD/JPY a month earlier", f"{base:.2f}", _day(earlier[0])))
    move_pct = (level / base - 1.0) * 100.0 if not math.isnan(base) else math.nan
    states: list[State] = []
    parts = [f"USD/JPY {level:.2f} ({short_date(when)})"]
    if not math.isnan(move_pct):
        parts[0] += f", {signed(move_pct, 1, '%')} over 1m"
        states.append(_grade(move_pct >= cfg.yen_amber_1m_pct, move_pct >= cfg.yen_red_1m_pct))
    rec = record_context(series, extreme="high", precision=2)
    if rec.reaches(cfg.red_years):
        states.append(State.AMBER)
        parts.append(rec.describe("weakest yen", style="day"))
    day = last_yen_buying(interventions)
    if day is not None:
        fix = _fix_on(frames, day)
        figures.append(Figure("Last yen-buying intervention", "MoF", _day(day)))
        if fix is not None:
            figures.append(Figure("USD/JPY fix on that day", f"{fix[0]:.2f}", _day(fix[2])))
        if fix is None:
            parts.append(f"no USD/JPY fix for the last yen-buying intervention ({short_date(day)})")
        else:
            distance = (fix[0] - level) / fix[0] * 100.0
            states.append(_grade(distance <= cfg.yen_amber_pct, distance <= cfg.yen_red_pct))
            where = "below" if distance >= 0 else "above"
            parts.append(
                f"{abs(distance):.1f}% {where} the {fix[0]:.2f} fix on the last yen-buying "
                f"intervention ({short_date(day)})"
            )
    return Signal(name, _worst(states), "; ".join(parts), _day(when), tuple(figures))


# --- 4. curve ------------------------------------------------------------------------------


def curve_signal(yields: pd.DataFrame | None, config: SignalConfig | None = None) -> Signal:
    """Curve: the long end's 1-month rise against the short end's (policy proxy)."""
    cfg = config or SignalConfig()
    name = "curve"
    if yields is None or yields.empty:
        return _unknown(name, "no JGB yields")
    long_tenor = next((t for t in (cfg.curve_long_tenor, "20Y") if t in yields.columns), None)
    shorts = [t for t in cfg.curve_short_tenors if t in yields.columns]
    if long_tenor is None or not shorts:
        return _unknown(name, "long-end or short-end tenors missing")
    long_summary = change_summary(yields[long_tenor], scale=100.0)
    figures = tuple(
        figure for tenor in (long_tenor, *shorts) for figure in _month_figures(yields[tenor], tenor)
    )
    short_moves = [change_summary(yields[t], scale=100.0).changes["1m"] for t in shorts]
    short_moves = [m for m in short_moves if not math.isnan(m)]
    long_move = long_summary.changes["1m"]
    if math.isnan(long_move) or not short_moves:
        return Signal(
            name,
            State.UNKNOWN,
            "no 1-month change (gap in the data)",
            _day(long_summary.as_of),
            figures,
        )
    short_move = sum(short_moves) / len(short_moves)
    gap = long_move - short_move
    state = _grade(
        long_move > 0 and gap >= cfg.curve_amber_bp,
        long_move >= cfg.curve_red_long_bp and gap >= cfg.curve_red_bp,
    )
    proxy = "-".join(shorts)
    reason = (
        f"{long_tenor} {yield_pct(long_summary.value)} {signed(long_move, 1, 'bp')} over 1m vs "
        f"{proxy} {signed(short_move, 1, 'bp')}: long end {signed(gap, 1, 'bp')} relative"
    )
    return Signal(name, state, reason, _day(long_summary.as_of), figures)


def _month_figures(series: pd.Series, tenor: str) -> list[Figure]:
    """JGB ``tenor`` now and a month earlier (the observation the 1-month change uses)."""
    clean = series.dropna()
    if clean.empty:
        return []
    when = pd.Timestamp(clean.index[-1])
    out = [Figure(f"JGB {tenor}", yield_pct(float(clean.iloc[-1])), _day(when))]
    earlier = observation_on_or_before(clean, when - pd.DateOffset(months=1), MAX_GAP["1m"])
    if earlier is None:
        target = short_date(when - pd.DateOffset(months=1))
        out.append(Figure(f"JGB {tenor} a month earlier", f"none near {target}", None))
    else:
        out.append(Figure(f"JGB {tenor} a month earlier", yield_pct(earlier[1]), _day(earlier[0])))
    return out


# --- 5. hedged carry -----------------------------------------------------------------------


def carry_signal(
    yields: pd.DataFrame | None, ust: pd.DataFrame | None, config: SignalConfig | None = None
) -> Signal:
    """Hedged carry: hedged JGB 10Y for a USD investor against UST 10Y (and the mirror
    image for a JPY investor)."""
    cfg = config or SignalConfig()
    name = "hedged_carry"
    carry = carry_summary(yields, ust)
    pickup = carry["hedged_jgb_pickup_bp"]
    if carry.as_of is None or math.isnan(pickup):
        return Signal(
            name,
            State.UNKNOWN,
            "needs JGB and UST 1Y and 10Y on a common date",
            None,
            note=carry.note,
        )
    state = _grade(pickup <= cfg.carry_amber_bp, pickup <= cfg.carry_red_bp)
    reason = (
        f"USD investor: hedged JGB 10Y {yield_pct(carry['hedged_jgb_10y_usd_pct'])} vs UST 10Y "
        f"{yield_pct(carry['ust_10y_pct'])} ({signed(pickup, 0, 'bp')}); JPY investor: hedged "
        f"UST 10Y {yield_pct(carry['hedged_ust_10y_jpy_pct'])} vs JGB 10Y "
        f"{yield_pct(carry['jgb_10y_pct'])} ({short_date(carry.as_of)})"
    )
    day = _day(carry.as_of)
    figures = tuple(
        Figure(label, yield_pct(carry[column]), day)
        for label, column in (
            ("JGB 1Y", "jgb_1y_pct"),
            ("JGB 10Y", "jgb_10y_pct"),
            ("UST 1Y", "ust_1y_pct"),
            ("UST 10Y", "ust_10y_pct"),
            ("Hedge pick-up (UST 1Y - JGB 1Y)", "short_diff_pct"),
            ("Hedged JGB 10Y, USD investor", "hedged_jgb_10y_usd_pct"),
            ("Hedged UST 10Y, JPY investor", "hedged_ust_10y_jpy_pct"),
        )
    )
    return Signal(name, state, reason, day, figures, carry.note)


# --- 6. homecoming -------------------------------------------------------------------------


def homecoming_signal(investors: pd.DataFrame | None, config: SignalConfig | None = None) -> Signal:
    """Homecoming: the 3-month net purchases of foreign bonds by Japan's life insurers,
    pension trusts and banks. Selling abroad (money coming home) is green; buying abroad
    is amber, and red when the 3-month buying is the most in ``homecoming_red_years``."""
    cfg = config or SignalConfig()
    name = "homecoming"
    reading = homecoming(investors)
    if investors is None or reading is None or math.isnan(reading.core_3m):
        return _unknown(name, "no residents' foreign bond flows by investor")
    core = core_series(investors).rolling(3).sum().dropna()
    total = reading.core_3m
    split = ", ".join(f"{s.title} {signed_yen(s.sum_3m)}" for s in reading.sectors)
    period = f"3 months to {month_year(reading.month)}"
    if total < 0:
        state = State.GREEN
        verdict = f"coming home: net selling of foreign bonds {yen_amount(total)}"
    else:
        record = record_context(core, extreme="high", precision=0)
        state = State.RED if record.reaches(cfg.homecoming_red_years) else State.AMBER
        verdict = f"still buying abroad: {yen_amount(total)} net"
        if state == State.RED:
            verdict += f", {record.describe('most')}"
    return Signal(name, state, f"{verdict} ({period}: {split})", _day(reading.month))


def signed_yen(amount_jpy_100m: float) -> str:
    """``+¥5.60tn`` / ``-¥34.0bn``: a flow with its direction."""
    return ("-" if amount_jpy_100m < 0 else "+") + yen_amount(amount_jpy_100m)


# --- the board -----------------------------------------------------------------------------


#: ``parts(name, inputs, compute)`` runs (or recalls) one signal; see :func:`board`.
SignalCache = Callable[[str, tuple[object, ...], Callable[[], Signal]], Signal]


def _compute(name: str, inputs: tuple[object, ...], compute: Callable[[], Signal]) -> Signal:
    return compute()


def board(
    *,
    yields: pd.DataFrame | None = None,
    ust: pd.DataFrame | None = None,
    auctions: pd.DataFrame | None = None,
    weekly: pd.DataFrame | None = None,
    monthly: pd.DataFrame | None = None,
    usdjpy: Mapping[str, pd.DataFrame] | None = None,
    interventions: pd.DataFrame | None = None,
    investors: pd.DataFrame | None = None,
    config: SignalConfig | None = None,
    parts: SignalCache | None = None,
) -> Board:
    """All six signals, in :data:`SIGNALS` order, and how many are red.

    Args:
        yields: MoF JGB yields frame.
        ust: Treasury par curve frame ("curve").
        auctions: MoF auction results frame ("results").
        weekly: MoF weekly portfolio flows ("weekly").
        monthly: MoF monthly portfolio flows ("monthly").
        usdjpy: source name -> USD/JPY frame (``jpy_per_usd``), as for
            :func:`jgbtui.analytics.fx.freshest_usdjpy`.
        interventions: MoF intervention frame ("interventions").
        investors: residents' foreign bond flows by investor type (``*_net_jpy_100m``).
        config: thresholds (defaults: :class:`SignalConfig`).

    Any input may be ``None``; its signal is then ``unknown``. ``parts`` runs (or recalls)
    each signal from its inputs, as for :func:`jgbtui.analytics.anomalies.find_anomalies`.
    """
    cfg = config or SignalConfig()
    run = parts or _compute
    fx = tuple((usdjpy or {}).values())
    signals = (
        run("auction", (auctions, cfg), lambda: auction_signal(auctions, cfg)),
        run("flows", (weekly, monthly, cfg), lambda: flows_signal(weekly, monthly, cfg)),
        run("yen", (*fx, interventions, cfg), lambda: yen_signal(usdjpy, interventions, cfg)),
        run("curve", (yields, cfg), lambda: curve_signal(yields, cfg)),
        run("carry", (yields, ust, cfg), lambda: carry_signal(yields, ust, cfg)),
        run("homecoming", (investors, cfg), lambda: homecoming_signal(investors, cfg)),
    )
    return Board(signals, sum(1 for s in signals if s.state == State.RED))
