"""A crash is never sticky: payloads on screen when the app crashed are set aside next start.

When the app stops on an unhandled error, it records which cached payloads had reached the
screen without ever being painted successfully before (the suspects). The next start moves
them out of the cache before reading it, so a payload that crashes rendering is fetched
afresh (and judged again) instead of crashing every later start.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import platformdirs


def default_record_path() -> Path:
    """``<user state dir>/jgbtui/crash-suspects.json``."""
    return platformdirs.user_state_path("jgbtui") / "crash-suspects.json"


def record_suspects(path: Path, urls: Iterable[str]) -> None:
    """Write the URLs of the suspect payloads (best effort: the app is already failing)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sorted(set(urls))), encoding="utf-8")


def take_suspects(path: Path) -> list[str]:
    """Read and remove the record left by a crash (empty when there was none)."""
    try:
        urls = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    with contextlib.suppress(OSError):
        os.unlink(path)
    return [u for u in urls if isinstance(u, str)] if isinstance(urls, list) else []
