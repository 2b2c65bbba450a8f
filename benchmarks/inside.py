"""Measure jgbtui from inside one process: event-loop stalls, drill-down opening, parsing, growth.

Everything runs on the real published files (``../shared/data/real``), served through an
``httpx`` mock transport under their official URLs, with a frozen clock.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import mock_transport  # noqa: E402
from mirror import real_payloads, synthetic_payloads  # noqa: E402

from jgbtui.runtime.options import Options  # noqa: E402
from jgbtui.sources.base import UTC  # noqa: E402
from jgbtui.sources.cache import PayloadCache  # noqa: E402
from jgbtui.sources.fetcher import Fetcher, make_client  # noqa: E402

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def median_ms(action: Callable[[], object], runs: int = 7) -> float:
    """Median wall time of ``action`` in milliseconds (one warm-up first)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class LagProbe:
    """Wakes every 5 ms and records how late each wake-up was: the event loop's stalls."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.running = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin probing on the running loop."""
        self.running = True
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while self.running:
            before = loop.time()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, loop.time() - before - 0.005)

    async def stop(self) -> float:
        """Stop; the worst stall seen, in milliseconds."""
        self.running = False
        if self._task is not None:
            await self._task
        return self.worst * 1000


@dataclass
class AppFigures:
    """What the in-process app run measured."""

    stall_first_load_ms: float
    stall_refresh_ms: float
    drill_open_ms: float
    drill_years: float
    drill_full_gc_ms: float = 0.0
    """Of ``drill_open_ms``, the time full garbage collections took (0 when none ran)."""


def routes(real: Path) -> dict[str, bytes]:
    """Official URL -> bytes: the real files, and synthetic ones where none exists."""
    return {**synthetic_payloads(), **real_payloads(real)}


async def measure_app(real: Path) -> AppFigures:
    """Load every source into the TUI, refresh them all, open the 10Y drill-down."""
    from jgbtui.ui.app import JgbApp
    from jgbtui.ui.screens.drill.series import SeriesScreen

    folder = Path(tempfile.mkdtemp(prefix="jgbtui-bench-"))
    fetcher = Fetcher(
        make_client(transport=mock_transport(routes(real))),
        PayloadCache(folder / "cache"),
        clock=lambda: NOW,
    )
    options = Options(
        cache_dir=folder / "cache",
        alert_log=folder / "alerts.jsonl",
        crash_record=folder / "crash.json",
    )
    app = JgbApp(options, clock=lambda: NOW, fetcher=fetcher)
    async with app.run_test(size=(160, 48)) as pilot:
        probe = LagProbe()
        probe.start()
        await _until_loaded(app, pilot)
        first = await probe.stop()

        probe = LagProbe()
        probe.start()
        monitor = app.monitor
        assert monitor is not None
        before = dict(monitor.results)
        await pilot.press("r")
        await _until(
            pilot,
            lambda: (
                not monitor.refreshing
                and all(monitor.results[n] is not r for n, r in before.items())
            ),
        )
        await _until_loaded(app, pilot)
        refresh = await probe.stop()

        collector = GcClock()
        opened = await open_10y_drill(app, pilot)
        collector.stop()
        series = app.screen.series if isinstance(app.screen, SeriesScreen) else pd.Series()
        years = (series.index[-1] - series.index[0]).days / 365.25 if len(series) else 0.0
    await fetcher.client.aclose()
    return AppFigures(first, refresh, opened, years, collector.full_ms)


class GcClock:
    """Time spent in full (oldest generation) garbage collections from now on.

    One can land in any measured stretch and add 100 ms or more that belongs to everything
    the process holds, not to what is being measured; figures say how much of them it was.
    """

    def __init__(self) -> None:
        self.full_ms = 0.0
        self._start = 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif info["generation"] == 2:
            self.full_ms += (time.perf_counter() - self._start) * 1000

    def stop(self) -> None:
        """Stop counting."""
        if self._tick in gc.callbacks:
            gc.callbacks.remove(self._tick)


