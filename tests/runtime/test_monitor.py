"""The headless monitor: parse once, rebuild only on change, one view for every reader."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import json
import weakref
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.present.drill import anomaly_marks, load_series
from jgbtui.present.report import build_report
from jgbtui.runtime.alert_log import Alert
from jgbtui.runtime.config import AlertConfig
from jgbtui.runtime.monitor import Monitor
from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC
from jgbtui.sources.fred_dexjpus import NAME as FRED_NAME
from jgbtui.sources.fred_dexjpus import URL as FRED_URL
from jgbtui.sources.fred_dexjpus import FredUsdJpy
from jgbtui.sources.mof_jgb_yields import EN_CURRENT_URL, EN_HISTORY_URL, MofJgbYields

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def routes(real_file: Callable[[str], Path]) -> dict[str, bytes]:
    return {
        EN_CURRENT_URL: real_file("mof_jgbcme_current_en_2026-09.csv").read_bytes(),
        EN_HISTORY_URL: real_file("mof_jgbcme_all_en.csv").read_bytes(),
        FRED_URL: real_file("fred_DEXJPUS_newformat_2015-2025.csv").read_bytes(),
    }


def monitor_for(fetcher_factory, routes, tmp_path: Path, **options: object) -> Monitor:  # type: ignore[no-untyped-def]
    fetcher = fetcher_factory(routes, now=NOW)
    return Monitor(
        Options(cache_dir=tmp_path / "cache", alert_log=tmp_path / "alerts.jsonl", **options),  # type: ignore[arg-type]
        clock=lambda: NOW,
        sources=[MofJgbYields(), FredUsdJpy()],
        fetcher=fetcher,
    )


async def test_an_unchanged_payload_is_parsed_once_and_rebuilds_nothing(
    make_fetcher, routes, tmp_path: Path
) -> None:
    monitor = monitor_for(make_fetcher, routes, tmp_path)
    online, _ = monitor.fetchers()
    runner = asyncio.create_task(monitor.run())
    try:
        await _until(lambda: len(monitor.first_done) == 2 and monitor.view_is_current())
        assert monitor.results["mof_yields"].status == "ok"
        assert online.parses == 3  # current month, history, FRED: each parsed once
        builds = monitor.builds
        frames = monitor.results["mof_yields"].frames

        before = dict(monitor.results)
        monitor.refresh_now()  # the publishers answer with the very same bytes
        await _until(
            lambda: (
                not monitor.refreshing
                and all(monitor.results[n] is not r for n, r in before.items())
            )
        )
        await asyncio.sleep(0.05)
        assert online.parses == 3, "the same bytes were parsed again"
        assert monitor.builds == builds, "a refresh that changed nothing rebuilt the view"
        assert monitor.results["mof_yields"].frames is frames
        assert monitor.view_is_current()
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await monitor.close()


async def test_a_rejected_payload_keeps_the_last_good_and_says_why(
    make_fetcher, routes, tmp_path: Path
) -> None:
    monitor = monitor_for(make_fetcher, routes, tmp_path)
    first = await monitor.once()
    assert first["mof_yields"].status == "ok" and first["mof_yields"].as_of is not None
    assert first["mof_yields"].frames["yields"].loc["2026-09-11", "10Y"].item() == 2.987

    # The current-month file now ends with 10Y at 999 on its last day.
    lines = routes[EN_CURRENT_URL].split(b"\r\n")
    last = next(i for i, line in enumerate(lines) if line.startswith(b"2026/9/11,"))
    cells = lines[last].split(b",")
    cells[10] = b"999"
    lines[last] = b",".join(cells)
    routes[EN_CURRENT_URL] = b"\r\n".join(lines)
    second = await monitor_for(make_fetcher, routes, tmp_path).once()

    yields = second["mof_yields"]
    assert yields.status == "stale"
    assert yields.error == "rejected: mof_yields: 10Y 999 on 2026-09-11 is outside -2..25 %"
    assert yields.frames["yields"].loc["2026-09-11", "10Y"].item() == 2.987


async def test_alert_settings_reach_the_report_the_headlines_and_the_charts(
    make_fetcher, routes, tmp_path: Path
) -> None:
    async def check(alerts: AlertConfig) -> tuple[list[str], list[str], int]:
        monitor = monitor_for(make_fetcher, routes, tmp_path, alerts=alerts)
        results = await monitor.once()
        view = await asyncio.to_thread(monitor.build_view, results)
        report = json.loads(json.dumps(build_report(view, NOW)))
        in_report = [a["key"] for a in report["anomalies"] if a["key"].startswith("yields:")]
        in_view = [a.key for a in view.anomalies if a.key.startswith("yields:")]
        series = load_series(view.results, "10Y")
        marks = len(anomaly_marks("yields:10Y", series, view.anomalies))
        return in_report, in_view, marks

    on_report, on_view, on_marks = await check(AlertConfig())
    assert on_report and on_report == on_view and on_marks >= 1  # the real 10Y has records
    off = await check(dataclasses.replace(AlertConfig(), yields=False))
    assert off == ([], [], 0)


async def _until(condition: Callable[[], bool], limit: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the monitor")
        await asyncio.sleep(0.02)


async def test_a_warm_start_loads_the_parsed_frames_instead_of_parsing(
    make_fetcher, routes, tmp_path: Path
) -> None:
    cold = monitor_for(make_fetcher, routes, tmp_path)
    first = await cold.once()
    assert cold.fetchers()[0].parses == 3

    warm = monitor_for(make_fetcher, routes, tmp_path)  # a new process: nothing in memory
    second = await warm.once()
    assert warm.fetchers()[0].parses == 0, "the cached payloads were parsed again"
    for name in ("mof_yields", "fred_usdjpy"):
        for key, frame in first[name].frames.items():
            pd.testing.assert_frame_equal(second[name].frames[key], frame, check_exact=True)


async def test_the_monitor_keeps_one_copy_of_each_frame(
    make_fetcher, routes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jgbtui.sources import mof_jgb_yields

    parsed: list[weakref.ref[pd.DataFrame]] = []
    real_parse = mof_jgb_yields.parse

    def recording(raw: bytes) -> pd.DataFrame:
        frame = real_parse(raw)
        parsed.append(weakref.ref(frame))
        return frame

    monkeypatch.setattr(mof_jgb_yields, "parse", recording)
    monitor = monitor_for(make_fetcher, routes, tmp_path)
    results = await monitor.once()
    await asyncio.sleep(0)
    gc.collect()
    shown = results["mof_yields"].frames["yields"]
    assert len(parsed) == 2  # the current month and the history
    # Both were merged into the frame shown; nothing (the parse memo) keeps them as well.
    assert [ref() for ref in parsed if ref() is not None] == []
    view = monitor.build_view(results)
    assert view.results["mof_yields"].frames["yields"] is shown


class _Listener:
    """Records what the monitor tells the TUI."""

    def __init__(self) -> None:
        self.fired: list[Alert] = []
        self.announcements = 0
        self.views = 0

    def sources_changed(self, results: object, refreshing: object) -> None:
        pass

    def view_ready(self, view: object) -> None:
        self.views += 1

    def alerts_fired(self, fresh: list[Alert], unread: int) -> None:
        self.announcements += 1
        self.fired += fresh

    def demo_started(self) -> None:
        pass


async def test_a_rule_rings_once_in_the_running_monitor_and_the_view_is_journalled(
    make_fetcher, routes, tmp_path: Path
) -> None:
    from jgbtui.runtime.journal import read_day
    from jgbtui.runtime.rules import parse_rule

    rule = parse_rule({"series": "jgb:10Y", "above": 2.95}, origin="config")
    listener = _Listener()
    monitor = monitor_for(
        make_fetcher,
        routes,
        tmp_path,
        rules=(rule,),
        rules_file=tmp_path / "rules.json",
        journal_dir=tmp_path / "journal",
    )
    monitor.events = listener
    runner = asyncio.create_task(monitor.run())
    try:
        await _until(lambda: any(a.is_rule() for a in listener.fired))
        await _until(monitor.view_is_current)
        before = dict(monitor.results)
        monitor.refresh_now()  # the same files again: nothing new to judge
        await _until(
            lambda: (
                not monitor.refreshing
                and all(monitor.results[n] is not r for n, r in before.items())
            )
        )
        await monitor.check_rules()  # as after a rule was edited: still nothing new
        await asyncio.sleep(0.05)
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await monitor.close()
    rings = [a for a in listener.fired if a.is_rule()]
    assert [(a.value, a.day, a.text) for a in rings] == [
        (2.987, "2026-09-11", "jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)")
    ]
    assert monitor.alert_log.alerts[rings[0].id].state == "new"
    [status] = monitor.rules.statuses(monitor.alert_log)
    assert status.status == "fired" and status.alert == "new"

    entries = read_day(tmp_path / "journal", NOW.astimezone().date())
    assert entries and entries[0].full
    shown = {row["label"]: row["value"] for row in entries[-1].parts["yields"]}
    assert shown["10Y"] == 2.987


async def test_the_first_load_is_announced_once_when_the_last_source_changes_the_view(
    make_fetcher, routes, tmp_path: Path
) -> None:
    """The yields view is current before FRED answers; FRED's data then changes the view.
    The first load is announced once, from the view with both (one bell), not also from the
    view that was current a moment before FRED's data was merged."""
    import httpx

    from jgbtui.runtime.rules import parse_rule

    release = asyncio.Event()
    fred = routes[FRED_URL]

    async def late_fred(_request: httpx.Request) -> httpx.Response:
        await release.wait()
        return httpx.Response(200, content=fred)

    rule = parse_rule({"series": "jgb:10Y", "above": 2.95}, origin="config")
    listener = _Listener()
    monitor = monitor_for(
        make_fetcher, {**routes, FRED_URL: late_fred}, tmp_path, rules=(rule,),
        rules_file=tmp_path / "rules.json",
    )  # fmt: skip
    monitor.events = listener
    runner = asyncio.create_task(monitor.run())
    try:
        await _until(lambda: "mof_yields" in monitor.first_done and monitor.view_is_current())
        assert listener.announcements == 0  # FRED has not answered yet: nothing announced
        release.set()
        await _until(lambda: len(monitor.first_done) == 2 and monitor.view_is_current())
        await asyncio.sleep(0.1)  # an announcement still on its way would arrive now
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await monitor.close()
    assert listener.announcements == 1
    assert [a.value for a in listener.fired if a.is_rule()] == [2.987]
    assert monitor.view is not None and monitor.view.results[FRED_NAME].has_data


