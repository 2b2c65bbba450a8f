"""The BOJ's policy rate: BIS's machine-readable series, dated by the BOJ's own statements.

``shared/docs/data-sources-more.md`` §2. Since March 2024 the BOJ's guideline reads "The Bank
will encourage the uncollateralized overnight call rate to remain at around X percent". The
BOJ publishes no machine-readable series of X: its time-series API only has the realised call
rate (see :mod:`jgbtui.sources.boj_call_rate`). So:

* **the level** comes from the BIS central bank policy rates (``WS_CBPOL``, daily, Japan),
  a keyless SDMX CSV: ``REF_AREA,TIME_PERIOD,OBS_VALUE`` among its columns, one row per
  day, empty values on days without data. A change in the value is a change of the rate,
  dated by its **effective** day;
* **the decision** comes from the BOJ's list of monetary policy statements of each year
  (``mopo/mpmdeci/state_YYYY/index.htm``): a rate change is released as "Change in the
  Guideline for Money Market Operations" on the decision day. Each BIS change is matched to
  the latest such statement within :data:`MATCH_DAYS` before it; a change with no statement
  is shown without a decision date (and says so), and a statement that changed the
  guideline with no BIS change after it is reported (the BIS series lags).

Frames: ``policy`` (index ``effective_date``; ``rate_pct``, ``change_bp``, ``decision_date``,
``confirmed``: the first row is the level at the start of the window, without a change) and
``decisions`` (every statement: ``date``, ``title``, ``url``, ``change``).
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from importlib.resources import files
from typing import Final

import pandas as pd

from jgbtui.sources.base import TOKYO, Collected, Fetched, PayloadError, SourceError
from jgbtui.sources.catalog import BOJ_POLICY_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.html_pages import cells, document, month_number, text_of
from jgbtui.sources.lane import in_lane
from jgbtui.sources.parsing import csv_rows, decode, reject_empty, reject_html, tz_index
from jgbtui.sources.source import Source

NAME = BOJ_POLICY_SPEC.name
#: The first day asked of BIS: the 0.25% guideline took effect on 2024-08-01. Before it the
#: guideline was a range (0-0.1%), which the series would show as one number.
START = date(2024, 8, 1)
BIS_URL: Final = (
    "https://stats.bis.org/api/v2/data/dataflow/BIS/WS_CBPOL/1.0/D.JP"
    f"?format=csv&startPeriod={START.isoformat()}"
)
STATEMENTS_URL: Final = "https://www.boj.or.jp/en/mopo/mpmdeci/state_{year}/index.htm"
BOJ_SITE: Final = "https://www.boj.or.jp"
#: A statement changes the guideline when its title starts with this.
CHANGE_TITLE: Final = "Change in the Guideline for Money Market Operations"
#: A change takes effect at most this many days after its decision (2026-09-18 -> 09-24).
MATCH_DAYS: Final = 14
#: Past years' statement lists do not change.
PAST_YEAR_MAX_AGE: Final = timedelta(days=30)
WHAT: Final = (
    "BOJ policy rate: the guideline for the uncollateralized overnight call rate, "
    "from the BIS policy-rate series (WS_CBPOL), decision dates from the BOJ's statements"
)

DEMO_BIS = "DEMO_SYNTHETIC_bis_ws_cbpol_d_jp.csv"
DEMO_STATEMENTS = (
    (2025, "DEMO_SYNTHETIC_boj_state_2025.htm"),
    (2026, "DEMO_SYNTHETIC_boj_state_2026.htm"),
)

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_STATEMENT_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})$")
_SIZE_NOTE = re.compile(r"\s*\[PDF[^\]]*\]\s*$", re.IGNORECASE)


def statements_url(year: int) -> str:
    """The BOJ's list of monetary policy statements of ``year``."""
    return STATEMENTS_URL.format(year=year)


# --------------------------------------------------------------------------- BIS


