"""The maths of the trader's own alert rules: what a rule measures, and when it fires.

Pure: a rule is a :class:`Condition` on one series of observations (a date-indexed
``pandas.Series``). At each observation the condition yields a *measure* (the level, the
move over a horizon, or the signed length of the current run of rises or falls), and a tiny
state machine decides whether the rule fires:

* a rule is *armed* until it fires; it fires when an armed rule's condition is met;
* after firing it stays quiet until the measure has gone back past the threshold by the
  rule's hysteresis (a level rule at 2.95 with 0.02 of hysteresis re-arms at or below 2.93),
  so a value hovering at the level rings once, not at every observation;
* on series whose every observation is an event of its own (auctions, weekly flows) a rule
  fires at each observation that meets it (:attr:`Condition.each`).

Moves are measured the way the panes quote them (:mod:`jgbtui.analytics.changes`): "1d"
against the previous observation, "1w" against the last observation on or before the same
date a week earlier, each with the same largest tolerated gap, so a rule and the pane's
``1d`` column never disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from jgbtui.analytics.changes import HORIZONS, MAX_GAP, value_on_or_before

Kind = Literal["above", "below", "move_above", "streak"]
Over = Literal["1d", "1w"]
Direction = Literal["up", "down", "either"]


@dataclass(frozen=True)
class Condition:
    """What a rule watches, in numbers."""

    kind: Kind
    threshold: float
    """The level (above / below), the size of the move (move_above, > 0, in the rule's
    units), or the number of observations in a row (streak)."""
    over: Over = "1d"
    """Move horizon."""
    scale: float = 1.0
    """Moves: multiply the change in the series' units by this (100: percent to bp)."""
    relative: bool = False
    """Moves: measure the change in percent of the earlier value instead."""
    direction: Direction = "either"
    """Moves and streaks: only rises, only falls, or either."""
    hysteresis: float = 0.0
    """How far back past the threshold the measure must go before the rule re-arms."""
    each: bool = False
    """Every observation is an event of its own (an auction, a week of flows): fire at each
    one that meets the condition, with no re-arming needed."""


def move_at(values: pd.Series, position: int, condition: Condition) -> float:
    """The move of ``values`` (clean, sorted) up to observation ``position``, in rule units.

    NaN when the horizon's base observation is missing or too far back.
    """
    upto = values.iloc[: position + 1]
    when = upto.index[-1]
    offset = HORIZONS[condition.over]
    if offset is None:
        base = value_on_or_before(upto.iloc[:-1], when, MAX_GAP[condition.over])
    else:
        base = value_on_or_before(upto, when - offset, MAX_GAP[condition.over])
    latest = float(upto.iloc[-1])
    if math.isnan(base):
        return math.nan
    if condition.relative:
        return math.nan if base == 0 else (latest - base) / abs(base) * 100.0
    return (latest - base) * condition.scale


def streak_at(values: pd.Series, position: int) -> int:
    """Signed length of the run of rises (+) or falls (-) ending at observation ``position``.

    A day without change ends a run; the first observation has no run (0).
    """
    run = 0
    for index in range(position, 0, -1):
        change = float(values.iloc[index]) - float(values.iloc[index - 1])
        if change == 0 or (run > 0 and change < 0) or (run < 0 and change > 0):
            break
        run += 1 if change > 0 else -1
    return run


def measure_at(values: pd.Series, position: int, condition: Condition) -> float:
    """What ``condition`` compares with its threshold at observation ``position``."""
    if condition.kind in ("above", "below"):
        return float(values.iloc[position])
    if condition.kind == "move_above":
        return move_at(values, position, condition)
    return float(streak_at(values, position))


def _directional(measure: float, direction: Direction) -> float:
    """The part of a signed measure the rule cares about (rises, falls, or the size)."""
    if direction == "up":
        return measure
    if direction == "down":
        return -measure
    return abs(measure)


def is_met(condition: Condition, measure: float) -> bool:
    """Whether the condition holds for ``measure`` (never for NaN)."""
    if math.isnan(measure):
        return False
    if condition.kind == "above":
        return measure > condition.threshold
    if condition.kind == "below":
        return measure < condition.threshold
    return _directional(measure, condition.direction) >= condition.threshold


def rearms(condition: Condition, measure: float) -> bool:
    """Whether ``measure`` is far enough back from the threshold for the rule to re-arm."""
    if math.isnan(measure):
        return False
    if condition.kind == "above":
        return measure <= condition.threshold - condition.hysteresis
    if condition.kind == "below":
        return measure >= condition.threshold + condition.hysteresis
    if condition.kind == "streak":
        return _directional(measure, condition.direction) < condition.threshold
    return _directional(measure, condition.direction) <= max(
        condition.threshold - condition.hysteresis, 0.0
    )


def step(condition: Condition, armed: bool, measure: float) -> tuple[bool, bool]:
    """One observation through the state machine: ``(armed afterwards, fired now)``.

    A missing measure (NaN) changes nothing.
    """
    if condition.each:
        return True, is_met(condition, measure)
    if armed and is_met(condition, measure):
        return False, True
    if not armed and rearms(condition, measure):
        return True, False
    return armed, False


@dataclass(frozen=True)
class Firing:
    """The observation at which a rule fired."""

    position: int
    when: pd.Timestamp
    value: float
    """The series' value on that date."""
    measure: float
    """What was compared with the threshold (the value, the move or the run length)."""


def run(
    values: pd.Series, condition: Condition, armed: bool, start: int
) -> tuple[bool, list[Firing]]:
    """Step observations ``start``.. of ``values`` (date-indexed, sorted, no NaN).

    Returns the armed state after the last observation and every firing on the way.
    """
    fired: list[Firing] = []
    for position in range(max(start, 0), len(values)):
        measure = measure_at(values, position, condition)
        armed, now = step(condition, armed, measure)
        if now:
            fired.append(
                Firing(position, values.index[position], float(values.iloc[position]), measure)
            )
    return armed, fired
