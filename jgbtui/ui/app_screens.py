"""The app's actions that open a screen over the main one (help, alerts, journal, log),
and the theme key.

A base of :class:`~jgbtui.ui.app.JgbApp`, kept apart so the app module stays about starting,
listening and handing data down. Each screen's module is imported when it is first opened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App

from jgbtui.ui.themes import all_themes

if TYPE_CHECKING:
    from jgbtui.runtime.monitor import Monitor
    from jgbtui.runtime.options import Options
    from jgbtui.ui.screens.main import MainScreen


class ScreenActions(App[None]):
    """Help, alert history, journal and log, opened from any screen; the next theme."""

    options: Options
    clock: Callable[[], datetime]
    monitor: Monitor | None
    _main: MainScreen | None

    def main_screen(self) -> MainScreen | None:
        """The main screen (``None`` until it is built, just after the first frame)."""
        return self._main

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

        if self.monitor is not None and (log := self.monitor.alert_log) is not None:
            screen = AlertsScreen(log, self.monitor.rules)
            self.push_screen(screen, lambda _: self.show_unread(log.unread))

    def action_journal(self) -> None:
        """Step back through today's views, read-only (from the journal)."""
        from jgbtui.ui.screens.journal import open_journal

        self.run_worker(open_journal(self, self.clock), group="journal", exclusive=True)

    def action_log(self) -> None:
        """The recent log lines (fetches, retries, problems) and where the log file is."""
        from jgbtui.ui.screens.log import LogScreen

        self.push_screen(LogScreen(self.options.log_file))

    def show_unread(self, unread: int) -> None:
        """The unread alert count in the main screen's title strip."""
        if (screen := self.main_screen()) is not None:
            screen.show_alerts(unread)
