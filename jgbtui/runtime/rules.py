"""The trader's own alert rules: what one says, how it is written, how it is checked.

A rule watches one series by its id (:mod:`jgbtui.present.series`, the ids of ``jgbtui
export``) and is written as a TOML table, in the config (``[[rules]]``) and in the rules
file of the state directory alike::

    [[rules]]
    series = "jgb:10Y"
    above = 2.95                # or: below = ..., move_above = 5 (with over = "1d"), streak = 5

Exactly one of ``above``, ``below``, ``move_above`` and ``streak``; the optional keys are
``over`` ("1d" or "1w", moves), ``unit`` (moves: "bp" for yields and spreads, "yen" or "%"
for USD/JPY and prices, "%" for other series), ``direction`` ("up", "down" or "either",
moves and streaks) and ``hysteresis`` (levels and moves: how far back the value must go
before the rule can fire again; defaults per unit in :data:`DEFAULT_HYSTERESIS`).

This module stays light (no pandas): the config is checked before any screen opens. Series
ids are looked up only when a rule names one.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from jgbtui.analytics.rules import Condition
    from jgbtui.present.series import SeriesDef

Kind = Literal["above", "below", "move_above", "streak"]
KINDS: tuple[Kind, ...] = ("above", "below", "move_above", "streak")
OVERS = ("1d", "1w")
DIRECTIONS = ("up", "down", "either")
KEYS = frozenset({"series", *KINDS, "over", "unit", "direction", "hysteresis"})
STREAK_RANGE = (2, 250)
#: Hysteresis of level rules by the series' unit: a yield must fall 2bp back below an
#: "above" level before the rule can fire again, USD/JPY half a yen.
DEFAULT_HYSTERESIS: dict[str, float] = {
    "%": 0.02,
    "bp": 2.0,
    "JPY per USD": 0.5,
    "times": 0.1,
    "yen": 0.05,
    "yen per 100 yen": 0.1,
    "100 million yen": 1000.0,
    "billion yen": 100.0,
}
#: Series whose every observation is an event of its own (an auction, a week of flows): a
#: rule on them fires at each observation that meets it, not once per crossing.
EVENT_KINDS = ("auction", "flows")
_YEN_UNITS = ("JPY per USD", "yen", "yen per 100 yen")
Origin = Literal["config", "user"]


class RuleError(ValueError):
    """A rule that cannot be used; ``key`` names the offending key (``rules.0.above``)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


def move_units(unit: str) -> tuple[str, ...]:
    """The units a move of a series in ``unit`` may be measured in; the first is the default.

    Yields (``%``) and spreads move in basis points; yen series in yen or percent; counts
    of flows (which change sign) only in their own unit; anything else in its unit or %.
    """
    if unit in ("%", "bp"):
        return ("bp",)
    if unit in _YEN_UNITS:
        return ("yen", "%")
    if unit == "100 million yen":
        return (unit,)
    return (unit, "%")


@dataclass(frozen=True)
class Rule:
    """One rule, validated. ``threshold`` is the level, the move size or the streak length."""

    id: str
    series: str
    kind: Kind
    threshold: float
    over: str = "1d"
    unit: str | None = None
    """Moves only: the unit of ``threshold`` (the series' default when not given)."""
    direction: str = "either"
    hysteresis: float | None = None
    """``None``: the default for the series' unit."""
    origin: Origin = "user"
    line: int | None = None
    """The config line of its ``[[rules]]`` header (config rules)."""

    def to_table(self) -> dict[str, Any]:
        """The rule as the TOML table that defines it (only the keys that matter)."""
        table: dict[str, Any] = {"series": self.series}
        table[self.kind] = int(self.threshold) if self.kind == "streak" else self.threshold
        if self.kind == "move_above":
            table["over"] = self.over
            if self.unit is not None:
                table["unit"] = self.unit
        if self.kind in ("move_above", "streak") and self.direction != "either":
            table["direction"] = self.direction
        if self.hysteresis is not None and self.kind != "streak":
            table["hysteresis"] = self.hysteresis
        return table

    def describe(self) -> str:
        """``jgb:10Y above 2.95``, ``usdjpy move 2 yen over 1w``, ``jgb:10Y streak 5 up``."""
        number = _number_text(self.threshold)
        if self.kind in ("above", "below"):
            return f"{self.series} {self.kind} {number}"
        if self.kind == "move_above":
            unit = f" {self.unit}" if self.unit else ""
            side = {"up": " up", "down": " down"}.get(self.direction, "")
            return f"{self.series} move{side} {number}{unit} over {self.over}"
        side = {"up": " rises", "down": " falls"}.get(self.direction, "")
        return f"{self.series} streak {int(self.threshold)}{side}"

    def is_event_series(self) -> bool:
        """Auctions and flows: every observation is an event of its own."""
        return self.series.split(":", 1)[0] in EVENT_KINDS

    def condition(self, definition: SeriesDef) -> Condition:
        """The rule in numbers, for :mod:`jgbtui.analytics.rules`."""
        from jgbtui.analytics.rules import Condition

        unit = self.unit or move_units(definition.unit)[0]
        hysteresis = self.hysteresis
        if hysteresis is None:
            hysteresis = 0.0 if self.is_event_series() else default_hysteresis(self, definition)
        return Condition(
            kind=self.kind,
            threshold=self.threshold,
            over="1w" if self.over == "1w" else "1d",
            scale=100.0 if definition.unit == "%" and unit == "bp" else 1.0,
            relative=self.kind == "move_above" and unit == "%",
            direction="up"
            if self.direction == "up"
            else "down"
            if self.direction == "down"
            else "either",
            hysteresis=hysteresis,
            each=self.is_event_series(),
        )


