"""The fetcher: mirrors, cache fallback, conditional requests, retries, bad payloads, limits.

Logic through ``httpx.MockTransport``; the real-socket behaviour (deadlines against a dripping
server, gzip bombs, resets) is in ``tests/faults``.
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from datetime import datetime, timedelta
from functools import partial

import httpx
import pandas as pd
import pytest

from jgbtui.sources.base import UTC, NoDataError, PayloadError
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, Limits, Mirrors, make_client, mirror_url

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


async def test_cached_copy_that_no_longer_parses_is_refetched_not_stuck_on_304(tmp_path) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"not numbers\n", NOW - timedelta(hours=1), etag='"v1"')
    server = Server()
    server.responses = [httpx.Response(304), httpx.Response(200, content=b"8\n")]
    fetcher = fetcher_for(server, tmp_path)
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers)
    assert value == [8] and not fetched.from_cache
    first, second = server.requests
    assert first.headers["If-None-Match"] == '"v1"'
    assert "If-None-Match" not in second.headers, "asked again without validators"
    assert "no longer parses" in (fetched.warning or "")
    assert list((tmp_path / "quarantine").iterdir()), "the bad copy is set aside"
    assert "no longer parses" in (fetcher.commit([fetched]) or "")
    assert PayloadCache(tmp_path).load(URL).content == b"8\n"


async def test_unparseable_copy_within_max_age_is_fetched_again(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"garbage\n", NOW - timedelta(minutes=5), etag='"v1"')
    server = Server()
    server.responses = [httpx.Response(200, content=b"6\n")]
    value, _ = await fetcher_for(server, tmp_path).fetch(
        "toy", URL, parse_numbers, max_age=timedelta(days=1)
    )
    assert value == [6] and len(server.requests) == 1
    assert "If-None-Match" not in server.requests[0].headers


async def test_damaged_entry_is_quarantined_and_fetched_without_validators(tmp_path) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"1\n", NOW, etag='"v1"')
    path = cache.path(URL)
    path.write_bytes(path.read_bytes().replace(b'"url"', b'"u\x00l"'))  # metadata damaged
    server = Server()
    server.responses = [httpx.Response(200, content=b"2\n")]
    fetcher = fetcher_for(server, tmp_path)
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers)
    assert value == [2] and "If-None-Match" not in server.requests[0].headers
    warning = fetcher.commit([fetched]) or ""
    assert "damaged cache entry" in warning and "set aside in quarantine/" in warning
    assert len(list((tmp_path / "quarantine").iterdir())) == 1
    assert PayloadCache(tmp_path).load(URL).content == b"2\n"


async def test_damaged_entry_and_no_network_says_both(tmp_path) -> None:
    cache = PayloadCache(tmp_path)
    cache.store(URL, b"1\n", NOW)
    path = cache.path(URL)
    path.write_bytes(path.read_bytes()[:-1] + b"9")  # checksum no longer matches
    server = Server()
    server.responses = [httpx.ConnectError("refused")]
    with pytest.raises(NoDataError, match="no cached copy; damaged cache entry"):
        await fetcher_for(server, tmp_path).fetch("toy", URL, parse_numbers)


async def test_revalidating_twin_ignores_max_age_and_validators(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"4\n", NOW - timedelta(hours=1), etag='"v1"')
    server = Server()
    server.responses = [httpx.Response(200, content=b"5\n")]
    fetcher = fetcher_for(server, tmp_path).revalidating()
    value, fetched = await fetcher.fetch("toy", URL, parse_numbers, max_age=timedelta(days=3650))
    assert value == [5] and fetched.pending and not fetched.from_cache
    assert "If-None-Match" not in server.requests[0].headers


async def test_cut_answer_that_is_the_start_of_the_cached_copy_is_refused(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"1\n2\n3\n", NOW - timedelta(hours=1))
    server = Server()
    server.responses = [httpx.Response(200, content=b"1\n2\n")]  # parses, but is cut
    value, fetched = await fetcher_for(server, tmp_path).fetch("toy", URL, parse_numbers)
    assert value == [1, 2, 3] and fetched.is_stale
    assert "truncated answer" in (fetched.error or "")


async def test_redirects_stay_on_publisher_hosts_over_https(tmp_path) -> None:
    official = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS"
    moves = {
        official: "https://fred.stlouisfed.org/other.csv",  # same host: followed
        "https://fred.stlouisfed.org/other.csv": "http://fred.stlouisfed.org/plain.csv",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        target = moves.get(str(request.url))
        return httpx.Response(302, headers={"Location": target}) if target else httpx.Response(404)

    client = make_client(transport=httpx.MockTransport(handler))
    fetcher = Fetcher(client, PayloadCache(tmp_path), clock=lambda: NOW)
    with pytest.raises(NoDataError, match=r"redirected to http://fred\.stlouisfed\.org/plain\.csv"):
        await fetcher.fetch("fred_usdjpy", official, parse_numbers)


async def test_retry_after_beyond_the_deadline_is_not_waited_for(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(429, headers={"Retry-After": "600"})]
    with pytest.raises(
        NoDataError, match=r"HTTP 429 .*asked to retry after 03:10:00 UTC"
    ) as caught:
        await fetcher_for(server, tmp_path).fetch("toy", URL, parse_numbers)
    assert caught.value.retry_at == NOW + timedelta(minutes=10)
    assert len(server.requests) == 1


async def test_retry_time_reaches_the_stale_result(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"3\n", NOW - timedelta(hours=1))
    server = Server()
    server.responses = [httpx.Response(503, headers={"Retry-After": "120"})]
    value, fetched = await fetcher_for(server, tmp_path).fetch("toy", URL, parse_numbers)
    assert value == [3] and fetched.is_stale
    assert fetched.retry_at == NOW + timedelta(minutes=2)


async def test_a_declared_length_over_the_cap_is_refused_before_reading(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(200, content=b"1\n" * 10)]
    fetcher = Fetcher(
        make_client(transport=httpx.MockTransport(server)),
        PayloadCache(tmp_path),
        clock=lambda: NOW,
        limits=lambda source: Limits(5.0, 8),
    )
    with pytest.raises(NoDataError, match="larger than the"):
        await fetcher.fetch("toy", URL, parse_numbers)


async def test_strings_from_a_parser_are_cleaned(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(200, content=b"x")]

    def parse(raw: bytes) -> pd.DataFrame:
        return pd.DataFrame({"security": ["10-year\x1b]52;c;aGVsbG8=\x07"], "n": [1.0]})

    frame, _ = await fetcher_for(server, tmp_path).fetch("toy", URL, parse)
    assert frame["security"].tolist() == ["10-year"]


async def test_publisher_text_in_errors_is_cleaned(tmp_path) -> None:
    server = Server()
    server.responses = [httpx.Response(200, content=b"x")]

    def parse(raw: bytes) -> list[int]:
        raise PayloadError("toy", "BOJ said \x1b[2J\x1b]0;pwned\x07 hello")

    with pytest.raises(NoDataError) as caught:
        await fetcher_for(server, tmp_path).fetch("toy", URL, parse)
    assert "\x1b" not in str(caught.value) and "BOJ said  hello" in caught.value.message


def parse_frame(raw: bytes, scale: float = 1.0) -> pd.DataFrame:
    """A toy frame parser taking an argument, as the auction pages' parsers take their URL."""
    return pd.DataFrame({"n": [float(x) * scale for x in raw.split()]})


