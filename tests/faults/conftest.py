"""Warm caches for the fault matrix: one per source and test process, copied for each case."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from faults.harness import SETUP_BY_NAME, run_refresh
from faults.server import FaultServer
from jgbtui.sources.base import SourceResult

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Warm:
    """A cache filled by one good refresh of a source, and what that refresh gave."""

    folder: Path
    good: SourceResult


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Warm]:
    """``warm_cache(name)``: one good refresh of that source into a cache (made once)."""
    made: dict[str, Warm] = {}

    def get(name: str) -> Warm:
        if name not in made:
            setup = SETUP_BY_NAME[name]
            folder = tmp_path_factory.mktemp(f"warm-{name}")
            with FaultServer(setup.payloads()) as server:
                result, _ = asyncio.run(run_refresh(setup, folder, server.base_url, setup.now))
            assert result.status == "ok" and result.error is None, (name, result.error)
            made[name] = Warm(folder, result)
        return made[name]

    return get
