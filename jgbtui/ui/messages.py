"""App-wide messages: the monitor reports up through these, the app hands data down."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message

if TYPE_CHECKING:  # pandas stays off the start-up path
    from jgbtui.present.view import MarketView
    from jgbtui.runtime.alert_log import Alert
    from jgbtui.sources.base import SourceResult


@dataclass
class SourcesChanged(Message):
    """Per-source state changed: a fetch started or finished."""

    results: Mapping[str, SourceResult]
    refreshing: set[str] = field(default_factory=set)


@dataclass
class ViewReady(Message):
    """A new :class:`MarketView` was built off the event loop."""

    view: MarketView


@dataclass
class AlertsFired(Message):
    """Anomalies never announced before (possibly none: the unread count changed)."""

    fresh: list[Alert]
    unread: int


class DemoStarted(Message):
    """No network and no cache: the monitor switched to the synthetic DEMO data."""


class MessagePoster:
    """The monitor's listener in the TUI: every event becomes a message to the app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app

    def sources_changed(self, results: Mapping[str, SourceResult], refreshing: set[str]) -> None:
        """Post :class:`SourcesChanged`."""
        self.app.post_message(SourcesChanged(dict(results), set(refreshing)))

    def view_ready(self, view: MarketView) -> None:
        """Post :class:`ViewReady`."""
        self.app.post_message(ViewReady(view))

    def alerts_fired(self, fresh: list[Alert], unread: int) -> None:
        """Post :class:`AlertsFired`."""
        self.app.post_message(AlertsFired(fresh, unread))

    def demo_started(self) -> None:
        """Post :class:`DemoStarted`."""
        self.app.post_message(DemoStarted())
