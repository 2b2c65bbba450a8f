"""SVG snapshots of the monitor (pytest-textual-snapshot) at 80x24, 120x40 and 160x48.

The clock is frozen (12:00 JST, local time UTC) and every source answers from a mock
transport with the real published files under their official URLs (SYNTHETIC fixtures only
for the sources that have none), so the screens are deterministic. Nothing here presses
``r`` or ``t`` (their toasts would be in the picture). Update the baselines on purpose with
``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the SVGs before
committing them.
"""

from __future__ import annotations

from textual.pilot import Pilot

from .conftest import make_app, wait_until_loaded


async def run_before(pilot: Pilot[None]) -> None:
    """Every source has reported and the panes show the latest results; no toasts.

    New alerts raise a toast (for 10 s) when the data first arrive: clear it, so the
    picture does not depend on timing. The alert count on the board strip stays.
    """
    await wait_until_loaded(pilot.app, pilot)  # type: ignore[arg-type]
    pilot.app.clear_notifications()
    await pilot.pause()


def test_80x24_yields(snap_compare, full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_80x24_usdjpy(snap_compare, full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    assert snap_compare(app, press=["4"], terminal_size=(80, 24), run_before=run_before)


def test_80x24_signals(snap_compare, full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    assert snap_compare(app, press=["5"], terminal_size=(80, 24), run_before=run_before)


def test_80x24_hedged_carry_in_full(snap_compare, full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    keys = ["5", "end", "enter"]
    assert snap_compare(app, press=keys, terminal_size=(80, 24), run_before=run_before)


def test_120x40_all_panes(snap_compare, full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_160x48_all_panes(snap_compare, full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_160x48_demo(snap_compare, tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_80x24_calendar(snap_compare, full_routes, tmp_path) -> None:
    """Key 6: the BOJ, CPI and homecoming figures over the events with countdowns."""
    app = make_app(full_routes, tmp_path)
    assert snap_compare(app, press=["6"], terminal_size=(80, 24), run_before=run_before)
