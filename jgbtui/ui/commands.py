"""The command palette (Ctrl+P): every pane, every drill-down by series, and every action.

A trader who does not remember that the 10Y auction history is "2, j j j, Enter" types
"10y auc". The entries are built when the palette opens, from the data on screen: a chart is
offered only for a series that has data. Textual's own entries (quit, keys, screenshot,
theme picker) stay beside these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import DataTable

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.ui.screens.drill.base import DrillScreen
    from jgbtui.ui.screens.main import MainScreen

#: Pane titles in shortcut order (keys 1-6).
PANE_TITLES = (
    "JGB yields",
    "Auctions",
    "Foreign flows",
    "USD/JPY",
    "Signals and headlines",
    "Calendar: BOJ rate, CPI, homecoming, events with countdowns",
)


@dataclass(frozen=True)
class Entry:
    """One palette line: what it says, what it does, and a line of help."""

    title: str
    run: Callable[[], Any]
    help: str


class JgbCommands(Provider):
    """jgbtui's entries: panes, charts by series, refresh, export, themes, alerts, status..."""

    def _main(self) -> MainScreen | None:
        from jgbtui.ui.screens.main import MainScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _view(self) -> MarketView | None:
        main = self._main()
        return main.panes[0].view if main is not None else None

    def _to_main(self) -> MainScreen | None:
        """Close drill-downs and dialogs over the main screen; return it."""
        main = self._main()
        while main is not None and self.app.screen is not main and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        return main

    def _show_pane(self, index: int) -> None:
        main = self._to_main()
        if main is not None:
            main.action_show_pane(index)

    def _open(self, build: Callable[[MarketView], DrillScreen | None]) -> None:
        view = self._view()
        screen = build(view) if view is not None else None
        if screen is not None:
            self._to_main()
            self.app.push_screen(screen)

    def _export_selected(self) -> None:
        """On the main screen: open the selected row's drill-down and write its CSV."""
        from jgbtui.ui.screens.drill import drill_screen

        main, view = self._main(), self._view()
        focused = main.focused if main is not None else None
        if main is None or view is None or not isinstance(focused, DataTable):
            self.app.notify("Select a row first (1-6 and j/k), then export", timeout=4)
            return
        if not focused.row_count:
            self.app.notify("This table has no rows to export", timeout=4)
            return
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        screen = drill_screen(view, main.clock, focused.id, key)
        if screen is None:
            self.app.notify("This row has no chart to export", timeout=4)
            return
        self.app.push_screen(screen)
        screen.call_after_refresh(screen.action_export_csv)

    def _set_theme(self, name: str) -> None:
        self.app.theme = name

    # -- the entries ----------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry for the screen the palette was opened on."""
        app: Any = self.app  # the JgbApp's actions; a provider never imports the app
        out = [
            Entry(
                f"Pane {n + 1}: {title}",
                partial(self._show_pane, n),
                f"key {n + 1} on the main screen",
            )
            for n, title in enumerate(PANE_TITLES)
        ]
        out += list(self._drill_entries())
        out.append(Entry("Refresh every source", app.action_refresh, "key r"))
        out += list(self._export_entries())
        out += [
            Entry(f"Theme: {name}", partial(self._set_theme, name), "key t cycles the themes")
            for name in self._theme_names()
        ]
        out += [
            Entry("Alerts: history of alerts", app.action_alerts, "key a: and your rules"),
            Entry("Journal: today's views, read-only", app.action_journal, "key ["),
            Entry("Status of the sources", self._sources, "key s: state, data date, errors"),
            Entry("Help: every key", app.action_help, "key ?"),
            Entry("Log: recent fetches, retries and problems", app.action_log, "key l"),
        ]
        return out

    def _sources(self) -> None:
        main = self._to_main()
        if main is not None:
            main.action_sources()

    def _theme_names(self) -> list[str]:
        from jgbtui.ui.themes import all_themes

        options = getattr(self.app, "options", None)
        return [theme.name for theme in all_themes(getattr(options, "user_themes", None))]

    def _export_entries(self) -> Iterator[Entry]:
        from jgbtui.ui.screens.drill.base import DrillScreen

        screen = self.screen
        if isinstance(screen, DrillScreen):
            yield Entry("Export CSV of this screen", screen.action_export_csv, "key e")
            yield Entry("Save an SVG screenshot of this screen", screen.action_save_svg, "key s")
        else:
            yield Entry(
                "Export CSV of the selected row's chart",
                self._export_selected,
                "opens the drill-down of the selected row and writes its CSV (key e there)",
            )

    def _drill_entries(self) -> Iterator[Entry]:
        """A chart per series that has data: JGB tenors, spreads, auctions, flows, USD/JPY."""
        from jgbtui.analytics.curve import CURVE_SPREADS
        from jgbtui.present import drill
        from jgbtui.present.frames import result_frame
        from jgbtui.sources import catalog
        from jgbtui.ui.screens import drill as screens

        view = self._view()
        if view is None:
            return
        results = view.results
        clock = self._main_clock()
        yields = result_frame(results, catalog.JGB_YIELDS)
        series = partial(_series_screen, clock=clock)
        if yields is not None:
            yield Entry(
                "JGB curve: today, 1 week, 1 month, 1 year ago",
                partial(self._open, lambda r: screens.curve_screen(r, clock)),
                "key v",
            )
            for tenor in yields.columns:
                yield Entry(
                    f"JGB {tenor} chart",
                    partial(self._open, partial(series, key=str(tenor))),
                    "full history, range keys 1-6, compare c",
                )
            for name in CURVE_SPREADS:
                yield Entry(
                    f"JGB {name} curve spread",
                    partial(self._open, partial(_curve_spread_screen, clock=clock, spread=name)),
                    "the spread's history and the curve",
                )
        if not drill.load_series(results, drill.US_10Y).empty:
            yield Entry(
                "US 10Y chart",
                partial(self._open, partial(series, key=drill.US_10Y)),
                "US Treasury 10Y par yield",
            )
        if not drill.load_series(results, drill.US_JP_10Y).empty:
            yield Entry(
                "US-JP 10Y spread chart",
                partial(self._open, partial(series, key=drill.US_JP_10Y)),
                "US 10Y minus JGB 10Y, bp",
            )
        auctions = result_frame(results, catalog.AUCTION_RESULTS)
        if auctions is not None:
            for tenor in dict.fromkeys(auctions["tenor"].dropna().astype(str)):
                yield Entry(
                    f"{tenor} auctions",
                    partial(self._open, partial(_auction_screen, clock=clock, tenor=tenor)),
                    "every auction of this tenor: bid-to-cover, tail, yields",
                )
        for period, (ref, _) in drill.FLOW_PERIODS.items():
            if result_frame(results, ref) is not None:
                yield Entry(
                    f"{period.capitalize()} flows",
                    partial(
                        self._open, partial(_anomaly_screen, clock=clock, key=f"flows:{period}")
                    ),
                    "non-residents' net purchases by instrument",
                )
        if drill.usdjpy_history(results)[1]:
            yield Entry(
                "USD/JPY chart and interventions",
                partial(self._open, partial(_anomaly_screen, clock=clock, key="fx:usdjpy")),
                "the freshest official fix, with MoF interventions",
            )
        yield from self._event_entries(view, clock)

    def _event_entries(self, view: MarketView, clock: Any) -> Iterator[Entry]:
        """The BOJ rate, CPI and homecoming drill-downs, when their data is there."""
        entries = (
            (view.boj is not None, "BOJ policy rate and call rate", "boj:policy", "key b"),
            (bool(view.cpi.get("tokyo")), "Tokyo CPI year on year", "cpi:tokyo", "key i"),
            (bool(view.cpi.get("national")), "Japan CPI year on year", "cpi:national", "key i"),
            (
                view.homecoming is not None,
                "Who is selling, who is coming home (homecoming flows)",
                "homecoming",
                "key h",
            ),
        )
        for shown, title, key, help_text in entries:
            if shown:
                yield Entry(
                    title,
                    partial(self._open, partial(_event_screen, clock=clock, key=key)),
                    help_text,
                )

    def _main_clock(self) -> Any:
        main = self._main()
        return main.clock if main is not None else getattr(self.app, "clock", None)

    # -- the Provider interface -----------------------------------------------------------

    async def startup(self) -> None:
        """Build the entries once per opening (not on every key typed)."""
        self._entries = self.entries()

    def _current(self) -> list[Entry]:
        return getattr(self, "_entries", None) or self.entries()

    async def discover(self) -> Hits:
        """Every entry, shown when the palette opens with nothing typed."""
        for entry in self._current():
            yield DiscoveryHit(entry.title, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        """The entries matching ``query`` (fuzzy, best first)."""
        matcher = self.matcher(query)
        for entry in self._current():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.title), entry.run, help=entry.help)


def _series_screen(view: MarketView, *, clock: Any, key: str) -> DrillScreen:
    from jgbtui.ui.screens.drill.series import SeriesScreen

    return SeriesScreen(view, clock, key)


def _curve_spread_screen(view: MarketView, *, clock: Any, spread: str) -> DrillScreen:
    from jgbtui.ui.screens.drill.curve import CurveScreen

    return CurveScreen(view, clock, spread=spread)


def _auction_screen(view: MarketView, *, clock: Any, tenor: str) -> DrillScreen:
    from jgbtui.ui.screens.drill.auction import AuctionScreen

    return AuctionScreen(view, clock, tenor)


def _anomaly_screen(view: MarketView, *, clock: Any, key: str) -> DrillScreen | None:
    from jgbtui.ui.screens.drill import anomaly_screen

    return anomaly_screen(view, clock, key)


def _event_screen(view: MarketView, *, clock: Any, key: str) -> DrillScreen | None:
    from jgbtui.ui.screens.drill.events import event_screen

    return event_screen(view, clock, key)
