"""On-disk cache of raw payloads that passed the acceptance gate.

One file per entry, ``payloads/<key>.entry``: a magic line, one line of JSON metadata (URL,
fetch time, validators, SHA-256 and length of the payload), then the payload bytes as the
publisher sent them. Payload and metadata travel together, so there is no moment at which
one is new and the other old. Each entry is written to a temporary file in the same
directory, flushed to disk (``fsync``) and moved into place with :func:`os.replace`: a crash
or a ``kill -9`` at any point leaves either the previous entry or the new one, never a torn
one. Temporary files left by a killed process are removed when the cache is opened.

An entry that fails its checks (bad checksum, unreadable metadata, another URL's payload) is
moved aside to ``quarantine/`` and reported with a one-line warning; the fetcher then asks
the publisher for a fresh copy without validators. Entries of the previous two-file layout
(``<key>.bin`` + ``<key>.json``) are read once and rewritten in this layout, or dropped when
damaged.

Reads never raise: a cache directory that cannot be read or written only means "no cached
copy"; :meth:`PayloadCache.store` raises :class:`OSError`, which the fetcher turns into a
status line note while the fresh data is shown.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

#: First line of every entry: the layout and its version.
MAGIC = b"jgbtui-cache-entry 1\n"
ENTRY_SUFFIX = ".entry"
TEMP_SUFFIX = ".tmp"
QUARANTINE_DIR = "quarantine"
#: A temporary file whose writer is still alive is left alone unless it is older than this
#: (a writer never takes that long; the process id may have been reused).
STALE_TEMP_SECONDS = 3600.0
#: The largest metadata line read: anything longer is damage, not metadata.
_MAX_META = 64 * 1024


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


@dataclass(frozen=True)
class Lookup:
    """What the cache holds for a URL: the payload (if any) and a warning (if it was damaged)."""

    payload: CachedPayload | None
    warning: str | None = None


class DamagedEntry(ValueError):
    """An entry's bytes are not a valid entry for the URL asked for."""


def encode_entry(
    url: str,
    content: bytes,
    fetched_at: datetime,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> bytes:
    """The bytes of one entry: magic line, metadata line, payload."""
    meta = {
        "url": url,
        "fetched_at": fetched_at.isoformat(),
        "etag": etag,
        "last_modified": last_modified,
        "sha256": hashlib.sha256(content).hexdigest(),
        "bytes": len(content),
    }
    return MAGIC + json.dumps(meta, ensure_ascii=True).encode("ascii") + b"\n" + content


def decode_entry(raw: bytes, url: str) -> CachedPayload:
    """Read an entry back, checking its layout, URL, length and checksum.

    Raises:
        DamagedEntry: naming what is wrong.
    """
    if not raw.startswith(MAGIC):
        raise DamagedEntry("not a cache entry (bad first line)")
    end = raw.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_META)
    if end < 0:
        raise DamagedEntry("metadata line missing or cut")
    return _checked(raw[len(MAGIC) : end], raw[end + 1 :], url)


def read_entry(path: Path, url: str) -> CachedPayload:
    """Read the entry file at ``path``, with the checks of :func:`decode_entry`.

    The payload is read straight into its own bytes (never sliced out of the whole file's,
    which would hold two copies of a large payload for a moment).

    Raises:
        OSError: the file cannot be read.
        DamagedEntry: naming what is wrong.
    """
    with open(path, "rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise DamagedEntry("not a cache entry (bad first line)")
        line = handle.readline(_MAX_META + 1)
        if not line.endswith(b"\n") or len(line) > _MAX_META:
            raise DamagedEntry("metadata line missing or cut")
        content = handle.read()
    return _checked(line[:-1], content, url)


def _checked(head: bytes, content: bytes, url: str) -> CachedPayload:
    """The payload of an entry whose metadata line is ``head``, once its checks pass."""
    try:
        meta = json.loads(head)
    except ValueError:
        raise DamagedEntry("metadata unreadable") from None
    if not isinstance(meta, dict):
        raise DamagedEntry("metadata unreadable")
    if meta.get("url") != url:
        raise DamagedEntry("entry belongs to another URL")
    if meta.get("bytes") != len(content):
        raise DamagedEntry(f"payload is {len(content)} bytes, metadata says {meta.get('bytes')}")
    if meta.get("sha256") != hashlib.sha256(content).hexdigest():
        raise DamagedEntry("payload checksum does not match")
    fetched_at = _timestamp(meta.get("fetched_at"))
    etag, last_modified = meta.get("etag"), meta.get("last_modified")
    if not all(v is None or isinstance(v, str) for v in (etag, last_modified)):
        raise DamagedEntry("validators unreadable")
    return CachedPayload(url, content, fetched_at, etag=etag, last_modified=last_modified)


def _timestamp(value: object) -> datetime:
    if not isinstance(value, str):
        raise DamagedEntry("fetch time missing")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise DamagedEntry("fetch time unreadable") from None
    if stamp.tzinfo is None:
        raise DamagedEntry("fetch time has no time zone")
    return stamp


def _label(url: str) -> str:
    """``host/…/file``: which entry, short enough for a status line."""
    host, _, path = url.split("://", 1)[-1].partition("/")
    name = path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return f"{host}/…/{name}" if name else host


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); harmless where directories cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, whole.

    The temporary file's name carries this process's id, so a later start can tell a
    leftover of a killed writer from a write in progress in another process.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


_TEMP_PID = re.compile(r"\.(\d+)\.[0-9a-f]+\.tmp$")


def _writer_gone(name: str, age: float) -> bool:
    """Whether a temporary file was left behind (its writer is dead, or it is very old)."""
    if age > STALE_TEMP_SECONDS:
        return True
    match = _TEMP_PID.search(name)
    if match is None:
        return True  # the previous layout's temporary files carry no process id
    pid = int(match.group(1))
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, but not ours to signal
    return False


