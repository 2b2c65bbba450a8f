"""The config file: ``config.toml`` in the user config directory, ``$JGBTUI_CONFIG``, ``--config``.

Everything is optional. Every key is checked for its type and range before any screen opens;
an unknown key or a bad value is refused with a message naming the key and its line, because
a misspelt threshold silently ignored is worse than a refusal to start. ``jgbtui config init``
writes a commented file with every key (:mod:`jgbtui.runtime.config_template`). Example::

    theme = "jgb-light"
    export_dir = "~/jgb-exports"
    log_level = "info"

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
    notify = ["notify-send", "jgbtui", "{text}"]   # run for each firing of your rules
    notify_timeout = 10

    [journal]
    enabled = true
    retention_days = 30
    max_megabytes = 100

    [[rules]]                     # your own alerts (see jgbtui.runtime.rules)
    series = "jgb:10Y"
    above = 2.95
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from jgbtui.runtime.rules import Rule, RuleError, parse_rule

ENV_VAR = "JGBTUI_CONFIG"
#: Shortest poll interval the config may ask for: the publishers change their files at most a
#: few times a day, and 0.0001 minutes would send about eleven requests a second.
MIN_REFRESH_MINUTES = 1.0
#: Longest poll interval: a week (longer is "never", which is what --offline is for).
MAX_REFRESH_MINUTES = 7 * 24 * 60.0
Z_THRESHOLD_RANGE = (0.5, 10.0)
WINDOW_RANGE = (5, 5000)
NOTIFY_TIMEOUT_RANGE = (1.0, 120.0)
RETENTION_DAYS_RANGE = (1, 3660)
JOURNAL_MEGABYTES_RANGE = (1.0, 100_000.0)
LOG_LEVELS = ("debug", "info", "warning", "error")
#: User themes live in this folder beside the config file.
THEMES_FOLDER = "themes"


class ConfigError(Exception):
    """The config file is missing (when named explicitly), not valid TOML, or has keys or
    values jgbtui does not accept. ``str()`` names the file, the key and the line."""

    def __init__(self, message: str, *, key: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.line = line


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
    notify: tuple[str, ...] = ()
    """A command run (without a shell) for each firing of a rule: program and arguments;
    ``{text}``, ``{series}``, ``{value}``, ``{as_of}``, ``{time}`` and ``{rule}`` in an
    argument are replaced, and without any of them the alert's text is added at the end."""
    notify_timeout: float = 10.0
    """Seconds the notify command may run before it is stopped."""


@dataclass(frozen=True)
class JournalConfig:
    """The journal of what the screen showed (see :mod:`jgbtui.runtime.journal`)."""

    enabled: bool = True
    retention_days: int = 30
    """Daily files older than this many days are deleted."""
    max_megabytes: float = 100.0
    """The journal folder is kept under this size (oldest days deleted first)."""


@dataclass(frozen=True)
class Config:
    """Everything the config file can set."""

    theme: str | None = None
    export_dir: Path | None = None
    log_level: str | None = None
    sources: dict[str, SourceConfig] = field(default_factory=dict)
    alerts: AlertConfig = field(default_factory=AlertConfig)
    journal: JournalConfig = field(default_factory=JournalConfig)
    rules: tuple[Rule, ...] = ()
    """The ``[[rules]]`` of the file, in order."""
    path: Path | None = None
    """Where it was read from (``None``: no file, defaults)."""


