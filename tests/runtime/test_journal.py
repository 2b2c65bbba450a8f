"""The journal: only what changed, one file a day, read back as it was, bounded in size."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from jgbtui.present.journal import view_from_parts, view_parts
from jgbtui.present.view import MarketView, build_view
from jgbtui.runtime.config import JournalConfig
from jgbtui.runtime.journal import Journal, day_file, entry_at, journal_days, read_day
from jgbtui.runtime.monitor import Monitor
from jgbtui.runtime.options import Options
from jgbtui.sources import catalog
from jgbtui.sources.base import UTC
from jgbtui.sources.fred_dexjpus import URL as FRED_URL
from jgbtui.sources.fred_dexjpus import FredUsdJpy
from jgbtui.sources.mof_jgb_yields import EN_CURRENT_URL, EN_HISTORY_URL, MofJgbYields

NOW = datetime(2026, 12, 1, 1, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _utc(utc_local_time: None) -> None:
    """Local time is UTC here (see ``tests/conftest.py``)."""


@pytest.fixture
async def view(make_fetcher, real_file: Callable[[str], Path], tmp_path: Path) -> MarketView:  # type: ignore[no-untyped-def]
    routes = {
        EN_CURRENT_URL: real_file("mof_jgbcme_current_en_2026-09.csv").read_bytes(),
        EN_HISTORY_URL: real_file("mof_jgbcme_all_en.csv").read_bytes(),
        FRED_URL: real_file("fred_DEXJPUS_newformat_2015-2025.csv").read_bytes(),
    }
    monitor = Monitor(
        Options(cache_dir=tmp_path / "cache", alert_log=tmp_path / "alerts.jsonl"),
        clock=lambda: NOW,
        sources=[MofJgbYields(), FredUsdJpy()],
        fetcher=make_fetcher(routes, now=NOW),
    )
    try:
        results = await monitor.once()
    finally:
        await monitor.close()
    return build_view(results, NOW)


def lines(folder: Path, day: date) -> list[dict]:
    return [json.loads(x) for x in day_file(folder, day).read_text().splitlines()]


def test_only_what_changed_is_written(view: MarketView, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = Journal(folder, JournalConfig())
    assert journal.record(view, NOW) is True
    assert journal.record(view, NOW + timedelta(minutes=1)) is False  # nothing changed

    # The yields source goes stale (its refresh failed): only the sources part is written.
    name = catalog.JGB_YIELDS.source
    stale = dict(view.results)
    stale[name] = dataclasses.replace(stale[name], status="stale", error="HTTP 503")
    assert journal.record(view, NOW + timedelta(minutes=2), stale) is True

    first, second = lines(folder, NOW.date())
    assert first["full"] is True and first["t"] == "2026-12-01T01:05:00+00:00"
    assert set(first["parts"]) >= {"sources", "yields", "spreads", "fx", "anomalies"}
    assert "full" not in second and list(second["parts"]) == ["sources"]

    # A new run starts the day's file again with a full line.
    again = Journal(folder, JournalConfig())
    assert again.record(view, NOW + timedelta(minutes=3)) is True
    assert lines(folder, NOW.date())[-1]["full"] is True


def test_a_day_reads_back_as_it_was_at_any_time(view: MarketView, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = Journal(folder, JournalConfig())
    name = catalog.JGB_YIELDS.source
    journal.record(view, NOW)
    stale = {**view.results, name: dataclasses.replace(view.results[name], status="stale")}
    journal.record(view, NOW + timedelta(hours=2), stale)

    entries = read_day(folder, NOW.date())
    assert [e.at.strftime("%H:%M") for e in entries] == ["01:05", "03:05"]
    assert entry_at(entries, NOW - timedelta(minutes=1)) is None
    at_two = entry_at(entries, NOW + timedelta(hours=1))
    assert at_two is entries[0]
    later = entry_at(entries, NOW + timedelta(hours=5))
    assert later is entries[1] and later.changed == ("sources",)
    rebuilt = view_from_parts(later.parts, later.at)  # the sources merged over the full line
    assert rebuilt.results[name].status == "stale" and rebuilt.results[name].has_data
    assert {r.label: r.value for r in rebuilt.yields}["10Y"] == 2.987

    # A line torn by a crash is skipped; the rest still reads.
    with day_file(folder, NOW.date()).open("a") as handle:
        handle.write('{"t": "2026-12-01T04:00:00+00:00", "parts": {"yie')
    assert len(read_day(folder, NOW.date())) == 2


def test_old_days_go_after_retention_days(view: MarketView, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    for back in (1, 6, 7, 30):
        day_file(folder, NOW.date() - timedelta(days=back)).write_text("{}\n")
    Journal(folder, JournalConfig(retention_days=7)).record(view, NOW)
    kept = [NOW.date() - timedelta(days=back) for back in (6, 1, 0)]
    assert journal_days(folder) == kept


def test_the_folder_stays_under_max_megabytes(view: MarketView, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    size = len(json.dumps(view_parts(view)))
    for back in (3, 2, 1):
        day_file(folder, NOW.date() - timedelta(days=back)).write_text("x" * size)
    # Room for today's full line and about one older day.
    limit = 2.5 * size / 1_000_000
    journal = Journal(folder, JournalConfig(max_megabytes=limit))
    assert journal.record(view, NOW) is True
    assert journal_days(folder) == [NOW.date() - timedelta(days=1), NOW.date()]

    # A day that alone outgrows the limit stops being written, and says why.
    tiny = Journal(tmp_path / "tiny", JournalConfig(max_megabytes=size / 2 / 1_000_000))
    assert tiny.record(view, NOW) is False
    assert tiny.problem is not None and "max_megabytes" in tiny.problem


def test_a_disabled_journal_writes_nothing(view: MarketView, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal", JournalConfig(enabled=False))
    assert journal.record(view, NOW) is False
    assert not (tmp_path / "journal").exists()


def test_two_apps_writing_the_same_day_read_back_apart(view: MarketView, tmp_path: Path) -> None:
    """Under ``jgbtui serve`` each browser tab is an app of its own, journalling the same day."""
    folder = tmp_path / "journal"
    one, two = Journal(folder, JournalConfig()), Journal(folder, JournalConfig())
    name = catalog.JGB_YIELDS.source
    waiting = dataclasses.replace(view, yields=())  # the first tab has no yields yet
    stale = {**view.results, name: dataclasses.replace(view.results[name], status="stale")}
    one.record(waiting, NOW)
    two.record(view, NOW + timedelta(minutes=1))
    one.record(waiting, NOW + timedelta(minutes=2), stale)  # a change line of the first tab
    two.record(view, NOW + timedelta(minutes=3), stale)  # ... and of the second

    entries = read_day(folder, NOW.date())
    assert [e.full for e in entries] == [True, True, False, False]
    assert all(set(e.changed) == {"sources"} for e in entries[2:])
    # Each change line merges over its own tab's view, not over the other tab's line.
    assert [len(e.parts["yields"]) for e in entries] == [0, 15, 0, 15]
    states = [{s["name"]: s["status"] for s in e.parts["sources"]}[name] for e in entries]
    assert states == ["ok", "ok", "stale", "stale"]
