"""The acceptance gate: the one place that decides whether a payload becomes the last good data.

A parsed result replaces the last good copy only if it is

* **complete**: every frame the catalog requires is there, with at least the rows a complete
  history has and starting early enough; it is not older than the last good copy (its latest
  date is not earlier), its history did not shrink, and the last good copy's last row still
  reads the same (unless the publisher is known to revise);
* **plausible**: every value is finite and inside its series' bounds, no move between two
  consecutive observations is larger than the series' largest believable move, no date is
  in the future (beyond the publisher's next business day in its own time zone), and no
  date (with the frame's key columns) appears twice.

Everything the gate checks is declared in :mod:`jgbtui.sources.catalog`; the gate itself knows
no source. A rejection reads as one line that names the series, the date and the value, e.g.
``"mof_yields: 10Y 999.0 on 2026-09-11 is outside -2..25 %"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from jgbtui.sources.catalog import Bounds, FrameSpec, SourceSpec
from jgbtui.sources.schedule import BusinessCalendar

#: Values are compared with this tolerance when checking that a past value did not change.
_SAME = 1e-9


@dataclass(frozen=True)
class Verdict:
    """What the gate decided; ``reason`` is one line when the payload is rejected."""

    accepted: bool
    reason: str | None = None

    @staticmethod
    def accept() -> Verdict:
        """The payload may become the last good data."""
        return Verdict(True)

    @staticmethod
    def reject(reason: str) -> Verdict:
        """The payload must not replace the last good data, for ``reason``."""
        return Verdict(False, reason)


class _Rejected(Exception):
    """Raised inside the gate to stop at the first problem found."""


def judge(
    spec: SourceSpec,
    frames: Mapping[str, pd.DataFrame],
    now: datetime,
    previous: Mapping[str, pd.DataFrame] | None = None,
) -> Verdict:
    """Decide whether ``frames`` (a fresh parse of source ``spec``) may become the last good.

    Args:
        spec: the source's catalog entry (frames, bounds, completeness rules).
        frames: the parsed frames, by key.
        now: the current time (tz-aware); dates after the publisher's next business day
            are in the future.
        previous: the frames of the last good copy, or ``None`` on a cold start.
    """
    try:
        for frame_spec in spec.frames:
            frame = frames.get(frame_spec.key)
            if frame is None or frame.empty:
                if frame_spec.optional:
                    continue
                raise _Rejected(f"{frame_spec.key}: no data")
            old = None if previous is None else previous.get(frame_spec.key)
            _judge_frame(spec, frame_spec, frame, now, old)
    except _Rejected as exc:
        return Verdict.reject(f"{spec.name}: {exc}")
    return Verdict.accept()


# --------------------------------------------------------------------------- one frame


def _judge_frame(
    spec: SourceSpec,
    frame_spec: FrameSpec,
    frame: pd.DataFrame,
    now: datetime,
    previous: pd.DataFrame | None,
) -> None:
    dates = _dates(frame, frame_spec)
    if dates is not None:
        _check_duplicates(frame, frame_spec, dates)
        if not frame_spec.future_allowed:
            _check_not_future(spec, frame_spec, dates, now)
    ordered, labels = _in_date_order(frame, dates)
    for bounds in frame_spec.bounds:
        for column in (c for c in frame.columns if bounds.matches(str(c))):
            values = pd.to_numeric(ordered[column], errors="coerce")
            _check_values(str(column), values, bounds, labels, frame_spec.move_gap)
    _check_complete(frame_spec, frame, dates)
    if previous is not None and not previous.empty:
        _check_against_previous(frame_spec, frame, dates, previous)


def _dates(frame: pd.DataFrame, frame_spec: FrameSpec) -> pd.DatetimeIndex | None:
    """The observation dates of each row, or ``None`` when the frame has none."""
    if frame_spec.date_column is not None:
        if frame_spec.date_column not in frame.columns:
            raise _Rejected(f"{frame_spec.key}: no {frame_spec.date_column} column")
        return pd.DatetimeIndex(frame[frame_spec.date_column])
    if isinstance(frame.index, pd.DatetimeIndex):
        return frame.index
    return None


class _Labels:
    """Names rows in a reason (their date, else their position), computed only when needed."""

    def __init__(self, dates: pd.DatetimeIndex | None) -> None:
        self.dates = dates

    def __getitem__(self, position: int) -> str:
        if self.dates is None:
            return f"row {position + 1}"
        stamp = self.dates[position]
        return "no date" if pd.isna(stamp) else stamp.date().isoformat()


def _in_date_order(
    frame: pd.DataFrame, dates: pd.DatetimeIndex | None
) -> tuple[pd.DataFrame, _Labels]:
    """``frame`` in date order (stable), so consecutive rows are consecutive observations."""
    if dates is None or dates.is_monotonic_increasing:
        return frame, _Labels(dates)
    order = np.argsort(dates.asi8, kind="stable")
    return frame.iloc[order], _Labels(dates[order])


def _check_duplicates(frame: pd.DataFrame, frame_spec: FrameSpec, dates: pd.DatetimeIndex) -> None:
    keys = [c for c in frame_spec.key_columns if c in frame.columns]
    if keys:
        table = pd.DataFrame({"date": dates.asi8, **{c: frame[c].to_numpy() for c in keys}})
        twice = table.duplicated()
    else:
        twice = pd.Series(dates.duplicated())
    if bool(twice.any()):
        first = dates[np.flatnonzero(twice.to_numpy())[0]]
        raise _Rejected(f"{frame_spec.key}: {first.date().isoformat()} appears twice")


def _check_not_future(
    spec: SourceSpec, frame_spec: FrameSpec, dates: pd.DatetimeIndex, now: datetime
) -> None:
    valid = dates[~np.asarray(dates.isna())]
    if valid.empty:
        return
    latest = valid.max()
    tz = valid.tz
    today = (now.astimezone(tz) if tz is not None else now).date()
    limit = _next_business_day(spec, today)
    if latest.date() > limit:
        raise _Rejected(
            f"{frame_spec.key}: date {latest.date().isoformat()} is in the future "
            f"(the publisher's next business day is {limit.isoformat()})"
        )


def _next_business_day(spec: SourceSpec, today: date) -> date:
    calendar = getattr(spec.schedule, "calendar", None)
    if isinstance(calendar, BusinessCalendar):
        return calendar.next_business_day(today, inclusive=False)
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _check_values(
    column: str, values: pd.Series, bounds: Bounds, labels: _Labels, gap: timedelta
) -> None:
    array = values.to_numpy(dtype=np.float64, na_value=np.nan)
    where = np.flatnonzero(np.isinf(array))
    if where.size:
        raise _Rejected(f"{column} {array[where[0]]} on {labels[where[0]]} is not a number")
    outside = np.flatnonzero((array < bounds.low) | (array > bounds.high))
    if outside.size:
        at = outside[0]
        raise _Rejected(
            f"{column} {_num(array[at])} on {labels[at]} is outside "
            f"{_num(bounds.low)}..{_num(bounds.high)} {bounds.unit}"
        )
    if bounds.max_move is None and bounds.max_move_pct is None:
        return
    present = np.flatnonzero(~np.isnan(array))
    if present.size < 2:
        return
    level = array[present]
    moves = np.abs(np.diff(level))
    limit = np.full(moves.shape, np.inf)
    if bounds.max_move is not None:
        limit = np.minimum(limit, bounds.max_move)
    if bounds.max_move_pct is not None:
        base = np.abs(level[:-1])
        limit = np.minimum(limit, base * bounds.max_move_pct / 100.0)
    if labels.dates is not None:
        # A move is judged only between observations close in time: across a gap of years
        # (MoF publishes no 1Y yields from 1978 to 1980) any level may follow any other.
        stamps = labels.dates.asi8[present]
        limit[np.diff(stamps) > gap // timedelta(microseconds=1) * 1000] = np.inf
    jumps = np.flatnonzero(moves > limit + _SAME)
    if jumps.size:
        at = jumps[-1]  # the newest jump is the one that matters most
        before, after = present[at], present[at + 1]
        raise _Rejected(
            f"{column} moved from {_num(array[before])} on {labels[before]} to "
            f"{_num(array[after])} on {labels[after]}, more than a believable move"
        )


def _check_complete(
    frame_spec: FrameSpec, frame: pd.DataFrame, dates: pd.DatetimeIndex | None
) -> None:
    if len(frame) < frame_spec.min_rows:
        raise _Rejected(
            f"{frame_spec.key}: {len(frame):,} rows, a complete copy has at least "
            f"{frame_spec.min_rows:,} (cut short?)"
        )
    if frame_spec.starts_by is not None and dates is not None:
        first = dates.min()
        if pd.isna(first) or first.date() > frame_spec.starts_by:
            shown = "no date" if pd.isna(first) else first.date().isoformat()
            raise _Rejected(
                f"{frame_spec.key}: history starts {shown}, a complete copy starts by "
                f"{frame_spec.starts_by.isoformat()} (cut short?)"
            )


def _check_against_previous(
    frame_spec: FrameSpec,
    frame: pd.DataFrame,
    dates: pd.DatetimeIndex | None,
    previous: pd.DataFrame,
) -> None:
    old_dates = _dates(previous, frame_spec)
    if dates is None or old_dates is None:
        if not frame_spec.window and len(frame) < len(previous):
            raise _Rejected(f"{frame_spec.key}: {len(frame):,} rows, the last good copy had more")
        return
    new_last, old_last = dates.max(), old_dates.max()
    if not pd.isna(old_last) and (pd.isna(new_last) or new_last < old_last):
        shown = "no date" if pd.isna(new_last) else new_last.date().isoformat()
        raise _Rejected(
            f"{frame_spec.key}: latest date {shown} is older than the last good "
            f"{old_last.date().isoformat()}"
        )
    if not frame_spec.window:
        _check_history_kept(frame_spec, frame, dates, old_dates, previous)
    if not frame_spec.revises and frame_spec.date_column is None:
        _check_last_row_unchanged(frame_spec, frame, previous, old_last)


def _check_history_kept(
    frame_spec: FrameSpec,
    frame: pd.DataFrame,
    dates: pd.DatetimeIndex,
    old_dates: pd.DatetimeIndex,
    previous: pd.DataFrame,
) -> None:
    """No fewer rows, and no later start, than the last good copy (windows move by design)."""
    if len(frame) < len(previous):
        raise _Rejected(
            f"{frame_spec.key}: {len(frame):,} rows where the last good copy had "
            f"{len(previous):,} (history shrank)"
        )
    new_first, old_first = dates.min(), old_dates.min()
    if not pd.isna(old_first) and (pd.isna(new_first) or new_first > old_first):
        raise _Rejected(
            f"{frame_spec.key}: history now starts {new_first.date().isoformat()}, the last "
            f"good copy started {old_first.date().isoformat()}"
        )


def _check_last_row_unchanged(
    frame_spec: FrameSpec, frame: pd.DataFrame, previous: pd.DataFrame, day: pd.Timestamp
) -> None:
    """The last good copy's last observation must read the same in the new payload."""
    if day not in frame.index:
        raise _Rejected(f"{frame_spec.key}: {day.date().isoformat()} is missing from the payload")
    old_row, new_row = previous.loc[[day]].iloc[-1], frame.loc[[day]].iloc[-1]
    for column in previous.columns:
        if column not in frame.columns:
            continue
        old, new = _as_float(old_row[column]), _as_float(new_row[column])
        if old is None or new is None:
            continue
        if math.isnan(old) and math.isnan(new):
            continue
        if math.isnan(old) != math.isnan(new) or abs(old - new) > _SAME:
            raise _Rejected(
                f"{column} on {day.date().isoformat()} changed from {_num(old)} to "
                f"{_num(new)}, and this publisher does not revise"
            )


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    return None


def _num(value: float) -> str:
    """A value as a reason shows it: up to 6 significant digits, no float noise."""
    if math.isnan(value):
        return "nan"
    return f"{value:.6g}"