def parse_bis_csv(raw: bytes, source: str = NAME) -> pd.Series:
    """Parse a BIS ``WS_CBPOL`` SDMX CSV answer for Japan into the daily rate (percent).

    Columns are found by name; rows of another area are refused; empty values (days
    without data) are dropped, never 0.

    Raises:
        PayloadError: HTML, not CSV, a missing column, another area, a bad date or value,
            or no value at all.
    """
    reject_empty(raw, source)
    reject_html(raw, source, "the BIS policy-rate CSV")
    rows = [r for r in csv_rows(decode(raw, source, ("utf-8",))) if any(c.strip() for c in r)]
    if not rows:
        raise PayloadError(source, "the BIS answer has no rows")
    header = [cell.strip().upper() for cell in rows[0]]
    missing = [c for c in ("REF_AREA", "TIME_PERIOD", "OBS_VALUE") if c not in header]
    if missing:
        raise PayloadError(source, f"BIS CSV without {', '.join(missing)} (changed format?)")
    area_at, day_at, value_at = (header.index(c) for c in ("REF_AREA", "TIME_PERIOD", "OBS_VALUE"))
    values: dict[date, float] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < len(header):
            raise PayloadError(source, f"row {number} has {len(row)} cells (truncated?)")
        if row[area_at].strip() != "JP":
            raise PayloadError(source, f"row {number} is for {row[area_at]!r}, not Japan")
        match = _ISO_DAY.match(row[day_at].strip())
        if match is None:
            raise PayloadError(source, f"row {number}: {row[day_at]!r} is not a daily date")
        cell = row[value_at].strip()
        if not cell:
            continue
        try:
            values[date(int(match[1]), int(match[2]), int(match[3]))] = float(cell)
        except ValueError:
            raise PayloadError(source, f"row {number}: {cell!r} is not a rate") from None
    if not values:
        raise PayloadError(source, "the BIS answer has no policy-rate values")
    days = sorted(values)
    return pd.Series([values[d] for d in days], index=tz_index(days, "Asia/Tokyo"), name="rate")


def rate_changes(daily: pd.Series) -> pd.DataFrame:
    """The daily rate as steps: the first day's level, then each day the rate changed.

    Returns:
        Index ``effective_date``; ``rate_pct`` and ``change_bp`` (NaN on the first row).
    """
    steps = daily[daily.ne(daily.shift())]
    change = (steps.diff() * 100.0).round(6)
    frame = pd.DataFrame({"rate_pct": steps.to_numpy(), "change_bp": change.to_numpy()})
    frame.index = pd.DatetimeIndex(steps.index, name="effective_date")
    return frame


# --------------------------------------------------------------------------- statements


def _statement_day(cell: str) -> date | None:
    match = _STATEMENT_DAY.match(cell)
    month = month_number(match[1]) if match else None
    if match is None or month is None:
        return None
    return date(int(match[3]), month, int(match[2]))


def parse_statements(raw: bytes, source: str = NAME) -> pd.DataFrame:
    """Parse one year's list of statements on monetary policy (``state_YYYY/index.htm``).

    Rows read ``<td>Dec.&nbsp;19,&nbsp;2025</td><td><a href="...">Title&nbsp;[PDF 223KB]</a>``.

    Returns:
        Columns ``date`` (Tokyo midnight), ``title``, ``url`` (absolute), ``change`` (the
        statement changed the guideline), newest first as published.

    Raises:
        PayloadError: not HTML, or no statements table.
    """
    doc = document(raw, source, "the BOJ statement list")
    records: list[tuple[date, str, str, bool]] = []
    for table in doc.xpath("//table"):
        for row in cells(table):
            if len(row) < 2:
                continue
            day = _statement_day(text_of(row[0]))
            links = row[1].xpath(".//a[@href]")
            if day is None or not links:
                continue
            title = _SIZE_NOTE.sub("", text_of(links[0])).strip()
            href = str(links[0].get("href"))
            url = href if href.startswith("http") else BOJ_SITE + href
            records.append((day, title, url, title.startswith(CHANGE_TITLE)))
    if not records:
        raise PayloadError(
            source, "an HTML page without the statements table (error page or changed layout?)"
        )
    return pd.DataFrame(
        {
            "date": tz_index([r[0] for r in records], "Asia/Tokyo"),
            "title": [r[1] for r in records],
            "url": [r[2] for r in records],
            "change": [r[3] for r in records],
        }
    )


def _decision_for(effective: pd.Timestamp, changes: pd.DataFrame) -> pd.Timestamp | None:
    """The latest guideline change decided at most :data:`MATCH_DAYS` before ``effective``."""
    window = changes[
        (changes["date"] <= effective)
        & (changes["date"] >= effective - pd.Timedelta(days=MATCH_DAYS))
    ]
    return None if window.empty else pd.Timestamp(window["date"].max())


