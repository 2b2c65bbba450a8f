"""The commented default config that ``jgbtui config init`` writes: every key, with its default.

Keys whose default is "not set" (a mirror, the export folder) are written commented out, so
the file as written means exactly the defaults. The source list comes from the catalog, so a
new source appears here by itself.
"""

from __future__ import annotations

from jgbtui.runtime.config import (
    JOURNAL_MEGABYTES_RANGE,
    LOG_LEVELS,
    MAX_REFRESH_MINUTES,
    MIN_REFRESH_MINUTES,
    NOTIFY_TIMEOUT_RANGE,
    RETENTION_DAYS_RANGE,
    WINDOW_RANGE,
    Z_THRESHOLD_RANGE,
    AlertConfig,
    JournalConfig,
)
from jgbtui.sources import catalog

_HEAD = """\
# jgbtui configuration. Every key is optional; delete what you do not change.
# Unknown keys and bad values stop jgbtui with a message naming the key and line (exit 2).
# Written by `jgbtui config init`; `jgbtui config path` prints where jgbtui reads it.

# Colour theme: jgb-dark, jgb-light, jgb-high-contrast, or the name of a theme file you put
# in the themes/ folder beside this file (same format as the shipped themes).
theme = "jgb-dark"

# Where e (CSV) and s (SVG) on drill-down screens write files (default ./jgbtui-exports).
# export_dir = "~/jgb-exports"

# Detail of the log file in the platform's log directory: {levels}.
log_level = "info"

# Per source: a mirror (fetch https://HOST/PATH from MIRROR/HOST/PATH, e.g. a desk's shared
# caching proxy) and the poll interval in minutes ({low:g} to {high:g}).
"""

_ALERTS = """\
[alerts]
# Announce new anomalies once (bell + toast) and keep them in the alert history.
enabled = {enabled}
bell = {bell}
# Flag moves at least this many standard deviations from the trailing
# window ({zlow:g}-{zhigh:g}).
z_threshold = {z_threshold}
# Observations in that trailing window ({wlow}-{whigh}).
window = {window}
# Which series may raise alerts.
yields = {yields}
auctions = {auctions}
flows = {flows}
fx = {fx}
# A command run for each firing of your rules, without a shell: program, then arguments.
# {{text}} {{series}} {{value}} {{as_of}} {{time}} {{rule}} in an argument are replaced; with
# none of them the alert's text is added at the end.
# notify = ["notify-send", "jgbtui", "{{text}}"]
# Seconds the notify command may run before it is stopped ({tlow:g}-{thigh:g}).
notify_timeout = {notify_timeout:g}

[journal]
# Keep what the screen showed, view by view, one file a day (`jgbtui journal`, `[` in the app).
enabled = {journal_enabled}
# Days kept ({rlow}-{rhigh}) and the most the journal folder may hold, in MB
# ({mlow:g}-{mhigh:g}).
retention_days = {retention_days}
max_megabytes = {max_megabytes:g}

# Your own alerts, one [[rules]] table each, on any series id of `jgbtui export --list`:
# above / below a level, move_above a size over = "1d" or "1w" (unit "bp" for yields and
# spreads, "yen" or "%" for USD/JPY), or streak = N rises or falls in a row (direction =
# "up", "down" or "either"). hysteresis: how far back before it can fire again.
# [[rules]]
# series = "jgb:10Y"
# above = 3.0
#
# [[rules]]
# series = "usdjpy"
# move_above = 2
# over = "1w"
# unit = "yen"
# direction = "up"
# hysteresis = 0.5
#
# [[rules]]
# series = "flows:weekly:bonds"
# streak = 3
"""


def _toml_bool(value: bool) -> str:
    return "true" if value else "false"


def _minutes(spec: catalog.SourceSpec) -> str:
    minutes = spec.refresh.total_seconds() / 60
    return f"{minutes:g}"


def default_config_text() -> str:
    """The whole default config file, as TOML with comments."""
    parts = [
        _HEAD.format(
            levels=", ".join(LOG_LEVELS), low=MIN_REFRESH_MINUTES, high=MAX_REFRESH_MINUTES
        )
    ]
    for spec in catalog.CATALOG:
        parts.append(
            f"[sources.{spec.name}]\n"
            f"# {spec.title}: {spec.release_note or spec.publisher}\n"
            f'# mirror = "http://proxy.desk.example:8080"\n'
            f"refresh_minutes = {_minutes(spec)}\n"
        )
    defaults = AlertConfig()
    journal = JournalConfig()
    parts.append(
        _ALERTS.format(
            enabled=_toml_bool(defaults.enabled),
            bell=_toml_bool(defaults.bell),
            z_threshold=defaults.z_threshold,
            window=defaults.window,
            yields=_toml_bool(defaults.yields),
            auctions=_toml_bool(defaults.auctions),
            flows=_toml_bool(defaults.flows),
            fx=_toml_bool(defaults.fx),
            zlow=Z_THRESHOLD_RANGE[0],
            zhigh=Z_THRESHOLD_RANGE[1],
            wlow=WINDOW_RANGE[0],
            whigh=WINDOW_RANGE[1],
            notify_timeout=defaults.notify_timeout,
            tlow=NOTIFY_TIMEOUT_RANGE[0],
            thigh=NOTIFY_TIMEOUT_RANGE[1],
            journal_enabled=_toml_bool(journal.enabled),
            retention_days=journal.retention_days,
            max_megabytes=journal.max_megabytes,
            rlow=RETENTION_DAYS_RANGE[0],
            rhigh=RETENTION_DAYS_RANGE[1],
            mlow=JOURNAL_MEGABYTES_RANGE[0],
            mhigh=JOURNAL_MEGABYTES_RANGE[1],
        )
    )
    return "\n".join(parts)
