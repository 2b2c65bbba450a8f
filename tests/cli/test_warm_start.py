"""A warm ``--offline`` start reads stored frames: no page, workbook or network module loads.

The cache is filled once through ``jgbtui snapshot --mirror`` (the real files and the
SYNTHETIC fixtures on a local HTTP server); the second, offline run is watched with
``python -X importtime``, which names every module the process imported. And the
allocator settings the command starts with (fewer heaps, big blocks handed back at once).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REAL_DIR
from mirror import MirrorServer, real_payloads, synthetic_payloads, write_mirror

pytestmark = pytest.mark.slow

#: Loaded only to parse an HTML page (lxml) or the auction workbook (xlrd), or to make a
#: request (httpx, with certifi; stamina for the retries).
NOT_ON_A_WARM_START = ("lxml", "xlrd", "httpx", "certifi", "stamina", "holidays")


def imported(*args: str) -> set[str]:
    """The top-level packages ``jgbtui ARGS`` imported (it must exit 0 or 3: stale data)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jgbtui", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 3), result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in lines[1:]}


def test_a_warm_offline_start_imports_no_parser_or_network_module(tmp_path: Path) -> None:
    if not REAL_DIR.exists():
        pytest.skip(f"real data not available (expected in {REAL_DIR})")
    mirror_root, cache = tmp_path / "mirror", tmp_path / "cache"
    write_mirror(mirror_root, {**synthetic_payloads(), **real_payloads(REAL_DIR)})
    with MirrorServer(mirror_root) as server:
        cold = imported("--mirror", server.base_url, "--cache-dir", str(cache), "snapshot")
    assert {"xlrd", "httpx"} <= cold  # the first run parsed the workbook and fetched

    warm = imported("--offline", "--cache-dir", str(cache), "snapshot", "--json")
    assert "pandas" in warm  # the frames were loaded
    assert sorted(warm & set(NOT_ON_A_WARM_START)) == []


def test_malloc_is_tuned_unless_the_user_set_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    from jgbtui.cli import main

    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, parameter: int, value: int) -> int:
            calls.append((parameter, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    main.tune_malloc()
    assert calls == [(-8, main.MALLOC_ARENAS), (-3, main.MALLOC_MMAP_THRESHOLD)]
    calls.clear()
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # the user's own choice stands
    main.tune_malloc()
    assert calls == [(-3, main.MALLOC_MMAP_THRESHOLD)]
