"""Shared test fixtures: real-file access, an isolated cache, a fetcher over MockTransport."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import stamina

from jgbtui.sources.base import UTC
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, make_client

ROOT = Path(__file__).resolve().parent.parent
#: Real published files; CI has them beside the checkout. Never copied into the project.
REAL_DIR = ROOT.parent / "shared" / "data" / "real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own config, cache and alert log never decide what a test sees.

    Environment changes reach subprocesses (the end-to-end CLI runs) too.
    """
    home = tmp_path / "user-dirs"
    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    # An explicit $JGBTUI_CONFIG must exist (a missing one is an error): tests that want a
    # config write one; the others read none.
    monkeypatch.delenv("JGBTUI_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _no_retry_waits() -> None:
    """Retries still happen in tests, but without sleeping between attempts."""
    stamina.set_testing(True, attempts=2)


@pytest.fixture
def real_file() -> Callable[[str], Path]:
    """Return the path of a file in ``shared/data/real``, skipping when that folder is absent."""

    def get(name: str) -> Path:
        path = REAL_DIR / name
        if not path.exists():
            pytest.skip(f"real data file {name} not available (expected in {REAL_DIR})")
        return path

    return get


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    """Read a fixture file under ``tests/fixtures`` by relative path."""

    def get(relative: str) -> bytes:
        return (FIXTURES / relative).read_bytes()

    return get


Route = bytes | int | Callable[[httpx.Request], httpx.Response]


def mock_transport(routes: Mapping[str, Route]) -> httpx.MockTransport:
    """A transport serving ``routes`` keyed by full URL (query included), by ``URL?NAME=VALUE``
    (any query carrying that pair) or by URL without query.

    A value is the body (200), an HTTP status code, or a handler. Unknown URLs get 404.
    """

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        path, _, query = url.partition("?")
        # As tests/mirror.py: a route keyed PATH?NAME=VALUE answers any query with that pair.
        keys = [url, *(f"{path}?{pair}" for pair in query.split("&") if "=" in pair), path]
        route = next((routes[key] for key in keys if key in routes), None)
        if route is None:
            return httpx.Response(404, text="not found")
        if isinstance(route, bytes):
            return httpx.Response(200, content=route)
        if isinstance(route, int):
            return httpx.Response(route, text="error")
        return route(request)

    return httpx.MockTransport(handler)


@pytest.fixture
def make_fetcher(tmp_path: Path) -> Callable[..., Fetcher]:
    """Build a :class:`Fetcher` over a MockTransport with an isolated cache.

    Usage: ``fetcher = make_fetcher({url: bytes_or_status}, now=datetime(...))``.
    """

    def build(
        routes: Mapping[str, Route],
        *,
        now: datetime | None = None,
        cache_dir: Path | None = None,
        offline: bool = False,
    ) -> Fetcher:
        frozen = now or datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
        client = make_client(transport=mock_transport(routes))
        return Fetcher(
            client,
            PayloadCache(cache_dir or tmp_path / "cache"),
            offline=offline,
            clock=lambda: frozen,
        )

    return build


@pytest.fixture
def utc_local_time() -> Iterator[None]:
    """Local time is UTC for the test (local clocks and local days read the same everywhere),
    restored afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
