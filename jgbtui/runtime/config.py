"""The config file: ``config.toml`` in the user config directory (or ``$JGBTUI_CONFIG``).

Everything is optional; unknown keys are rejected with a message naming them, because a
misspelt threshold silently ignored is worse than a refusal to start. Example::

    theme = "jgb-light"
    export_dir = "~/jgb-exports"

    [sources.mof_yields]
    mirror = "https://mirror.example.com"   # BASE/HOST/PATH, as --mirror
    refresh_minutes = 5

    [alerts]
    enabled = true
    bell = true
    z_threshold = 2.5
    window = 52
    yields = true
    auctions = true
    flows = true
    fx = true
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

ENV_VAR = "JGBTUI_CONFIG"


class ConfigError(Exception):
    """The config file is not valid TOML or has keys or values jgbtui does not know."""


@dataclass(frozen=True)
class SourceConfig:
    """Per-source settings."""

    mirror: str | None = None
    refresh_minutes: float | None = None


@dataclass(frozen=True)
class AlertConfig:
    """When anomalies become alerts (bell + toast once, logged)."""

    enabled: bool = True
    bell: bool = True
    z_threshold: float = 2.0
    """A move is flagged when its z-score against the trailing window is at least this."""
    window: int = 52
    """Observations in the trailing window for z-scores."""
    yields: bool = True
    auctions: bool = True
    flows: bool = True
    fx: bool = True


@dataclass(frozen=True)
class Config:
    """Everything the config file can set."""

    theme: str | None = None
    export_dir: Path | None = None
    sources: dict[str, SourceConfig] = field(default_factory=dict)
    alerts: AlertConfig = field(default_factory=AlertConfig)
    path: Path | None = None
    """Where it was read from (``None``: no file, defaults)."""


def default_config_path() -> Path:
    """``$JGBTUI_CONFIG`` or ``<user config dir>/jgbtui/config.toml``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("jgbtui") / "config.toml"


def _check_keys(section: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        where = f"[{section}]" if section else "top level"
        raise ConfigError(f"unknown key(s) {', '.join(unknown)} at {where}")


def _typed(section: str, key: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    if (
        isinstance(value, bool)
        and kind is not bool
        and bool not in (kind if isinstance(kind, tuple) else (kind,))
    ):
        raise ConfigError(f"[{section}] {key} must be a number, not true/false")
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ConfigError(f"[{section}] {key} must be {names}, got {value!r}")
    return value


def parse_config(data: dict[str, Any], known_sources: set[str] | None = None) -> Config:
    """Validate a parsed TOML document into a :class:`Config`.

    Raises:
        ConfigError: for unknown keys, unknown source names or wrongly typed values.
    """
    _check_keys("", data, {"theme", "export_dir", "sources", "alerts"})
    sources: dict[str, SourceConfig] = {}
    for name, table in (data.get("sources") or {}).items():
        if known_sources is not None and name not in known_sources:
            raise ConfigError(f"unknown source [sources.{name}]; known: {sorted(known_sources)}")
        if not isinstance(table, dict):
            raise ConfigError(f"[sources.{name}] must be a table")
        _check_keys(f"sources.{name}", table, {"mirror", "refresh_minutes"})
        minutes = table.get("refresh_minutes")
        if minutes is not None:
            _typed(f"sources.{name}", "refresh_minutes", minutes, (int, float))
            if minutes <= 0:
                raise ConfigError(f"[sources.{name}] refresh_minutes must be positive")
        mirror = table.get("mirror")
        if mirror is not None:
            _typed(f"sources.{name}", "mirror", mirror, str)
        sources[name] = SourceConfig(mirror=mirror, refresh_minutes=minutes)
    alerts_table = data.get("alerts") or {}
    _check_keys("alerts", alerts_table, set(AlertConfig.__dataclass_fields__))
    kinds: dict[str, type | tuple[type, ...]] = {
        "enabled": bool,
        "bell": bool,
        "yields": bool,
        "auctions": bool,
        "flows": bool,
        "fx": bool,
        "z_threshold": (int, float),
        "window": int,
    }
    for key, value in alerts_table.items():
        _typed("alerts", key, value, kinds[key])
    alerts = AlertConfig(**alerts_table)
    if alerts.window < 5:
        raise ConfigError("[alerts] window must be at least 5 observations")
    theme = data.get("theme")
    if theme is not None:
        _typed("", "theme", theme, str)
    export_dir = data.get("export_dir")
    if export_dir is not None:
        _typed("", "export_dir", export_dir, str)
    return Config(
        theme=theme,
        export_dir=Path(export_dir).expanduser() if export_dir else None,
        sources=sources,
        alerts=alerts,
    )


def load_config(path: Path | None = None, known_sources: set[str] | None = None) -> Config:
    """Read the config file; a missing file means defaults.

    Raises:
        ConfigError: with the file name, for invalid TOML or invalid content.
    """
    target = path or default_config_path()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{target}: cannot read: {exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{target}: not valid TOML: {exc}") from exc
    try:
        config = parse_config(data, known_sources)
    except ConfigError as exc:
        raise ConfigError(f"{target}: {exc}") from exc
    return Config(
        theme=config.theme,
        export_dir=config.export_dir,
        sources=config.sources,
        alerts=config.alerts,
        path=target,
    )
