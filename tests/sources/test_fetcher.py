"""The fetcher: mirrors, cache fallback, conditional requests, retries, bad payloads."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from jgbtui.sources.base import UTC, NoDataError, PayloadError
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, Mirrors, make_client, mirror_url

URL = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv"
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def parse_numbers(raw: bytes) -> list[int]:
    """A toy parser: one integer per line, anything else is a bad payload."""
    try:
        return [int(line) for line in raw.decode().split()]
    except ValueError as exc:
        raise PayloadError("toy", f"not numbers: {exc}") from exc


class Server:
    """A scripted MockTransport handler that records the requests it saw."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response | Exception] = []
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def fetcher_for(server: Server, tmp_path, **kwargs) -> Fetcher:
    client = make_client(transport=httpx.MockTransport(server))
    return Fetcher(client, PayloadCache(tmp_path), clock=lambda: NOW, **kwargs)


def test_mirror_url_keeps_host_path_and_query() -> None:
    assert mirror_url(
        "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS", "http://127.0.0.1:8765/"
    ) == ("http://127.0.0.1:8765/fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS")
    mirrors = Mirrors("http://m", {"fred_usdjpy": "http://f"})
    assert mirrors.rewrite("fred_usdjpy", "https://a/b") == "http://f/a/b"
    assert mirrors.rewrite("mof_yields", "https://a/b") == "http://m/a/b"
    assert Mirrors().rewrite("x", "https://a/b") == "https://a/b"


async def test_success_is_cached_then_failure_falls_back_stale(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(200, content=b"1\n2\n")]
    fetcher = fetcher_for(server, tmp_path)
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers)
    assert value == [1, 2] and not fetched.from_cache and not fetched.is_stale
    assert fetched.pending and PayloadCache(tmp_path).load(URL) is None  # not before the gate
    assert fetcher.commit([fetched]) is None

    server.responses = [httpx.ConnectError("refused")]
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers)
    assert value == [1, 2]
    assert fetched.is_stale and "cannot reach" in (fetched.error or "")
    assert fetched.fetched_at == NOW


async def test_bad_payload_never_replaces_good_cache(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(200, content=b"7\n")]
    fetcher = fetcher_for(server, tmp_path)
    fetcher.commit([(await fetcher.fetch("toy", URL, parse_numbers))[1]])
    before = PayloadCache(tmp_path).load(URL)

    server.responses = [httpx.Response(200, content=b"<html>Service unavailable</html>")]
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers)
    assert value == [7]
    assert fetched.is_stale and (fetched.error or "").startswith("bad payload")
    after = PayloadCache(tmp_path).load(URL)
    assert before is not None and after is not None
    assert after.content == before.content == b"7\n"


async def test_no_cache_and_failure_is_no_data(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(404)]
    with pytest.raises(NoDataError, match="HTTP 404"):
        await fetcher_for(server, tmp_path).fetch("toy", URL, parse_numbers)


async def test_conditional_request_304_counts_as_fresh(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(200, content=b"3\n", headers={"ETag": '"v1"'})]
    fetcher = fetcher_for(server, tmp_path)
    fetcher.commit([(await fetcher.fetch("toy", URL, parse_numbers))[1]])
    server.responses = [httpx.Response(304)]
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers)
    assert server.requests[-1].headers["If-None-Match"] == '"v1"'
    assert value == [3] and not fetched.from_cache


async def test_server_errors_are_retried(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(503), httpx.Response(200, content=b"5\n")]
    value, _ = await fetcher_for(server, tmp_path, attempts=3).fetch("toy", URL, parse_numbers)
    assert value == [5] and len(server.requests) == 2


async def test_offline_uses_cache_without_requests(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"9\n", NOW - timedelta(days=2))
    server = Server()
    server.responses = [httpx.Response(500)]
    value, fetched = await fetcher_for(server, tmp_path, offline=True).fetch(
        "toy", URL, parse_numbers
    )
    assert value == [9] and fetched.is_stale and fetched.error == "offline mode"
    assert server.requests == []


async def test_max_age_skips_the_request(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"4\n", NOW - timedelta(hours=1))
    server = Server()
    server.responses = [httpx.Response(500)]
    value, fetched = await fetcher_for(server, tmp_path).fetch(
        "toy", URL, parse_numbers, max_age=timedelta(hours=12)
    )
    assert value == [4] and fetched.from_cache and not fetched.is_stale
    assert server.requests == []


def test_cache_detects_damaged_payload(tmp_path) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"1\n", NOW)
    bin_path, _ = cache.paths(URL)
    bin_path.write_bytes(b"1\n2")  # torn or tampered: checksum no longer matches
    assert cache.load(URL) is None
    assert not list(tmp_path.rglob("*.tmp")), "atomic writes leave no temporary files"
