"""The alert log: announce once, survive restarts, remember acknowledgements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from jgbtui.runtime.alert_log import Alert, AlertLog
from jgbtui.sources.base import UTC

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Anomaly:
    series: str
    date: date
    value: float
    text: str
    severity: str
    key: str


BTC = Anomaly(
    "auction:10Y",
    date(2026, 9, 1),
    3.13,
    "10Y auction bid-to-cover 3.13, weakest since June 2025",
    "warning",
    "auction:10Y:2026-09-01",
)


def test_an_anomaly_is_announced_once_even_if_reworded(tmp_path: Path) -> None:
    log = AlertLog(tmp_path / "alerts.jsonl")
    assert [a.text for a in log.observe([BTC], NOW)] == [BTC.text]
    reworded = Anomaly(
        BTC.series, BTC.date, 3.13, "10Y BTC 3.13, weakest since May 2025", "warning", BTC.key
    )
    assert log.observe([BTC, reworded], NOW) == []
    assert log.unread == 1


def test_restart_does_not_reannounce_and_keeps_acknowledgements(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    first = AlertLog(path)
    first.observe([BTC], NOW)
    first.acknowledge_all()
    second = AlertLog(path)
    assert second.observe([BTC], NOW) == []
    assert second.unread == 0
    assert second.history()[0].state == "acknowledged"
    later = Anomaly(BTC.series, date(2026, 10, 1), 3.0, "10Y BTC 3.00", "alert", "auction:10Y:x")
    assert len(second.observe([later], NOW)) == 1 and second.unread == 1
    assert [a.day for a in second.history()] == ["2026-10-01", "2026-09-01"]


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    AlertLog(path).observe([BTC], NOW)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"event": "seen", "id": "x|2026')  # crash mid-write
    log = AlertLog(path)
    assert list(log.alerts) == ["auction:10Y:2026-09-01|2026-09-01"]


def test_an_unwritable_log_keeps_alerts_in_memory_and_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the state directory should be")
    log = AlertLog(blocker / "alerts.jsonl")  # tests run as root: chmod would not stop us
    fresh = log.observe([BTC], NOW)
    assert [a.id for a in fresh] == ["auction:10Y:2026-09-01|2026-09-01"] and log.unread == 1
    assert log.problem is not None and "not written" in log.problem


def rule_alert(ident: str, when: datetime = NOW) -> Alert:
    return Alert(
        id=f"rule:u-1|2026-09-11|{ident}",
        key="rule:u-1",
        series="jgb:10Y",
        day="2026-09-11",
        value=2.987,
        text="jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)",
        severity="rule",
        first_seen=when.isoformat(),
    )


def test_a_snoozed_alert_is_quiet_until_its_time_then_new_again(tmp_path: Path) -> None:
    clock = [NOW]
    log = AlertLog(tmp_path / "alerts.jsonl", clock=lambda: clock[0])
    assert [a.id for a in log.record([rule_alert("a")])] == ["rule:u-1|2026-09-11|a"]
    assert log.unread == 1
    log.snooze(["rule:u-1|2026-09-11|a"], NOW + timedelta(hours=1))
    assert log.unread == 0 and not log.any_due() and log.wake() == []

    # The same rule fires again while snoozed: recorded, quiet, snoozed until the same time.
    assert log.record([rule_alert("b")]) == []
    quiet = log.alerts["rule:u-1|2026-09-11|b"]
    assert (
        quiet.state == "snoozed" and quiet.snoozed_until == (NOW + timedelta(hours=1)).isoformat()
    )

    clock[0] = NOW + timedelta(hours=1, seconds=1)
    assert log.unread == 2  # due: counted before the monitor wakes them
    assert log.any_due()
    woken = log.wake()
    assert sorted(a.id[-1] for a in woken) == ["a", "b"] and all(a.state == "new" for a in woken)
    assert log.wake() == [] and not log.any_due()

    # A restart replays the log: the same states.
    again = AlertLog(tmp_path / "alerts.jsonl", clock=lambda: clock[0])
    assert {a.id: a.state for a in again.alerts.values()} == {
        a.id: a.state for a in log.alerts.values()
    }
    again.acknowledge(["rule:u-1|2026-09-11|a"])
    again.snooze(["rule:u-1|2026-09-11|b"], clock[0] + timedelta(minutes=5))
    replayed = AlertLog(tmp_path / "alerts.jsonl", clock=lambda: clock[0])
    assert replayed.alerts["rule:u-1|2026-09-11|a"].state == "acknowledged"
    assert replayed.alerts["rule:u-1|2026-09-11|b"].state == "snoozed"
    assert replayed.unread == 0


def test_acknowledging_a_snoozed_alert_ends_the_snooze(tmp_path: Path) -> None:
    log = AlertLog(tmp_path / "alerts.jsonl", clock=lambda: NOW)
    log.record([rule_alert("a")])
    log.snooze(["rule:u-1|2026-09-11|a"], NOW + timedelta(hours=1))
    log.acknowledge(["rule:u-1|2026-09-11|a"])
    alert = log.alerts["rule:u-1|2026-09-11|a"]
    assert alert.state == "acknowledged" and alert.snoozed_until is None
    # A later firing of the rule rings: the snooze is over.
    assert [a.id for a in log.record([rule_alert("c")])] == ["rule:u-1|2026-09-11|c"]