def policy_frame(daily: pd.Series, decisions: pd.DataFrame | None) -> pd.DataFrame:
    """The rate's steps with each change's decision date where a statement confirms it."""
    frame = rate_changes(daily)
    changes = (
        decisions[decisions["change"]]
        if decisions is not None and not decisions.empty
        else pd.DataFrame({"date": pd.DatetimeIndex([], tz="Asia/Tokyo")})
    )
    decided: list[pd.Timestamp | None] = []
    for effective, change in zip(frame.index, frame["change_bp"], strict=True):
        decided.append(None if pd.isna(change) else _decision_for(effective, changes))
    frame["decision_date"] = pd.DatetimeIndex(
        [pd.NaT if d is None else d for d in decided], dtype="datetime64[ns, Asia/Tokyo]"
    )
    frame["confirmed"] = [d is not None for d in decided]
    return frame


def unmatched_changes(policy: pd.DataFrame, decisions: pd.DataFrame | None) -> list[date]:
    """Guideline changes in the statements that no BIS change follows (the series lags)."""
    if decisions is None or decisions.empty:
        return []
    first = policy.index.min()
    matched = set(pd.DatetimeIndex(policy["decision_date"].dropna()))
    return sorted(
        stamp.date()
        for stamp in pd.DatetimeIndex(decisions.loc[decisions["change"], "date"])
        if stamp >= first and stamp not in matched
    )


# --------------------------------------------------------------------------- the source


class BojPolicyRate(Source):
    """The BOJ's policy rate with effective and decision dates."""

    spec = BOJ_POLICY_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the BIS series, then the statement lists of the years it changed in.

        Raises:
            SourceError: the BIS series could not be obtained or parsed.
        """
        daily, bis = await fetcher.fetch(self.name, BIS_URL, parse_bis_csv)
        today = fetcher.clock().astimezone(TOKYO).date()
        years = await in_lane(_change_years, daily, today)
        outcomes = await asyncio.gather(*(self._statements(fetcher, year, today) for year in years))
        fetches: list[Fetched] = [bis]
        lists: list[pd.DataFrame] = []
        problems: list[str] = []
        for year, outcome in zip(years, outcomes, strict=True):
            if isinstance(outcome, SourceError):
                problems.append(f"statement list {year} unavailable ({outcome.message})")
                continue
            lists.append(outcome[0])
            fetches.append(outcome[1])
        # Matching changes to decisions is pandas work: off the event loop.
        return await in_lane(_collected, daily, lists, tuple(fetches), problems)

    async def _statements(
        self, fetcher: Fetcher, year: int, today: date
    ) -> tuple[pd.DataFrame, Fetched] | SourceError:
        try:
            return await fetcher.fetch(
                self.name,
                statements_url(year),
                parse_statements,
                max_age=PAST_YEAR_MAX_AGE if year < today.year else None,
            )
        except SourceError as exc:
            return exc

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic BIS answer and statement lists."""
        package = files("jgbtui.sources.demo_data")
        daily = parse_bis_csv(package.joinpath(DEMO_BIS).read_bytes())
        lists = [
            parse_statements(package.joinpath(name).read_bytes()) for _, name in DEMO_STATEMENTS
        ]
        return _collected(daily, lists, (), [])


def _change_years(daily: pd.Series, today: date) -> list[int]:
    """The years whose statement lists are needed: those the rate changed in, and this one."""
    return sorted({stamp.year for stamp in rate_changes(daily).index[1:]} | {today.year})


def _collected(
    daily: pd.Series,
    lists: list[pd.DataFrame],
    fetches: tuple[Fetched, ...],
    problems: list[str],
) -> Collected:
    decisions = (
        pd.concat(lists, ignore_index=True)
        .drop_duplicates(subset=["url"])
        .sort_values("date", kind="stable")
        .reset_index(drop=True)
        if lists
        else None
    )
    policy = policy_frame(daily, decisions)
    problems = list(problems)
    for day in unmatched_changes(policy, decisions):
        problems.append(
            f"the BOJ changed the guideline on {day.isoformat()} (statement); the BIS series "
            "does not show the new rate yet"
        )
    unconfirmed = [
        stamp.date().isoformat()
        for stamp, ok, change in zip(
            policy.index, policy["confirmed"], policy["change_bp"], strict=True
        )
        if not ok and not pd.isna(change)
    ]
    if unconfirmed and decisions is not None:
        problems.append(f"no BOJ statement found for the change effective {', '.join(unconfirmed)}")
    frames = {"policy": policy}
    if decisions is not None:
        frames["decisions"] = decisions
    last = daily.index[-1]
    return Collected(
        frames=frames,
        as_of=date(last.year, last.month, last.day),
        fetches=fetches,
        detail=WHAT,
        problems=tuple(problems),
    )
