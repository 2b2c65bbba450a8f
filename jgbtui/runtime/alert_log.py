"""Alerts: what the trader has been told about, kept in a log that survives restarts.

Two kinds of alert share the log: anomalies the app found, and firings of the trader's own
rules (:mod:`jgbtui.runtime.rule_book`). An anomaly is identified by what it is about and
the observation date (``key|date``), not by its wording, so a sentence that is re-phrased on
a later refresh ("weakest since April" → "weakest since March") is not announced twice; a
rule firing carries its own id.

Each alert is ``new``, ``acknowledged`` or ``snoozed`` until a time (then it is new again
and rings again). The log is JSON Lines, append-only: ``{"event": "seen", ...alert}``,
``{"event": "ack", "id": ...}``, ``{"event": "snooze", "id": ..., "until": ...}`` and
``{"event": "wake", "id": ...}``; replaying it rebuilds the state, and appending never
rewrites what is already on disk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, Protocol

import platformdirs

State = Literal["new", "acknowledged", "snoozed"]
STATES: tuple[State, ...] = ("new", "acknowledged", "snoozed")


class AnomalyLike(Protocol):
    """What the alert log needs from an anomaly (see ``jgbtui.analytics.anomalies``)."""

    @property
    def key(self) -> str: ...
    @property
    def series(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def value(self) -> float: ...
    @property
    def text(self) -> str: ...
    @property
    def severity(self) -> str: ...


@dataclass(frozen=True)
class Alert:
    """One announced anomaly."""

    id: str
    key: str
    series: str
    day: str
    """Observation date (ISO)."""
    value: float | None
    text: str
    severity: str
    first_seen: str
    """When jgbtui first announced it (ISO datetime)."""
    state: State = "new"
    snoozed_until: str | None = None
    """While snoozed: when it becomes new again (ISO datetime)."""

    def is_rule(self) -> bool:
        """Whether this is a firing of one of the trader's rules (not an anomaly)."""
        return self.key.startswith(RULE_KEY_PREFIX)


#: Keys of rule firings: ``rule:<rule id>``.
RULE_KEY_PREFIX = "rule:"


def alert_id(key: str, day: date) -> str:
    """The identity of an alert: what it is about and the observation date."""
    return f"{key}|{day.isoformat()}"


def default_log_path() -> Path:
    """``<user state dir>/jgbtui/alerts.jsonl``."""
    return platformdirs.user_state_path("jgbtui") / "alerts.jsonl"


