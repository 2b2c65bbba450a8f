"""Run options shared by the TUI and ``jgbtui snapshot``, and the fetcher built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jgbtui.runtime.alert_log import default_log_path
from jgbtui.runtime.config import AlertConfig, JournalConfig
from jgbtui.runtime.crash import default_record_path
from jgbtui.runtime.journal import default_journal_dir
from jgbtui.runtime.rule_store import default_rules_path
from jgbtui.runtime.rules import Rule
from jgbtui.sources.cache import default_cache_dir

if TYPE_CHECKING:  # httpx and stamina load with the first request, not at start-up
    import httpx

    from jgbtui.analytics.anomalies import AnomalyConfig
    from jgbtui.sources.fetcher import Fetcher


@dataclass(frozen=True)
class Options:
    """What the command line (and later the config file) decided."""

    mirror: str | None = None
    """Base URL of a mirror: ``https://HOST/PATH`` is fetched as ``MIRROR/HOST/PATH``."""
    mirrors: dict[str, str] = field(default_factory=dict)
    """Per-source mirror overrides (source name -> base URL)."""
    offline: bool = False
    """Never touch the network; use the cache only."""
    cache_dir: Path = field(default_factory=default_cache_dir)
    demo: bool = False
    """Use the packaged synthetic DEMO data instead of fetching."""
    refresh_minutes: dict[str, float] = field(default_factory=dict)
    """Per-source poll intervals from the config file (source name -> minutes)."""
    alerts: AlertConfig = field(default_factory=AlertConfig)
    alert_log: Path = field(default_factory=default_log_path)
    crash_record: Path = field(default_factory=default_record_path)
    """Where a crash records the payloads it suspects (see :mod:`jgbtui.runtime.crash`)."""
    theme: str | None = None
    export_dir: Path | None = None
    """Where drill-down screens write CSV and SVG files (``None``: ``./jgbtui-exports``)."""
    refresh_deadline_seconds: float = 120.0
    """A source's whole refresh (every file, every retry) is abandoned after this long."""
    rules: tuple[Rule, ...] = ()
    """The config file's ``[[rules]]``."""
    rules_file: Path = field(default_factory=default_rules_path)
    """Rules added from the keyboard, and every rule's state."""
    journal: JournalConfig = field(default_factory=JournalConfig)
    journal_dir: Path = field(default_factory=default_journal_dir)
    """Where the daily journal files of what the screen showed are kept."""

    def anomaly_config(self) -> AnomalyConfig:
        """What counts as an anomaly, from the ``[alerts]`` settings."""
        from jgbtui.analytics.anomalies import AnomalyConfig  # pandas: not at start-up

        return AnomalyConfig.from_settings(self.alerts)

    user_themes: Path | None = None
    """The ``themes/`` folder beside the config file: user themes loaded with the shipped ones."""
    log_file: Path | None = None
    """The log file of this run (``None``: not written; the log screen still shows lines)."""

    def make_fetcher(self, client: httpx.AsyncClient | None = None) -> Fetcher:
        """A fetcher honouring these options (a new shared client unless one is given).

        The new client is made with the first request: an ``--offline`` run never makes one.
        """
        from jgbtui.sources.cache import PayloadCache
        from jgbtui.sources.fetcher import Fetcher, Mirrors

        return Fetcher(
            client,
            PayloadCache(self.cache_dir),
            mirrors=Mirrors(self.mirror, self.mirrors),
            offline=self.offline,
        )
