"""The calendar pane's macro rows: the BOJ's rate, the call rate, CPI and the homecoming flows.

Pure: one :class:`MacroRow` per figure, with its drill-down key, the figure and a line of
context from its own history. Dates outside the current year carry their year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from jgbtui.analytics.wording import signed_pct
from jgbtui.present.format import yen_100m
from jgbtui.present.model import BojView, CpiAreaView, HomecomingView, MarketView


@dataclass(frozen=True)
class MacroRow:
    """One row: ``key`` opens its drill-down."""

    key: str
    what: str
    value: str
    context: str


def day(when: date | None, today: date) -> str:
    """``24 Sep``, or ``24 Sep 2025`` outside ``today``'s year."""
    if when is None:
        return "—"
    return f"{when.day} {when:%b}" if when.year == today.year else f"{when.day} {when:%b %Y}"


def month(when: date, today: date) -> str:
    """``Nov``, or ``Jul 2025`` outside ``today``'s year."""
    return f"{when:%b}" if when.year == today.year else f"{when:%b %Y}"


def boj_rows(boj: BojView | None, today: date) -> list[MacroRow]:
    """The policy rate (since, decided, change, next decision) and the call rate."""
    if boj is None:
        return []
    rows = []
    if not math.isnan(boj.policy_rate_pct):
        context = f"from {day(boj.since, today)}"
        if boj.decided is not None:
            change = "" if math.isnan(boj.change_bp) else f"{boj.change_bp:+.0f}bp "
            context = f"{change}{day(boj.decided, today)}, {context}"
        if boj.next_meeting is not None:
            context += f"; next MPM {day(boj.next_meeting, today)}"
        rows.append(
            MacroRow("boj:policy", "BOJ policy rate", f"{boj.policy_rate_pct:.2f}%", context)
        )
    if not math.isnan(boj.call_rate_pct):
        spread = (
            ""
            if math.isnan(boj.policy_rate_pct)
            else f"{boj.spread_bp:+.1f}bp to the policy rate, "
        )
        rows.append(
            MacroRow(
                "boj:call",
                "O/N call rate",
                f"{boj.call_rate_pct:.3f}%",
                f"{spread}{day(boj.call_as_of, today)} (BOJ FM01)",
            )
        )
    return rows


def cpi_row(area: CpiAreaView, today: date) -> MacroRow:
    """``Tokyo CPI Nov | +2.1% | core, first rise in eight months; all items +2.3% ...``."""
    core = area.get("core")
    value = "—" if core is None else signed_pct(core.yoy_pct)
    phrase = "" if core is None else core.text.split(" y/y", 1)[-1].lstrip(", ")
    others = [
        f"{label} {signed_pct(figure.yoy_pct)}"
        for measure, label in (("all_items", "all items"), ("core_core", "core-core"))
        if (figure := area.get(measure)) is not None
    ]
    context = f"{month(area.month, today)} core y/y" + (f", {phrase}" if phrase else "")
    if others:
        context += "; " + ", ".join(others)
    return MacroRow(f"cpi:{area.area}", f"{area.label} CPI", value, context)


def homecoming_row(view: HomecomingView | None, today: date) -> list[MacroRow]:
    """Who is coming home: the watched investors' latest month and the 3-month total."""
    if view is None:
        return []
    short = {"life_insurers": "lifers", "trust_accounts": "pensions", "banks": "banks"}
    parts = [f"{short.get(s.sector, s.title)} {yen_100m(s.net)}" for s in view.sectors]
    three = "" if math.isnan(view.core_3m) else f"; 3m {yen_100m(view.core_3m)}"
    total = view.total
    value = "—" if total is None else yen_100m(total.net)
    return [
        MacroRow(
            "homecoming",
            "Foreign bonds",
            value,
            f"{month(view.month, today)}: " + ", ".join(parts) + three,
        )
    ]


def macro_rows(view: MarketView, today: date) -> list[MacroRow]:
    """Every macro row the view has data for, in desk order."""
    rows = boj_rows(view.boj, today)
    rows += [cpi_row(area, today) for area in view.cpi.areas]
    rows += homecoming_row(view.homecoming, today)
    return rows
