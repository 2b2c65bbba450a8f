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

from textual.app import App
from textual.binding import Binding

from jgbtui.present.saved import load_saved_view
from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC, SourceResult
from jgbtui.ui.alerting import announce, announce_demo
from jgbtui.ui.commands import JgbCommands
from jgbtui.ui.messages import AlertsFired, DemoStarted, MessagePoster, SourcesChanged, ViewReady
from jgbtui.ui.screens.main import MainScreen
from jgbtui.ui.terminal import exit_on_signals
from jgbtui.ui.themes import all_themes, install_themes, variable_defaults

if TYPE_CHECKING:
    from jgbtui.runtime.alert_log import AlertLog
    from jgbtui.runtime.monitor import Monitor
    from jgbtui.sources.fetcher import Fetcher
    from jgbtui.sources.source import Source


#: The wall clock, tz-aware (tests pass a frozen one).
NOW_UTC: Callable[[], datetime] = partial(datetime.now, UTC)


class JgbApp(App[None]):
    """jgbtui: JGB yields, auctions, foreign flows and USD/JPY, live."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "jgbtui"
    COMMANDS = App.COMMANDS | {JgbCommands}
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
        # Read here, before the event loop runs, so the first frame already holds the numbers.
        self._saved = None if self.options.demo else load_saved_view(self.options.cache_dir)

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
        """Register themes, show the main screen, start the monitor in the background."""
        self.theme = install_themes(self, self.options.user_themes, self.options.theme)
        self.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())
        exit_on_signals(self)  # kill or a dropped SSH session restore the terminal
        self.push_screen(MainScreen(self.clock, self._saved))
        self._saved = None
        self.run_worker(self._start(), name="monitor", group="monitor", exit_on_error=False)

    async def _start(self) -> None:
        # The saved view is in the first frame; the monitor (pandas, httpx, the parsers) only
        # after that frame is out: their imports would take the GIL from the first paint.
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(painted.wait(), 2.0)
        module = await asyncio.to_thread(importlib.import_module, "jgbtui.runtime.monitor")
        self.monitor = module.Monitor(self.options, events=MessagePoster(self), clock=self.clock,
                                      sources=self._sources, fetcher=self._fetcher)  # fmt: skip
        await self.monitor.run()

    # -- messages up, data down -------------------------------------------------------------

    def on_sources_changed(self, message: SourcesChanged) -> None:
        """Per-source state for the status line and the panes' borders."""
        if (screen := self.main_screen()) is not None:
            order = [s.name for s in self.sources]
            screen.show_status(order, message.results, message.refreshing)

    def on_view_ready(self, message: ViewReady) -> None:
        """A new view: every pane renders it."""
        if (screen := self.main_screen()) is not None and self.monitor is not None:
            screen.show_view(message.view)
            self.monitor.painted(message.view)

    def on_alerts_fired(self, message: AlertsFired) -> None:
        """Bell and toast for new alerts; the unread count in the title strip."""
        announce(self, message.fresh, self.options.alerts)
        self._show_unread(message.unread)

    def on_demo_started(self, _message: DemoStarted) -> None:
        """Say that the numbers are synthetic."""
        announce_demo(self)

    def main_screen(self) -> MainScreen | None:
        """The main screen, wherever it is in the stack."""
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

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

    def action_next_theme(self) -> None:
        """Cycle through jgbtui's themes."""
        names = [t.name for t in all_themes(self.options.user_themes)]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    def action_help(self) -> None:
        """Show every key."""
        from jgbtui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_alerts(self) -> None:
        """The alert history screen; closing it updates the unread count."""
        from jgbtui.ui.screens.alerts import AlertsScreen

        if (log := self.alert_log) is not None and self.monitor is not None:
            screen = AlertsScreen(log, self.monitor.rules)
            self.push_screen(screen, lambda _: self._show_unread(log.unread))

    def action_journal(self) -> None:
        """Step back through today's views, read-only (from the journal)."""
        from jgbtui.ui.screens.journal import open_journal

        self.run_worker(open_journal(self, self.clock), group="journal", exclusive=True)

    def _show_unread(self, unread: int) -> None:
        if (screen := self.main_screen()) is not None:
            screen.show_alerts(unread)

    def _handle_exception(self, error: Exception) -> None:
        # A crash is never sticky: what reached the screen unproven is set aside next start.
        if self.monitor is not None:
            self.monitor.record_crash()
        super()._handle_exception(error)

    def action_log(self) -> None:
        """The recent log lines (fetches, retries, problems) and where the log file is."""
        from jgbtui.ui.screens.log import LogScreen

        self.push_screen(LogScreen(self.options.log_file))

    async def on_unmount(self) -> None:
        """Close the shared HTTP client."""
        if self.monitor is not None:
            await self.monitor.close()
