"""Which sources feed which pane (for stale / error marking), read from the catalog.

Imported at start-up: the catalog is light (no pandas, no parsers).
"""

from __future__ import annotations

from jgbtui.sources import catalog

PANE_SOURCES: dict[str, tuple[str, ...]] = {
    pane: catalog.pane_sources(pane) for pane in catalog.PANES
}
#: Every source name (the config file's ``[sources.NAME]`` tables are checked against it).
SOURCE_NAMES = frozenset(catalog.names())
