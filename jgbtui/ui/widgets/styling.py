"""Turn theme variables into Rich styles, and numbers into marked-up-free Rich Text.

Colours come only from the active theme (``jgb-up``, ``jgb-down``, ``jgb-anomaly`` ...). Every
coloured value also carries a sign or a marker, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError

from jgbtui.present.format import is_missing


def theme_style(variables: Mapping[str, str], name: str, *, bold: bool = False) -> Style:
    """A Rich style with the colour of theme variable ``name`` (no colour if undefined)."""
    value = variables.get(name)
    if not value:
        return Style(bold=bold)
    try:
        colour = Color.parse(value)
    except ColorParseError:
        return Style(bold=bold)
    return Style(color=colour.rich_color, bold=bold)


def change_text(variables: Mapping[str, str], value: float | None, shown: str) -> Text:
    """``shown`` (already signed) coloured up/down by the sign of ``value``."""
    if is_missing(value) or value == 0:
        return Text(shown, justify="right")
    assert value is not None
    name = "jgb-up" if value > 0 else "jgb-down"
    return Text(shown, style=theme_style(variables, name), justify="right")


def flag(variables: Mapping[str, str], cell: Text, on: bool) -> Text:
    """Mark an anomalous cell: a trailing ``!`` (survives NO_COLOR) in the anomaly style."""
    if not on:
        return cell
    marked = cell.copy()
    marked.append("!")
    marked.stylize(theme_style(variables, "jgb-anomaly", bold=True))
    return marked


def plain(value: str, *, justify: str = "right") -> Text:
    """Text that is never parsed as markup (publishers' strings included)."""
    return Text(value, justify=justify)  # type: ignore[arg-type]
