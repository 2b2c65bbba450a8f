"""Charts: no line across a gap in the data, nothing outside the frame, a long history drawn
honestly (highs, lows, the last point), drawings reused, closed charts freed."""

from __future__ import annotations

import gc
import weakref
from datetime import date, timedelta

import pandas as pd
from rich.style import Style
from textual.strip import Strip

from jgbtui.analytics.history import day_numbers, gap_spans
from jgbtui.ui.screens.drill.series import SeriesScreen
from jgbtui.ui.screens.main import MainScreen
from jgbtui.ui.widgets.chart import (
    EPOCH,
    Chart,
    ChartSpec,
    ansi_strips,
    clip,
    date_ticks,
    plot_strips,
    segments,
)

from .conftest import make_app, wait_until_loaded


def days(*stamps: str) -> list[float]:
    return day_numbers(pd.DatetimeIndex(stamps))


def test_segments_break_only_across_a_gap() -> None:
    x = [1.0, 2.0, 3.0, 100.0, 101.0]
    y = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert segments(x, y, [(3.0, 100.0)]) == [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
        ([100.0, 101.0], [4.0, 5.0]),
    ]
    assert segments(x, y, []) == [(x, y)]
    # Downsampled points still break when the gap lies between them.
    assert len(segments([1.0, 150.0], [1.0, 2.0], [(3.0, 100.0)])) == 2


def test_clip_keeps_what_is_inside_the_frame() -> None:
    assert clip([1.0, 5.0, 9.0], [1.0, 2.0, 3.0], (2.0, 9.0)) == ([5.0, 9.0], [2.0, 3.0])
    assert clip([1.0], [1.0], None) == ([1.0], [1.0])


def test_gap_spans_of_daily_data_ignore_weekends_and_holidays() -> None:
    business = pd.bdate_range("2026-03-02", "2026-04-30")
    # Golden Week and New Year closures are about a week: not gaps.
    holiday = business.delete(range(20, 24))
    assert gap_spans(holiday) == ()
    # The real MoF files: the history ends on 30 Apr 2026, the current month starts 1 Sep.
    september = pd.bdate_range("2026-09-01", "2026-09-11")
    assert gap_spans(business.append(september)) == (tuple(days("2026-04-30", "2026-09-01")),)


def test_gap_spans_of_weekly_data() -> None:
    weeks = pd.date_range("2026-01-03", periods=20, freq="7D")
    assert gap_spans(weeks.delete([10])) == ()  # one missing week
    assert len(gap_spans(weeks.delete([10, 11, 12]))) == 1


async def test_the_10y_chart_breaks_between_april_and_september(full_routes, tmp_path) -> None:
    """The real MoF yields: no straight 4-month ramp from 30 Apr to 1 Sep 2026."""
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", *["j"] * 9, "enter", "3")
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        spec = screen.query_one(Chart).spec
        assert spec is not None
        trace = spec.traces[0]
        assert tuple(days("2026-04-30", "2026-09-01")) in trace.gaps
        runs = segments(trace.x, trace.y, trace.gaps)
        assert len(runs) == 2
        last_before = EPOCH + timedelta(days=int(runs[0][0][-1]))
        assert last_before == date(2026, 4, 30)


def test_date_ticks_over_forty_years_and_over_ten_days() -> None:
    forty = date_ticks(day_number(date(1986, 7, 5)), day_number(date(2026, 9, 11)), 11)
    assert [label for _, label in forty] == [str(y) for y in range(1990, 2030, 5)]
    assert forty[0][0] == day_number(date(1990, 1, 1))
    ten = date_ticks(day_number(date(2026, 9, 1)), day_number(date(2026, 9, 10)), 11)
    assert [label for _, label in ten] == [f"{d} Sep" for d in range(1, 11)]
    # Two at most: weekly ticks fall on Mondays.
    assert date_ticks(day_number(date(2026, 9, 1)), day_number(date(2026, 9, 10)), 2) == (
        (day_number(date(2026, 9, 7)), "7 Sep"),
    )
    assert date_ticks(10.0, 5.0, 5) == ()


# -- the full 10Y history: honest and drawn straight from plotext's matrix -----------------

HIGH, LOW = (date(1990, 9, 28), 8.105), (date(2016, 7, 27), -0.297)


