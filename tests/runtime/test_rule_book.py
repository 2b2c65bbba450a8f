"""The rule book on the real files: fire once, never on rejected or DEMO data, persist."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from jgbtui.runtime.monitor import Monitor
from jgbtui.runtime.options import Options
from jgbtui.runtime.rule_book import RuleBook
from jgbtui.runtime.rules import RuleError, parse_rule
from jgbtui.sources import catalog
from jgbtui.sources.base import UTC, SourceResult
from jgbtui.sources.mof_jgb_yields import EN_CURRENT_URL, EN_HISTORY_URL, MofJgbYields

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
YIELDS = catalog.JGB_YIELDS


@pytest.fixture
def routes(real_file: Callable[[str], Path]) -> dict[str, bytes]:
    return {
        EN_CURRENT_URL: real_file("mof_jgbcme_current_en_2026-09.csv").read_bytes(),
        EN_HISTORY_URL: real_file("mof_jgbcme_all_en.csv").read_bytes(),
    }


async def real_results(make_fetcher, routes, tmp_path: Path, **options) -> dict[str, SourceResult]:  # type: ignore[no-untyped-def]
    monitor = Monitor(
        Options(cache_dir=tmp_path / "cache", alert_log=tmp_path / "alerts.jsonl", **options),
        clock=lambda: NOW,
        sources=[MofJgbYields()],
        fetcher=make_fetcher(routes, now=NOW),
    )
    try:
        return await monitor.once()
    finally:
        await monitor.close()


def config_rule(**table: object):  # type: ignore[no-untyped-def]
    return parse_rule(table, origin="config")


async def test_a_rule_fires_at_2_987_once_and_never_again_for_the_same_data(
    make_fetcher, routes, tmp_path: Path
) -> None:
    results = await real_results(make_fetcher, routes, tmp_path)
    rule = config_rule(series="jgb:10Y", above=2.95)
    book = RuleBook((rule,), tmp_path / "rules.json")
    fired = book.evaluate(results, NOW)
    assert [(a.value, a.day, a.text) for a in fired] == [
        (2.987, "2026-09-11", "jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)")
    ]
    assert fired[0].key == f"rule:{rule.id}" and fired[0].first_seen == NOW.isoformat()

    assert book.evaluate(results, NOW + timedelta(minutes=5)) == []  # a refresh
    restarted = RuleBook((rule,), tmp_path / "rules.json")
    assert restarted.evaluate(results, NOW + timedelta(hours=1)) == []  # a restart
    [status] = restarted.statuses()
    assert status.status == "fired"
    assert status.last_firing is not None
    assert status.last_firing["value"] == 2.987 and status.last_firing["as_of"] == "2026-09-11"
    assert status.last_firing["fired_at"] == NOW.isoformat()
    assert status.current == {"value": 2.987, "as_of": "2026-09-11", "stale": False}


def day_by_day(result: SourceResult, start: str, end: str) -> list[dict[str, SourceResult]]:
    """The real yields as they were published, one refresh per business day."""
    frame = result.frames[YIELDS.key]
    days = [d for d in frame.index if start <= d.strftime("%Y-%m-%d") <= end]
    return [
        {result.name: dataclasses.replace(result, frames={YIELDS.key: frame[frame.index <= d]})}
        for d in days
    ]


async def test_a_10y_hovering_around_a_level_fires_once(
    make_fetcher, routes, tmp_path: Path
) -> None:
    result = (await real_results(make_fetcher, routes, tmp_path))[YIELDS.source]
    # 13-30 April 2026: 2.467, then 2.423, 2.414, 2.409, 2.428, 2.405, 2.392, 2.406, 2.429 ...
    refreshes = day_by_day(result, "2026-04-13", "2026-04-30")
    steady = RuleBook((config_rule(series="jgb:10Y", above=2.41),), tmp_path / "a.json")
    bare = RuleBook((config_rule(series="jgb:10Y", above=2.41, hysteresis=0),), tmp_path / "b.json")
    rings: dict[str, list[str]] = {"steady": [], "bare": []}
    for number, results in enumerate(refreshes):
        now = NOW + timedelta(days=number)
        rings["steady"] += [a.day for a in steady.evaluate(results, now)]
        rings["bare"] += [a.day for a in bare.evaluate(results, now)]
        rings["steady"] += [a.day for a in steady.evaluate(results, now)]  # same data again
    assert rings["steady"] == ["2026-04-13"]
    assert rings["bare"] == ["2026-04-13", "2026-04-17", "2026-04-23"]


async def test_a_rejected_value_never_fires_and_stale_data_says_so(
    make_fetcher, routes, tmp_path: Path
) -> None:
    good = await real_results(make_fetcher, routes, tmp_path)
    book = RuleBook(
        (config_rule(series="jgb:10Y", above=5), config_rule(series="jgb:10Y", above=2.95)),
        tmp_path / "rules.json",
    )
    book.set_paused(book.rules()[1].id, True)  # checked only once the bad file arrives
    assert book.evaluate(good, NOW) == []

    # The publisher's file now ends with 10Y at 999: the gate rejects it, the last good
    # (2.987) stays, stale, and no rule sees 999.
    lines = routes[EN_CURRENT_URL].split(b"\r\n")
    last = next(i for i, line in enumerate(lines) if line.startswith(b"2026/9/11,"))
    cells = lines[last].split(b",")
    cells[10] = b"999"
    lines[last] = b",".join(cells)
    routes[EN_CURRENT_URL] = b"\r\n".join(lines)
    rejected = await real_results(make_fetcher, routes, tmp_path)
    assert rejected[YIELDS.source].status == "stale"
    assert "rejected" in (rejected[YIELDS.source].error or "")

    book.set_paused(book.rules()[1].id, False)
    fired = book.evaluate(rejected, NOW)
    assert [a.value for a in fired] == [2.987]
    assert fired[0].text.startswith("STALE data (MoF JGB yields: rejected: mof_yields: 10Y 999")
    assert fired[0].text.endswith("jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)")
    statuses = {s.rule.threshold: s for s in book.statuses()}
    assert statuses[5.0].status == "armed" and statuses[5.0].last_firing is None
    assert statuses[2.95].current == {"value": 2.987, "as_of": "2026-09-11", "stale": True}


async def test_demo_data_is_never_judged(make_fetcher, routes, tmp_path: Path) -> None:
    demo = await real_results(make_fetcher, routes, tmp_path, demo=True)
    assert demo[YIELDS.source].status == "demo"
    book = RuleBook((config_rule(series="jgb:10Y", above=0),), tmp_path / "rules.json")
    assert book.evaluate(demo, NOW) == []
    assert [s.status for s in book.statuses()] == ["demo"]


async def test_keyboard_rules_are_added_edited_paused_and_deleted(
    make_fetcher, routes, tmp_path: Path
) -> None:
    results = await real_results(make_fetcher, routes, tmp_path)
    configured = config_rule(series="jgb:10Y", above=2.95)
    path = tmp_path / "state" / "rules.json"
    book = RuleBook((configured,), path)
    added = book.add({"series": "jgb:10Y", "above": 3.0})
    assert added.id.startswith("u-") and added.origin == "user"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["rules"] == [{"id": added.id, "series": "jgb:10Y", "above": 3.0}]
    assert [a.key for a in book.evaluate(results, NOW)] == [f"rule:{configured.id}"]

    edited = book.edit(added.id, {"series": "jgb:10Y", "above": 2.9})
    assert edited.id == added.id
    assert [a.text for a in book.evaluate(results, NOW)] == [
        "jgb:10Y 2.987% is above 2.9 (as of 2026-09-11)"
    ]

    book.set_paused(added.id, True)
    book.edit(added.id, {"series": "jgb:10Y", "below": 3.5})
    assert book.evaluate(results, NOW) == []  # still paused after the edit
    assert {s.rule.id: s.status for s in book.statuses()}[added.id] == "paused"

    for refused in (
        lambda: book.edit(configured.id, {"series": "jgb:10Y", "above": 1}),
        lambda: book.delete(configured.id),
    ):
        with pytest.raises(RuleError, match="defined in the config file"):
            refused()
    book.set_paused(configured.id, True)  # config rules can be paused here
    assert {s.rule.id: s.status for s in book.statuses()}[configured.id] == "paused"

    book.delete(added.id)
    assert [r.id for r in book.rules()] == [configured.id]
    assert added.id not in json.loads(path.read_text(encoding="utf-8"))["state"]


def test_two_writers_never_lose_each_others_rules(tmp_path: Path) -> None:
    """The TUI and a cron `snapshot` change the same file: every change survives."""
    path = tmp_path / "rules.json"
    books = [RuleBook((), path), RuleBook((), path)]

    def add(book: RuleBook, level: float) -> None:
        for step in range(15):
            book.add({"series": "jgb:10Y", "above": level + step / 100})

    threads = [threading.Thread(target=add, args=(b, n)) for n, b in enumerate(books, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(RuleBook((), path).rules()) == 30
    assert not list(tmp_path.glob(".rules.json.*.tmp"))  # no temporary file left behind


def test_an_unreadable_rules_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text('{"version": 1, "rules": [', encoding="utf-8")  # torn by a crash
    book = RuleBook((), path)
    assert book.rules() == []
    assert (tmp_path / "rules.json.broken").read_text(encoding="utf-8").startswith('{"version"')
    book.add({"series": "usdjpy", "above": 160})
    assert [r.describe() for r in RuleBook((), path).rules()] == ["usdjpy above 160"]


def test_a_rule_no_longer_valid_is_skipped_and_kept_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "rules": [
                    {"id": "u-old", "series": "jgb:99Y", "above": 1},
                    {"id": "u-ok", "series": "jgb:10Y", "below": 2},
                ],
                "state": {},
            }
        ),
        encoding="utf-8",
    )
    book = RuleBook((), path)
    assert [r.id for r in book.rules()] == ["u-ok"]
    assert len(book.skipped) == 1 and "jgb:99Y" in book.skipped[0]
    book.add({"series": "jgb:5Y", "above": 2})
    assert "u-old" in path.read_text(encoding="utf-8")
