"""On-disk cache of raw payloads that parsed successfully.

Each payload lives in two files: ``<key>.bin`` (the bytes as the publisher sent them) and
``<key>.json`` (URL, fetch time, validators, SHA-256 of the bytes). Both are written to a
temporary file in the same directory and moved into place with :func:`os.replace`, so a
crash mid-write never leaves a torn payload; the checksum catches anything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs


def default_cache_dir() -> Path:
    """The per-user cache directory (``platformdirs.user_cache_path("jgbtui")``)."""
    return platformdirs.user_cache_path("jgbtui")


@dataclass(frozen=True)
class CachedPayload:
    """A payload read back from the cache."""

    url: str
    content: bytes
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class PayloadCache:
    """Stores and loads payloads keyed by their official URL."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.payload_dir = self.root / "payloads"

    def _key(self, url: str) -> str:
        # Readable prefix for humans poking at the directory, hash for uniqueness.
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", url.split("://", 1)[-1])[-60:]
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        return f"{slug}-{digest}"

    def paths(self, url: str) -> tuple[Path, Path]:
        """The ``(.bin, .json)`` paths for ``url``."""
        key = self._key(url)
        return self.payload_dir / f"{key}.bin", self.payload_dir / f"{key}.json"

    def load(self, url: str) -> CachedPayload | None:
        """Return the cached payload for ``url``, or ``None`` if absent or damaged."""
        bin_path, meta_path = self.paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            content = bin_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("sha256") != hashlib.sha256(content).hexdigest() or meta.get("url") != url:
            return None
        try:
            fetched_at = datetime.fromisoformat(meta["fetched_at"])
        except (KeyError, TypeError, ValueError):
            return None
        return CachedPayload(
            url=url,
            content=content,
            fetched_at=fetched_at,
            etag=meta.get("etag"),
            last_modified=meta.get("last_modified"),
        )

    def store(
        self,
        url: str,
        content: bytes,
        fetched_at: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Atomically store a payload that has already parsed successfully."""
        self.payload_dir.mkdir(parents=True, exist_ok=True)
        bin_path, meta_path = self.paths(url)
        meta = {
            "url": url,
            "fetched_at": fetched_at.isoformat(),
            "etag": etag,
            "last_modified": last_modified,
            "sha256": hashlib.sha256(content).hexdigest(),
            "bytes": len(content),
        }
        # Bytes first, metadata second: a reader only trusts bytes whose checksum matches.
        _write_atomic(bin_path, content)
        _write_atomic(meta_path, json.dumps(meta, indent=1).encode("utf-8"))

    def set_aside(self, url: str) -> bool:
        """Move the entry for ``url`` into ``quarantine/`` (kept for inspection, never read)."""
        moved = False
        quarantine = self.root / "quarantine"
        for path in self.paths(url):
            try:
                quarantine.mkdir(parents=True, exist_ok=True)
                os.replace(path, quarantine / path.name)
                moved = True
            except OSError:
                continue
        return moved

    def touch(self, url: str, fetched_at: datetime) -> None:
        """Record that the publisher confirmed the cached bytes (HTTP 304) at ``fetched_at``."""
        cached = self.load(url)
        if cached is not None:
            self.store(
                url,
                cached.content,
                fetched_at,
                etag=cached.etag,
                last_modified=cached.last_modified,
            )