def day_number(day: date) -> float:
    return float((day - EPOCH).days)


def plot_area(chart: Chart) -> list[str]:
    """The plot's rows inside its frame (between the y axis and the right edge), top first."""
    lines = [chart.render_line(y).text for y in range(chart.size.height)]
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    left, right = lines[top].index("┌") + 1, lines[top].rindex("┐")
    return [line[left:right] for line in lines[top + 1 : bottom]]


def braille_columns(row: str) -> list[int]:
    return [i for i, char in enumerate(row) if "\u2801" <= char <= "\u28ff"]


async def test_the_full_10y_chart_keeps_its_extremes_and_last_point(full_routes, tmp_path) -> None:
    """40 years of daily 10Y yields drawn ~200 columns wide: the 1990 high (8.105) and the
    2016 low (-0.297) are on the line, at their dates, and so is the latest yield."""
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", *["j"] * 9, "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        chart = screen.query_one(Chart)
        spec = chart.spec
        assert spec is not None and chart.drawn is spec  # painted, not only built
        series = screen.series
        assert len(series) > 9_000
        trace = spec.traces[0]
        assert len(trace.x) <= 2 * chart.size.width  # what the braille columns can show
        points = dict(zip(trace.x, trace.y, strict=True))
        for day, value in (HIGH, LOW):
            assert points[day_number(day)] == value
        last_day = series.index[-1].date()
        assert trace.x[-1] == day_number(last_day)
        assert trace.y[-1] == series.iloc[-1]
        assert max(trace.y) == series.max() and min(trace.y) == series.min()

        # On screen: the top row of the plot is the high, the bottom row the low, each in
        # the column of its date (within the braille cell's rounding).
        rows = plot_area(chart)
        lo, hi = min(trace.x), max(trace.x)

        def column(day: date) -> float:
            return (day_number(day) - lo) / (hi - lo) * (len(rows[0]) - 1)

        for row, (day, _) in ((rows[0], HIGH), (rows[-1], LOW)):
            assert braille_columns(row), row
            assert min(abs(c - column(day)) for c in braille_columns(row)) <= 1.5


async def test_matrix_strips_match_plotexts_printed_output(full_routes, tmp_path) -> None:
    """The strips made from plotext's matrix show exactly what its ANSI text would."""
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", *["j"] * 9, "enter", "c")
        await pilot.pause()
        chart = app.screen.query_one(Chart)
        assert chart.spec is not None and len(chart.spec.traces) >= 3  # 10Y, US 10Y, marks
        width, height = chart.size
        chart._draw(chart.spec, width, height)  # leaves the figure built for this size
        fast = plot_strips(chart.plt, width, app.console)
        slow = ansi_strips(chart.plt.build(), width, app.console)

    def cells(strip: Strip) -> list[tuple[str, Style]]:
        return [(char, segment.style or Style.null()) for segment in strip for char in segment.text]

    assert len(fast) == len(slow) == height - 1  # the legend takes the first line
    for mine, reference in zip(fast, slow, strict=True):
        assert cells(mine) == cells(reference)


async def test_a_range_seen_before_is_not_drawn_again(full_routes, tmp_path, monkeypatch) -> None:
    draws: list[ChartSpec] = []
    draw = Chart._draw

    def counted(self: Chart, spec: ChartSpec, width: int, height: int) -> list[Strip]:
        draws.append(spec)
        return draw(self, spec, width, height)

    monkeypatch.setattr(Chart, "_draw", counted)
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", *["j"] * 9, "enter")
        await pilot.pause()
        assert len(draws) == 1  # the first frame, and the Resize after it, drew once
        await pilot.press("3")  # 1Y
        await pilot.pause()
        await pilot.press("6", "3")  # Max, 1Y again: both drawn before
        await pilot.pause()
        chart = app.screen.query_one(Chart)
        assert len(draws) == 2
        assert chart.drawn is chart.spec and chart.spec == draws[1]


async def test_a_closed_drill_screen_is_freed(full_routes, tmp_path) -> None:
    """Leaving a drill-down lets its screen and chart go (the theme signal let them stay)."""
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", *["j"] * 9, "enter")
        await pilot.pause()
        screen = weakref.ref(app.screen)
        chart = weakref.ref(app.screen.query_one(Chart))
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen)
        gc.collect()
        assert screen() is None and chart() is None
