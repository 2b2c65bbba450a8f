"""The trader's rules at work: checked against the data the view was built from, fired once.

:class:`RuleBook` joins the rules of the config file (read-only here) and those added from
the keyboard (kept in the rules file, :mod:`jgbtui.runtime.rule_store`), checks them, and
says where each stands (:class:`RuleStatus`, what ``snapshot --json`` prints as ``rules``).

What a check promises:

* it reads the series through :func:`jgbtui.present.series.load` from the results the view
  was built from, so only data the acceptance gate accepted (the last good copy) is judged:
  a rejected payload never reaches it;
* it never judges DEMO data;
* each rule sees each observation once: the rule file remembers the last date judged and
  whether the rule is armed, so a refresh, a restart or a second ``snapshot`` does not fire
  again what already fired (:mod:`jgbtui.analytics.rules` has the crossing and hysteresis);
* a firing on stale data (the source's last refresh failed) says so in its text.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jgbtui.runtime.alert_log import RULE_KEY_PREFIX, Alert, AlertLog
from jgbtui.runtime.rule_store import RulesDocument, RuleStore
from jgbtui.runtime.rules import Rule, RuleError, parse_rule
from jgbtui.sources.base import SourceResult

#: Short unit marks for alert sentences.
_UNIT_MARKS = {"%": "%", "bp": "bp", "times": "x", "100 million yen": " (¥100m)"}


@dataclass(frozen=True)
class RuleStatus:
    """Where a rule stands: its state, the latest value it judged and its last firing."""

    rule: Rule
    status: str
    """``armed`` (waiting for its condition), ``fired`` (met, waiting to re-arm), ``paused``,
    ``waiting`` (not checked yet), ``no data`` or ``demo`` (DEMO data is never judged)."""
    current: Mapping[str, Any] | None = None
    """``{"value", "as_of", "stale"}`` of the latest observation judged."""
    last_firing: Mapping[str, Any] | None = None
    """``{"value", "as_of", "fired_at", "stale", "text", "alert_id"}``."""
    alert: str | None = None
    """The state of the last firing's alert: ``new``, ``acknowledged`` or ``snoozed``."""
    snoozed_until: str | None = None

    @property
    def paused(self) -> bool:
        """Whether the rule is paused."""
        return self.status == "paused"

    def to_json(self) -> dict[str, Any]:
        """The rule as ``snapshot --json`` prints it."""
        return {
            "id": self.rule.id,
            "series": self.rule.series,
            "rule": self.rule.describe(),
            "definition": self.rule.to_table(),
            "origin": self.rule.origin,
            "config_line": self.rule.line,
            "status": self.status,
            "paused": self.paused,
            "current": dict(self.current) if self.current else None,
            "alert": self.alert,
            "snoozed_until": self.snoozed_until,
            "last_firing": dict(self.last_firing) if self.last_firing else None,
        }


def _mark(unit: str) -> str:
    return _UNIT_MARKS.get(unit, "")


def firing_text(rule: Rule, value: str, measure: float, as_of: str, unit: str) -> str:
    """The alert sentence: what crossed what, with the value and the data's date."""
    from jgbtui.present.series import format_value

    level = f"{format_value(rule.threshold, 6)}"
    if rule.kind in ("above", "below"):
        head = f"{rule.series} {value}{_mark(unit)} is {rule.kind} {level}"
    elif rule.kind == "move_above":
        move_unit = rule.unit or ("bp" if unit in ("%", "bp") else "")
        moved = f"{measure:+.2f}".rstrip("0").rstrip(".")
        head = (
            f"{rule.series} moved {moved}{move_unit and ' ' + move_unit} over {rule.over} "
            f"to {value}{_mark(unit)} (rule: {level}{move_unit and ' ' + move_unit})"
        )
    else:
        way = "rose" if measure > 0 else "fell"
        head = f"{rule.series} {way} {abs(int(measure))} times in a row to {value}{_mark(unit)}"
    return f"{head} (as of {as_of})"


