"""Rich Text helpers for the drill screens' side panels (colours from the theme only)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

import pandas as pd
from rich.text import Text

from jgbtui.analytics.history import RangeStats
from jgbtui.present.format import DASH
from jgbtui.ui.widgets.styling import theme_style


def value(number: float, decimals: int) -> str:
    """A level with fixed decimals, or a dash."""
    return DASH if math.isnan(number) else f"{number:.{decimals}f}"


def day(stamp: object) -> str:
    """ISO date of a timestamp or date, or a dash for anything else (``NaT``, ``None``)."""
    if isinstance(stamp, date) and not pd.isna(stamp):
        return f"{stamp:%Y-%m-%d}"
    return DASH


def change(number: float, unit: str) -> str:
    """A signed change: percent-point changes are quoted in bp."""
    if math.isnan(number):
        return DASH
    if unit == "%":
        return f"{number * 100:+.1f} bp"
    if unit == "bp":
        return f"{number:+.1f} bp"
    return f"{number:+.2f}"


def heading(variables: Mapping[str, str], text: str) -> Text:
    """A bold line in the theme's primary colour."""
    return Text(text + "\n", style=theme_style(variables, "primary", bold=True))


def stats_lines(
    variables: Mapping[str, str], stats: RangeStats | None, decimals: int, unit: str
) -> Text:
    """Latest, high and low (with dates) and the change over the range."""
    if stats is None:
        return Text("No data in this range.\n")
    out = Text()
    width = decimals + 5
    out.append(f"Latest {value(stats.latest, decimals):>{width}}  {day(stats.latest_date)}\n")
    out.append(f"High   {value(stats.high, decimals):>{width}}  {day(stats.high_date)}\n")
    out.append(f"Low    {value(stats.low, decimals):>{width}}  {day(stats.low_date)}\n")
    colour = "jgb-up" if stats.change > 0 else "jgb-down" if stats.change < 0 else "jgb-muted"
    out.append("Change ")
    out.append(change(stats.change, unit) + "\n", style=theme_style(variables, colour))
    return out


def muted(variables: Mapping[str, str], text: str) -> Text:
    """A line in the theme's muted colour."""
    return Text(text + "\n", style=theme_style(variables, "jgb-muted"))
