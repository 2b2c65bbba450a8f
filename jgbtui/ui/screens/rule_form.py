"""The small form that adds or edits one of the trader's rules, pre-filled with the row's
series and its latest value, and the helpers that open it from any screen (screens never
import the app: the monitor it carries holds the rule book and the view on screen).

Opened with ``+`` on a row of the main screen or on a drill-down, and with ``n`` / ``e`` in
the alerts screen's rules table. The fields are the keys of a ``[[rules]]`` table, checked
by the same :func:`~jgbtui.runtime.rules.parse_rule` as the config, and the rule is saved in
the rules file of the state directory (off the event loop) before the form closes.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

from jgbtui.runtime.rules import Rule, RuleError, move_units, parse_rule

if TYPE_CHECKING:
    from jgbtui.runtime.monitor import Monitor
    from jgbtui.runtime.rule_book import RuleBook
    from jgbtui.sources.base import SourceResult

KIND_LABELS = (
    ("crosses above", "above"),
    ("crosses below", "below"),
    ("moves more than", "move_above"),
    ("rises or falls in a row", "streak"),
)
VALUE_LABELS = {
    "above": "Level",
    "below": "Level",
    "move_above": "Move",
    "streak": "Times",
}
DEFAULT_STREAK = "5"


def _number_text(value: float, decimals: int = 6) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class RuleForm(ModalScreen[Rule | None]):
    """Add (``rule is None``) or edit a rule; dismisses with the saved rule, or ``None``."""

    DEFAULT_CSS = """
    RuleForm {
        align: center middle;
    }
    RuleForm #rule-box {
        width: 72;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $surface;
    }
    RuleForm .rule-row {
        height: 1;
        margin-top: 1;
    }
    RuleForm .rule-label {
        width: 12;
    }
    RuleForm Input, RuleForm Select {
        width: 1fr;
    }
    RuleForm #rule-hint {
        color: $text-muted;
        height: auto;
    }
    RuleForm #rule-error {
        color: $error;
        height: auto;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", key_display="Esc"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        book: RuleBook,
        results: Mapping[str, SourceResult],
        series: str | None = None,
        *,
        rule: Rule | None = None,
    ) -> None:
        super().__init__()
        self.book = book
        self.results = results
        self.rule = rule
        self.table: dict[str, Any] = rule.to_table() if rule else {"series": series or ""}
        self.kind: str = rule.kind if rule else "above"
        self.latest: float | None = None
        self.unit = ""
        self.saved: Rule | None = None
        self._typed_value = False
        self._prefilled = "" if rule is None else _number_text(rule.threshold)
        """The value the form last put in the value field (a change from it was typed)."""

    def compose(self) -> ComposeResult:
        """Series, condition, value, horizon, direction, hysteresis, hint and error lines."""
        table = self.table
        value = self._prefilled
        with Vertical(id="rule-box"):
            title = "Edit rule" if self.rule else "New rule"
            yield Static(f"{title} (Enter saves, Esc cancels)", classes="heading", markup=False)
            with Horizontal(classes="rule-row"):
                yield Label("Series", classes="rule-label")
                yield Input(
                    str(table.get("series", "")),
                    id="rule-series",
                    placeholder="jgb:10Y",
                    compact=True,
                )
            yield Static("", id="rule-hint", markup=False)
            with Horizontal(classes="rule-row"):
                yield Label("When it", classes="rule-label")
                yield Select(
                    KIND_LABELS, value=self.kind, allow_blank=False, id="rule-kind", compact=True
                )
            with Horizontal(classes="rule-row"):
                yield Label(VALUE_LABELS[self.kind], classes="rule-label", id="rule-value-label")
                yield Input(value, id="rule-value", compact=True)
            with Horizontal(classes="rule-row", id="rule-over-row"):
                yield Label("Over", classes="rule-label")
                yield Select(
                    (("1 day", "1d"), ("1 week", "1w")),
                    value=str(table.get("over", "1d")),
                    allow_blank=False,
                    id="rule-over",
                    compact=True,
                )
            with Horizontal(classes="rule-row", id="rule-direction-row"):
                yield Label("Direction", classes="rule-label")
                yield Select(
                    (("up or down", "either"), ("up", "up"), ("down", "down")),
                    value=str(table.get("direction", "either")),
                    allow_blank=False,
                    id="rule-direction",
                    compact=True,
                )
            with Horizontal(classes="rule-row", id="rule-hysteresis-row"):
                yield Label("Hysteresis", classes="rule-label")
                hysteresis = table.get("hysteresis")
                yield Input(
                    "" if hysteresis is None else _number_text(float(hysteresis)),
                    id="rule-hysteresis",
                    placeholder="default",
                    compact=True,
                )
            yield Static("", id="rule-error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Show the fields the condition needs; look up the series' latest value."""
        self._show_fields()
        self.query_one("#rule-value" if self.table.get("series") else "#rule-series").focus()
        self._look_up(str(self.table.get("series", "")))

    # -- the series' latest value ---------------------------------------------------------

    def _look_up(self, series: str) -> None:
        self.run_worker(self._latest(series), group="latest", exclusive=True)

    async def _latest(self, series: str) -> None:
        found = await asyncio.to_thread(latest_value, self.results, series)
        hint = self.query_one("#rule-hint", Static)
        if isinstance(found, str):
            self.latest, self.unit = None, ""
            hint.update(found)
            return
        self.latest, self.unit, text = found
        hint.update(text)
        self._show_fields()  # the move's unit is known now
        if self.rule is None and not self._typed_value:
            self._prefill()  # a value typed before the lookup answered is kept

    def _prefill(self) -> None:
        field = self.query_one("#rule-value", Input)
        if self.kind in ("above", "below") and self.latest is not None:
            field.value = _number_text(self.latest)
        elif self.kind == "streak":
            field.value = DEFAULT_STREAK
        else:
            field.value = ""
        self._prefilled = field.value
        self._typed_value = False

    # -- field changes ------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """A new series is looked up; a typed value is kept when the condition changes."""
        if event.input.id == "rule-series":
            self._look_up(event.value)
        elif event.input.id == "rule-value":
            self._typed_value = event.value != self._prefilled

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new condition: its fields, and a fresh value unless one was typed."""
        changed = isinstance(event.value, str) and event.value != self.kind
        if event.select.id == "rule-kind" and changed:  # (a Select also says so on mount)
            self.kind = str(event.value)
            self._show_fields()
            if not self._typed_value:
                self._prefill()

    def _show_fields(self) -> None:
        self.query_one("#rule-value-label", Label).update(self._value_label())
        self.query_one("#rule-over-row").display = self.kind == "move_above"
        self.query_one("#rule-direction-row").display = self.kind in ("move_above", "streak")
        self.query_one("#rule-hysteresis-row").display = self.kind != "streak"

    def _value_label(self) -> str:
        if self.kind == "move_above" and self.unit:
            return f"Move ({move_units(self.unit)[0]})"
        return VALUE_LABELS[self.kind]

    # -- saving ---------------------------------------------------------------------------

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        """Enter in any field saves."""
        self.action_save()

    def fields(self) -> dict[str, Any]:
        """The form as a ``[[rules]]`` table (raises :class:`RuleError` for a bad number)."""
        table: dict[str, Any] = {"series": self.query_one("#rule-series", Input).value.strip()}
        text = self.query_one("#rule-value", Input).value.strip()
        label = VALUE_LABELS[self.kind]
        try:
            number = int(text) if self.kind == "streak" else float(text)
        except ValueError:
            raise RuleError(f"{label} must be a number, got {text!r}") from None
        if isinstance(number, float) and not math.isfinite(number):
            raise RuleError(f"{label} must be a finite number, got {text!r}")
        table[self.kind] = number
        if self.kind == "move_above":
            table["over"] = self.query_one("#rule-over", Select).value
        if self.kind in ("move_above", "streak"):
            direction = self.query_one("#rule-direction", Select).value
            if direction != "either":
                table["direction"] = direction
        hysteresis = self.query_one("#rule-hysteresis", Input).value.strip()
        if hysteresis and self.kind != "streak":
            try:
                table["hysteresis"] = float(hysteresis)
            except ValueError:
                raise RuleError(f"Hysteresis must be a number, got {hysteresis!r}") from None
        return table

    def action_save(self) -> None:
        """Check the fields like the config's, save the rule off the event loop, close."""
        error = self.query_one("#rule-error", Static)
        try:
            table = self.fields()
            parse_rule(dict(table))
        except RuleError as exc:
            error.update(exc.message)
            return
        error.update("Saving…")
        self.run_worker(self._save(table), group="save", exclusive=True)

    async def _save(self, table: dict[str, Any]) -> None:
        try:
            if self.rule is None:
                saved = await asyncio.to_thread(self.book.add, table)
            else:
                saved = await asyncio.to_thread(self.book.edit, self.rule.id, table)
        except RuleError as exc:
            self.query_one("#rule-error", Static).update(exc.message)
            return
        problem = self.book.store.problem
        if problem:
            self.notify(problem, severity="warning", timeout=8, markup=False)
        self.saved = saved
        self.dismiss(saved)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def latest_value(
    results: Mapping[str, SourceResult], series: str
) -> tuple[float | None, str, str] | str:
    """``(latest value, unit, hint line)`` of ``series``, or why there is none. Runs pandas:
    call it in a thread."""
    from jgbtui.present.series import UnknownSeries, format_value, load

    if not series.strip():
        return "Type a series id: jgb:10Y, usdjpy, spread:us-jp-10y, auction:30Y:tail_bp ..."
    try:
        data = load(results, series)
    except UnknownSeries as exc:
        return str(exc)
    definition = data.definition
    rows = data.rows.dropna(subset=["value"])
    if rows.empty:
        return f"{definition.title} ({definition.unit}): no data yet"
    last = rows.iloc[-1]
    value = float(last["value"])
    demo = any(results[n].status == "demo" for n in data.used if n in results)
    note = " · DEMO data: rules are checked on real data only" if demo else ""
    day = last["date"].date().isoformat()
    unit = definition.unit if definition.unit in ("%", "bp") else f" {definition.unit}"
    text = (
        f"{definition.title}: latest {format_value(value, definition.decimals)}{unit} "
        f"on {day}{note}"
    )
    return value, definition.unit, text


# ----------------------------------------------------------------- opening the form


def _monitor(app: App[Any]) -> Monitor | None:
    monitor = getattr(app, "monitor", None)
    return None if monitor is None or monitor.view is None else monitor


def open_rule_form(
    app: App[Any],
    series: str | None,
    *,
    rule: Rule | None = None,
    after: Callable[[], None] | None = None,
) -> bool:
    """Push the rule form on ``series`` (or editing ``rule``); ``False`` before any data.

    Once saved, the rules are checked at once against the data on screen, so a rule whose
    condition already holds rings now, not at the next refresh; ``after`` is called then
    (the alerts screen redraws its rules).
    """
    monitor = _monitor(app)
    if monitor is None or monitor.view is None:
        app.notify("No data yet: rules can be added once the panes show data.", timeout=4)
        return False

    def saved(result: Rule | None) -> None:
        if result is None:
            return
        app.notify(f"Rule saved: {result.describe()}", timeout=4, markup=False)
        if after is not None:
            after()
        else:
            app.run_worker(monitor.check_rules(), group="rules", exit_on_error=False)

    app.push_screen(RuleForm(monitor.rules, monitor.view.results, series, rule=rule), saved)
    return True


def open_rule_on_row(app: App[Any], table: str | None, key: str | None) -> bool:
    """``+`` on a row: the form on that row's series (blank when it is about none)."""
    if _monitor(app) is None:
        return open_rule_form(app, None)
    from jgbtui.present.targets import row_series  # pandas is loaded once data shows

    monitor = _monitor(app)
    return open_rule_form(app, row_series(table, key, monitor.view if monitor else None))