async def test_a_parser_made_per_refresh_is_parsed_once_and_remembered_once(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"1 2\n", NOW - timedelta(days=2))
    fetcher = fetcher_for(Server(), tmp_path, offline=True)
    for _ in range(3):  # each refresh makes a new partial, as MofAuctions.collect does
        frame, _ = await fetcher.fetch("toy", URL, partial(parse_frame, scale=2.0))
    assert frame["n"].tolist() == [2.0, 4.0]
    assert fetcher.parses == 1
    assert len(fetcher._parsed) == 1, "the memo grew by one entry a refresh"
    # A later start (a new fetcher) finds the frame stored under the same parser.
    later = fetcher_for(Server(), tmp_path, offline=True)
    await later.fetch("toy", URL, partial(parse_frame, scale=2.0))
    assert later.parses == 0


async def test_a_stored_frame_is_not_kept_alive_by_the_parse_memo(tmp_path) -> None:
    PayloadCache(tmp_path).store(URL, b"1 2\n", NOW - timedelta(days=2))
    fetcher = fetcher_for(Server(), tmp_path, offline=True)
    frame, _ = await fetcher.fetch("toy", URL, parse_frame)
    again, _ = await fetcher.fetch("toy", URL, parse_frame)
    assert again is frame  # while it is held, a repeat is free
    held = weakref.ref(frame)
    del frame, again
    await asyncio.sleep(0)  # the loop lets go of the worker thread's finished future
    gc.collect()
    assert held() is None, "the memo holds a second copy of a frame the store keeps"
    back, _ = await fetcher.fetch("toy", URL, parse_frame)  # back from the frame store
    assert back["n"].tolist() == [1.0, 2.0] and fetcher.parses == 1
