"""USD/JPY pane: freshest official fix, changes, sparkline, interventions, recent fixes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.present.format import day, num, signed, yen_100m
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane, show_text
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import change_text, flag, plain

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView

SIDES = {"sell_usd_buy_jpy": "yen-buying", "buy_usd_sell_jpy": "yen-selling"}


class FxPane(Pane):
    """The latest USD/JPY fix with its source and date, and MoF's latest intervention."""

    pane_id = "fx"
    label = "USD/JPY"
    number = 4

    def compose(self) -> ComposeResult:
        """Summary lines over a table of recent fixes."""
        yield Static("", id="fx-summary", classes="summary", markup=False)
        yield PaneTable(id="fx-table")

    def on_mount(self) -> None:
        """Columns: date, fix, change."""
        self.query_one("#fx-table", PaneTable).set_columns(
            [("Date", 10), ("USD/JPY", 8), ("Chg", 7)]
        )

    def render_view(self, view: MarketView) -> None:
        """Summary and recent fixes, newest first."""
        fx = view.fx
        lines = []
        if fx.latest is not None:
            latest = fx.latest
            lines.append(f"{num(latest.value, 2)}  {day(latest.as_of)}  {fx.source_label}")
            lines.append(
                f"1d {signed(latest.chg_1d)}  1w {signed(latest.chg_1w)}  "
                f"1m {signed(latest.chg_1m)}  3m {sparkline(latest.spark, 20)}"
            )
        else:
            lines.append("No USD/JPY fix available")
        if fx.interventions:
            last = fx.interventions[0]
            side = SIDES.get(last.side, last.side)
            amount = yen_100m(last.amount_jpy_100m, signed=False)
            lines.append(f"Last MoF intervention {day(last.day)}: {amount} {side}")
        show_text(self.query_one("#fx-summary", Static), "\n".join(lines))
        variables = self.app.theme_variables
        self.query_one("#fx-table", PaneTable).set_rows(
            (
                str(row.day),
                [
                    plain(day(row.day), justify="left"),
                    flag(variables, plain(num(row.value, 2)), view.flagged("fx:usdjpy", row.day)),
                    change_text(variables, row.change, signed(row.change)),
                ],
            )
            for row in fx.recent
        )

    def as_of_text(self, view: MarketView) -> str:
        """The chosen fix's date."""
        if view.fx.latest is not None and view.fx.latest.as_of:
            return f"as of {view.fx.latest.as_of.isoformat()}"
        return super().as_of_text(view)
