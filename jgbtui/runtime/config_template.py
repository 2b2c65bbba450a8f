"""The commented default config that ``jgbtui config init`` writes: every key, with its default.

Keys whose default is "not set" (a mirror, the export folder) are written commented out, so
the file as written means exactly the defaults. The source list comes from the catalog, so a
new source appears here by itself.
"""

from __future__ import annotations

from jgbtui.runtime.config import (
    LOG_LEVELS,
    MAX_REFRESH_MINUTES,
    MIN_REFRESH_MINUTES,
    WINDOW_RANGE,
    Z_THRESHOLD_RANGE,
    AlertConfig,
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
        )
    )
    return "\n".join(parts)
