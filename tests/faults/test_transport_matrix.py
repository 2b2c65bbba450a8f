"""Every source against every transport fault, with a warm cache (see :mod:`faults.cases`).

For each case: the refresh gives ``stale`` with a one-line reason within the deadline (plus
slack for parsing the cached copies), the cache entries are byte-for-byte unchanged, and
the next good answer brings the source back to ``ok`` with the good numbers.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from faults.cases import TRANSPORT_CASES, TransportCase
from faults.conftest import Warm
from faults.harness import (
    FAULT_DEADLINE,
    LATER,
    QUICK_FAULT_DEADLINE,
    SETUPS,
    SLACK,
    Setup,
    copy_cache,
    entry_bytes,
    frames_equal,
    run_refresh,
)
from faults.server import FaultServer, closed_port_base

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", TRANSPORT_CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_transport_fault_gives_stale_then_recovers(
    setup: Setup, case: TransportCase, warm_cache: Callable[[str], Warm], tmp_path: Path
) -> None:
    warm = warm_cache(setup.name)
    cache = copy_cache(warm.folder, tmp_path / "cache")
    before = entry_bytes(cache)
    assert before, "the warm cache holds entries"
    later = setup.now + LATER
    payloads = setup.payloads()

    deadline = FAULT_DEADLINE if case.waits else QUICK_FAULT_DEADLINE
    with FaultServer(payloads, fault=case.behaviour) as server:
        base = closed_port_base() if case.behaviour is None else server.base_url
        result, took = asyncio.run(
            run_refresh(setup, cache, base, later, deadline=deadline, previous=warm.good)
        )
    assert result.status == "stale", (result.status, result.error)
    assert result.error and "\n" not in result.error
    assert re.search(case.reason, result.error), result.error
    assert took < deadline + SLACK, f"stale after {took:.1f} s"
    assert entry_bytes(cache) == before, "the fault changed the cached bytes"
    assert result.has_data

    with FaultServer(payloads) as server:
        recovered, _ = asyncio.run(
            run_refresh(setup, cache, server.base_url, later, previous=warm.good)
        )
    assert recovered.status == "ok", recovered.error
    assert recovered.error is None
    assert frames_equal(recovered, warm.good) and frames_equal(result, warm.good)
