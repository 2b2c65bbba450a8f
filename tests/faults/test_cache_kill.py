"""``kill -9`` while the cache is being written: the next start works, with the last good data.

A subprocess rewrites cache entries in a loop and is killed with SIGKILL mid-write (while
its temporary file exists), several times. Each next start must remove the leftover, read
every entry whole (the old version or a complete new one, never a torn one) and show the
cached data: ``jgbtui snapshot`` against a server that is down gives ``stale`` with the
numbers of the last good fetch.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from faults.conftest import Warm
from faults.harness import SETUP_BY_NAME, copy_cache
from faults.server import closed_port_base
from jgbtui.sources import catalog
from jgbtui.sources.cache import PayloadCache

pytestmark = pytest.mark.slow

BIG_URL = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/big.csv"

#: Rewrites every entry of a cache again and again (the real payloads, new fetch times),
#: plus a 48 MB entry whose write takes long enough to be killed in the middle of.
WRITER = """
import sys
from datetime import datetime, timezone
from jgbtui.sources.cache import PayloadCache, decode_entry
import json
from pathlib import Path

root = Path(sys.argv[1])
cache = PayloadCache(root)
entries = []
for path in sorted((root / "payloads").glob("*.entry")):
    raw = path.read_bytes()
    url = json.loads(raw.split(b"\\n", 2)[1])["url"]
    entries.append(decode_entry(raw, url))
big = bytes(range(256)) * (48 * 4096)
round = 0
while True:
    round += 1
    for entry in entries:
        cache.store(entry.url, entry.content, datetime.now(timezone.utc), etag=entry.etag)
    cache.store(sys.argv[2], big + str(round).encode(), datetime.now(timezone.utc))
"""


def _kill_mid_write(root: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(root), BIG_URL])
    try:
        deadline = time.monotonic() + 20
        seen = 0
        while time.monotonic() < deadline:
            temps = list((root / "payloads").glob(".*.tmp"))
            # Let a few writes complete first, then kill during one.
            if temps and (seen := seen + 1) > 3:
                break
            time.sleep(0.002)
        assert list((root / "payloads").glob(".*.tmp")), "caught the writer mid-write"
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=10)


def test_kill_during_cache_writes_then_the_next_start_shows_the_last_good_data(
    warm_cache: Callable[[str], Warm], tmp_path: Path
) -> None:
    setup = SETUP_BY_NAME[catalog.FRED_USDJPY_SPEC.name]
    warm = warm_cache(setup.name)
    root = copy_cache(warm.folder, tmp_path / "cache")
    good = {url: PayloadCache(root).load(url) for url in _urls(root)}

    for _ in range(3):
        _kill_mid_write(root)
        assert list((root / "payloads").glob(".*.tmp")), "the kill left a temporary file"
        opened = PayloadCache(root)
        assert opened.removed_temps >= 1
        assert not list((root / "payloads").glob(".*.tmp"))
        for url, before in good.items():
            lookup = opened.lookup(url)
            assert lookup.warning is None and lookup.payload is not None
            assert lookup.payload.content == before.content  # old or new: the same bytes
        big = opened.lookup(BIG_URL)
        assert big.warning is None, "never a torn entry"

    command = [sys.executable, "-m", "jgbtui", "snapshot", "--json"]
    done = subprocess.run(
        [*command, "--mirror", closed_port_base(), "--cache-dir", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr  # 3: numbers shown, but stale
    report = json.loads(done.stdout)
    block = report["sources"][setup.name]
    assert block["status"] == "stale" and "cannot reach" in block["error"]
    frame = warm.good.frames["usdjpy"]
    assert report["usdjpy"]["value"] == frame["jpy_per_usd"].iloc[-1]
    assert report["usdjpy"]["as_of"] == frame.index[-1].date().isoformat()


def _urls(root: Path) -> list[str]:
    urls = []
    for path in sorted((root / "payloads").glob("*.entry")):
        urls.append(json.loads(path.read_bytes().split(b"\n", 2)[1])["url"])
    return urls
