"""Record-style context for an observation over its series' own history.

"Weakest since June 2025", "largest since 12 March 2023 (3 years)", "highest on record
(since September 1974)", "3rd straight week", "first week of selling since March 2025":
the computations behind those phrases. Missing values never count as observations.

How "since" is defined: the *last earlier* observation whose value is as extreme as the
latest one *or more* (``<=`` for lows, ``>=`` for highs). When that earlier value equals the
latest one (after rounding to the quoted precision) the record is a *tie* and the phrase
says so ("lowest since April 2025, when it was also 3.13"); otherwise it is strict
("weakest since April 2025"). With no such earlier observation the value is a record
over the whole history ("lowest on record (since January 2024)").

Dates are phrased in one of two styles:

* ``"month"`` (auctions, weekly and monthly flows): "June 2025", with the whole years in
  brackets from :data:`MONTH_STYLE_YEARS_FROM` years on: "March 2023 (3 years)".
* ``"day"`` (daily series: yields, USD/JPY): the full date, "12 March 2026", with the whole
  years in brackets from :data:`DAY_STYLE_YEARS_FROM` year on: "12 March 2023 (3 years)".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from jgbtui.analytics.changes import MAX_GAP
from jgbtui.analytics.observations import (
    DateLike,
    as_timestamp,
    clean,
    full_years,
    period_changes,
    position,
    rounded,
)

Extreme = Literal["low", "high"]
DateStyle = Literal["month", "day"]
#: A vectorised test on observations, e.g. ``lambda v: v < 0``.
Condition = Callable[[pd.Series], pd.Series]

#: Month-style phrases add "(N years)" from this many whole years on.
MONTH_STYLE_YEARS_FROM = 2
#: Day-style phrases add "(N years)" from this many whole years on.
DAY_STYLE_YEARS_FROM = 1

_DAYS_PER_YEAR = 365.25


def month_year(when: pd.Timestamp) -> str:
    """``"June 2025"``."""
    return f"{when:%B} {when.year}"


def day_month_year(when: pd.Timestamp) -> str:
    """``"12 March 2023"`` (no leading zero)."""
    return f"{when.day} {when:%B} {when.year}"


def years_text(years: int) -> str:
    """``"1 year"``, ``"3 years"``."""
    return f"{years} year" if years == 1 else f"{years} years"


def date_phrase(since: pd.Timestamp, at: pd.Timestamp, style: DateStyle = "month") -> str:
    """How far back a record reaches, e.g. "June 2025" or "12 March 2023 (3 years)"."""
    years = full_years(since, at)
    text, threshold = (
        (day_month_year(since), DAY_STYLE_YEARS_FROM)
        if style == "day"
        else (month_year(since), MONTH_STYLE_YEARS_FROM)
    )
    return f"{text} ({years_text(years)})" if years >= threshold else text


def _format(value: float, precision: int | None) -> str:
    return f"{value:.{precision}f}" if precision is not None else f"{value:g}"


@dataclass(frozen=True)
class Record:
    """Where one observation stands against the earlier observations of its series."""

    at: pd.Timestamp
    """Date of the observation."""
    value: float
    extreme: Extreme
    since: pd.Timestamp | None
    """Last earlier date with a value as extreme as ``value`` or more (``None``: none)."""
    since_value: float | None
    """That earlier value (rounded to ``precision``)."""
    tie: bool
    """The earlier value equals ``value`` at the quoted precision."""
    first: pd.Timestamp | None
    """Date of the first observation of the history (``None``: no earlier observation)."""
    earlier: int
    """Number of earlier observations compared against."""
    precision: int | None = None
    """Decimals values were compared at (``None``: exact)."""

    @property
    def on_record(self) -> bool:
        """No earlier observation is as extreme (and there is at least one earlier)."""
        return self.since is None and self.earlier > 0

    @property
    def reach(self) -> pd.Timestamp | None:
        """How far back the record reaches: ``since``, or the first date when on record."""
        return self.since if self.since is not None else self.first

    @property
    def span(self) -> pd.Timedelta | None:
        """Time from :attr:`reach` to the observation (``None`` without history)."""
        reach = self.reach
        return None if reach is None else self.at - reach

    @property
    def span_years(self) -> float:
        """:attr:`span` in years (0.0 without history)."""
        span = self.span
        return 0.0 if span is None else span / pd.Timedelta(days=_DAYS_PER_YEAR)

    def reaches(self, years: float) -> bool:
        """Whether the record reaches back at least ``years`` years."""
        return self.earlier > 0 and self.span_years >= years

    def describe(
        self, word: str | None = None, *, style: DateStyle = "month", unit: str = ""
    ) -> str:
        """The desk phrase, e.g. "weakest since June 2025".

        Args:
            word: the superlative ("weakest", "widest", "largest"); default "lowest" or
                "highest" after :attr:`extreme`.
            style: ``"month"`` or ``"day"`` date phrasing (see the module docstring).
            unit: appended to the earlier value in a tie ("%", "bp").
        """
        word = word or ("lowest" if self.extreme == "low" else "highest")
        if self.first is None:
            return f"{word} so far (first observation)"
        if self.since is None:
            first = day_month_year(self.first) if style == "day" else month_year(self.first)
            return f"{word} on record (since {first})"
        text = f"{word} since {date_phrase(self.since, self.at, style)}"
        if self.tie and self.since_value is not None:
            text += f", when it was also {_format(self.since_value, self.precision)}{unit}"
        return text


def record_context(
    series: pd.Series,
    *,
    extreme: Extreme,
    at: DateLike | None = None,
    precision: int | None = None,
) -> Record:
    """Record context of the latest observation (or the last one at or before ``at``).

    Args:
        series: values indexed by a DatetimeIndex; NaN is ignored.
        extreme: ``"low"`` (weakest cover, most selling) or ``"high"`` (highest yield).
        at: the observation to describe; default the latest.
        precision: compare values rounded to this many decimals (the precision the
            market quotes, e.g. 2 for bid-to-cover), so float noise never breaks a tie.

    Raises:
        ValueError: when the series has no observation at or before ``at``.
    """
    values = clean(series)
    pos = position(values, at)
    if pos is None:
        raise ValueError(f"no observation at or before {at}")
    quoted = rounded(values.to_numpy(dtype="float64"), precision)
    current = quoted[pos]
    earlier = quoted[:pos]
    mask = earlier <= current if extreme == "low" else earlier >= current
    hits = np.flatnonzero(mask)
    since: pd.Timestamp | None = None
    since_value: float | None = None
    tie = False
    if hits.size:
        last = int(hits[-1])
        since = pd.Timestamp(values.index[last])
        since_value = float(earlier[last])
        tie = bool(earlier[last] == current)
    return Record(
        at=pd.Timestamp(values.index[pos]),
        value=float(values.iloc[pos]),
        extreme=extreme,
        since=since,
        since_value=since_value,
        tie=tie,
        first=pd.Timestamp(values.index[0]) if pos > 0 else None,
        earlier=pos,
        precision=precision,
    )


@dataclass(frozen=True)
class Move:
    """A one-period change and how it ranks among earlier changes in the same direction."""

    change: float
    record: Record
    """Record context of the change among earlier changes (``high`` for rises, ``low`` for
    falls; over absolute changes when asked for)."""
    months: int
    """The "largest in N months" horizon."""

    @property
    def at(self) -> pd.Timestamp:
        """Date of the change (the later observation)."""
        return self.record.at

    @property
    def direction(self) -> Literal["rise", "fall", "flat"]:
        """Which way the series moved."""
        return "rise" if self.change > 0 else "fall" if self.change < 0 else "flat"

    @property
    def is_largest(self) -> bool:
        """No earlier move as large within :attr:`months` months (history covering them)."""
        reach = self.record.reach
        if self.direction == "flat" or reach is None:
            return False
        return bool(reach <= self.at - pd.DateOffset(months=self.months))


def largest_move_context(
    series: pd.Series,
    *,
    months: int = 6,
    at: DateLike | None = None,
    max_gap: pd.Timedelta | None = MAX_GAP["1d"],
    precision: int | None = None,
    absolute: bool = False,
) -> Move | None:
    """The latest one-period move (or the one at ``at``) against earlier moves.

    A rise is ranked against earlier rises (``>=``), a fall against earlier falls (``<=``);
    with ``absolute`` both against absolute moves. :attr:`Move.is_largest` says whether it
    is the largest in ``months`` months.

    Args:
        series: levels indexed by a DatetimeIndex; NaN is ignored.
        months: horizon of "largest daily move in N months".
        at: the observation whose move to rank; default the latest.
        max_gap: changes across a longer hole in the data are not moves (default: the
            "1d" gap of :mod:`jgbtui.analytics.changes`).
        precision: compare changes at this many decimals.
        absolute: rank by size regardless of direction.

    Returns:
        ``None`` when no change can be measured at that observation (first observation, or
        the previous one is more than ``max_gap`` earlier).
    """
    levels = clean(series)
    pos = position(levels, at)
    if pos is None:
        return None
    changes = period_changes(levels.iloc[: pos + 1], max_gap)
    return rank_move(
        changes, levels.index[pos], months=months, precision=precision, absolute=absolute
    )


def rank_move(
    changes: pd.Series,
    when: DateLike,
    *,
    months: int = 6,
    precision: int | None = None,
    absolute: bool = False,
) -> Move | None:
    """:func:`largest_move_context` on precomputed :func:`period_changes` (for callers that
    rank many dates of one series); ``None`` when there is no change dated ``when``."""
    pos = position(changes, when)
    if pos is None or changes.index[pos] != as_timestamp(when, changes.index):
        return None
    changes = changes.iloc[: pos + 1]
    change = float(changes.iloc[-1])
    extreme: Extreme
    if absolute:
        ranked, extreme = changes.abs(), "high"
    elif change >= 0:
        # Only rises compete with a rise: a fall counts as no rise at all.
        ranked, extreme = changes.clip(lower=0.0), "high"
    else:
        ranked, extreme = changes.clip(upper=0.0), "low"
    record = record_context(ranked, extreme=extreme, precision=precision)
    return Move(change=change, record=record, months=months)


@dataclass(frozen=True)
class Streak:
    """Consecutive observations, ending at the latest (or ``at``), that meet a condition."""

    length: int
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    total: float
    """Sum of the values in the streak (0.0 when empty)."""


def streak(series: pd.Series, condition: Condition, *, at: DateLike | None = None) -> Streak:
    """How many consecutive observations up to the latest (or ``at``) meet ``condition``.

    Args:
        series: values indexed by a DatetimeIndex; NaN is skipped (a missing week neither
            extends nor breaks a streak).
        condition: vectorised test, e.g. ``lambda v: v < 0`` for weeks of net selling.
        at: where the streak ends; default the latest observation.
    """
    values = clean(series)
    pos = position(values, at)
    if pos is None:
        return Streak(0, None, None, 0.0)
    upto = values.iloc[: pos + 1]
    met = np.asarray(condition(upto), dtype=bool)
    misses = np.flatnonzero(~met)
    begin = int(misses[-1]) + 1 if misses.size else 0
    run = upto.iloc[begin:]
    if run.empty:
        return Streak(0, None, None, 0.0)
    return Streak(
        length=len(run),
        start=pd.Timestamp(run.index[0]),
        end=pd.Timestamp(run.index[-1]),
        total=float(run.sum()),
    )


@dataclass(frozen=True)
class FirstSince:
    """An observation that meets a condition after a spell of observations that did not."""

    at: pd.Timestamp
    value: float
    previous: pd.Timestamp | None
    """Last earlier observation that met the condition (``None``: never before)."""
    gap: int
    """Observations in between that did not meet it."""
    first: pd.Timestamp
    """First observation of the history."""

    def describe(self, what: str, *, style: DateStyle = "month") -> str:
        """E.g. "first week of foreign selling since March 2025"."""
        if self.previous is None:
            first = day_month_year(self.first) if style == "day" else month_year(self.first)
            return f"first {what} on record (since {first})"
        return f"first {what} since {date_phrase(self.previous, self.at, style)}"


def first_since(
    series: pd.Series, condition: Condition, *, at: DateLike | None = None
) -> FirstSince | None:
    """ "First X since": the latest observation (or ``at``) meets ``condition``, the one
    before it did not; when did it last happen?

    Returns:
        ``None`` when the observation does not meet the condition, when the previous
        observation also did (a continuation, not a first), or when there is no history.
    """
    values = clean(series)
    pos = position(values, at)
    if pos is None or pos == 0:
        return None
    upto = values.iloc[: pos + 1]
    met = np.asarray(condition(upto), dtype=bool)
    if not met[-1] or met[-2]:
        return None
    hits = np.flatnonzero(met[:-1])
    previous = pd.Timestamp(upto.index[int(hits[-1])]) if hits.size else None
    gap = pos - 1 - int(hits[-1]) if hits.size else pos
    return FirstSince(
        at=pd.Timestamp(upto.index[-1]),
        value=float(upto.iloc[-1]),
        previous=previous,
        gap=gap,
        first=pd.Timestamp(upto.index[0]),
    )
