"""Every catalog entry declares its transport limits, and its files live on its hosts."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from faults.harness import SETUPS, Setup
from jgbtui.sources.fetcher import catalog_limits


@pytest.mark.parametrize("setup", SETUPS, ids=lambda s: s.name)
def test_limits_are_declared_and_sane(setup: Setup) -> None:
    spec = setup.spec
    assert timedelta(seconds=10) <= spec.deadline <= timedelta(seconds=120)
    assert 8 << 20 <= spec.max_bytes <= 32 << 20
    limits = catalog_limits(spec.name)
    assert limits.deadline == spec.deadline.total_seconds()
    assert limits.hosts == frozenset(spec.hosts) != frozenset()
    for url, body in setup.payloads().items():
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.hostname in spec.hosts, url
        assert len(body) < spec.max_bytes / 2, f"{url} is near the size cap"


def test_unknown_sources_get_the_defaults() -> None:
    limits = catalog_limits("not-a-source")
    assert limits.deadline == 30 and limits.max_bytes == 8 << 20 and not limits.hosts