def default_hysteresis(rule: Rule, definition: SeriesDef) -> float:
    """Levels: by the series' unit; moves: a fifth of the move, at most the level's."""
    level = DEFAULT_HYSTERESIS.get(definition.unit, 0.0)
    if rule.kind in ("above", "below"):
        return level
    if rule.kind == "move_above":
        # A move rule in bp on a yield: 1bp of a 5bp rule; never more than the level's.
        in_move_units = level * (100.0 if definition.unit == "%" else 1.0)
        return min(rule.threshold / 5.0, in_move_units) if in_move_units else rule.threshold / 5
    return 0.0


def _number_text(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def config_rule_id(table: dict[str, Any]) -> str:
    """A config rule's id: from what it says, so editing the config makes a new rule."""
    canonical = json.dumps(table, sort_keys=True, ensure_ascii=True)
    return "c-" + hashlib.sha1(canonical.encode()).hexdigest()[:8]


# --------------------------------------------------------------------------- validation


def _finite(value: Any, name: str, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{where} {name} must be a number, got {value!r}", f"{key}.{name}")
    if not math.isfinite(value):
        raise RuleError(f"{where} {name} must be a finite number, got {value}", f"{key}.{name}")
    return float(value)


def _choice(
    table: dict[str, Any], name: str, allowed: tuple[str, ...], key: str, where: str
) -> str:
    value = table[name]
    if value not in allowed:
        raise RuleError(
            f"{where} {name} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}",
            f"{key}.{name}",
        )
    return str(value)


def _only_for(
    table: dict[str, Any], name: str, kinds: tuple[str, ...], kind: str, key: str, where: str
) -> None:
    if name in table and kind not in kinds:
        raise RuleError(
            f"{where} {name} applies only to {' or '.join(kinds)} rules, not {kind}",
            f"{key}.{name}",
        )


def _series(value: Any, key: str, where: str) -> SeriesDef:
    from jgbtui.present.series import UnknownSeries, lookup  # pandas: only when rules exist

    if not isinstance(value, str) or not value.strip():
        raise RuleError(f'{where} series must be a series id such as "jgb:10Y"', f"{key}.series")
    try:
        return lookup(value)
    except UnknownSeries as exc:
        raise RuleError(f"{where} {exc}", f"{key}.series") from exc


def parse_rule(
    table: Any,
    *,
    where: str = "rule",
    key: str = "rule",
    origin: Origin = "user",
    rule_id: str | None = None,
    line: int | None = None,
) -> Rule:
    """Validate one rule table into a :class:`Rule`.

    Args:
        table: the parsed TOML table (or the form's fields, as the same keys).
        where: how messages name the rule (``[[rules]] #2``).
        key: the dotted key prefix :class:`RuleError` carries (``rules.1``).
        origin: ``config`` or ``user``; config rules get an id from their content.
        rule_id: the id of a user rule (kept when it is edited).
        line: the config line of the rule's header.

    Raises:
        RuleError: naming the key, for any unknown key, missing or extra condition, value of
            the wrong type or out of range, or series id that names no series.
    """
    if not isinstance(table, dict):
        raise RuleError(f"{where} must be a table, got {table!r}", key)
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise RuleError(
            f"unknown key(s) {', '.join(unknown)} in {where}; known: {', '.join(sorted(KEYS))}",
            f"{key}.{unknown[0]}",
        )
    if "series" not in table:
        raise RuleError(f'{where} needs series = "<id>" (see `jgbtui export --list`)', key)
    definition = _series(table["series"], key, where)
    kinds = [k for k in KINDS if k in table]
    if len(kinds) != 1:
        said = f"has {', '.join(kinds)}" if kinds else "has none"
        raise RuleError(f"{where} needs exactly one of {', '.join(KINDS)}; it {said}", key)
    kind = kinds[0]
    for name, allowed in (("over", ("move_above",)), ("unit", ("move_above",))):
        _only_for(table, name, allowed, kind, key, where)
    _only_for(table, "direction", ("move_above", "streak"), kind, key, where)
    _only_for(table, "hysteresis", ("above", "below", "move_above"), kind, key, where)
    value = table[kind]
    if kind == "streak":
        low, high = STREAK_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise RuleError(
                f"{where} streak must be a whole number of observations from {low} to {high}, "
                f"got {value!r}",
                f"{key}.streak",
            )
        threshold = float(value)
    else:
        threshold = _finite(value, kind, key, where)
        if kind == "move_above" and threshold <= 0:
            raise RuleError(
                f"{where} move_above must be above 0 (the size of the move), got {value!r}",
                f"{key}.move_above",
            )
    over = _choice(table, "over", OVERS, key, where) if "over" in table else "1d"
    unit = None
    if "unit" in table:
        unit = _choice(table, "unit", move_units(definition.unit), key, where)
    elif kind == "move_above":
        unit = move_units(definition.unit)[0]  # written out, so the rule reads whole
    direction = (
        _choice(table, "direction", DIRECTIONS, key, where) if "direction" in table else "either"
    )
    hysteresis = None
    if "hysteresis" in table:
        hysteresis = _finite(table["hysteresis"], "hysteresis", key, where)
        if hysteresis < 0:
            raise RuleError(
                f"{where} hysteresis must be 0 or more, got {hysteresis:g}", f"{key}.hysteresis"
            )
    rule = Rule(
        id=rule_id or "",
        series=definition.id,
        kind=kind,
        threshold=threshold,
        over=over,
        unit=unit,
        direction=direction,
        hysteresis=hysteresis,
        origin=origin,
        line=line,
    )
    if origin == "config":
        return Rule(**{**rule.__dict__, "id": config_rule_id(rule.to_table())})
    return rule
