"""Small JSON files kept beside the cache (the saved view, the saved screen): written
atomically (a reader sees the old file or the new one, never half of one), never raising.

Standard library only: the saved screen is written and read on the way to the first frame.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def write_json(path: Path, document: dict[str, Any]) -> bool:
    """Write ``document`` to ``path`` atomically; ``False`` when it could not be written."""
    with contextlib.suppress(OSError, TypeError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
        return True
    return False
