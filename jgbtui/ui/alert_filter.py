"""What the alerts screen shows: alerts filtered by state and by series, and how a state and
a snooze read in a cell."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from jgbtui.runtime.alert_log import STATES, Alert

ALL = "all"
#: Snoozes offered by the alerts screen: ``z`` an hour, ``Z`` until this hour tomorrow.
SNOOZE_SHORT = timedelta(hours=1)
SNOOZE_MORNING_HOUR = 8


def alert_series(alert: Alert) -> str:
    """The series id an alert is about (anomalies: by their key), else its label."""
    if alert.is_rule():
        return alert.series
    from jgbtui.present.targets import anomaly_series  # pandas is loaded by now

    return anomaly_series(alert.key) or alert.series


def state_text(alert: Alert) -> str:
    """``NEW``, ``read`` or ``snoozed 11:05`` (local time)."""
    if alert.state == "new":
        return "NEW"
    if alert.state == "snoozed" and alert.snoozed_until:
        until = datetime.fromisoformat(alert.snoozed_until).astimezone()
        return f"snoozed {until:%H:%M}"
    return "read" if alert.state == "acknowledged" else alert.state


def next_morning(now: datetime) -> datetime:
    """Tomorrow at :data:`SNOOZE_MORNING_HOUR` local time, for ``Z``."""
    local = now.astimezone()
    tomorrow = (local + timedelta(days=1)).replace(
        hour=SNOOZE_MORNING_HOUR, minute=0, second=0, microsecond=0
    )
    return tomorrow


@dataclass(frozen=True)
class AlertFilter:
    """The state and series the alerts screen shows (``all`` for either)."""

    state: str = ALL
    series: str = ALL

    def matches(self, alert: Alert) -> bool:
        """Whether ``alert`` passes the filter."""
        if self.state != ALL and alert.state != self.state:
            return False
        return self.series == ALL or alert_series(alert) == self.series

    def next_state(self) -> AlertFilter:
        """``f``: all, new, acknowledged, snoozed, all..."""
        order = [ALL, *STATES]
        return replace(self, state=order[(order.index(self.state) + 1) % len(order)])

    def next_series(self, alerts: Iterable[Alert]) -> AlertFilter:
        """``s``: all, then each series that has alerts (sorted), then all again."""
        order = [ALL, *sorted({alert_series(a) for a in alerts})]
        position = order.index(self.series) if self.series in order else 0
        return replace(self, series=order[(position + 1) % len(order)])

    def describe(self) -> str:
        """``all states, all series`` / ``new, jgb:10Y``."""
        state = "all states" if self.state == ALL else self.state
        series = "all series" if self.series == ALL else self.series
        return f"{state}, {series}"