class AlertLog:
    """The alert history, loaded from and appended to a JSON Lines file."""

    def __init__(self, path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self.clock = clock or (lambda: datetime.now(UTC))
        """What "now" is when snoozes are compared (tests freeze it)."""
        self.alerts: dict[str, Alert] = {}
        self.problem: str | None = None
        """Why the log file could not be read or written (alerts then live in memory only)."""
        self._load()

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return
        except OSError as exc:  # a directory that cannot be read must not stop the app
            self.problem = f"alert log {self.path} not readable ({exc.strerror or exc})"
            return
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a torn last line after a crash: skip it, keep the rest
            event = record.pop("event", None)
            if event == "seen" and "id" in record:
                try:
                    self.alerts[record["id"]] = Alert(**record)
                except TypeError:
                    continue
            elif record.get("id") in self.alerts:
                self._replay(event, record)

    def _replay(self, event: object, record: dict[str, object]) -> None:
        ident = str(record["id"])
        if event == "ack":
            self.alerts[ident] = replace(self.alerts[ident], state="acknowledged")
        elif event == "snooze" and isinstance(record.get("until"), str):
            until = str(record["until"])
            self.alerts[ident] = replace(self.alerts[ident], state="snoozed", snoozed_until=until)
        elif event == "wake":
            self.alerts[ident] = replace(self.alerts[ident], state="new", snoozed_until=None)

    def _append(self, records: Iterable[dict[str, object]]) -> None:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(lines)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:  # keep alerting from memory; say once why nothing is saved
            self.problem = f"alert log {self.path} not written ({exc.strerror or exc})"

    def observe(self, anomalies: Iterable[AnomalyLike], now: datetime) -> list[Alert]:
        """Record anomalies; return those never announced before (in this run or earlier)."""
        fresh = []
        for anomaly in anomalies:
            ident = alert_id(anomaly.key, anomaly.date)
            if ident in self.alerts:
                continue
            value = None if anomaly.value != anomaly.value else float(anomaly.value)  # NaN
            alert = Alert(
                id=ident,
                key=anomaly.key,
                series=anomaly.series,
                day=anomaly.date.isoformat(),
                value=value,
                text=anomaly.text,
                severity=anomaly.severity,
                first_seen=now.isoformat(),
            )
            self.alerts[ident] = alert
            fresh.append(alert)
        if fresh:
            self._append({"event": "seen", **asdict(a)} for a in fresh)
        return fresh

    def record(self, alerts: Iterable[Alert]) -> list[Alert]:
        """Add alerts made elsewhere (rule firings); return those that should ring now.

        A firing of a rule whose last alert is snoozed is recorded snoozed until the same
        time: snoozing a rule's alert quiets the rule too.
        """
        added = []
        now = self.clock()
        for alert in alerts:
            if alert.id in self.alerts:
                continue
            quiet = self._snoozed_until(alert.key, now)
            if quiet is not None:
                alert = replace(alert, state="snoozed", snoozed_until=quiet)
            self.alerts[alert.id] = alert
            added.append(alert)
        if added:
            self._append({"event": "seen", **asdict(a)} for a in added)
        return [a for a in added if a.state == "new"]

    def _snoozed_until(self, key: str, now: datetime) -> str | None:
        for alert in self.alerts.values():
            until = alert.snoozed_until
            if alert.key == key and alert.state == "snoozed" and until and _parse_time(until) > now:
                return until
        return None

    def acknowledge(self, ids: Iterable[str]) -> None:
        """Mark alerts as read (snoozed ones too)."""
        changed = [i for i in ids if i in self.alerts and self.alerts[i].state != "acknowledged"]
        for ident in changed:
            self.alerts[ident] = replace(
                self.alerts[ident], state="acknowledged", snoozed_until=None
            )
        if changed:
            self._append({"event": "ack", "id": ident} for ident in changed)

    def acknowledge_all(self) -> None:
        """Mark every alert as read."""
        self.acknowledge(list(self.alerts))

    def snooze(self, ids: Iterable[str], until: datetime) -> None:
        """Quiet alerts until ``until``; then they are new again and ring again."""
        changed = [i for i in ids if i in self.alerts]
        stamp = until.isoformat()
        for ident in changed:
            self.alerts[ident] = replace(self.alerts[ident], state="snoozed", snoozed_until=stamp)
        if changed:
            self._append({"event": "snooze", "id": i, "until": stamp} for i in changed)

    def any_due(self) -> bool:
        """Whether a snoozed alert's time has come (cheap: no file is touched)."""
        now = self.clock()
        snoozed = (a for a in self.alerts.values() if a.state == "snoozed")
        return any(a.snoozed_until is None or _parse_time(a.snoozed_until) <= now for a in snoozed)

    def wake(self) -> list[Alert]:
        """Snoozed alerts whose time has come: new again (returned, to ring again)."""
        now = self.clock()
        due = [
            a
            for a in self.alerts.values()
            if a.state == "snoozed"
            and (a.snoozed_until is None or _parse_time(a.snoozed_until) <= now)
        ]
        for alert in due:
            self.alerts[alert.id] = replace(alert, state="new", snoozed_until=None)
        if due:
            self._append({"event": "wake", "id": a.id} for a in due)
        return [self.alerts[a.id] for a in due]

    @property
    def unread(self) -> int:
        """How many alerts are new (snoozed ones whose time has come included)."""
        now = self.clock()
        return sum(
            1
            for a in self.alerts.values()
            if a.state == "new"
            or (a.state == "snoozed" and a.snoozed_until and _parse_time(a.snoozed_until) <= now)
        )

    def history(self) -> list[Alert]:
        """All alerts, newest observation first."""
        return sorted(self.alerts.values(), key=lambda a: (a.day, a.first_seen), reverse=True)


def _parse_time(text: str) -> datetime:
    """An ISO time from the log; a naive one is taken as UTC."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