def default_config_path() -> Path:
    """``$JGBTUI_CONFIG`` or ``<user config dir>/jgbtui/config.toml``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("jgbtui") / "config.toml"


def config_path(explicit: Path | None = None) -> tuple[Path, bool]:
    """The config file to read and whether it was named explicitly.

    ``--config FILE`` wins, then ``$JGBTUI_CONFIG``, then the platform's user config
    directory. An explicitly named file must exist; the default one may be absent.
    """
    if explicit is not None:
        return explicit.expanduser(), True
    return default_config_path(), bool(os.environ.get(ENV_VAR))


def user_themes_dir(path: Path) -> Path:
    """The folder of user themes that goes with config file ``path``."""
    return path.parent / THEMES_FOLDER


# --------------------------------------------------------------------------- validation


def _where(section: str, key: str | None = None) -> str:
    if key is None:
        return f"[{section}]" if section else "top level"
    return f"[{section}] {key}" if section else key


def _check_keys(section: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(
            f"unknown key(s) {', '.join(unknown)} at {_where(section)}; "
            f"known: {', '.join(sorted(allowed))}",
            key=f"{section}.{unknown[0]}" if section else unknown[0],
        )


def _table(section: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        name = f"{section}.{key}" if section else key
        raise ConfigError(f"[{name}] must be a table, got {value!r}", key=name)
    return value


def _number(section: str, key: str, value: Any, low: float, high: float) -> float:
    """A finite number in ``[low, high]`` (``true``/``false`` are not numbers)."""
    dotted = f"{section}.{key}" if section else key
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{_where(section, key)} must be a number, got {value!r}", key=dotted)
    if not math.isfinite(value):
        raise ConfigError(
            f"{_where(section, key)} must be a finite number, got {value}", key=dotted
        )
    if not low <= value <= high:
        raise ConfigError(
            f"{_where(section, key)} must be between {low:g} and {high:g}, got {value:g}",
            key=dotted,
        )
    return float(value)


def _integer(section: str, key: str, value: Any, low: int, high: int) -> int:
    dotted = f"{section}.{key}" if section else key
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(
            f"{_where(section, key)} must be a whole number, got {value!r}", key=dotted
        )
    if not low <= value <= high:
        raise ConfigError(
            f"{_where(section, key)} must be between {low} and {high}, got {value}", key=dotted
        )
    return value


def _boolean(section: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(
            f"{_where(section, key)} must be true or false, got {value!r}",
            key=f"{section}.{key}" if section else key,
        )
    return value


def _string(section: str, key: str, value: Any) -> str:
    dotted = f"{section}.{key}" if section else key
    if not isinstance(value, str):
        raise ConfigError(f"{_where(section, key)} must be a string, got {value!r}", key=dotted)
    if not value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ConfigError(
            f"{_where(section, key)} must be a non-empty line of text, got {value!r}", key=dotted
        )
    return value


def _mirror(section: str, value: Any) -> str:
    text = _string(section, "mirror", value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"[{section}] mirror must be an http:// or https:// URL, got {text!r}",
            key=f"{section}.mirror",
        )
    return text


def _sources(data: Any, known_sources: set[str] | None) -> dict[str, SourceConfig]:
    sources: dict[str, SourceConfig] = {}
    for name, raw in _table("", "sources", data).items():
        section = f"sources.{name}"
        if known_sources is not None and name not in known_sources:
            raise ConfigError(
                f"unknown source [{section}]; known: {', '.join(sorted(known_sources))}",
                key=section,
            )
        table = _table("sources", name, raw)
        _check_keys(section, table, {"mirror", "refresh_minutes"})
        minutes = table.get("refresh_minutes")
        if minutes is not None:
            minutes = _number(
                section, "refresh_minutes", minutes, MIN_REFRESH_MINUTES, MAX_REFRESH_MINUTES
            )
        mirror = table.get("mirror")
        sources[name] = SourceConfig(
            mirror=None if mirror is None else _mirror(section, mirror), refresh_minutes=minutes
        )
    return sources


def _command(section: str, key: str, value: Any) -> tuple[str, ...]:
    """A program and its arguments, as a list of strings (never one string for a shell)."""
    if not isinstance(value, list) or not value or not all(isinstance(part, str) for part in value):
        raise ConfigError(
            f"{_where(section, key)} must be a list of strings (program, then arguments; "
            f"no shell), got {value!r}",
            key=f"{section}.{key}",
        )
    for part in value:
        _string(section, key, part)
    return tuple(value)


#: How each key of a section is read; a key not listed is a boolean switch.
Reader = Callable[[str, str, Any], Any]


def _section(
    name: str, data: Any, kind: type[Any], readers: Mapping[str, Reader]
) -> dict[str, Any]:
    """The keys of table ``name`` (the fields of dataclass ``kind``), each checked by its
    reader; unknown keys are refused."""
    table = _table("", name, data)
    _check_keys(name, table, {f.name for f in fields(kind)})
    values: dict[str, Any] = {}
    for key, value in table.items():
        read: Reader = readers.get(key, _boolean)
        values[key] = read(name, key, value)
    return values


def _ranged(read: Callable[[str, str, Any, Any, Any], Any], low: float, high: float) -> Reader:
    def reader(section: str, key: str, value: Any) -> Any:
        return read(section, key, value, low, high)

    return reader


def _alerts(data: Any) -> AlertConfig:
    readers = {
        "z_threshold": _ranged(_number, *Z_THRESHOLD_RANGE),
        "window": _ranged(_integer, *WINDOW_RANGE),
        "notify": _command,
        "notify_timeout": _ranged(_number, *NOTIFY_TIMEOUT_RANGE),
    }
    return AlertConfig(**_section("alerts", data, AlertConfig, readers))


def _journal(data: Any) -> JournalConfig:
    readers = {
        "retention_days": _ranged(_integer, *RETENTION_DAYS_RANGE),
        "max_megabytes": _ranged(_number, *JOURNAL_MEGABYTES_RANGE),
    }
    return JournalConfig(**_section("journal", data, JournalConfig, readers))


def _rules(data: Any) -> tuple[Rule, ...]:
    """``[[rules]]``: an array of tables, each checked by :func:`.rules.parse_rule`."""
    if not isinstance(data, list):
        raise ConfigError(f"rules must be written as [[rules]] tables, got {data!r}", key="rules")
    rules = []
    for index, table in enumerate(data):
        try:
            rules.append(
                parse_rule(
                    table, where=f"[[rules]] #{index + 1}", key=f"rules.{index}", origin="config"
                )
            )
        except RuleError as exc:
            raise ConfigError(exc.message, key=exc.key) from exc
    return tuple(rules)


def parse_config(data: dict[str, Any], known_sources: set[str] | None = None) -> Config:
    """Validate a parsed TOML document into a :class:`Config`.

    Raises:
        ConfigError: for unknown keys or source names, and for any value of the wrong type,
            out of range or not finite; ``key`` names the offending key (dotted).
    """
    _check_keys(
        "", data, {"theme", "export_dir", "log_level", "sources", "alerts", "journal", "rules"}
    )
    theme = data.get("theme")
    if theme is not None:
        theme = _string("", "theme", theme)
    export_dir = data.get("export_dir")
    if export_dir is not None:
        export_dir = _string("", "export_dir", export_dir)
    log_level = data.get("log_level")
    if log_level is not None:
        log_level = _string("", "log_level", log_level).lower()
        if log_level not in LOG_LEVELS:
            raise ConfigError(
                f"log_level must be one of {', '.join(LOG_LEVELS)}, got {data['log_level']!r}",
                key="log_level",
            )
    return Config(
        theme=theme,
        export_dir=Path(export_dir).expanduser() if export_dir else None,
        log_level=log_level,
        sources=_sources(data.get("sources", {}), known_sources),
        alerts=_alerts(data.get("alerts", {})),
        journal=_journal(data.get("journal", {})),
        rules=_rules(data.get("rules", [])),
    )


# --------------------------------------------------------------------------- locating keys

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def _bare(name: str) -> str:
    return name.strip().strip("\"'")


def locate(text: str, dotted: str) -> int | None:
    """The 1-based line where key ``dotted`` (``"alerts.window"``) is set in TOML ``text``.

    :mod:`tomllib` gives no positions, so the text is scanned: the key's own line inside its
    ``[table]``, else a dotted ``a.b = ...`` assignment, else the table's header line.
    ``None`` when nothing matches (the message still names the key).
    """
    parts = [p for p in dotted.split(".") if p]
    if not parts:
        return None
    if len(parts) >= 2 and parts[1].isdigit():
        return _locate_in_array(text, parts[0], int(parts[1]), parts[2:])
    section: list[str] = []
    header_line: int | None = None
    target_section, key = parts[:-1], parts[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            section = [_bare(p) for p in header.group(1).split(".")]
            if section == parts and header_line is None:
                header_line = number
            continue
        assignment = line.split("=", 1)
        if len(assignment) != 2 or line.lstrip().startswith("#"):
            continue
        left = [_bare(p) for p in assignment[0].split(".")]
        if section + left == parts or (section + left)[: len(parts)] == parts:
            return number
        if section == target_section and left and left[0] == key:
            return number
    return header_line


def _locate_in_array(text: str, name: str, index: int, rest: list[str]) -> int | None:
    """The line of key ``rest`` in the ``index``-th (0-based) ``[[name]]`` table, else the
    line of that table's header."""
    seen = -1
    header_line: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            if header_line is not None:
                break  # the next table starts: the key was not in this one
            if line.lstrip().startswith("[[") and _bare(header.group(1)) == name:
                seen += 1
                if seen == index:
                    header_line = number
            continue
        if header_line is None or not rest or line.lstrip().startswith("#"):
            continue
        left = line.split("=", 1)[0]
        if "=" in line and _bare(left) == rest[0]:
            return number
    return header_line