async def open_10y_drill(app, pilot) -> float:  # type: ignore[no-untyped-def]
    """Press Enter on the 10Y row of the yields table: milliseconds until the 10Y chart is
    on screen (the screen is a SeriesScreen whose Chart has painted its spec, not merely
    built it).

    The key is posted as the terminal driver posts it, and the screen is polled every
    millisecond: ``Pilot.press`` waits for the process to look idle for 20 ms, twice, so it
    adds 40 ms or more of sleeping to whatever it measures.
    """
    from textual import events
    from textual.widgets import DataTable

    from jgbtui.ui.screens.drill.series import SeriesScreen
    from jgbtui.ui.widgets.chart import Chart

    def drawn() -> bool:
        screen = app.screen
        if not isinstance(screen, SeriesScreen):
            return False
        chart = screen.query_one(Chart)
        return chart.spec is not None and chart.drawn is chart.spec

    table = app.screen.query_one("#yields-table", DataTable)
    table.focus()
    table.move_cursor(row=list(table.rows).index(next(k for k in table.rows if k.value == "10Y")))
    await pilot.pause()
    key = events.Key("enter", "\r")
    key.set_sender(app)
    start = time.perf_counter()
    app.post_message(key)
    deadline = time.monotonic() + 60
    while not drawn():
        if time.monotonic() > deadline:
            raise TimeoutError("the 10Y drill-down was not drawn in time")
        await asyncio.sleep(0.001)
    return (time.perf_counter() - start) * 1000


async def _until(pilot, condition: Callable[[], bool], limit: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.01)


