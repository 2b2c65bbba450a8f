"""Open the 10Y drill-down several times in one app: the first time and the median after.

``python benchmarks/drill_open.py [--runs 7] [--real PATH]``

Each opening is measured as ``inside.open_10y_drill`` measures it (Enter on the 10Y row until
the chart has painted its spec), on the real published files with a frozen clock; Escape goes
back between two. Full garbage collections that land in an opening are reported beside it
(they belong to everything the process holds). ``--pilot`` measures the way the benchmark
did before, with ``Pilot.press`` and stopping as soon as the spec is built, for comparison
with older figures.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import inside  # noqa: E402


def _mark_drawn_on_render() -> None:
    """Give a Chart that renders through ``render()`` (before the strips change) a ``drawn``
    attribute, so this script can time older code the same way."""
    from jgbtui.ui.widgets.chart import Chart

    if "render_line" in Chart.__dict__:
        return
    render = Chart.render

    def render_and_mark(self):  # type: ignore[no-untyped-def]
        result = render(self)
        self.drawn = self.spec
        return result

    Chart.render = render_and_mark  # type: ignore[method-assign]


async def _pilot_open(app, pilot) -> float:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    from jgbtui.ui.screens.drill.series import SeriesScreen
    from jgbtui.ui.widgets.chart import Chart

    table = app.screen.query_one("#yields-table", DataTable)
    table.focus()
    table.move_cursor(row=list(table.rows).index(next(k for k in table.rows if k.value == "10Y")))
    await pilot.pause()
    start = time.perf_counter()
    await pilot.press("enter")
    await inside._until(
        pilot,
        lambda: (
            isinstance(app.screen, SeriesScreen) and app.screen.query_one(Chart).spec is not None
        ),
    )
    return (time.perf_counter() - start) * 1000


async def measure(real: Path, runs: int, pilot_way: bool) -> list[tuple[float, float]]:
    """(milliseconds, of which full garbage collections) for each of ``runs`` openings of the
    10Y drill-down in one app."""
    from jgbtui.runtime.options import Options
    from jgbtui.sources.cache import PayloadCache
    from jgbtui.sources.fetcher import Fetcher, make_client
    from jgbtui.ui.app import JgbApp

    _mark_drawn_on_render()
    folder = Path(tempfile.mkdtemp(prefix="jgbtui-drill-"))
    fetcher = Fetcher(
        make_client(transport=inside.mock_transport(inside.routes(real))),
        PayloadCache(folder / "cache"),
        clock=lambda: inside.NOW,
    )
    options = Options(
        cache_dir=folder / "cache",
        alert_log=folder / "alerts.jsonl",
        crash_record=folder / "crash.json",
    )
    app = JgbApp(options, clock=lambda: inside.NOW, fetcher=fetcher)
    times = []
    collector = inside.GcClock()
    async with app.run_test(size=(160, 48)) as pilot:
        await inside._until_loaded(app, pilot)
        for _ in range(runs):
            await asyncio.sleep(0.2)  # let the previous screen's leftovers settle
            opener = _pilot_open if pilot_way else inside.open_10y_drill
            collector.full_ms = 0.0
            took = await opener(app, pilot)
            times.append((took, collector.full_ms))
            await pilot.press("escape")
            await pilot.pause()
    collector.stop()
    await fetcher.client.aclose()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "data" / "real")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pilot", action="store_true", help="measure the older way")
    args = parser.parse_args()
    times = asyncio.run(measure(args.real, args.runs, args.pilot))
    first, rest = times[0][0], [t for t, _ in times[1:]]
    later = statistics.median(rest) if rest else float("nan")
    quiet = [t for t, full in times[1:] if not full]
    calm = f"{statistics.median(quiet):.0f} ms" if quiet else "none"
    print(f"10Y drill-down open: first {first:.0f} ms, then median {later:.0f} ms")
    print(f"  median of those without a full garbage collection: {calm}")
    print("  each (full GC): " + " ".join(f"{t:.0f} ({full:.0f})" for t, full in times))


if __name__ == "__main__":
    main()
