"""The Textual app: themes, one long-lived poll worker per source, data handed down.

Start-up is kept light: pandas and the sources are imported in a thread after the first
frame, the first pass of every poller reads only the cache (so cached numbers appear at
once), then each poller goes to the network on its own interval. ``r`` wakes them all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from jgbtui.runtime.alert_log import AlertLog
from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC, SourceResult
from jgbtui.ui.messages import SourceRefreshing, SourceUpdated, ViewReady
from jgbtui.ui.screens.main import MainScreen
from jgbtui.ui.themes import DEFAULT_THEME, THEME_VARIABLES, load_themes

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.sources.fetcher import Fetcher
    from jgbtui.sources.source import Source


def _now_utc() -> datetime:
    return datetime.now(UTC)


class JgbApp(App[None]):
    """jgbtui: JGB yields, auctions, foreign flows and USD/JPY, live."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "jgbtui"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("t", "next_theme", "Theme"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        options: Options | None = None,
        *,
        clock: Callable[[], datetime] = _now_utc,
        sources: list[Source] | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        super().__init__()
        self.options = options or Options()
        self.clock = clock
        self.sources: list[Source] = sources or []
        self._injected_fetcher = fetcher
        self.results: dict[str, SourceResult] = {}
        self.real_results: dict[str, SourceResult] = {}
        self.refreshing: set[str] = set()
        self.demo_fallback = False
        self._wake: dict[str, asyncio.Event] = {}
        self._first_done: set[str] = set()
        self._fetchers: tuple[Fetcher, Fetcher] | None = None
        self.alert_log: AlertLog | None = None
        self._view_generation = 0
        self._building = False

    # -- set-up ---------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Fallbacks for jgbtui's variables under non-jgbtui themes: the theme's own colours."""
        theme = self.current_theme
        base = {
            "jgb-up": theme.error,
            "jgb-down": theme.success,
            "jgb-anomaly": theme.warning,
            "jgb-stale": theme.warning,
            "jgb-demo": theme.accent,
            "jgb-muted": theme.secondary,
        }
        return {name: base[name] or theme.primary for name in THEME_VARIABLES}

    def on_mount(self) -> None:
        """Register themes, show the main screen, start the pollers in the background."""
        for theme in load_themes():
            self.register_theme(theme)
        wanted = self.options.theme
        if wanted and wanted not in self.available_themes:
            self.notify(f"Unknown theme {wanted!r} in the config; using {DEFAULT_THEME}")
            wanted = None
        self.theme = wanted or DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())
        self.push_screen(MainScreen(self.clock))
        self.run_worker(self._start(), name="startup", group="startup", exit_on_error=False)

    async def _start(self) -> None:
        if not self.sources:
            self.sources = await asyncio.to_thread(_load_sources)
        if self.options.demo:
            await self._load_demo(announce=False)
            return
        for source in self.sources:
            self._wake[source.name] = asyncio.Event()
            self.run_worker(
                self._poll(source), name=f"poll:{source.name}", group="poll", exit_on_error=False
            )

    def _get_fetchers(self) -> tuple[Fetcher, Fetcher]:
        """(online, cache-only) fetchers sharing one HTTP client and one cache."""
        if self._fetchers is None:
            online = self._injected_fetcher or self.options.make_fetcher()
            self._fetchers = (online, online.cache_only())
        return self._fetchers

    async def _poll(self, source: Source) -> None:
        """One source's loop: cache pass, then fetch every interval or when woken."""
        from jgbtui.runtime.refresh import refresh

        online, cache_only = self._get_fetchers()
        first = await refresh(source, cache_only, self.clock())
        if first.has_data:
            self.post_message(SourceUpdated(first, provisional=True))
        wake = self._wake[source.name]
        while True:
            self.post_message(SourceRefreshing(source.name))
            result = await refresh(source, online, self.clock())
            self.post_message(SourceUpdated(result))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._interval(source))
            wake.clear()

    def _interval(self, source: Source) -> float:
        """Seconds between polls: the config's value for this source, else the default."""
        minutes = self.options.refresh_minutes.get(source.name)
        return minutes * 60 if minutes else source.refresh_interval.total_seconds()

    async def _load_demo(self, *, announce: bool) -> None:
        from jgbtui.runtime.refresh import demo_result

        now = self.clock()
        demo = await asyncio.to_thread(lambda: [demo_result(s, now) for s in self.sources])
        self.results = {r.name: r for r in demo}
        if announce:
            self.demo_fallback = True
            self.notify(
                "No network and no cached data: showing DEMO data (synthetic, not published "
                "figures). Real data replaces it as soon as a source answers.",
                title="DEMO data",
                severity="warning",
                timeout=15,
            )
        self._status_changed()
        self._rebuild()

    # -- messages up ------------------------------------------------------------------------

    def on_source_refreshing(self, message: SourceRefreshing) -> None:
        """Show "refreshing" for that source."""
        self.refreshing.add(message.name)
        self._status_changed()

    async def on_source_updated(self, message: SourceUpdated) -> None:
        """Keep the last good data, update status, rebuild the view off the event loop."""
        from jgbtui.runtime.refresh import carry_forward

        result = message.result
        self.refreshing.discard(result.name)
        if message.provisional and result.name in self.real_results:
            return
        merged = carry_forward(self.real_results.get(result.name), result)
        self.real_results[result.name] = merged
        if not message.provisional:
            self._first_done.add(result.name)
        if self.demo_fallback and merged.has_data:
            # Real data arrived: never show real and synthetic numbers side by side.
            self.demo_fallback = False
            self.results = dict(self.real_results)
        elif not self.demo_fallback:
            self.results[result.name] = merged
        if (
            not self.demo_fallback
            and len(self._first_done) == len(self.sources)
            and not any(r.has_data for r in self.real_results.values())
            and not self.options.offline
        ):
            await self._load_demo(announce=True)
            return
        self._status_changed()
        self._rebuild()

    def on_view_ready(self, message: ViewReady) -> None:
        """Data down: the main screen's panes render the new view; announce new alerts."""
        self._building = False
        if message.generation != self._view_generation:
            self._start_build()  # results changed while building: build the newest once
            return
        if message.view is None:
            return
        screen = self._main_screen()
        if screen is not None:
            screen.show_view(message.view)
        self._announce(message.view)

    def _announce(self, view: MarketView) -> None:
        """Ring the bell and toast once for anomalies never announced before.

        Demo data is never announced, and the log (which survives restarts) decides what is
        new, so a refresh or a restart that finds the same anomalies stays quiet.
        """
        settings = self.options.alerts
        if not settings.enabled or any(r.status == "demo" for r in view.results.values()):
            return
        if self.alert_log is None:
            self.alert_log = AlertLog(self.options.alert_log)
        worth = [a for a in view.anomalies if a.severity in ("warning", "alert")]
        fresh = self.alert_log.observe(worth, self.clock())
        if fresh:
            if settings.bell:
                self.bell()
            more = f" (+{len(fresh) - 1} more: press a)" if len(fresh) > 1 else ""
            self.notify(
                f"{fresh[0].text}{more}",
                title="New alert" if len(fresh) == 1 else f"{len(fresh)} new alerts",
                severity="warning",
                timeout=10,
                markup=False,
            )
        screen = self._main_screen()
        if screen is not None:
            screen.show_alerts(self.alert_log.unread)

    def action_alerts(self) -> None:
        """The alert history screen; closing it updates the unread count."""
        from jgbtui.ui.screens.alerts import AlertsScreen

        if self.alert_log is None:
            self.alert_log = AlertLog(self.options.alert_log)
        log = self.alert_log

        def refresh_count(_: object) -> None:
            screen = self._main_screen()
            if screen is not None:
                screen.show_alerts(log.unread)

        self.push_screen(AlertsScreen(log), refresh_count)

    # -- helpers ----------------------------------------------------------------------------

    def _main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _status_changed(self) -> None:
        screen = self._main_screen()
        if screen is not None:
            order = [s.name for s in self.sources]
            screen.show_status(order, self.results, self.refreshing)

    def _rebuild(self) -> None:
        """Ask for a new view of the current results.

        A build takes a fraction of a second of CPU (anomalies scan whole histories), so only
        one runs at a time: requests that arrive meanwhile are coalesced into one more build
        when it finishes, and a view older than the newest request is never shown.
        """
        if not self.results:
            return
        self._view_generation += 1
        if self._building:
            return
        self._start_build()

    def _start_build(self) -> None:
        self._building = True
        self._build_view(self._view_generation, dict(self.results))

    @work(thread=True, group="view", exit_on_error=False)
    def _build_view(self, generation: int, results: dict[str, SourceResult]) -> None:
        """Compute the MarketView in a thread and post it up (``None`` if the build failed)."""
        from jgbtui.analytics.anomalies import AnomalyConfig
        from jgbtui.present.view import build_view

        view = None
        try:
            config = AnomalyConfig.from_settings(self.options.alerts)
            view = build_view(results, self.clock(), config)
        finally:
            # Always report back, or no later build would ever start.
            self.post_message(ViewReady(view, generation))

    # -- actions ----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        """Wake every poller now."""
        for event in self._wake.values():
            event.set()
        self.notify("Refreshing every source", timeout=2)

    def action_next_theme(self) -> None:
        """Cycle through jgbtui's themes."""
        names = [t.name for t in load_themes()]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    def action_help(self) -> None:
        """Show every key."""
        from jgbtui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    async def on_unmount(self) -> None:
        """Close the shared HTTP client."""
        if self._fetchers is not None:
            await self._fetchers[0].client.aclose()


def _load_sources() -> list[Source]:
    # Runs in a thread: importing pandas, httpx and the parsers costs a few hundred ms,
    # which must not delay the first frame.
    from jgbtui.sources.load import build_all

    return build_all()


def run_app(options: Options) -> int:
    """Run the monitor until the user quits."""
    JgbApp(options).run()
    return 0
