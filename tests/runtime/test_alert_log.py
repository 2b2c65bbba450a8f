"""The alert log: announce once, survive restarts, remember acknowledgements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jgbtui.runtime.alert_log import AlertLog
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