class RuleBook:
    """The config's rules and the user's, their state, and checking them."""

    def __init__(self, config_rules: tuple[Rule, ...], path: Path) -> None:
        self.config_rules = config_rules
        self.store = RuleStore(path)
        self.skipped: list[str] = []
        """User rules in the file that are no longer valid (kept there, not checked)."""

    # -- reading ------------------------------------------------------------------------

    def _user_rules(self, document: RulesDocument) -> list[Rule]:
        rules, skipped = [], []
        for table in document.rules:
            body = {k: v for k, v in table.items() if k != "id"}
            try:
                rules.append(parse_rule(body, where=f"rule {table['id']}", rule_id=table["id"]))
            except RuleError as exc:
                skipped.append(exc.message)
        self.skipped = skipped
        return rules

    def _all(self, document: RulesDocument) -> list[Rule]:
        return [*self.config_rules, *self._user_rules(document)]

    def rules(self) -> list[Rule]:
        """Every rule: the config's first, then the user's (reads the rules file)."""
        return self._all(self.store.read())

    def statuses(self, log: AlertLog | None = None) -> list[RuleStatus]:
        """Where every rule stands now (``log`` gives the state of each last firing)."""
        document = self.store.read()
        return [_status(rule, document.state.get(rule.id, {}), log) for rule in self._all(document)]

    # -- checking -----------------------------------------------------------------------

    def evaluate(self, results: Mapping[str, SourceResult], now: datetime) -> list[Alert]:
        """Check every rule that is not paused against ``results``; the alerts of firings.

        ``results`` must be the results a view was built from (last good data only). Runs
        pandas: call it off the event loop.
        """
        fired = []
        with self.store.change() as document:
            for rule in self._all(document):
                state = document.state.setdefault(rule.id, {})
                alert = _check(rule, state, results, now)
                if alert is not None:
                    fired.append(alert)
        return fired

    # -- changing (the keyboard) --------------------------------------------------------

    def add(self, table: Mapping[str, Any]) -> Rule:
        """Validate and save a new user rule.

        Raises:
            RuleError: naming what is wrong.
        """
        rule = parse_rule(dict(table), rule_id="u-" + uuid.uuid4().hex[:8])
        with self.store.change() as document:
            document.rules.append({"id": rule.id, **rule.to_table()})
        return rule

    def edit(self, rule_id: str, table: Mapping[str, Any]) -> Rule:
        """Replace a user rule's definition; its state starts afresh (it may fire again).

        Raises:
            RuleError: for a config rule (edit the file), an unknown id, or a bad table.
        """
        self._refuse_config(rule_id, "edited")
        rule = parse_rule(dict(table), rule_id=rule_id)
        with self.store.change() as document:
            position = _position(document, rule_id)
            document.rules[position] = {"id": rule_id, **rule.to_table()}
            paused = document.state.pop(rule_id, {}).get("paused", False)
            document.state[rule_id] = {"paused": paused} if paused else {}
        return rule

    def delete(self, rule_id: str) -> None:
        """Delete a user rule and its state.

        Raises:
            RuleError: for a config rule or an unknown id.
        """
        self._refuse_config(rule_id, "deleted")
        with self.store.change() as document:
            del document.rules[_position(document, rule_id)]
            document.state.pop(rule_id, None)

    def set_paused(self, rule_id: str, paused: bool) -> None:
        """Pause or resume any rule (config rules too: the pause lives in the rules file).

        A resumed rule starts from the latest observation, so what happened while it was
        paused does not ring all at once.
        """
        with self.store.change() as document:
            state = document.state.setdefault(rule_id, {})
            state["paused"] = paused
            if not paused:
                state.pop("last_date", None)

    def _refuse_config(self, rule_id: str, what: str) -> None:
        for rule in self.config_rules:
            if rule.id == rule_id:
                where = f" (line {rule.line})" if rule.line else ""
                raise RuleError(
                    f"{rule.describe()} is defined in the config file{where}: it can be "
                    f"paused here, but {what} only there"
                )


