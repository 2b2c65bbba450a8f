"""Every source against bytes that are not its file, served with 200 (see :mod:`faults.cases`).

A case whose outcome is ``stale`` must keep the cached bytes and recover by itself; one whose
outcome is ``ok`` (a parser that reads columns by name, given swapped columns) must give the
same numbers as the good file. The acceptance gate's cases (``GATE_CONTENT_CASES``) run here
too once the lead adds them.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from faults.cases import CONTENT_CASES, GATE_CONTENT_CASES, ContentCase
from faults.conftest import Warm
from faults.harness import (
    LATER,
    SETUPS,
    Setup,
    cached_payloads,
    copy_cache,
    frames_equal,
    run_refresh,
)
from faults.server import FaultServer, serve_transformed

pytestmark = pytest.mark.slow

CASES = [
    pytest.param(case, setup, id=f"{setup.name}-{case.id}")
    for case in (*CONTENT_CASES, *GATE_CONTENT_CASES)
    for setup in SETUPS
    if case.outcome(setup.name) != "n/a"
]


@pytest.mark.parametrize(("case", "setup"), CASES)
def test_content_fault(
    case: ContentCase, setup: Setup, warm_cache: Callable[[str], Warm], tmp_path: Path
) -> None:
    warm = warm_cache(setup.name)
    cache = copy_cache(warm.folder, tmp_path / "cache")
    before = cached_payloads(cache)
    later = setup.now + LATER
    payloads = setup.payloads()
    mutate = case.mutation

    changed = [url for url, body in payloads.items() if mutate(setup.name, url, body) is not None]
    assert changed, f"{case.id} changes none of {setup.name}'s files: mark it n/a"
    fault = serve_transformed(lambda url, body: mutate(setup.name, url, body))
    with FaultServer(payloads, fault=fault) as server:
        result, _ = asyncio.run(
            run_refresh(setup, cache, server.base_url, later, previous=warm.good)
        )

    if case.outcome(setup.name) == "ok":
        assert result.status == "ok", result.error
        assert frames_equal(result, warm.good), "read by name: the same numbers"
        return
    assert result.status == "stale", (result.status, result.error)
    assert result.error and "\n" not in result.error
    assert re.search(case.reason, result.error), result.error
    # Files that were fine (a workbook the case leaves alone) may be re-confirmed (304);
    # no payload may change.
    assert cached_payloads(cache) == before, "a bad payload changed the cached bytes"
    assert frames_equal(result, warm.good), "the last good numbers stay on screen"

    with FaultServer(payloads) as server:
        recovered, _ = asyncio.run(
            run_refresh(setup, cache, server.base_url, later, previous=warm.good)
        )
    assert recovered.status == "ok" and recovered.error is None, recovered.error
    assert frames_equal(recovered, warm.good)
