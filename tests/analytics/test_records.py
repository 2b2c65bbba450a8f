"""Record context on small series with known answers, and on the real yields history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.analytics.phrasing import (
    auction_btc_text,
    flows_text,
    ordinal,
    streak_text,
    usdjpy_text,
    yen_amount,
    yield_pct,
    yield_text,
)
from jgbtui.analytics.records import (
    first_since,
    largest_move_context,
    record_context,
    streak,
)

from .real_yields import last_as_high, real_yields_frame, scan_real_yields

NAN = float("nan")


def series(values: dict[str, float], tz: str | None = "Asia/Tokyo") -> pd.Series:
    index = pd.DatetimeIndex(pd.to_datetime(list(values)))
    if tz is not None:
        index = index.tz_localize(tz)
    return pd.Series(list(values.values()), index=index, dtype="float64")


def monthly(start: str, values: list[float]) -> pd.Series:
    """One auction a month from ``start`` (first business-day-ish dates do not matter)."""
    dates = pd.date_range(start, periods=len(values), freq="MS").tz_localize("Asia/Tokyo")
    return pd.Series(values, index=dates, dtype="float64")


# 2024-01 .. 2026-09: 33 monthly 10Y auctions; the last one is 3.13.
BASE = [3.6, 3.7, 3.5, 3.8, 3.9, 3.4, 3.6, 3.7, 3.5, 3.8, 3.9, 3.6]  # 2024
BASE += [3.5, 3.3, 3.8, 0.0, 3.5, 3.5, 3.9, 3.7, 4.2, 4.1, 4.1, 3.7]  # 2025 (Apr set below)
BASE += [4.0, 3.7, 4.2, 4.0, 3.5, 4.0, 4.0, 3.5]  # 2026-01 .. 2026-08


@pytest.mark.parametrize(
    ("april_2025", "extra", "expected"),
    [
        # Strictly lower in April 2025, nothing as weak since: "weakest since April 2025".
        (2.98, {}, "10Y auction bid-to-cover 3.13, weakest since April 2025"),
        # Equal in April 2025: the phrase says so.
        (
            3.13,
            {},
            "10Y auction bid-to-cover 3.13, weakest since April 2025, when it was also 3.13",
        ),
        # Float noise from the division does not break the tie at the quoted precision.
        (
            3.1300000004,
            {},
            "10Y auction bid-to-cover 3.13, weakest since April 2025, when it was also 3.13",
        ),
        # A later tie wins over an older strict low: the *last* date as weak or weaker.
        (
            2.98,
            {19: 3.13},
            "10Y auction bid-to-cover 3.13, weakest since August 2025, when it was also 3.13",
        ),
        # Nothing as weak before: a record over the whole history.
        (3.3, {}, "10Y auction bid-to-cover 3.13, weakest on record (since January 2024)"),
    ],
)
def test_bid_to_cover_weakest_since(
    april_2025: float, extra: dict[int, float], expected: str
) -> None:
    values = [*BASE, 3.13]
    values[15] = april_2025
    for position, value in extra.items():
        values[position] = value
    btc = monthly("2024-01-01", values)
    record = record_context(btc, extreme="low", precision=2)
    assert auction_btc_text("10Y", record) == expected
    assert record.at == pd.Timestamp("2026-09-01", tz="Asia/Tokyo")
    if "on record" not in expected:
        month = expected.split("since ")[1][:11].strip(",")
        assert record.since is not None and f"{record.since:%B %Y}" == month


def test_record_dates_and_flags() -> None:
    values = [*BASE, 3.13]
    values[15] = 2.98
    record = record_context(monthly("2024-01-01", values), extreme="low", precision=2)
    assert record.since == pd.Timestamp("2025-04-01", tz="Asia/Tokyo")
    assert record.since_value == 2.98 and not record.tie and not record.on_record
    assert record.first == pd.Timestamp("2024-01-01", tz="Asia/Tokyo")
    assert record.earlier == 32
    assert record.reaches(1.0) and not record.reaches(1.5)


@pytest.mark.parametrize("where", ["history", "latest"])
def test_nan_never_counts(where: str) -> None:
    # A NaN is not "as low as" anything, and a NaN latest value is not an observation.
    s = series(
        {
            "2025-01-06": 3.0,
            "2025-06-02": NAN,
            "2025-09-01": 3.5,
            "2026-09-01": 3.13,
            **({"2026-10-01": NAN} if where == "latest" else {}),
        }
    )
    record = record_context(s, extreme="low", precision=2)
    assert record.at == pd.Timestamp("2026-09-01", tz="Asia/Tokyo")
    assert record.value == 3.13
    assert record.since == pd.Timestamp("2025-01-06", tz="Asia/Tokyo")
    assert record.earlier == 2


def test_at_picks_an_earlier_observation_and_empty_raises() -> None:
    s = series({"2025-01-06": 3.0, "2025-02-03": 2.5, "2025-03-03": 2.8, "2025-04-01": 2.4})
    record = record_context(s, extreme="low", at="2025-03-15")
    assert record.at == pd.Timestamp("2025-03-03", tz="Asia/Tokyo")
    assert record.since == pd.Timestamp("2025-02-03", tz="Asia/Tokyo")
    with pytest.raises(ValueError, match="no observation"):
        record_context(s, extreme="low", at="2024-12-31")
    with pytest.raises(ValueError):
        record_context(series({"2025-01-06": NAN}), extreme="high")
    only = record_context(series({"2025-01-06": 1.0}), extreme="high")
    assert only.first is None and not only.on_record and not only.reaches(0.0)


@pytest.mark.parametrize(
    ("earlier_date", "expected"),
    [
        ("2023-03-13", "JGB 30Y 4.05%, highest since 13 March 2023 (3 years)"),
        ("2025-11-03", "JGB 30Y 4.05%, highest since 3 November 2025 (1 year)"),
        ("2026-03-02", "JGB 30Y 4.05%, highest since 2 March 2026"),
    ],
)
def test_daily_series_use_the_full_date_and_years(earlier_date: str, expected: str) -> None:
    dates = pd.bdate_range("2022-01-03", "2026-11-20")
    values = pd.Series(3.0, index=dates.tz_localize("Asia/Tokyo"))
    values.iloc[-1] = 4.05
    values.loc[pd.Timestamp(earlier_date, tz="Asia/Tokyo")] = 4.1
    assert values.index.is_monotonic_increasing
    assert yield_text("30Y", record_context(values, extreme="high", precision=3)) == expected


def test_weekly_flows_largest_selling_in_three_years() -> None:
    weeks = pd.date_range("2022-01-08", "2026-09-12", freq="W-SAT").tz_localize("Asia/Tokyo")
    flows = pd.Series(2000.0, index=weeks)
    flows[pd.Timestamp("2023-03-11", tz="Asia/Tokyo")] = -16_000.0
    flows.iloc[-1] = -15_200.0
    record = record_context(flows, extreme="low", precision=0)
    assert flows_text(record) == (
        "foreign selling of Japanese long-term bonds ¥1.52tn, largest since March 2023 (3 years)"
    )


def test_usdjpy_weakest_yen() -> None:
    s = series(
        {"2024-07-03": 161.7, "2024-07-10": 163.0, "2025-01-10": 158.0, "2026-09-02": 162.83},
        tz=None,
    )
    assert usdjpy_text(record_context(s, extreme="high", precision=2)) == (
        "USD/JPY 162.83, weakest yen since 10 July 2024 (2 years)"
    )
    down = record_context(
        series({"2025-01-10": 150.0, "2026-01-05": 140.5}, tz=None), extreme="low"
    )
    assert usdjpy_text(down) == "USD/JPY 140.50, strongest yen on record (since 10 January 2025)"


def test_streak_of_selling_weeks_skips_missing_weeks() -> None:
    s = series(
        {
            "2026-08-15": -100.0,
            "2026-08-22": 500.0,
            "2026-08-29": -300.0,
            "2026-09-05": NAN,
            "2026-09-12": -700.0,
            "2026-09-19": -1000.0,
        }
    )
    run = streak(s, lambda v: v < 0)
    assert (run.length, run.total) == (3, -2000.0)
    assert run.start == pd.Timestamp("2026-08-29", tz="Asia/Tokyo")
    assert streak_text(run) == "3rd straight week of foreign selling"
    assert streak(s, lambda v: v > 0).length == 0
    assert streak(s, lambda v: v < 0, at="2026-08-22").length == 0
    assert streak(s.iloc[0:0], lambda v: v < 0).length == 0


def test_first_since() -> None:
    s = series(
        {
            "2025-03-01": -50.0,
            "2025-03-08": 10.0,
            "2025-03-15": 20.0,
            "2026-09-05": 30.0,
            "2026-09-12": -40.0,
        }
    )
    first = first_since(s, lambda v: v < 0)
    assert first is not None
    assert first.previous == pd.Timestamp("2025-03-01", tz="Asia/Tokyo") and first.gap == 3
    assert first.describe("week of foreign selling") == (
        "first week of foreign selling since March 2025"
    )
    assert first_since(s, lambda v: v > 0) is None  # the latest is not buying
    assert first_since(s, lambda v: v > 0, at="2026-09-05") is None  # a continuation
    never = first_since(s, lambda v: v < -45, at="2025-03-01")
    assert never is None  # no history before the first observation
    ever = first_since(s.iloc[1:], lambda v: v < 0)
    assert ever is not None and ever.previous is None
    assert ever.describe("week of selling") == "first week of selling on record (since March 2025)"


def test_largest_daily_move() -> None:
    days = pd.bdate_range("2025-01-06", "2026-09-11").tz_localize("Asia/Tokyo")
    levels = pd.Series(1.0, index=days)
    # A few known moves: +10bp in Feb 2025, -20bp in Jun 2025, +8bp the latest day.
    levels[days > pd.Timestamp("2025-02-10", tz="Asia/Tokyo")] += 0.10
    levels[days > pd.Timestamp("2025-06-10", tz="Asia/Tokyo")] -= 0.20
    levels.iloc[-1] += 0.08
    move = largest_move_context(levels, months=6, precision=4)
    assert move is not None and move.direction == "rise"
    assert move.change == pytest.approx(0.08)
    # The -20bp fall is bigger but a fall; the last rise as large is Feb 2025.
    assert move.record.since == pd.Timestamp("2025-02-11", tz="Asia/Tokyo")
    assert move.is_largest
    both = largest_move_context(levels, months=6, precision=4, absolute=True)
    assert both is not None and both.record.since == pd.Timestamp("2025-06-11", tz="Asia/Tokyo")
    short = largest_move_context(levels, months=24, precision=4)
    assert short is not None and not short.is_largest  # history is shorter than 24 months


def test_a_move_across_a_data_hole_is_not_a_move() -> None:
    s = series({"2026-04-28": 2.50, "2026-04-30": 2.52, "2026-09-01": 2.90})
    assert largest_move_context(s) is None
    assert largest_move_context(s, at="2026-04-30") is not None


@pytest.mark.parametrize(
    ("amount", "text"),
    [(15_200, "¥1.52tn"), (-15_200, "¥1.52tn"), (6_841, "¥684bn"), (384, "¥38.4bn"), (0, "¥0.0bn")],
)
def test_yen_amounts(amount: float, text: str) -> None:
    assert yen_amount(amount) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (13, "13th"), (22, "22nd")],
)
def test_ordinals(n: int, text: str) -> None:
    assert ordinal(n) == text


@pytest.mark.parametrize(("value", "text"), [(4.05, "4.05%"), (2.987, "2.987%"), (4.0, "4.00%")])
def test_yield_quotes(value: float, text: str) -> None:
    assert yield_pct(value) == text


# --- the real yields history -------------------------------------------------------------


@pytest.mark.parametrize(
    ("tenor", "day"),
    [
        ("30Y", "2026-04-30"),
        ("10Y", "2026-04-30"),
        ("20Y", "2026-04-30"),
        ("30Y", "2026-09-01"),
        ("10Y", "2026-09-02"),
    ],
)
def test_real_history_highest_since(real_file: Callable[[str], Path], tenor: str, day: str) -> None:
    history = real_file("mof_jgbcme_all_en.csv")
    current = real_file("mof_jgbcme_current_en_2026-09.csv")
    frame = real_yields_frame(history, current)
    table = scan_real_yields(history, current)
    expected = last_as_high(table, tenor, day)

    record = record_context(frame[tenor], extreme="high", at=day, precision=3)

    assert record.at.date().isoformat() == day
    assert record.value == table[day][tenor]
    if expected is None:
        assert record.on_record
        assert "highest on record" in yield_text(tenor, record)
    else:
        assert record.since is not None and record.since.date().isoformat() == expected
        since = pd.Timestamp(expected)
        assert f"highest since {since.day} {since:%B %Y}" in yield_text(tenor, record)
