"""The calendar, the BOJ/CPI/homecoming blocks and the strip, from the sources' own payloads.

Every source is refreshed (fetcher, parser, acceptance gate) from the real files of
``../shared/data/real`` and, where no real file exists, the SYNTHETIC fixtures, as the
mirror serves them; the view and the report are then built the one way the app builds them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import REAL_DIR
from mirror import real_payloads, synthetic_payloads

from jgbtui.present.calendar import CalendarView, Event, calendar_view
from jgbtui.present.events_text import (
    clip_words,
    countdown,
    countdown_cell,
    fit,
    last_text,
    next_tick,
    strip_pieces,
    when_text,
)
from jgbtui.present.macro_rows import macro_rows
from jgbtui.present.report import build_report
from jgbtui.present.view import MarketView, build_view
from jgbtui.runtime.refresh import refresh
from jgbtui.sources.base import TOKYO, UTC, SourceResult
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.load import build_all

#: 13:00 JST on Tuesday 1 December 2026: the 10Y auction's result (12:35) is out.
NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)


def results_at(make_fetcher: Callable[..., Fetcher], now: datetime) -> dict[str, SourceResult]:
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")
    fetcher = make_fetcher({**synthetic_payloads(), **real_payloads(REAL_DIR)}, now=now)

    async def run() -> list[SourceResult]:
        return [await refresh(source, fetcher, now) for source in build_all()]

    return {r.name: r for r in asyncio.run(run())}


@pytest.fixture
def view(make_fetcher: Callable[..., Fetcher]) -> MarketView:
    return build_view(results_at(make_fetcher, NOW), NOW)


def test_the_last_event_is_the_auction_with_its_result(view: MarketView) -> None:
    last = view.calendar.last(NOW)
    assert last is not None and last.kind == "jgb_auction"
    assert last.when == datetime(2026, 12, 1, 12, 35, tzinfo=TOKYO)
    # From the SYNTHETIC result page eresul20261201: 9,000.0 / 2,550.0 = 3.53; 3.052 - 3.045.
    assert last_text(last, NOW) == "10Y auction 12:35: BTC 3.53, tail 0.7bp"


def test_upcoming_events_in_time_order_with_their_times(view: MarketView) -> None:
    upcoming = view.calendar.upcoming(NOW)
    assert [e.when for e in upcoming] == sorted(e.when for e in upcoming)
    first = {e.kind: e for e in reversed(upcoming)}
    jst = {kind: e.when.astimezone(TOKYO) for kind, e in first.items()}
    assert jst["flows_weekly"] == datetime(2026, 12, 3, 8, 50, tzinfo=TOKYO)  # Thursday
    assert jst["jgb_auction"] == datetime(2026, 12, 3, 12, 35, tzinfo=TOKYO)  # 30Y
    assert jst["flows_monthly"] == datetime(2026, 12, 8, 8, 50, tzinfo=TOKYO)  # 6th bus. day
    assert jst["fomc"] == datetime(2026, 12, 10, 4, 0, tzinfo=TOKYO)  # 14:00 ET on 9 Dec
    assert jst["cpi_national"] == datetime(2026, 12, 18, 8, 30, tzinfo=TOKYO)
    assert jst["boj_decision"] == datetime(2026, 12, 18, 12, 0, tzinfo=TOKYO)
    assert jst["cpi_tokyo"] == datetime(2026, 12, 25, 8, 30, tzinfo=TOKYO)
    assert first["boj_decision"].approximate and not first["jgb_auction"].approximate
    assert first["cpi_tokyo"].what == "Tokyo CPI (Dec)"
    assert first["jgb_auction"].series == "auction:30Y:btc"


def test_snapshot_blocks(view: MarketView) -> None:
    report = build_report(view, NOW)
    calendar = report["calendar"]
    assert calendar and all(set(item) == {"when", "what", "kind", "series"} for item in calendar)
    times = [datetime.fromisoformat(item["when"]) for item in calendar]
    assert all(t.utcoffset() is not None for t in times) and times == sorted(times)
    assert calendar[0]["when"] == "2026-12-03T08:50:00+09:00"
    assert report["last_event"]["outcome"] == "BTC 3.53, tail 0.7bp"
    assert report["cpi"]["national"] == {
        "month": "2026-07",
        "all_items_yoy_pct": 1.9,
        "core_yoy_pct": 1.8,
        "core_core_yoy_pct": 1.9,
        "base": 2025,
        "text": "Japan core CPI +1.8% y/y, second straight rise",
    }
    tokyo = report["cpi"]["tokyo"]
    assert tokyo["month"] == "2026-11" and tokyo["core_yoy_pct"] == 2.1
    assert tokyo["text"] == "Tokyo core CPI +2.1% y/y, first rise in eight months"
    home = report["homecoming"]
    assert home["month"] == "2026-07"
    assert home["life_insurers_net_jpy_100m"] == -106
    assert home["trust_accounts_net_jpy_100m"] == 8957
    assert home["banks_net_jpy_100m"] == -2607
    boj = report["boj"]
    assert (boj["policy_rate_pct"], boj["since"], boj["decided"]) == (
        1.25,
        "2026-09-24",
        "2026-09-18",
    )
    assert boj["call_rate_pct"] == 1.225 and boj["as_of"] == "2026-11-20"
    assert boj["call_spread_bp"] == -2.5 and boj["next_meeting"] == "2026-12-18"
    assert "BIS" in boj["source"] and "statements" in boj["source"]
    assert report["signals"]["board"]["homecoming"]["state"] == "amber"


def test_boj_outcomes_hold_and_hike(view: MarketView) -> None:
    """The calendar as it read just after each meeting (the same frames, an earlier clock)."""
    after_hike = datetime(2026, 9, 20, 3, 0, tzinfo=UTC)
    calendar = calendar_view(view.frames, after_hike, view.boj, view.cpi)
    hike = next(e for e in calendar.past(after_hike) if e.kind == "boj_decision")
    assert hike.outcome == "raised to 1.25% (+25bp), effective 24 Sep"
    after_hold = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    calendar = calendar_view(view.frames, after_hold, view.boj, view.cpi)
    hold = next(e for e in calendar.past(after_hold) if e.kind == "boj_decision")
    assert hold.when.date().isoformat() == "2026-10-30" and hold.outcome == "held at 1.25%"


def test_macro_rows_read_the_view(view: MarketView) -> None:
    rows = {row.key: row for row in macro_rows(view, NOW.astimezone(TOKYO).date())}
    assert rows["boj:policy"].value == "1.25%"
    assert rows["boj:policy"].context == "+25bp 18 Sep, from 24 Sep; next MPM 18 Dec"
    assert rows["boj:call"].value == "1.225%"
    assert rows["cpi:tokyo"].value == "+2.1%"
    assert rows["cpi:national"].context.startswith("Jul core y/y, second straight rise")
    assert rows["homecoming"].context.startswith("Jul: lifers -¥11bn, pensions +¥896bn")


# -- formatting --------------------------------------------------------------------------


def event(when: datetime, **kwargs: object) -> Event:
    fields: dict[str, object] = {
        "what": "10Y JGB auction",
        "kind": "jgb_auction",
        "series": "auction:10Y:btc",
        "drill": "auction:10Y:2026-12-01",
    }
    fields.update(kwargs)
    return Event(when=when, **fields)  # type: ignore[arg-type]


def test_countdowns() -> None:
    assert countdown(timedelta(days=1, hours=20, minutes=5)) == "in 1d 20h 05m"
    assert countdown(timedelta(days=1, hours=20, minutes=5), fine=False) == "in 1d 20h"
    assert countdown(timedelta(days=3, hours=4, minutes=5)) == "in 3d 04h"
    assert countdown(timedelta(hours=5, minutes=7)) == "in 5h 07m"
    assert countdown(timedelta(minutes=42, seconds=10)) == "in 42m 10s"
    assert countdown(timedelta(seconds=30)) == "now"
    assert countdown(-timedelta(hours=3, minutes=5)) == "3h 05m ago"
    assert countdown(timedelta(days=16, hours=3)) == "in 16d"
    assert countdown_cell(timedelta(hours=2)) == "2h 00m"
    assert countdown_cell(-timedelta(days=2)) == "-2d 00h"


def test_times_are_jst_with_local_beside_and_the_year_outside_this_year() -> None:
    at = datetime(2026, 12, 3, 12, 35, tzinfo=TOKYO)
    assert when_text(event(at), NOW, UTC) == "Thu 03 Dec 12:35 JST (03:35 UTC)"
    assert when_text(event(at), NOW, TOKYO) == "Thu 03 Dec 12:35 JST"
    new_york = ZoneInfo("America/New_York")
    assert when_text(event(at), NOW, new_york) == "Thu 03 Dec 12:35 JST (Wed 22:35 EST)"
    later = datetime(2027, 1, 22, 12, 0, tzinfo=TOKYO)
    assert when_text(event(later, approximate=True), NOW, TOKYO) == "Fri 22 Jan 2027 ~12:00 JST"


def test_strip_keeps_the_next_and_the_last_whole() -> None:
    soon = event(NOW + timedelta(minutes=20), outcome=None)
    done = event(NOW - timedelta(minutes=25), outcome="BTC 3.53, tail 0.7bp")
    calendar = CalendarView((done, soon))
    pieces = strip_pieces(calendar, None, NOW)
    wide = fit(pieces, 158)
    assert [p.lead for p in wide] == ["Next:", "Last:"]
    assert wide[0].text == "10Y auction today 13:20 in 20m 00s" and wide[0].style
    narrow = fit(pieces, 78)
    assert [p.lead for p in narrow] == ["Next:", "Last:"]
    assert narrow[0].text == "10Y auction in 20m 00s"
    # Within the hour the strip ticks every second; otherwise at the next minute.
    assert next_tick(calendar, NOW) == 1.0
    assert next_tick(CalendarView((done,)), NOW) == 60.0


def test_clipping_never_cuts_a_word() -> None:
    text = "core y/y, first rise in eight months; all items +2.3%"
    for width in range(8, len(text) + 1):
        clipped = clip_words(text, width)
        assert len(clipped) <= width
        body = clipped.removesuffix("…")
        assert text.startswith(body) and (body == text or text[len(body)] in " ,;")


def test_the_calendar_series_ids_export(view: MarketView) -> None:
    """The ids the calendar names (``snapshot``'s ``series``) are series ``export`` knows."""
    from jgbtui.present.series import load, lookup

    for item in build_report(view, NOW)["calendar"]:
        if item["series"] is not None:  # T-bill and liquidity auctions have no series here
            lookup(item["series"])
    national = load(view.results, "cpi:national:core").rows
    july = national[national["date"] == "2026-07-01"]
    assert july["value"].tolist() == [1.8] and july["base"].tolist() == [2025]
    life = load(view.results, "homecoming:life_insurers").rows
    assert life["value"].iloc[-1] == -106 and str(life["date"].iloc[-1].date()) == "2026-07-31"
    policy = load(view.results, "boj:policy").rows
    assert policy["value"].tolist() == [0.25, 0.5, 0.75, 1.0, 1.25]
