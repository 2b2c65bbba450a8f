"""Which sources feed which pane (for stale / error marking). Imported at start-up: keep light."""

from __future__ import annotations

PANE_SOURCES: dict[str, tuple[str, ...]] = {
    "yields": ("mof_yields", "ust_curve"),
    "auctions": ("mof_auctions",),
    "flows": ("mof_flows_weekly", "mof_flows_monthly"),
    "fx": ("boj_usdjpy", "ecb_usdjpy", "fred_usdjpy", "mof_intervention"),
}
