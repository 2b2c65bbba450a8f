"""The last view, saved on disk and read back at start-up to paint before anything loads.

After every view it builds, the monitor saves it here (atomically, off the event loop) in the
journal's JSON form (:mod:`jgbtui.present.journal`): the rows the panes show and each source's
state, no frames. At the next start the app reads it back before its event loop runs,
without pandas, and paints it in its first frame, marked with its age, while the sources,
pandas and the network load behind it; the first live view replaces it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from jgbtui.present.files import write_json
from jgbtui.present.journal import view_from_parts, view_parts
from jgbtui.present.model import MarketView
from jgbtui.sources.base import SourceResult

#: Bump when the saved form changes; an older file is ignored (the next view replaces it).
FORMAT = 1


def saved_view_path(cache_dir: Path) -> Path:
    """Where the last view is kept (beside the payloads it was built from)."""
    return Path(cache_dir) / "last-view.json"


def save_view(path: Path, view: MarketView, results: Mapping[str, SourceResult]) -> bool:
    """Write ``view`` (with the sources' ``results``) atomically; never raises."""
    document = {"format": FORMAT, "built_at": view.built_at.isoformat()}
    document["parts"] = view_parts(view, results)
    return write_json(path, document)


def load_saved_view(cache_dir: Path) -> MarketView | None:
    """The last view saved in ``cache_dir``, or ``None`` (see :func:`load_view`)."""
    return load_view(saved_view_path(cache_dir))


def load_view(path: Path) -> MarketView | None:
    """The saved view, or ``None`` (absent, damaged, or from another version)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            return None
        built_at = datetime.fromisoformat(document["built_at"])
        return view_from_parts(document["parts"], built_at)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
