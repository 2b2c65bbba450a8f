"""BOJ policy rate (BIS series dated by BOJ statements), the call rate, and the BOJ and FOMC
meeting schedules.

No real copy of these answers is at hand, so the fixtures are SYNTHETIC in the publishers'
layouts (``scripts/demo/make_events.py``: the BOJ pages after real captures, the BIS and BOJ
API CSVs after the documented formats). The decisions are those of
``shared/docs/data-sources-more.md`` §2: 0.75% decided 2025-12-19 (effective 2025-12-22),
1.0% decided 2026-06-16 (2026-06-17), 1.25% decided 2026-09-18 (2026-09-24).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
import pytest

from jgbtui.runtime.refresh import refresh
from jgbtui.sources import boj_api
from jgbtui.sources.base import UTC, PayloadError
from jgbtui.sources.boj_call_rate import SERIES, BojCallRate
from jgbtui.sources.boj_mpm import BojMeetings, meeting_days, parse_schedule
from jgbtui.sources.boj_policy import (
    BIS_URL,
    BojPolicyRate,
    parse_bis_csv,
    parse_statements,
    policy_frame,
    statements_url,
)
from jgbtui.sources.catalog import BOJ_MPM_SPEC, BOJ_POLICY_SPEC, FED_FOMC_SPEC
from jgbtui.sources.fed_fomc import FomcMeetings, parse_calendar
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.gate import judge

BIS = "boj_policy/SYNTHETIC_bis_ws_cbpol_d_jp.csv"
FM01 = "boj_policy/SYNTHETIC_fm01_strdclucon.csv"
STATE = {2025: "boj_policy/SYNTHETIC_state_2025.htm", 2026: "boj_policy/SYNTHETIC_state_2026.htm"}
MPM = "boj_mpm/SYNTHETIC_mpm_schedule.htm"
FOMC = "fed_fomc/SYNTHETIC_fomccalendars.htm"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)

Bytes = Callable[[str], bytes]
MakeFetcher = Callable[..., Fetcher]


def tokyo(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="Asia/Tokyo")


def decisions(fixture_bytes: Bytes) -> pd.DataFrame:
    lists = [parse_statements(fixture_bytes(STATE[year])) for year in (2025, 2026)]
    return pd.concat(lists).sort_values("date").reset_index(drop=True)


def test_bis_series_steps_and_empty_days(fixture_bytes: Bytes) -> None:
    daily = parse_bis_csv(fixture_bytes(BIS))
    assert daily.index[0] == tokyo("2024-08-01") and daily.iloc[0] == 0.25
    # The last days are published without a value: dropped, never 0.
    assert daily.index[-1] == tokyo("2026-11-20") and daily.iloc[-1] == 1.25
    assert (daily > 0).all()


def test_policy_changes_carry_their_decision_dates(fixture_bytes: Bytes) -> None:
    policy = policy_frame(parse_bis_csv(fixture_bytes(BIS)), decisions(fixture_bytes))
    rows = [
        (eff.date(), rate, None if pd.isna(dec) else dec.date())
        for eff, rate, dec in zip(
            policy.index, policy["rate_pct"], policy["decision_date"], strict=True
        )
    ]
    assert rows == [
        (date(2024, 8, 1), 0.25, None),  # the start of the series: no change observed
        (date(2025, 1, 27), 0.5, date(2025, 1, 24)),
        (date(2025, 12, 22), 0.75, date(2025, 12, 19)),
        (date(2026, 6, 17), 1.0, date(2026, 6, 16)),
        (date(2026, 9, 24), 1.25, date(2026, 9, 18)),
    ]
    assert policy["change_bp"].iloc[1:].tolist() == [25.0] * 4
    assert policy["confirmed"].tolist() == [False, True, True, True, True]


def test_statement_list_reads_dates_titles_and_changes(fixture_bytes: Bytes) -> None:
    listed = parse_statements(fixture_bytes(STATE[2025]))
    changes = listed[listed["change"]]
    assert [d.date() for d in changes["date"]] == [date(2025, 12, 19), date(2025, 1, 24)]
    # "&nbsp;[PDF&nbsp;223KB]" is not part of the title; links are absolute.
    first = listed.iloc[1]
    assert first["title"] == "Change in the Guideline for Money Market Operations"
    assert first["url"] == "https://www.boj.or.jp/en/mopo/mpmdeci/mpr_2025/k251219a.pdf"
    with pytest.raises(PayloadError, match="HTML page without the statements table"):
        parse_statements(b"<html><body><p>maintenance</p></body></html>")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace(",JP,", ",US,", 1), "not Japan"),
        (lambda t: t.replace("OBS_VALUE", "VALUE"), "without OBS_VALUE"),
        (lambda t: t.replace("2025-06-02,0.5", "2025-06-02,high"), "not a rate"),
    ],
)
def test_bis_bad_payloads(fixture_bytes: Bytes, change: Callable[[str], str], message: str) -> None:
    text = fixture_bytes(BIS).decode("utf-8")
    with pytest.raises(PayloadError, match=message):
        parse_bis_csv(change(text).encode("utf-8"))


async def test_collect_reads_the_years_of_the_changes(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    routes = {
        BIS_URL: fixture_bytes(BIS),
        statements_url(2025): fixture_bytes(STATE[2025]),
        statements_url(2026): fixture_bytes(STATE[2026]),
    }
    collected = await BojPolicyRate().collect(make_fetcher(routes, now=NOW))
    assert collected.as_of == date(2026, 11, 20)
    assert not collected.problems
    assert judge(BOJ_POLICY_SPEC, collected.frames, NOW).accepted
    assert collected.frames["policy"]["rate_pct"].iloc[-1] == 1.25


async def test_a_statement_the_bis_series_does_not_show_yet_is_reported(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    """The BIS series ends before the September move: the statement says it happened."""
    header, *rows = fixture_bytes(BIS).decode("utf-8").splitlines()
    kept = [row for row in rows if row.split(",")[5] < "2026-09-24"]
    cut = "\n".join([header, *kept])
    routes = {
        BIS_URL: (cut + "\n").encode("utf-8"),
        statements_url(2025): fixture_bytes(STATE[2025]),
        statements_url(2026): fixture_bytes(STATE[2026]),
    }
    collected = await BojPolicyRate().collect(make_fetcher(routes, now=NOW))
    assert collected.frames["policy"]["rate_pct"].iloc[-1] == 1.0
    assert any(
        "2026-09-18" in p and "BIS series does not show the new rate yet" in p
        for p in collected.problems
    ), collected.problems


async def test_missing_statement_lists_leave_the_rate_without_decision_dates(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    collected = await BojPolicyRate().collect(make_fetcher({BIS_URL: fixture_bytes(BIS)}, now=NOW))
    policy = collected.frames["policy"]
    assert policy["decision_date"].isna().all()
    assert "decisions" not in collected.frames
    assert any("statement list 2026 unavailable" in p for p in collected.problems)


def test_call_rate_series_from_the_boj_api(fixture_bytes: Bytes) -> None:
    frame = boj_api.parse(SERIES, fixture_bytes(FM01))
    assert list(frame.columns) == ["call_rate_pct"]
    assert frame.index[-1] == tokyo("2026-11-20")
    assert frame["call_rate_pct"].iloc[-1] == 1.225
    # A few bp under the policy rate, as the realised rate is.
    assert (frame["call_rate_pct"].loc["2026-10-01":] < 1.25).all()
    with pytest.raises(PayloadError, match="unexpected series 'STRDCLUCON'"):
        boj_api.parse(boj_api.BojSeries("x", "FM01", "OTHER", "call", "c", ""), fixture_bytes(FM01))


async def test_call_rate_refresh_asks_for_fm01(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    # Only a request carrying db=FM01 is answered (anything else is a 404 here).
    url = "https://www.stat-search.boj.or.jp/api/v1/getDataCode?db=FM01"
    result = await refresh(BojCallRate(), make_fetcher({url: fixture_bytes(FM01)}, now=NOW), NOW)
    assert result.status == "ok", result.error
    assert result.as_of == date(2026, 11, 20)
    asked = boj_api.data_url(SERIES, NOW)
    assert "&db=FM01&" in asked and asked.endswith("&code=STRDCLUCON")
    assert "Bank of Japan does not guarantee" in result.notices[0]


def test_meeting_cells_give_first_and_decision_days() -> None:
    assert meeting_days("Jan. 22 (Thurs.), 23 (Fri.) [PDF 171KB]", 2026) == (
        date(2026, 1, 22),
        date(2026, 1, 23),
    )
    # A meeting across a month end (the real 2025 page): the month carries over.
    assert meeting_days("Apr. 30 (Wed.), May 1 (Thurs.) [PDF 352KB]", 2025) == (
        date(2025, 4, 30),
        date(2025, 5, 1),
    )
    assert meeting_days("To be announced", 2026) is None


def test_mpm_schedule_lists_decision_days_and_held_meetings(fixture_bytes: Bytes) -> None:
    meetings = parse_schedule(fixture_bytes(MPM))
    days = [d.date() for d in meetings["decision_date"]]
    assert days[:8] == [
        date(2026, 1, 23),
        date(2026, 3, 19),
        date(2026, 4, 28),
        date(2026, 6, 16),
        date(2026, 7, 31),
        date(2026, 9, 18),
        date(2026, 10, 30),
        date(2026, 12, 18),
    ]
    assert days[-1] == date(2027, 12, 17)
    held = meetings.set_index("decision_date")["statement_url"]
    assert held[tokyo("2026-09-18")].endswith("/mpr_2026/k260918a.pdf")
    assert held[tokyo("2026-12-18")] == ""
    assert meetings.set_index("decision_date")["outlook"][tokyo("2026-10-30")]


def test_mpm_source_says_when_the_next_decision_is(fixture_bytes: Bytes) -> None:
    source = BojMeetings()
    collected = source._collected(source.parse(fixture_bytes(MPM)), ())
    assert collected.as_of == date(2026, 10, 30)  # the last meeting held
    assert source.next_release(NOW, collected) == datetime(2026, 12, 18, 3, 0, tzinfo=UTC)
    assert judge(BOJ_MPM_SPEC, collected.frames, NOW).accepted


def test_fomc_calendar(fixture_bytes: Bytes) -> None:
    meetings = parse_calendar(fixture_bytes(FOMC))
    days = {
        d.date(): sep for d, sep in zip(meetings["decision_date"], meetings["sep"], strict=True)
    }
    assert days[date(2026, 12, 9)] is True  # "8-9*": with projections
    assert days[date(2027, 1, 27)] is False
    # "(notation vote)" is not a meeting.
    assert not any(d.month == 8 and d.year == 2025 for d in days)
    source = FomcMeetings()
    collected = source._collected(meetings, ())
    # 14:00 ET on 9 December is 19:00 UTC (04:00 JST on the 10th).
    assert source.next_release(NOW, collected) == datetime(2026, 12, 9, 19, 0, tzinfo=UTC)
    assert judge(FED_FOMC_SPEC, collected.frames, NOW).accepted


def test_fomc_month_crossing_meeting() -> None:
    page = (
        b'<html><body><div class="panel panel-default"><div class="panel-heading"><h4>'
        b'2027 FOMC Meetings</h4></div><div class="row fomc-meeting">'
        b'<div class="fomc-meeting__month"><strong>Apr/May</strong></div>'
        b'<div class="fomc-meeting__date">30-1</div></div></div></body></html>'
    )
    meetings = parse_calendar(page)
    assert meetings["start_date"].iloc[0].date() == date(2027, 4, 30)
    assert meetings["decision_date"].iloc[0].date() == date(2027, 5, 1)


def test_generator_output_matches_the_files() -> None:
    """Every SYNTHETIC fixture and DEMO payload of these sources is what the script writes."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "demo" / "make_events.py"
    spec = importlib.util.spec_from_file_location("make_events", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, content in module.outputs().items():
        assert "SYNTHETIC" in path.name or path.name == "urls.txt"
        assert path.read_bytes() == content, f"{path} is out of date: rerun {script.name}"