class PayloadCache:
    """Stores and loads payloads keyed by their official URL."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.payload_dir = self.root / "payloads"
        self.quarantine_dir = self.root / QUARANTINE_DIR
        self.removed_temps = self._clean_temps()
        """How many leftover temporary files were removed on opening."""

    def _clean_temps(self) -> int:
        removed = 0
        try:
            entries = list(os.scandir(self.payload_dir))
        except OSError:
            return 0  # no cache yet, or a directory we cannot read: nothing to clean
        now = time.time()
        for entry in entries:
            if not entry.name.endswith(TEMP_SUFFIX):
                continue
            with contextlib.suppress(OSError):
                if _writer_gone(entry.name, now - entry.stat(follow_symlinks=False).st_mtime):
                    os.unlink(entry.path)
                    removed += 1
        return removed

    def _key(self, url: str) -> str:
        # Readable prefix for humans poking at the directory, hash for uniqueness.
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", url.split("://", 1)[-1])[-60:]
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        return f"{slug}-{digest}"

    def path(self, url: str) -> Path:
        """The entry file for ``url``."""
        return self.payload_dir / f"{self._key(url)}{ENTRY_SUFFIX}"

    def legacy_paths(self, url: str) -> tuple[Path, Path]:
        """The ``(.bin, .json)`` files of the previous two-file layout."""
        key = self._key(url)
        return self.payload_dir / f"{key}.bin", self.payload_dir / f"{key}.json"

    def load(self, url: str) -> CachedPayload | None:
        """The cached payload for ``url``, or ``None`` if absent, damaged or unreadable."""
        return self.lookup(url).payload

    def lookup(self, url: str) -> Lookup:
        """The cached payload for ``url`` and, if its entry was damaged, a warning.

        A damaged entry is moved to ``quarantine/`` (kept for inspection, never read again).
        """
        path = self.path(url)
        try:
            return Lookup(read_entry(path, url))
        except FileNotFoundError:
            return self._migrate(url)
        except NotADirectoryError:
            return Lookup(None)  # the cache directory is a file: nothing cached
        except OSError as exc:
            reason = f"unreadable ({exc.strerror or exc})"
            return Lookup(None, self.quarantine(path, reason, _label(url)))
        except DamagedEntry as exc:
            return Lookup(None, self.quarantine(path, str(exc), _label(url)))

    def quarantine(self, path: Path, reason: str, label: str) -> str:
        """Move a damaged entry aside; return the one-line warning for the status line."""
        shown = f"damaged cache entry for {label} ({reason})"
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        target = self.quarantine_dir / f"{path.stem}-{stamp}-{secrets.token_hex(2)}{path.suffix}"
        try:
            self.quarantine_dir.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        except OSError as exc:
            # Cannot move it (read-only cache?): it is ignored now and will be next time too.
            return f"{shown}; not set aside ({exc.strerror or type(exc).__name__}), ignored"
        return f"{shown}; set aside in {QUARANTINE_DIR}/, fetching afresh"

    def discard(self, url: str, reason: str) -> str | None:
        """Quarantine the entry of ``url`` (it no longer parses); the warning, if there was one."""
        path = self.path(url)
        if not path.exists():
            return None
        return self.quarantine(path, reason, _label(url))

    def set_aside(self, url: str) -> bool:
        """Move the entry for ``url`` into ``quarantine/`` (kept for inspection, never read).

        For payloads the last run crashed showing: the next start fetches them afresh.
        Returns whether anything was moved (never raises).
        """
        moved = False
        for path in (self.path(url), *self.legacy_paths(url)):
            if not path.exists():
                continue
            warning = self.quarantine(path, "set aside after a crash", _label(url))
            moved = moved or "set aside in" in warning
        return moved

    def _migrate(self, url: str) -> Lookup:
        """Read an entry of the previous layout once: rewrite it in this one, or drop it."""
        bin_path, meta_path = self.legacy_paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            content = bin_path.read_bytes()
        except FileNotFoundError:
            return Lookup(None)
        except (OSError, ValueError):
            meta, content = None, b""
        payload: CachedPayload | None = None
        if isinstance(meta, dict) and meta.get("url") == url:
            with contextlib.suppress(DamagedEntry):
                if meta.get("sha256") != hashlib.sha256(content).hexdigest():
                    raise DamagedEntry("checksum")
                payload = CachedPayload(
                    url,
                    content,
                    _timestamp(meta.get("fetched_at")),
                    etag=meta.get("etag") if isinstance(meta.get("etag"), str) else None,
                    last_modified=(
                        meta.get("last_modified")
                        if isinstance(meta.get("last_modified"), str)
                        else None
                    ),
                )
        if payload is not None:
            try:
                self.store(
                    url,
                    payload.content,
                    payload.fetched_at,
                    etag=payload.etag,
                    last_modified=payload.last_modified,
                )
            except OSError:
                return Lookup(payload)  # read-only cache: use it, keep the old files
        for old in (bin_path, meta_path):
            with contextlib.suppress(OSError):
                old.unlink()
        if payload is None:
            return Lookup(None, f"old-format cache entry for {_label(url)} damaged, dropped")
        return Lookup(payload)

    def store(
        self,
        url: str,
        content: bytes,
        fetched_at: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Atomically store a payload (one file: metadata and bytes together).

        Raises:
            OSError: the cache directory cannot be created or written.
        """
        self.payload_dir.mkdir(parents=True, exist_ok=True)
        entry = encode_entry(url, content, fetched_at, etag=etag, last_modified=last_modified)
        write_atomic(self.path(url), entry)
