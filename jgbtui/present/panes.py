"""Which sources feed which pane (for stale / error marking). Imported at start-up: keep light."""

from __future__ import annotations

PANE_SOURCES: dict[str, tuple[str, ...]] = {
    "yields": ("mof_yields", "ust_curve"),
    "auctions": ("mof_auctions",),
    "flows": ("mof_flows_weekly", "mof_flows_monthly"),
    "fx": ("boj_usdjpy", "ecb_usdjpy", "fred_usdjpy", "mof_intervention"),
    "signals": (
        "mof_auctions",
        "mof_flows_weekly",
        "mof_flows_monthly",
        "boj_usdjpy",
        "ecb_usdjpy",
        "fred_usdjpy",
        "mof_yields",
        "ust_curve",
    ),
}
#: Every source name (the config file's ``[sources.NAME]`` tables are checked against it).
SOURCE_NAMES = frozenset(name for names in PANE_SOURCES.values() for name in names) | {
    "mof_intervention"
}