async def test_demo_data_never_rings_a_rule_nor_reaches_the_journal(
    make_fetcher, routes, tmp_path: Path
) -> None:
    from jgbtui.runtime.rules import parse_rule

    rule = parse_rule({"series": "jgb:10Y", "above": -5}, origin="config")
    listener = _Listener()
    monitor = monitor_for(
        make_fetcher,
        {},  # no network, no cache: the demo fallback
        tmp_path,
        rules=(rule,),
        rules_file=tmp_path / "rules.json",
        journal_dir=tmp_path / "journal",
    )
    monitor.events = listener
    runner = asyncio.create_task(monitor.run())
    try:
        await _until(lambda: monitor.demo_fallback and monitor.view is not None)
        await _until(monitor.view_is_current)
        await monitor.check_rules()
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await monitor.close()
    assert listener.fired == [] and listener.views >= 1
    from jgbtui.runtime.journal import read_day

    # What was shown before the fallback (every pane: no data) is journalled; DEMO never.
    entries = read_day(tmp_path / "journal", NOW.astimezone().date())
    states = {s["status"] for e in entries for s in e.parts["sources"]}
    assert states <= {"error"}
    assert all(not e.parts["yields"] for e in entries)


async def test_what_the_monitor_loads_is_kept_out_of_the_collector(
    make_fetcher, routes, tmp_path: Path
) -> None:
    """pandas, the parsers and the sources are frozen (gc.freeze) once loaded: a full garbage
    collection, which holds the GIL, no longer walks them and freezes the screen."""
    import gc

    gc.unfreeze()
    monitor = monitor_for(make_fetcher, routes, tmp_path, demo=True)
    try:
        await monitor.run()  # demo mode: loads, shows the demo data once, returns
        assert gc.get_freeze_count() > 0
        assert gc.isenabled(), "the collector runs again once they are frozen"
    finally:
        await monitor.close()
