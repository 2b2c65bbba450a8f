"""App-wide messages: the pollers report up, the app hands data down as attributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # pandas stays off the start-up path
    from jgbtui.present.view import MarketView
    from jgbtui.sources.base import SourceResult


@dataclass
class SourceRefreshing(Message):
    """A source's worker started fetching."""

    name: str


@dataclass
class SourceUpdated(Message):
    """A source's worker finished a refresh (successfully or not)."""

    result: SourceResult
    provisional: bool = False
    """True for the cache-only pass at start-up, before the network answered."""


@dataclass
class ViewReady(Message):
    """A new :class:`MarketView` was computed off the event loop."""

    view: MarketView | None
    """``None`` when the build failed (the previous view stays on screen)."""
    generation: int = 0
    """Which rebuild request this answers; older ones are not shown."""