def _position(document: RulesDocument, rule_id: str) -> int:
    for index, table in enumerate(document.rules):
        if table.get("id") == rule_id:
            return index
    raise RuleError(f"no rule {rule_id} in the rules file")


def _status(rule: Rule, state: Mapping[str, Any], log: AlertLog | None) -> RuleStatus:
    firing = state.get("last_firing")
    current = state.get("current")
    alert = None
    if log is not None and isinstance(firing, dict):
        alert = log.alerts.get(str(firing.get("alert_id")))
    if state.get("paused"):
        status = "paused"
    elif state.get("seen") in ("demo", "no data"):
        status = str(state["seen"])
    elif not current:
        status = "waiting"
    elif isinstance(firing, dict) and (
        not state.get("armed", True) or firing.get("as_of") == current.get("as_of")
    ):
        status = "fired"
    else:
        status = "armed"
    return RuleStatus(
        rule=rule,
        status=status,
        current=current if isinstance(current, dict) else None,
        last_firing=firing if isinstance(firing, dict) else None,
        alert=None if alert is None else alert.state,
        snoozed_until=None if alert is None else alert.snoozed_until,
    )


def _check(
    rule: Rule, state: dict[str, Any], results: Mapping[str, SourceResult], now: datetime
) -> Alert | None:
    """Check one rule, updating its ``state`` in place; the alert when it fires."""
    import pandas as pd

    from jgbtui.analytics.rules import run
    from jgbtui.present.series import format_value, json_value, load

    if state.get("paused"):
        return None
    data = load(results, rule.series)
    used = [results[name] for name in data.used if name in results]
    if any(r.status == "demo" for r in used):
        state["seen"] = "demo"
        return None
    rows = data.rows.dropna(subset=["value"])
    if rows.empty:
        state["seen"] = "no data"
        return None
    state.pop("seen", None)
    values = pd.Series(rows["value"].to_numpy(dtype=float), index=pd.DatetimeIndex(rows["date"]))
    last = state.get("last_date")
    # A rule never checked judges only the latest observation, not the whole history.
    start = len(values) - 1 if last is None else int((values.index <= pd.Timestamp(last)).sum())
    definition = data.definition
    armed, fired = run(values, rule.condition(definition), bool(state.get("armed", True)), start)
    stale = [r for r in used if r.status == "stale"]
    decimals = definition.decimals
    state["armed"] = armed
    state["last_date"] = values.index[-1].date().isoformat()
    state["current"] = {
        "value": json_value(values.iloc[-1], decimals),
        "as_of": state["last_date"],
        "stale": bool(stale),
    }
    if not fired:
        return None
    firing = fired[-1]  # several new observations at once: the latest crossing speaks
    now = now.replace(microsecond=0)
    as_of = firing.when.date().isoformat()
    text = firing_text(
        rule, format_value(firing.value, decimals), firing.measure, as_of, definition.unit
    )
    if stale:
        reasons = "; ".join(f"{r.title}: {r.error}" if r.error else r.title for r in stale)
        text = f"STALE data ({reasons}): {text}"
    alert = Alert(
        id=f"{RULE_KEY_PREFIX}{rule.id}|{as_of}|{now:%Y%m%dT%H%M%S}",
        key=f"{RULE_KEY_PREFIX}{rule.id}",
        series=rule.series,
        day=as_of,
        value=json_value(firing.value, decimals),
        text=text,
        severity="rule",
        first_seen=now.isoformat(),
    )
    state["last_firing"] = {
        "alert_id": alert.id,
        "value": alert.value,
        "as_of": as_of,
        "fired_at": alert.first_seen,
        "stale": bool(stale),
        "text": text,
    }
    return alert