async def _until_loaded(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await _until(
        pilot,
        lambda: (
            app.monitor is not None
            and len(app.monitor.first_done) == len(app.monitor.sources) > 0
            and not app.monitor.refreshing
            and app.monitor.view_is_current()
            # A live view reaches the panes one per frame: loaded means all of them have it.
            and all(pane.view is app.monitor.view for pane in app.main_screen().panes)
        ),
    )


# --------------------------------------------------------------------------- parsing


def parse_figures(real: Path) -> tuple[float, float]:
    """(MoF full history parse, the same frame loaded from the frame store), in ms."""
    from jgbtui.sources import mof_jgb_yields
    from jgbtui.sources.framestore import FrameStore

    raw = (real / "mof_jgbcme_all_en.csv").read_bytes()
    parse_ms = median_ms(lambda: mof_jgb_yields.parse(raw))
    store = FrameStore(Path(tempfile.mkdtemp(prefix="jgbtui-frames-")))
    digest = hashlib.sha256(raw).hexdigest()
    store.save(digest, mof_jgb_yields.parse, mof_jgb_yields.parse(raw))
    load_ms = median_ms(lambda: store.load(digest, mof_jgb_yields.parse))
    return parse_ms, load_ms


# --------------------------------------------------------------------------- growth


def synthetic_history(years: int, end: date = date(2026, 9, 11)) -> bytes:
    """A MoF history file (English layout) of ``years`` years of business days, SYNTHETIC.

    A 500-year series ends in 2226 (pandas dates stop in 2262) and is beyond what any
    publisher has; it only shows how the costs grow.
    """
    if years > 250:
        end = date(1726 + years, 1, 1)
    days = pd.bdate_range(end=pd.Timestamp(end), periods=int(years * 261))
    rng = np.random.default_rng(years)
    walk = 2.0 + np.cumsum(rng.normal(0.0, 0.02, size=(len(days), 15)), axis=0) * 0.1
    lines = [
        "Interest Rate,,,,,,,,,,,,,,,(Unit : %)",
        "Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,25Y,30Y,40Y",
    ]
    for day, row in zip(days, np.round(walk, 3), strict=True):
        lines.append(f"{day.year}/{day.month}/{day.day}," + ",".join(f"{v:.3f}" for v in row))
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


@dataclass(frozen=True)
class Growth:
    """Costs for one history length."""

    years: int
    rows: int
    parse_ms: float
    load_ms: float
    gate_ms: float
    build_cold_ms: float
    build_warm_ms: float


def growth(years_list: tuple[int, ...] = (1, 10, 50, 500)) -> list[Growth]:
    """Parse, stored-frame load, gate and view build for yield histories of each length."""
    from jgbtui.present.memo import PartMemo
    from jgbtui.present.view import build_view
    from jgbtui.sources import mof_jgb_yields
    from jgbtui.sources.base import SourceResult
    from jgbtui.sources.catalog import MOF_YIELDS_SPEC
    from jgbtui.sources.framestore import FrameStore
    from jgbtui.sources.gate import judge

    out = []
    for years in years_list:
        raw = synthetic_history(years)
        frame = mof_jgb_yields.parse(raw)
        parse_ms = median_ms(lambda raw=raw: mof_jgb_yields.parse(raw), runs=3)
        store = FrameStore(Path(tempfile.mkdtemp(prefix="jgbtui-frames-")))
        digest = hashlib.sha256(raw).hexdigest()
        store.save(digest, mof_jgb_yields.parse, frame)
        load_ms = median_ms(lambda d=digest, s=store: s.load(d, mof_jgb_yields.parse), runs=3)
        # The gate judges at the day after the series ends (so no date is in its future).
        when = frame.index[-1].to_pydatetime() + timedelta(days=1)
        gate_ms = median_ms(
            lambda f=frame, w=when: judge(MOF_YIELDS_SPEC, {"yields": f}, w), runs=3
        )
        result = SourceResult(MOF_YIELDS_SPEC.name, "yields", "ok", {"yields": frame})

        def cold(result: SourceResult = result) -> None:
            import jgbtui.present.memo as memo_module
            import jgbtui.present.view as view_module

            fresh = PartMemo()
            memo_module.PARTS, view_module.PARTS = fresh, fresh  # nothing remembered
            build_view({result.name: result}, NOW)

        build_cold = median_ms(cold, runs=3)
        import jgbtui.present.memo as memo_module
        import jgbtui.present.view as view_module

        shared = PartMemo()
        memo_module.PARTS, view_module.PARTS = shared, shared
        build_warm = median_ms(lambda r=result: build_view({r.name: r}, NOW), runs=5)
        out.append(Growth(years, len(frame), parse_ms, load_ms, gate_ms, build_cold, build_warm))
    return out


def series_growth(real: Path) -> list[tuple[int, float]]:
    """Cold view build time with 1, 3, 5, 7 and 9 sources holding data (real files)."""
    import jgbtui.present.memo as memo_module
    import jgbtui.present.view as view_module
    from jgbtui.present.memo import PartMemo
    from jgbtui.present.view import build_view
    from jgbtui.runtime.monitor import Monitor

    folder = Path(tempfile.mkdtemp(prefix="jgbtui-bench-"))
    fetcher = Fetcher(
        make_client(transport=mock_transport(routes(real))),
        PayloadCache(folder / "cache"),
        clock=lambda: NOW,
    )
    monitor = Monitor(Options(cache_dir=folder / "cache"), clock=lambda: NOW, fetcher=fetcher)
    results = asyncio.run(monitor.once())
    names = list(results)
    out = []
    for count in (1, 3, 5, 7, len(names)):
        subset = {n: results[n] for n in names[:count]}

        def cold(subset: dict[str, object] = subset) -> None:
            fresh = PartMemo()
            memo_module.PARTS, view_module.PARTS = fresh, fresh
            build_view(subset, NOW)  # type: ignore[arg-type]

        out.append((count, median_ms(cold, runs=3)))
    return out


def years_between(first: date, last: date) -> float:
    """Length of a span in years."""
    return (last - first) / timedelta(days=365.25)
