"""Alerts: anomalies the trader has been told about, kept in a log that survives restarts.

An alert is identified by what it is about and the observation date (``key|date``), not by
its wording, so a sentence that is re-phrased on a later refresh ("weakest since April" →
"weakest since March") is not announced twice. The log is JSON Lines, append-only:
``{"event": "seen", ...alert}`` and ``{"event": "ack", "id": ...}``; replaying it rebuilds
the state, and appending never rewrites what is already on disk.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal, Protocol

import platformdirs

State = Literal["new", "acknowledged"]


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


def alert_id(key: str, day: date) -> str:
    """The identity of an alert: what it is about and the observation date."""
    return f"{key}|{day.isoformat()}"


def default_log_path() -> Path:
    """``<user state dir>/jgbtui/alerts.jsonl``."""
    return platformdirs.user_state_path("jgbtui") / "alerts.jsonl"


class AlertLog:
    """The alert history, loaded from and appended to a JSON Lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path
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
            elif event == "ack" and record.get("id") in self.alerts:
                self.alerts[record["id"]] = replace(self.alerts[record["id"]], state="acknowledged")

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

    def acknowledge(self, ids: Iterable[str]) -> None:
        """Mark alerts as read."""
        changed = [i for i in ids if i in self.alerts and self.alerts[i].state == "new"]
        for ident in changed:
            self.alerts[ident] = replace(self.alerts[ident], state="acknowledged")
        if changed:
            self._append({"event": "ack", "id": ident} for ident in changed)

    def acknowledge_all(self) -> None:
        """Mark every alert as read."""
        self.acknowledge(list(self.alerts))

    @property
    def unread(self) -> int:
        """How many alerts are still new."""
        return sum(1 for a in self.alerts.values() if a.state == "new")

    def history(self) -> list[Alert]:
        """All alerts, newest observation first."""
        return sorted(self.alerts.values(), key=lambda a: (a.day, a.first_seen), reverse=True)
