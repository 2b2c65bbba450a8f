"""The payload cache: one atomic file per entry, quarantine, leftovers, the old layout."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from jgbtui.sources.base import UTC
from jgbtui.sources.cache import MAGIC, PayloadCache

URL = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv"
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def test_an_entry_is_one_file_holding_metadata_and_payload(tmp_path: Path) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"1\r\n2\r\n", NOW, etag='"e"', last_modified="Mon, 23 Nov 2026")
    files = list((tmp_path / "payloads").iterdir())
    assert files == [cache.path(URL)]
    raw = files[0].read_bytes()
    assert raw.startswith(MAGIC) and raw.endswith(b"1\r\n2\r\n")
    loaded = cache.load(URL)
    assert loaded is not None
    assert (loaded.content, loaded.fetched_at, loaded.etag) == (b"1\r\n2\r\n", NOW, '"e"')
    assert loaded.last_modified == "Mon, 23 Nov 2026"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda raw: raw[:-1] + b"X", "payload checksum does not match"),
        (lambda raw: raw.replace(b'"sha256"', b'"sha\xff56"'), "metadata unreadable"),
        (lambda raw: raw[: len(MAGIC) + 10], "metadata line missing or cut"),
        (lambda raw: b"<html>" + raw, "not a cache entry"),
        (lambda raw: raw + b"more", "metadata says"),
        (lambda raw: raw.replace(b"jgbcme.csv", b"jgbcmX.csv"), "another URL"),
    ],
)
def test_a_damaged_entry_is_set_aside_with_a_warning(tmp_path: Path, damage, reason) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"1\n", NOW)
    path = cache.path(URL)
    path.write_bytes(damage(path.read_bytes()))
    lookup = cache.lookup(URL)
    assert lookup.payload is None
    assert lookup.warning and reason in lookup.warning and "set aside" in lookup.warning
    assert not path.exists()
    assert len(list((tmp_path / "quarantine").iterdir())) == 1
    assert cache.lookup(URL).warning is None, "warned once, then simply not cached"


def test_a_kill_leaves_a_temporary_file_that_the_next_start_removes(tmp_path: Path) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"good\n", NOW)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)  # a process that has exited
    left = cache.path(URL).with_name(f".{cache.path(URL).name}.{pid}.00ff00ff.tmp")
    left.write_bytes(b"half an entry")
    alive = cache.path(URL).with_name(f".other.entry.{os.getppid()}.00aa00aa.tmp")
    alive.write_bytes(b"another process writing now")

    reopened = PayloadCache(tmp_path)
    assert reopened.removed_temps == 1
    assert not left.exists() and alive.exists(), "a live writer's file is left alone"
    assert reopened.load(URL).content == b"good\n"


def test_the_old_two_file_layout_is_read_once_and_rewritten(tmp_path: Path) -> None:
    cache = PayloadCache(tmp_path)
    bin_path, meta_path = cache.legacy_paths(URL)
    bin_path.parent.mkdir(parents=True)
    bin_path.write_bytes(b"7\n")
    meta = {
        "url": URL,
        "fetched_at": NOW.isoformat(),
        "etag": '"old"',
        "last_modified": None,
        "sha256": hashlib.sha256(b"7\n").hexdigest(),
        "bytes": 2,
    }
    meta_path.write_text(json.dumps(meta))
    loaded = cache.load(URL)
    assert loaded is not None and (loaded.content, loaded.etag) == (b"7\n", '"old"')
    assert not bin_path.exists() and not meta_path.exists()
    assert cache.path(URL).exists()
    assert PayloadCache(tmp_path).load(URL).content == b"7\n"


def test_a_damaged_old_entry_is_dropped(tmp_path: Path) -> None:
    cache = PayloadCache(tmp_path)
    bin_path, meta_path = cache.legacy_paths(URL)
    bin_path.parent.mkdir(parents=True)
    bin_path.write_bytes(b"7\n")
    meta_path.write_text('{"url": "' + URL + '", "sha256": "0000"}')
    lookup = cache.lookup(URL)
    assert lookup.payload is None and "dropped" in (lookup.warning or "")
    assert not bin_path.exists() and not meta_path.exists()


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_a_cache_that_cannot_be_written_reads_as_empty(tmp_path: Path, where: str) -> None:
    # Tests run as root, where permissions stop nothing: a file in the way does.
    blocker = tmp_path / "cache"
    blocker.write_text("not a directory")
    root = blocker if where == "file" else blocker / "jgbtui"
    cache = PayloadCache(root)
    assert cache.lookup(URL).payload is None and cache.lookup(URL).warning is None
    with pytest.raises(OSError):
        cache.store(URL, b"1\n", NOW)
