"""The Textual app: themes, the main screen, and the headless monitor it listens to.

The app renders; it does not poll, merge or judge data. :class:`~jgbtui.runtime.monitor.Monitor`
does that (imported in a thread after the first frame, with pandas and the parsers) and reports
through messages; the app hands views and states down to the screens.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding

from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC, SourceResult
from jgbtui.ui.alerting import announce, announce_demo
from jgbtui.ui.app_screens import ScreenActions
from jgbtui.ui.commands import JgbCommands
from jgbtui.ui.messages import AlertsFired, DemoStarted, MessagePoster, SourcesChanged, ViewReady
from jgbtui.ui.splash import FrameKeeper, SplashScreen, frame_path, load_frame
from jgbtui.ui.terminal import exit_on_signals
from jgbtui.ui.themes import install_themes, variable_defaults

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.runtime.alert_log import AlertLog
    from jgbtui.runtime.monitor import Monitor
    from jgbtui.sources.fetcher import Fetcher
    from jgbtui.sources.source import Source
    from jgbtui.ui.screens.main import MainScreen


#: The wall clock, tz-aware (tests pass a frozen one).
NOW_UTC: Callable[[], datetime] = partial(datetime.now, UTC)


class JgbApp(ScreenActions):
    """jgbtui: JGB yields, auctions, foreign flows and USD/JPY, live."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "jgbtui"
    COMMANDS = ScreenActions.COMMANDS | {JgbCommands}
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("t", "next_theme", "Theme", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("l", "log", "Log", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        options: Options | None = None,
        *,
        clock: Callable[[], datetime] = NOW_UTC,
        sources: list[Source] | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        super().__init__()
        self.options = options or Options()
        self.clock = clock
        self._sources = sources
        self._fetcher = fetcher
        self.monitor: Monitor | None = None
        # Before the app runs: the stylesheet is then parsed once, in the theme's colours.
        name, self._theme_complaint = install_themes(
            self, self.options.user_themes, self.options.theme
        )
        self.theme = name
        self._main: MainScreen | None = None
        self._frames = FrameKeeper(frame_path(self.options.cache_dir), clock)

    # -- what the monitor knows, for screens and tests ------------------------------------

    @property
    def results(self) -> dict[str, SourceResult]:
        """The result shown for every source (empty until the monitor starts)."""
        return {} if self.monitor is None else self.monitor.results

    @property
    def sources(self) -> list[Source]:
        """Every source, in catalog order (empty until they are loaded)."""
        return [] if self.monitor is None else self.monitor.sources

    @property
    def alert_log(self) -> AlertLog | None:
        """The persistent alert log."""
        return None if self.monitor is None else self.monitor.alert_log

    # -- set-up ---------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Fallbacks for jgbtui's variables under non-jgbtui themes: the theme's own colours."""
        return variable_defaults(self.current_theme)

    def on_mount(self) -> None:
        """The last screen as drawn (or the main screen), then the monitor in the background."""
        if self._theme_complaint:
            self.notify(self._theme_complaint)
        self.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())
        exit_on_signals(self)  # kill or a dropped SSH session restore the terminal
        size = (self.size.width, self.size.height)
        frame = None if self.options.demo else load_frame(self._frames.path, size, self.theme)
        self.push_screen(self._build_main() if frame is None else SplashScreen(frame, self.clock))
        self.run_worker(self._start(), name="monitor", group="monitor", exit_on_error=False)

    def _build_main(self) -> MainScreen:
        from jgbtui.present.saved import load_saved_view
        from jgbtui.ui.screens.main import MainScreen

        saved = None if self.options.demo else load_saved_view(self.options.cache_dir)
        self._main = MainScreen(self.clock, saved)  # the saved view is in its first frame
        return self._main

    async def _start(self) -> None:
        # Each step after the frame before it is out: imports take the GIL from a paint.
        await self._frame_out()
        if isinstance(splash := self.screen, SplashScreen):
            await self.switch_screen(self._build_main())
            for key in splash.keys:  # typed on the saved frame: the main screen answers
                self.post_message(key)
            await self._frame_out()
        module = await asyncio.to_thread(importlib.import_module, "jgbtui.runtime.monitor")
        self.monitor = module.Monitor(self.options, events=MessagePoster(self), clock=self.clock,
                                      sources=self._sources, fetcher=self._fetcher)  # fmt: skip
        await self.monitor.run()

    async def _frame_out(self) -> None:
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(painted.wait(), 2.0)

    # -- messages up, data down -------------------------------------------------------------

    def on_sources_changed(self, message: SourcesChanged) -> None:
        """Per-source state for the status line and the panes' borders."""
        if (screen := self.main_screen()) is not None:
            order = [s.name for s in self.sources]
            screen.show_status(order, message.results, message.refreshing)

    def on_view_ready(self, message: ViewReady) -> None:
        """A new view: every pane renders it."""
        if (screen := self.main_screen()) is not None and self.monitor is not None:
            screen.show_view(message.view, painted=partial(self._painted, screen, message.view))

    def _painted(self, screen: MainScreen, view: MarketView) -> None:
        if self.monitor is not None:
            self.monitor.painted(view)  # every pane drew it: its payloads are not suspects
        if self.screen is screen and not self.options.demo:  # for the next start's frame
            self.call_after_refresh(partial(self._frames.keep, screen))

    def on_alerts_fired(self, message: AlertsFired) -> None:
        """Bell and toast for new alerts; the unread count in the title strip."""
        announce(self, message.fresh, self.options.alerts)
        self.show_unread(message.unread)

    def on_demo_started(self, _message: DemoStarted) -> None:
        """Say that the numbers are synthetic."""
        announce_demo(self)

    def _repaint(self) -> None:
        """Theme changed: paint the current view again in the new colours."""
        screen = self.main_screen()
        if self.monitor is not None and self.monitor.view is not None and screen is not None:
            screen.show_view(self.monitor.view)

    # -- actions ----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Fetch every source now."""
        if self.monitor is not None:
            self.monitor.refresh_now()
        self.notify("Refreshing every source", timeout=2)

    def _handle_exception(self, error: Exception) -> None:
        # A crash is never sticky: what reached the screen unproven is set aside next start.
        if self.monitor is not None:
            self.monitor.record_crash()
        super()._handle_exception(error)

    async def on_unmount(self) -> None:
        """Close the shared HTTP client."""
        if self.monitor is not None:
            await self.monitor.close()
