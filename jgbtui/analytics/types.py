"""The plain results of the analytics, free of pandas: what a view holds and a saved view reads.

Headlines (:class:`Anomaly`), the sell-Japan board (:class:`Board`, :class:`Signal`) and a
sector's foreign-bond flow (:class:`SectorFlow`) are defined here, so that the last view can
be read back and painted before pandas is imported. The modules that compute them
(:mod:`~jgbtui.analytics.anomalies`, :mod:`~jgbtui.analytics.signals`,
:mod:`~jgbtui.analytics.homecoming`) re-export them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum, auto
from typing import Literal

Severity = Literal["info", "warning", "alert"]


SEVERITIES: tuple[Severity, ...] = ("info", "warning", "alert")


@dataclass(frozen=True)
class Anomaly:
    """One headline."""

    series: str
    """Human label of the series, e.g. "10Y auction bid-to-cover"."""
    date: dt.date
    """Observation date (the publisher's local calendar date)."""
    value: float
    """The observation (yield %, bid-to-cover, tail bp, 100m yen, yen per dollar, or the
    change in bp / yen for a move)."""
    text: str
    """Short desk sentence, e.g. "10Y auction bid-to-cover 3.13, weakest since June 2025"."""
    severity: Severity
    key: str
    """Drill-down target: "yields:10Y", "auction:10Y:2026-09-01", "flows:weekly",
    "flows:monthly", "fx:usdjpy", "cpi:tokyo", "homecoming:life_insurers"."""
    kind: str = ""
    """What was found ("level", "move", "btc", "tail", "record", "streak", "first"), joined
    with "+" when findings on the same target and date were merged ("btc+tail")."""


class State(StrEnum):
    """A signal's state; compares equal to its lower-case name (``State.AMBER == "amber"``)."""

    GREEN = auto()
    AMBER = auto()
    RED = auto()
    UNKNOWN = auto()


#: Board order: signal key -> title.
SIGNALS: dict[str, str] = {
    "auction_demand": "Auction demand",
    "foreign_flows": "Foreign flows",
    "yen": "Yen",
    "curve": "Curve",
    "hedged_carry": "Hedged carry",
    "homecoming": "Homecoming",
}


@dataclass(frozen=True)
class Figure:
    """One input behind a signal, as a desk would quote it, with its own date."""

    label: str
    """What it is, e.g. ``"UST 10Y"`` or ``"10Y auction"``."""
    value: str
    """The figure, formatted (``"4.18%"``, ``"bid-to-cover 3.53, tail 0.7bp"``)."""
    as_of: dt.date | None
    """The date of that observation (``None`` when it has none)."""


@dataclass(frozen=True)
class Signal:
    """One board signal."""

    name: str
    """Key in :data:`SIGNALS`, e.g. ``"auction_demand"``."""
    state: State
    reason: str
    """One short sentence (or two, joined by "; ") a desk can read at a glance."""
    as_of: dt.date | None
    """Date of the newest observation the state is based on."""
    figures: tuple[Figure, ...] = ()
    """The inputs the state and reason come from, each with its date."""
    note: str = ""
    """How the figures are computed, when that needs saying (the hedge approximation)."""

    @property
    def title(self) -> str:
        """Display title, e.g. "Auction demand"."""
        return SIGNALS.get(self.name, self.name)


@dataclass(frozen=True)
class Board:
    """The board's signals and how many are flashing.

    ``flashing`` counts **red** signals only. Amber means "watch": it is shown, and counted
    in :attr:`watching`, but never adds to ``flashing``; unknown signals count in neither.
    """

    signals: tuple[Signal, ...]
    flashing: int

    @property
    def watching(self) -> int:
        """Number of amber signals."""
        return sum(1 for s in self.signals if s.state == State.AMBER)

    def get(self, name: str) -> Signal | None:
        """The signal called ``name`` (``None`` if absent)."""
        return next((s for s in self.signals if s.name == name), None)


@dataclass(frozen=True)
class SectorFlow:
    """One sector's latest month and its context (100 million yen)."""

    sector: str
    title: str
    month: datetime
    """The month (a pandas Timestamp when computed, a datetime when read back)."""
    net: float
    sum_3m: float
    sum_12m: float
    run: int
    """Months in a row on the same side (selling or buying), the latest included."""
    text: str
    notable: bool
    severity: str
