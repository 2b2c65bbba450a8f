"""Shared pieces of the UI tests: UTC local time, a frozen clock, an app over a mock transport.

``tests/ui`` is a package so that this conftest does not shadow ``tests/conftest.py`` (which
other test modules import as ``conftest``).
"""

from __future__ import annotations

import functools
import io
import re
import threading
import time
from collections.abc import Callable, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import REAL_DIR, Route, mock_transport
from mirror import real_payloads, synthetic_payloads
from rich.console import Console
from textual.pilot import Pilot

from jgbtui.present import view as viewmodel
from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, make_client
from jgbtui.ui.app import JgbApp
from jgbtui.ui.screens.main import MainScreen

#: 03:00 UTC = 12:00 in Tokyo, a Tuesday.
FROZEN = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
LOAD_TIMEOUT = 20.0
#: Seconds a lagging view is given, with no build running, before it is rebuilt (see below).

#: The real files the UI tests read (served under their official URLs).
REAL_NEEDED = (
    "mof_jgbcme_current_en_2026-09.csv",
    "mof_jgbcme_all_en.csv",
    "mof_jgbcm_current_ja_sjis_2025-10.csv",
    "fred_DEXJPUS_newformat_2015-2025.csv",
    "ust_daily_par_yield_curve_2025.csv",
    "ecb_eurofxref-hist.csv",
)

Routes = MutableMapping[str, Route]


@pytest.fixture(autouse=True)
def _utc_local_time(utc_local_time: None) -> None:
    """Local time is UTC here (see ``tests/conftest.py``)."""


class _ViewBuilds:
    """How many ``build_view`` calls are running (in the app's view worker threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0


VIEW_BUILDS = _ViewBuilds()


@pytest.fixture(autouse=True)
def _count_view_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count running view builds, so waits can tell when no older view is still coming."""
    original = viewmodel.build_view

    def build_view(*args: Any, **kwargs: Any) -> Any:
        with VIEW_BUILDS.lock:
            VIEW_BUILDS.running += 1
        try:
            return original(*args, **kwargs)
        finally:
            with VIEW_BUILDS.lock:
                VIEW_BUILDS.running -= 1

    monkeypatch.setattr(viewmodel, "build_view", build_view)


def skip_without_real() -> None:
    """Skip the calling test when ``../shared/data/real`` (or a needed file) is missing."""
    for name in REAL_NEEDED:
        if not (REAL_DIR / name).exists():
            pytest.skip(f"real data file {name} not available (expected in {REAL_DIR})")


@functools.cache
def _real_payloads() -> dict[str, bytes]:
    # Zipping the 1.8 MB ECB history takes a few tenths of a second: do it once.
    return real_payloads(REAL_DIR)


@pytest.fixture
def real_routes() -> dict[str, Route]:
    """Official URL -> real published bytes only (other sources get 404). A fresh dict."""
    skip_without_real()
    return dict(_real_payloads())


@pytest.fixture
def full_routes() -> dict[str, Route]:
    """Real files plus the SYNTHETIC fixtures for the sources that have no real file."""
    skip_without_real()
    return {**synthetic_payloads(), **_real_payloads()}


def make_app(
    routes: Routes,
    tmp_path: Path,
    *,
    demo: bool = False,
    log: list[str] | None = None,
    **options: Any,
) -> JgbApp:
    """A JgbApp on the frozen clock, fetching ``routes`` through a mock transport.

    ``routes`` is looked up at request time, so a test may change it while the app runs.
    Every requested URL is appended to ``log`` when given.
    """
    serve = mock_transport(routes)

    def handler(request: httpx.Request) -> httpx.Response:
        if log is not None:
            log.append(str(request.url))
        return serve.handler(request)  # type: ignore[no-any-return]

    fetcher = Fetcher(
        make_client(transport=httpx.MockTransport(handler)),
        PayloadCache(tmp_path / "cache"),
        clock=lambda: FROZEN,
    )
    settings = Options(
        **{
            "cache_dir": tmp_path / "cache",
            "demo": demo,
            # Never the user's state directory: each test starts with an empty alert history,
            # no rules and no journal (``options`` may set these and other ``Options``).
            "alert_log": tmp_path / "alerts.jsonl",
            "crash_record": tmp_path / "crash-suspects.json",
            "rules_file": tmp_path / "rules.json",
            "journal_dir": tmp_path / "journal",
            **options,
        }
    )
    return JgbApp(settings, clock=lambda: FROZEN, fetcher=fetcher)


def main_screen(app: JgbApp) -> MainScreen:
    """The app's MainScreen (wherever it is in the stack)."""
    screen = app.main_screen()
    assert screen is not None, "no MainScreen on the stack"
    return screen


def view_is_current(app: JgbApp) -> bool:
    """True when every pane shows the monitor's view (a live view is handed to them one
    per frame) and it is built from current data."""
    screen = app.main_screen()
    monitor = app.monitor
    if screen is None or monitor is None or not app.results:
        return False
    shown = all(pane.view is monitor.view for pane in screen.panes)
    return shown and monitor.view_is_current()


async def wait_for(
    pilot: Pilot[None],
    condition: Callable[[], bool],
    what: str,
    limit: float = LOAD_TIMEOUT,
) -> None:
    """Pause the pilot until ``condition()`` is true; fail after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {limit:.0f}s waiting for {what}")
        await pilot.pause(0.05)


async def wait_until_loaded(app: JgbApp, pilot: Pilot[None]) -> None:
    """Wait until every source finished its first online refresh and the view shows it.

    Demo apps have no pollers: there, wait for the demo results and their view.
    """

    def sources_done() -> bool:
        if not app.sources:
            return False
        if app.options.demo:
            return len(app.results) == len(app.sources)
        monitor = app.monitor
        assert monitor is not None
        return len(monitor.first_done) == len(app.sources) and not monitor.refreshing

    await wait_for(pilot, sources_done, "every source's first refresh")
    await wait_for_current_view(app, pilot)


async def wait_for_current_view(app: JgbApp, pilot: Pilot[None]) -> None:
    """Wait until no view is being built and the panes show one built from ``app.results``."""
    deadline = time.monotonic() + LOAD_TIMEOUT
    while True:
        if VIEW_BUILDS.running == 0:
            # Let a thread that just finished its build post the view, then handle it.
            await pilot.pause(0.02)
            await pilot.pause()
            if VIEW_BUILDS.running == 0 and view_is_current(app):
                return
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {LOAD_TIMEOUT:.0f}s waiting for the current view")
        await pilot.pause(0.05)


def screen_text(app: JgbApp) -> str:
    """What the terminal shows right now, as plain text (one line per row)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


class TerminalWrites:
    """What an app sends to the terminal from now on (headless apps send nothing, so the
    compositor's updates are recorded as they are handed to the display)."""

    def __init__(self, app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self.updates: list[Any] = []
        display = app._display

        def record(screen: Any, renderable: Any) -> None:
            self.updates.append(renderable)
            display(screen, renderable)

        monkeypatch.setattr(app, "_display", record)

    def take(self) -> tuple[set[int], str]:
        """The screen rows written since the last call, and the text written (no escapes)."""
        text = "".join(update.render_segments(self.app.console) for update in self.updates)
        self.updates.clear()
        rows = {int(row) - 1 for row, _ in re.findall(r"\x1b\[(\d+);(\d+)H", text)}
        return rows, re.sub(r"\x1b\[[0-9;:]*[A-Za-z]", "", text)
