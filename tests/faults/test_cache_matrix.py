"""Every source with a damaged or unwritable cache (see :data:`faults.cases.CACHE_CASES`).

The publisher answers normally; fresh data must be shown (``ok``), the status must say what
happened to the cache, and the next refresh must be clean where the cache can be written.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from faults.cases import CACHE_CASES, CacheCase
from faults.conftest import Warm
from faults.harness import LATER, SETUPS, Setup, copy_cache, frames_equal, run_refresh
from faults.server import FaultServer
from jgbtui.sources.cache import MAGIC, decode_entry, encode_entry

pytestmark = pytest.mark.slow


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "payloads").glob("*.entry"))


def _meta(raw: bytes) -> dict[str, object]:
    return json.loads(raw[len(MAGIC) :].split(b"\n", 1)[0])


def _damage_metadata(cache: Path) -> None:
    for path in _entries(cache):
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b'"url"', b'"u\xffl"', 1))


def _flip_a_byte(cache: Path) -> None:
    for path in _entries(cache):
        raw = bytearray(path.read_bytes())
        raw[-1] ^= 0x01
        path.write_bytes(bytes(raw))


def _garbage_with_valid_checksums(cache: Path) -> None:
    for path in _entries(cache):
        raw = path.read_bytes()
        meta = _meta(raw)
        entry = decode_entry(raw, str(meta["url"]))
        path.write_bytes(
            encode_entry(
                entry.url,
                b"garbage that no parser reads\n" * 3,
                entry.fetched_at,
                etag=entry.etag,  # the server's current validator: it will answer 304
                last_modified=entry.last_modified,
            )
        )


def _to_old_layout(cache: Path) -> None:
    for path in _entries(cache):
        raw = path.read_bytes()
        meta = _meta(raw)
        entry = decode_entry(raw, str(meta["url"]))
        stem = path.name.removesuffix(".entry")
        path.with_name(f"{stem}.bin").write_bytes(entry.content)
        path.with_name(f"{stem}.json").write_text(json.dumps(meta))
        path.unlink()


PREPARE: dict[str, Callable[[Path], None]] = {
    "damaged-metadata": _damage_metadata,
    "bad-checksum": _flip_a_byte,
    "no-longer-parses-304": _garbage_with_valid_checksums,
    "old-two-file-layout": _to_old_layout,
}


def _cache_root(case: CacheCase, tmp_path: Path, warm: Warm) -> Path:
    if case.id == "directory-is-a-file":
        root = tmp_path / "cache"
        root.write_text("a file where the cache directory should be")
        return root
    if case.id == "directory-under-a-file":
        blocker = tmp_path / "blocker"
        blocker.write_text("a file")
        return blocker / "cache"
    root = copy_cache(warm.folder, tmp_path / "cache")
    PREPARE[case.id](root)
    return root


@pytest.mark.parametrize("case", CACHE_CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_cache_fault_never_hides_fresh_data(
    setup: Setup, case: CacheCase, warm_cache: Callable[[str], Warm], tmp_path: Path
) -> None:
    assert set(PREPARE) | {"directory-is-a-file", "directory-under-a-file"} >= {case.id}
    warm = warm_cache(setup.name)
    root = _cache_root(case, tmp_path, warm)
    later = setup.now + LATER

    with FaultServer(setup.payloads()) as server:
        result, _ = asyncio.run(run_refresh(setup, root, server.base_url, later))
        asked = list(server.requests)
        again, _ = asyncio.run(run_refresh(setup, root, server.base_url, later))

    assert result.status == "ok", result.error
    assert frames_equal(result, warm.good), "fresh data is shown"
    if case.reason is None:
        assert result.error is None
    else:
        assert result.error and "\n" not in result.error
        assert re.search(case.reason, result.error), result.error

    if case.warm and case.id != "old-two-file-layout":
        assert list((root / "quarantine").iterdir()), "damaged entries are kept aside"
        assert any(r.if_none_match is None for r in asked), "fetched without validators"
        assert again.status == "ok" and again.error is None, "the next refresh is clean"
    if case.id == "old-two-file-layout":
        assert any(r.if_none_match for r in asked), "the old entries' validators are used"
        assert not list((root / "payloads").glob("*.bin")), "old files are gone"
        assert _entries(root)
    if not case.warm:
        assert again.status == "ok" and "cache not written" in (again.error or "")