# --------------------------------------------------------------------------- loading


def load_config(
    path: Path | None = None,
    known_sources: set[str] | None = None,
    *,
    explicit: bool = False,
) -> Config:
    """Read the config file; a missing file means defaults unless it was named ``explicit``-ly.

    Raises:
        ConfigError: naming the file (and the key and line), for a missing explicit file,
            an unreadable file, invalid TOML or invalid content.
    """
    target = path or default_config_path()
    try:
        raw = target.read_bytes()
    except FileNotFoundError as exc:
        if explicit:
            raise ConfigError(
                f"{target}: no such file (named by --config or ${ENV_VAR}; "
                "`jgbtui config init` writes one)"
            ) from exc
        return Config()
    except OSError as exc:
        raise ConfigError(f"{target}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{target}: not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{target}: not valid TOML: {exc}") from exc
    try:
        config = parse_config(data, known_sources)
    except ConfigError as exc:
        line = locate(text, exc.key) if exc.key else None
        where = f"{target}:{line}" if line else str(target)
        raise ConfigError(f"{where}: {exc.message}", key=exc.key, line=line) from exc
    rules = tuple(
        replace(rule, line=_locate_in_array(text, "rules", index, []))
        for index, rule in enumerate(config.rules)
    )
    return replace(config, rules=rules, path=target)
