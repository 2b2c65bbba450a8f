"""The catalog: every source declared once, with everything the rest of the app needs to know.

Each :class:`SourceSpec` names a publisher dataset and says, in one place:

* who it is: ``name`` (the stable id used in JSON, the config and logs), ``title``, the short
  ``label`` of the status line and the ``publisher``;
* what it produces: its frames (:class:`FrameSpec`), each with its unit, the plausibility
  bounds of its series and what a complete payload looks like (the acceptance gate reads these);
* where it shows: the panes it feeds;
* when it changes: its release schedule and how often the app polls it;
* how it is fetched: the publisher's hosts (redirects go nowhere else), the deadline of one
  refresh and the largest answer accepted (:class:`~jgbtui.sources.fetcher.Fetcher` reads them);
* how to build it: the dotted path of its :class:`~jgbtui.sources.source.Source` class, imported
  only when :func:`jgbtui.sources.load.build_all` runs (this module stays light: no pandas,
  no parsers).

Nothing outside :mod:`jgbtui.sources` writes a source name as a literal: the presentation layer
reads frames through the :class:`FrameRef` constants below (``JGB_YIELDS``, ``USDJPY`` ...), so
adding a source is one module, one entry here and its tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from jgbtui.sources import schedule as sched

Pane = Literal["yields", "auctions", "flows", "fx", "signals", "calendar"]
#: The panes of the main screen, in shortcut order (keys 1-6).
PANES: tuple[Pane, ...] = ("yields", "auctions", "flows", "fx", "signals", "calendar")


@dataclass(frozen=True)
class Bounds:
    """What a believable value of some columns of a frame looks like.

    ``columns`` names the columns exactly, or ``"*suffix"`` for every column ending in
    ``suffix``. A value outside ``[low, high]`` is rejected, and so is a move between two
    consecutive observations of more than ``max_move`` (in the series' own units) or
    ``max_move_pct`` (relative, in percent).
    """

    columns: tuple[str, ...]
    low: float
    high: float
    unit: str
    max_move: float | None = None
    max_move_pct: float | None = None

    def matches(self, column: str) -> bool:
        """Whether ``column`` is one of the columns these bounds cover."""
        return any(
            column.endswith(pattern[1:]) if pattern.startswith("*") else column == pattern
            for pattern in self.columns
        )


@dataclass(frozen=True)
class FrameSpec:
    """One frame a source produces, and what a complete, plausible copy of it looks like."""

    key: str
    """Key in :attr:`Collected.frames`, e.g. ``"yields"``."""
    description: str
    unit: str
    bounds: tuple[Bounds, ...] = ()
    date_column: str | None = None
    """Column holding the observation date when the index is not a DatetimeIndex."""
    key_columns: tuple[str, ...] = ()
    """Columns that, with the date, identify a row (duplicates are rejected)."""
    min_rows: int = 1
    """Fewest rows a complete payload has (a history cut short has fewer)."""
    starts_by: date | None = None
    """A complete history starts on or before this date."""
    future_allowed: bool = False
    """Schedules (the auction calendar) list dates ahead; observations never do."""
    revises: bool = False
    """The publisher revises past values, so a changed value is not a sign of damage."""
    window: bool = False
    """The payload is a moving window (its first date moves forward by design)."""
    optional: bool = False
    """A payload may lack this frame (or have it empty) and still be complete."""
    move_gap: timedelta = timedelta(days=7)
    """Bounds' largest moves are checked between observations at most this far apart."""
    breaks: tuple[date, ...] = ()
    """First periods after a break in the series (a reclassification by the publisher)."""


@dataclass(frozen=True)
class FrameRef:
    """A frame of a source, as the presentation layer asks for it."""

    source: str
    key: str


#: How long one refresh of a source may take, every request, retry and body byte included.
DEFAULT_DEADLINE = timedelta(seconds=30)
#: The largest answer (after gzip/deflate decoding) accepted from a publisher. Every file we
#: read is far smaller (the MoF yield history 1.2 MB, the ECB zip 0.6 MB); the cap exists so
#: a hostile or broken server cannot fill the memory (a 3 MB gzip bomb inflates to 3 GB).
DEFAULT_MAX_BYTES = 8 * 1024 * 1024

_MOF_HOSTS = ("www.mof.go.jp", "mof.go.jp")
_STAT_HOSTS = ("www.stat.go.jp",)


@dataclass(frozen=True)
class SourceSpec:
    """Everything the app knows about one source (see the module docstring)."""

    name: str
    title: str
    label: str
    """Short label of the status line, e.g. ``"JGB"``."""
    publisher: str
    panes: tuple[Pane, ...]
    frames: tuple[FrameSpec, ...]
    schedule: sched.ReleaseSchedule
    refresh: timedelta
    """How often the app polls the source (the config file may override it)."""
    factory: str
    """``module:Class`` of the source's implementation."""
    release_note: str = ""
    """How the publisher releases, in words (the README's table and the sources screen)."""
    fx_label: str | None = None
    """For USD/JPY sources: how the pane names the fix (e.g. ``"BOJ 17:00 JST"``)."""
    hosts: tuple[str, ...] = ()
    """The publisher's own hosts: a redirect or a link to anywhere else (or not over https)
    is refused. The configured mirror is always allowed."""
    deadline: timedelta = DEFAULT_DEADLINE
    """The whole-request deadline of one refresh: connect, retries, waits asked for with
    ``Retry-After`` and the body. A server that drips or hangs gives a stale result by then."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """The largest answer accepted, measured after decompression."""

    def frame(self, key: str) -> FrameSpec:
        """The frame spec called ``key``."""
        for spec in self.frames:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.name} has no frame {key!r}")

    def ref(self, key: str) -> FrameRef:
        """A reference to frame ``key`` of this source."""
        self.frame(key)
        return FrameRef(self.name, key)


#: First period after MoF's January 2014 reclassification of investment-trust transactions,
#: which breaks the equity and long-term bond flow series.
FLOWS_SERIES_BREAK = date(2014, 1, 1)

# --------------------------------------------------------------------------- bounds

#: Yields in percent: MoF's history runs from -0.42 to 12.15; the largest one-day move of any
#: tenor since 1974 is 0.62 pp. The bounds leave room for history to surprise, not for 999.
_YIELD_BOUNDS = Bounds(("*Y", "*M"), -2.0, 25.0, "%", max_move=1.0)
#: US bills around a debt ceiling move more in a day than any JGB has since 1974.
_UST_BOUNDS = Bounds(("*Y", "*M"), -2.0, 25.0, "%", max_move=2.0)
#: Yen per dollar: 75.77 (2011) to 161.9 (2024) since 1999; the Bretton Woods rate was 360.
#: The largest one-day move in the ECB and FRED histories is about 4.5%.
_USDJPY_BOUNDS = Bounds(("jpy_per_usd",), 50.0, 400.0, "JPY per USD", max_move_pct=12.0)
#: Net flows in units of 100 million yen: the largest weekly net of any block since 2005 is
#: about ¥8tn and the largest monthly about ¥9.4tn; gross purchases reach ¥212tn a month.
_FLOW_NET_BOUNDS = Bounds(("*_net_jpy_100m",), -600_000.0, 600_000.0, "100 million yen")
_FLOW_GROSS_BOUNDS = Bounds(("*_acq_jpy_100m", "*_disp_jpy_100m"), 0.0, 6_000_000.0, "100m yen")

_AUCTION_BOUNDS = (
    # Bid-to-cover reached 268 in a zero-rate 2Y auction of 2005; 10^10 is not a market.
    Bounds(("bid_to_cover",), 0.5, 1000.0, "times"),
    Bounds(("tail_bp",), -50.0, 500.0, "bp"),
    Bounds(("tail_jpy",), -5.0, 30.0, "yen"),
    Bounds(("avg_yield_pct", "lowest_yield_pct", "coupon_pct"), -2.0, 25.0, "%"),
    Bounds(("avg_price_jpy", "lowest_price_jpy"), 40.0, 200.0, "yen per 100 yen"),
    Bounds(("competitive_bids_jpy_bn",), 0.0, 2_000_000.0, "billion yen"),
    Bounds(("accepted_jpy_bn",), 0.0, 100_000.0, "billion yen"),
)
#: One day's intervention: the largest on record is about ¥5.5tn (2024).
_INTERVENTION_BOUNDS = Bounds(("amount_jpy_100m",), -300_000.0, 300_000.0, "100 million yen")

# --------------------------------------------------------------------------- the sources

MOF_YIELDS_SPEC = SourceSpec(
    name="mof_yields",
    title="MoF JGB yields",
    label="JGB",
    publisher="Ministry of Finance Japan",
    panes=("yields", "signals"),
    frames=(
        FrameSpec(
            "yields",
            "JGB constant-maturity par yields 1Y-40Y, Tokyo close",
            "%",
            bounds=(_YIELD_BOUNDS,),
            # The full history (1974-09-24 on) has over 13,000 rows: a history cut at a line
            # end (which looks like a valid file) has far fewer.
            min_rows=12_000,
            starts_by=date(1974, 12, 31),
        ),
    ),
    schedule=sched.MOF_JGB_YIELDS,
    refresh=timedelta(minutes=15),
    factory="jgbtui.sources.mof_jgb_yields:MofJgbYields",
    hosts=_MOF_HOSTS,
    # Two rounds of requests (English, then the Japanese fallback) and a 1.2 MB history.
    deadline=timedelta(seconds=60),
    max_bytes=16 * 1024 * 1024,
    release_note="day T about 09:30 JST on the next business day",
)
UST_CURVE_SPEC = SourceSpec(
    name="ust_curve",
    title="US Treasury par curve",
    label="UST",
    publisher="US Department of the Treasury",
    panes=("yields", "signals"),
    frames=(
        FrameSpec("curve", "US Treasury daily par yield curve 1M-30Y", "%", bounds=(_UST_BOUNDS,)),
    ),
    schedule=sched.UST_DAILY,
    refresh=timedelta(hours=2),
    factory="jgbtui.sources.ust_par_curve:UstParCurve",
    hosts=("home.treasury.gov",),
    release_note="US business days, late afternoon ET",
)
MOF_AUCTIONS_SPEC = SourceSpec(
    name="mof_auctions",
    title="MoF JGB auctions",
    label="AUC",
    publisher="Ministry of Finance Japan",
    panes=("auctions", "signals"),
    frames=(
        FrameSpec(
            "results",
            "JGB auction results per issue",
            "mixed",
            bounds=_AUCTION_BOUNDS,
            date_column="auction_date",
            key_columns=("tenor", "issue_number"),
        ),
        FrameSpec(
            "calendar",
            "scheduled JGB auctions",
            "dates",
            date_column="auction_date",
            key_columns=("tenor", "security"),
            future_allowed=True,
            optional=True,
        ),
    ),
    schedule=sched.AuctionDays(()),
    refresh=timedelta(minutes=10),
    factory="jgbtui.sources.mof_auctions:MofAuctions",
    hosts=_MOF_HOSTS,
    # The workbook and calendars first, then the result pages they link: two rounds.
    deadline=timedelta(seconds=60),
    release_note="about 12:35 JST on auction days (calendar from MoF)",
)
MOF_FLOWS_WEEKLY_SPEC = SourceSpec(
    name="mof_flows_weekly",
    title="MoF weekly portfolio flows",
    label="FLW-W",
    publisher="Ministry of Finance Japan",
    panes=("flows", "signals"),
    frames=(
        FrameSpec(
            "weekly",
            "portfolio investment flows by week, residents and non-residents",
            "100 million yen",
            bounds=(_FLOW_NET_BOUNDS, _FLOW_GROSS_BOUNDS),
            revises=True,
            breaks=(FLOWS_SERIES_BREAK,),
        ),
    ),
    schedule=sched.MOF_ITS_WEEKLY,
    refresh=timedelta(hours=1),
    factory="jgbtui.sources.mof_flows_weekly:MofFlowsWeekly",
    hosts=_MOF_HOSTS,
    release_note="Thursday 08:50 JST, week ended the previous Saturday",
)
MOF_FLOWS_MONTHLY_SPEC = SourceSpec(
    name="mof_flows_monthly",
    title="MoF monthly portfolio flows",
    label="FLW-M",
    publisher="Ministry of Finance Japan",
    panes=("flows", "signals"),
    frames=(
        FrameSpec(
            "monthly",
            "portfolio investment flows by month, residents and non-residents",
            "100 million yen",
            bounds=(_FLOW_NET_BOUNDS, _FLOW_GROSS_BOUNDS),
            revises=True,
            breaks=(FLOWS_SERIES_BREAK,),
        ),
    ),
    schedule=sched.MOF_ITS_MONTHLY,
    refresh=timedelta(hours=3),
    factory="jgbtui.sources.mof_flows_monthly:MofFlowsMonthly",
    hosts=_MOF_HOSTS,
    release_note="the 6th business day, 08:50 JST",
)
BOJ_USDJPY_SPEC = SourceSpec(
    name="boj_usdjpy",
    title="BOJ USD/JPY 17:00 (FM08)",
    label="BOJ",
    publisher="Bank of Japan",
    panes=("fx", "signals"),
    frames=(
        FrameSpec(
            "usdjpy", "USD/JPY at 17:00 JST", "JPY per USD", bounds=(_USDJPY_BOUNDS,), window=True
        ),
    ),
    schedule=sched.BOJ_FM08_DAILY,
    refresh=timedelta(hours=3),
    factory="jgbtui.sources.boj_fm08:BojUsdJpy",
    hosts=("www.stat-search.boj.or.jp",),
    release_note="about two business days later, 08:50 JST (at most one request a second)",
    fx_label="BOJ 17:00 JST",
)
ECB_USDJPY_SPEC = SourceSpec(
    name="ecb_usdjpy",
    title="ECB reference rates",
    label="ECB",
    publisher="European Central Bank",
    panes=("fx", "signals"),
    frames=(
        FrameSpec(
            "usdjpy",
            "euro reference rates and the USD/JPY cross",
            "JPY per USD",
            bounds=(_USDJPY_BOUNDS,),
        ),
    ),
    schedule=sched.ECB_DAILY,
    refresh=timedelta(hours=1),
    factory="jgbtui.sources.ecb_eurofxref:EcbUsdJpy",
    hosts=("www.ecb.europa.eu",),
    deadline=timedelta(seconds=45),
    release_note="TARGET days about 16:00 CET",
    fx_label="ECB ref. (JPY/USD cross)",
)
FRED_USDJPY_SPEC = SourceSpec(
    name="fred_usdjpy",
    title="FRED DEXJPUS (H.10)",
    label="FRED",
    publisher="Federal Reserve Bank of St. Louis (FRED), Federal Reserve H.10",
    panes=("fx", "signals"),
    frames=(
        FrameSpec(
            "usdjpy",
            "USD/JPY noon buying rate in New York",
            "JPY per USD",
            bounds=(_USDJPY_BOUNDS,),
        ),
    ),
    schedule=sched.FRED_H10_WEEKLY,
    refresh=timedelta(hours=6),
    factory="jgbtui.sources.fred_dexjpus:FredUsdJpy",
    hosts=("fred.stlouisfed.org",),
    release_note="weekly on Monday",
    fx_label="FRED H.10 noon NY",
)
MOF_INTERVENTION_SPEC = SourceSpec(
    name="mof_intervention",
    title="MoF FX intervention",
    label="INTV",
    publisher="Ministry of Finance Japan",
    panes=("fx",),
    frames=(
        FrameSpec(
            "interventions",
            "foreign exchange intervention by day",
            "100 million yen",
            bounds=(_INTERVENTION_BOUNDS,),
        ),
        FrameSpec(
            "quarters",
            "foreign exchange intervention by quarter",
            "100 million yen",
            bounds=(Bounds(("amount_jpy_100m",), -1_000_000.0, 1_000_000.0, "100m yen"),),
            optional=True,
        ),
    ),
    schedule=sched.MOF_INTERVENTION,
    refresh=timedelta(hours=12),
    factory="jgbtui.sources.mof_fx_intervention:MofIntervention",
    hosts=_MOF_HOSTS,
    release_note="daily detail published quarterly",
)

# --------------------------------------------------------------------------- events and macro
# The calendar pane's sources: what happens next (meetings, releases) and what the desk reads
# beside the market (the BOJ's rate, CPI, Japanese investors' foreign bond flows).

#: CPI indices (2020 = 100 or 2025 = 100): Japan's all-items index ran 99-114 on the 2020
#: base; the largest one-month move of the three headline aggregates is under 2%.
_CPI_BOUNDS = Bounds(("*_b2020", "*_b2025"), 50.0, 200.0, "index", max_move_pct=5.0)
#: The BOJ's policy rate since 1995 stayed within -0.1..0.5% until 2025; a move of more than
#: one percentage point at one meeting has not happened since the 1990s.
_POLICY_BOUNDS = Bounds(("rate_pct",), -1.0, 15.0, "%", max_move=1.0)
#: The overnight call rate trades within a few bp of the policy rate.
_CALL_BOUNDS = Bounds(("call_rate_pct",), -1.0, 15.0, "%", max_move=0.75)

STATJP_CPI_SPEC = SourceSpec(
    name="statjp_cpi",
    title="Japan CPI (Statistics Bureau)",
    label="CPI",
    publisher="Statistics Bureau of Japan (MIC)",
    panes=("calendar",),
    frames=(
        FrameSpec(
            "national",
            "all-Japan CPI indices on the 2025 base: all items, less fresh food, less fresh "
            "food and energy",
            "index (2025 = 100)",
            bounds=(_CPI_BOUNDS,),
            # The 2025-base file starts in January 2025 and had 19 months at its first
            # release (July 2026 data): a copy cut short has fewer.
            min_rows=19,
            starts_by=date(2025, 1, 1),
        ),
        FrameSpec(
            "national_2020",
            "all-Japan CPI indices on the 2020 base (history before the switch)",
            "index (2020 = 100)",
            bounds=(_CPI_BOUNDS,),
            min_rows=60,
            starts_by=date(2020, 1, 1),
            optional=True,
        ),
        FrameSpec(
            "releases",
            "CPI release dates (national and Tokyo ward area)",
            "dates",
            date_column="release_date",
            key_columns=("area", "reference_month"),
            future_allowed=True,
            optional=True,
            window=True,
        ),
    ),
    schedule=sched.STATJP_CPI_NATIONAL,
    refresh=timedelta(hours=3),
    factory="jgbtui.sources.statjp_cpi:StatJpCpi",
    hosts=_STAT_HOSTS,
    release_note="08:30 JST, the Friday of the week containing the 19th of the next month",
)
STATJP_CPI_TOKYO_SPEC = SourceSpec(
    name="statjp_cpi_tokyo",
    title="Tokyo ward-area CPI (Statistics Bureau)",
    label="CPI-T",
    publisher="Statistics Bureau of Japan (MIC)",
    panes=("calendar",),
    frames=(
        FrameSpec(
            "tokyo",
            "Tokyo ward-area CPI indices on the 2025 base (preliminary for the latest month)",
            "index (2025 = 100)",
            bounds=(_CPI_BOUNDS,),
            min_rows=19,
            starts_by=date(2025, 1, 1),
            # The latest month is preliminary (中旬速報値) and revised a month later.
            revises=True,
        ),
        FrameSpec(
            "tokyo_2020",
            "Tokyo ward-area CPI indices on the 2020 base (history before the switch)",
            "index (2020 = 100)",
            bounds=(_CPI_BOUNDS,),
            min_rows=60,
            starts_by=date(2020, 1, 1),
            optional=True,
        ),
    ),
    schedule=sched.STATJP_CPI_TOKYO,
    refresh=timedelta(hours=3),
    factory="jgbtui.sources.statjp_cpi:StatJpCpiTokyo",
    hosts=_STAT_HOSTS,
    release_note="08:30 JST, the Friday of the week containing the 26th of the same month",
)
MOF_FLOWS_INVESTORS_SPEC = SourceSpec(
    name="mof_flows_investors",
    title="MoF residents' foreign bonds by investor",
    label="FLW-I",
    publisher="Ministry of Finance Japan",
    panes=("calendar", "signals"),
    frames=(
        FrameSpec(
            "monthly",
            "residents' purchases and sales of foreign long-term bonds by investor type",
            "100 million yen",
            bounds=(_FLOW_NET_BOUNDS, _FLOW_GROSS_BOUNDS),
            # January 2005 to date: 259 months at the July 2026 release.
            min_rows=250,
            starts_by=date(2005, 1, 31),
            revises=True,
            breaks=(FLOWS_SERIES_BREAK,),
        ),
    ),
    schedule=sched.MOF_ITS_MONTHLY,
    refresh=timedelta(hours=3),
    factory="jgbtui.sources.mof_flows_investors:MofFlowsInvestors",
    hosts=_MOF_HOSTS,
    release_note="the 6th business day, 08:50 JST (with montha1.csv)",
)
BOJ_POLICY_SPEC = SourceSpec(
    name="boj_policy",
    title="BOJ policy rate (BIS series, BOJ statements)",
    label="POL",
    publisher="Bank for International Settlements (WS_CBPOL); Bank of Japan (statements)",
    panes=("calendar",),
    frames=(
        FrameSpec(
            "policy",
            "the BOJ's policy rate by effective date, with the decision date from the BOJ's "
            "statements",
            "%",
            bounds=(_POLICY_BOUNDS, Bounds(("change_bp",), -200.0, 200.0, "bp")),
            move_gap=timedelta(days=3660),
        ),
        FrameSpec(
            "decisions",
            "the BOJ's monetary policy statements (date, title, document)",
            "text",
            date_column="date",
            key_columns=("url",),
            optional=True,
            window=True,
        ),
    ),
    schedule=sched.BIS_POLICY_RATES,
    refresh=timedelta(hours=6),
    factory="jgbtui.sources.boj_policy:BojPolicyRate",
    hosts=("stats.bis.org", "www.boj.or.jp"),
    # The BIS series first, then the statement lists of the years it changed in.
    deadline=timedelta(seconds=60),
    release_note="BIS daily series, updated some days after a change; statements on MPM days",
)
BOJ_CALL_RATE_SPEC = SourceSpec(
    name="boj_call_rate",
    title="BOJ uncollateralized O/N call rate (FM01)",
    label="CALL",
    publisher="Bank of Japan",
    panes=("calendar",),
    frames=(
        FrameSpec(
            "call",
            "uncollateralized overnight call rate, average (TONA)",
            "%",
            bounds=(_CALL_BOUNDS,),
            window=True,
        ),
    ),
    schedule=sched.BOJ_FM01_DAILY,
    refresh=timedelta(hours=3),
    factory="jgbtui.sources.boj_call_rate:BojCallRate",
    hosts=("www.stat-search.boj.or.jp",),
    release_note="the next business day, about 08:50 JST (at most one request a second)",
)
BOJ_MPM_SPEC = SourceSpec(
    name="boj_mpm",
    title="BOJ Monetary Policy Meetings",
    label="MPM",
    publisher="Bank of Japan",
    panes=("calendar",),
    frames=(
        FrameSpec(
            "meetings",
            "Monetary Policy Meetings: first and last (decision) day",
            "dates",
            date_column="decision_date",
            future_allowed=True,
            # The page shows the current and next year: its first date moves forward.
            window=True,
        ),
    ),
    schedule=sched.BOJ_MPM_SCHEDULE,
    refresh=timedelta(hours=12),
    factory="jgbtui.sources.boj_mpm:BojMeetings",
    hosts=("www.boj.or.jp",),
    release_note="next year's dates around July; the decision has no fixed time (about noon)",
)
FED_FOMC_SPEC = SourceSpec(
    name="fed_fomc",
    title="FOMC meeting calendar",
    label="FOMC",
    publisher="Board of Governors of the Federal Reserve System",
    panes=("calendar",),
    frames=(
        FrameSpec(
            "meetings",
            "FOMC meetings: first and last (decision) day",
            "dates",
            date_column="decision_date",
            future_allowed=True,
            window=True,
        ),
    ),
    schedule=sched.FED_FOMC_SCHEDULE,
    refresh=timedelta(hours=12),
    factory="jgbtui.sources.fed_fomc:FomcMeetings",
    hosts=("www.federalreserve.gov",),
    release_note="decisions 14:00 ET on the meeting's last day",
)

#: Every source, in the order the status line and ``snapshot`` list them.
CATALOG: tuple[SourceSpec, ...] = (
    MOF_YIELDS_SPEC,
    UST_CURVE_SPEC,
    MOF_AUCTIONS_SPEC,
    MOF_FLOWS_WEEKLY_SPEC,
    MOF_FLOWS_MONTHLY_SPEC,
    BOJ_USDJPY_SPEC,
    ECB_USDJPY_SPEC,
    FRED_USDJPY_SPEC,
    MOF_INTERVENTION_SPEC,
    STATJP_CPI_SPEC,
    STATJP_CPI_TOKYO_SPEC,
    MOF_FLOWS_INVESTORS_SPEC,
    BOJ_POLICY_SPEC,
    BOJ_CALL_RATE_SPEC,
    BOJ_MPM_SPEC,
    FED_FOMC_SPEC,
)

# --------------------------------------------------------------------------- frame references

JGB_YIELDS = MOF_YIELDS_SPEC.ref("yields")
UST_CURVE = UST_CURVE_SPEC.ref("curve")
AUCTION_RESULTS = MOF_AUCTIONS_SPEC.ref("results")
AUCTION_CALENDAR = MOF_AUCTIONS_SPEC.ref("calendar")
FLOWS_WEEKLY = MOF_FLOWS_WEEKLY_SPEC.ref("weekly")
FLOWS_MONTHLY = MOF_FLOWS_MONTHLY_SPEC.ref("monthly")
INTERVENTIONS = MOF_INTERVENTION_SPEC.ref("interventions")
CPI_NATIONAL = STATJP_CPI_SPEC.ref("national")
CPI_NATIONAL_2020 = STATJP_CPI_SPEC.ref("national_2020")
CPI_RELEASES = STATJP_CPI_SPEC.ref("releases")
CPI_TOKYO = STATJP_CPI_TOKYO_SPEC.ref("tokyo")
CPI_TOKYO_2020 = STATJP_CPI_TOKYO_SPEC.ref("tokyo_2020")
FLOWS_INVESTORS = MOF_FLOWS_INVESTORS_SPEC.ref("monthly")
POLICY_RATE = BOJ_POLICY_SPEC.ref("policy")
POLICY_DECISIONS = BOJ_POLICY_SPEC.ref("decisions")
CALL_RATE = BOJ_CALL_RATE_SPEC.ref("call")
BOJ_MEETINGS = BOJ_MPM_SPEC.ref("meetings")
FOMC_MEETINGS = FED_FOMC_SPEC.ref("meetings")
#: USD/JPY fixes, in the order that wins when two sources publish the same date: the Tokyo
#: close first, then the ECB cross, then FRED.
USDJPY: tuple[FrameRef, ...] = (
    BOJ_USDJPY_SPEC.ref("usdjpy"),
    ECB_USDJPY_SPEC.ref("usdjpy"),
    FRED_USDJPY_SPEC.ref("usdjpy"),
)


def spec(name: str) -> SourceSpec:
    """The catalog entry called ``name``.

    Raises:
        KeyError: for a name the catalog does not know.
    """
    for entry in CATALOG:
        if entry.name == name:
            return entry
    raise KeyError(name)


def names() -> tuple[str, ...]:
    """Every source name, in catalog order."""
    return tuple(entry.name for entry in CATALOG)


def pane_sources(pane: str) -> tuple[str, ...]:
    """The names of the sources that feed ``pane``, in catalog order."""
    return tuple(entry.name for entry in CATALOG if pane in entry.panes)


def fx_label(name: str) -> str:
    """How the USD/JPY pane names a source's fix (its title for other sources)."""
    try:
        entry = spec(name)
    except KeyError:
        return name
    return entry.fx_label or entry.title


def specs_for(panes: tuple[str, ...]) -> Iterator[SourceSpec]:
    """Catalog entries feeding any of ``panes``."""
    return (entry for entry in CATALOG if set(entry.panes) & set(panes))
