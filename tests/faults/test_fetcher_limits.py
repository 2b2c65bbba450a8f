"""The fetcher's limits against a real server on 127.0.0.1: deadline, Retry-After, size, gzip.

The matrix (``test_transport_matrix.py``) checks every source under every fault; these tests
pin down the mechanisms one at a time, with real waits where waiting is the point.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
import stamina

from faults import server as srv
from faults.server import FaultServer
from jgbtui.sources.base import UTC, NoDataError
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, Limits, Mirrors, make_client

pytestmark = pytest.mark.slow

URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS"
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
BODY = b"1\n2\n3\n"


def numbers(raw: bytes) -> list[int]:
    return [int(x) for x in raw.split()]


@pytest.fixture
def real_waits() -> Iterator[None]:
    """Stamina's test mode skips every wait, Retry-After's too; these tests need them."""
    stamina.set_testing(False)
    yield
    stamina.set_testing(True, attempts=2)


def fetcher(tmp_path, base: str, deadline: float = 5.0, **kwargs) -> Fetcher:
    return Fetcher(
        make_client(),
        PayloadCache(tmp_path),
        mirrors=Mirrors(base),
        clock=lambda: NOW,
        limits=lambda source: Limits(deadline, 1 << 20, frozenset({"fred.stlouisfed.org"})),
        wait_initial=0.05,
        wait_max=0.1,
        wait_jitter=0.0,
        **kwargs,
    )


async def test_a_dripping_server_is_given_up_at_the_deadline(tmp_path) -> None:
    with FaultServer({URL: BODY * 100}, fault=srv.drip) as server:
        f = fetcher(tmp_path, server.base_url, deadline=1.0)
        started = time.monotonic()
        async with f.client:
            with pytest.raises(NoDataError, match=r"no complete answer .* within 1 s"):
                await f.fetch("fred_usdjpy", URL, numbers)
        assert time.monotonic() - started < 3.0  # 1 s, and a loaded CI machine


async def test_one_deadline_covers_every_fetch_of_a_refresh(tmp_path) -> None:
    other = "https://fred.stlouisfed.org/graph/other.csv"
    with FaultServer({URL: BODY, other: BODY}, fault=srv.hang) as server:
        f = fetcher(tmp_path, server.base_url, deadline=1.0)
        async with f.client:
            with f.deadline("fred_usdjpy"):
                # Two rounds, as the yields' Japanese fallback after the English files.
                with pytest.raises(NoDataError, match="no complete answer"):
                    await f.fetch("fred_usdjpy", URL, numbers)
                with pytest.raises(NoDataError, match="no time left within the 1 s deadline"):
                    await f.fetch("fred_usdjpy", other, numbers)
    assert [r.url for r in server.requests] == [URL], "the second round asked nothing"


async def test_retry_after_within_the_deadline_is_waited_for(tmp_path, real_waits) -> None:
    answers = iter([srv.status(503, {"Retry-After": "1"}), None])

    def once_busy(handler: srv.Handler, url: str, body: bytes | None) -> None:
        behaviour = next(answers, None)
        if behaviour is None:
            handler.serve(body or b"")
        else:
            behaviour(handler, url, body)

    with FaultServer({URL: BODY}, fault=once_busy) as server:
        f = fetcher(tmp_path, server.base_url, deadline=5.0)
        started = time.monotonic()
        async with f.client:
            value, fetched = await f.fetch("fred_usdjpy", URL, numbers)
        waited = time.monotonic() - started
    assert value == [1, 2, 3] and not fetched.is_stale
    assert 1.0 <= waited < 5.0, waited


async def test_retry_after_beyond_the_deadline_fails_at_once(tmp_path, real_waits) -> None:
    with FaultServer({URL: BODY}, fault=srv.status(503, {"Retry-After": "120"})) as server:
        f = fetcher(tmp_path, server.base_url, deadline=5.0)
        started = time.monotonic()
        async with f.client:
            with pytest.raises(NoDataError, match="asked to retry after 03:02:00 UTC") as caught:
                await f.fetch("fred_usdjpy", URL, numbers)
    assert time.monotonic() - started < 2.5, "not waited for"
    assert caught.value.retry_at == NOW + timedelta(minutes=2)
    assert len(server.requests) == 1


async def test_a_gzip_encoded_answer_is_decoded(tmp_path) -> None:
    packed = gzip.compress(BODY * 1000)

    def gzipped(handler: srv.Handler, url: str, body: bytes | None) -> None:
        handler.answer(200, packed, {"Content-Encoding": "gzip"})

    with FaultServer({URL: BODY}, fault=gzipped) as server:
        f = fetcher(tmp_path, server.base_url)
        async with f.client:
            value, _ = await f.fetch("fred_usdjpy", URL, numbers)
    assert value == [1, 2, 3] * 1000
    assert server.requests


async def test_redirects_to_the_mirror_are_followed_elsewhere_refused(tmp_path) -> None:
    moved = "https://fred.stlouisfed.org/graph/moved.csv"
    with FaultServer({moved: BODY}) as server:
        hops = {URL: f"{server.base_url}/fred.stlouisfed.org/graph/moved.csv"}

        def follow(handler: srv.Handler, url: str, body: bytes | None) -> None:
            if url in hops:
                srv.redirect_to(hops[url])(handler, url, body)
            elif body is None:
                handler.answer(404, b"")
            else:
                handler.serve(body)

        server.fault = follow
        f = fetcher(tmp_path, server.base_url)
        async with f.client:
            value, _ = await f.fetch("fred_usdjpy", URL, numbers)
            assert value == [1, 2, 3]
            hops[URL] = "http://127.0.0.1:9/elsewhere.csv"  # not the mirror, not https
            with pytest.raises(NoDataError, match=r"redirected to http://127\.0\.0\.1:9/"):
                await f.fetch("fred_usdjpy", URL, numbers)


BOMB_FETCH = """
import asyncio, resource, sys
from datetime import datetime, timezone
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, Mirrors, make_client

async def main():
    fetcher = Fetcher(make_client(), PayloadCache(sys.argv[2]), mirrors=Mirrors(sys.argv[1]))
    urls = [f"https://www.ecb.europa.eu/stats/eurofxref/bomb{n}.zip" for n in range(4)]
    async with fetcher.client:
        results = await asyncio.gather(
            *(fetcher.fetch("ecb_usdjpy", url, len) for url in urls), return_exceptions=True
        )
    for result in results:
        print(result)
    print("maxrss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""


def test_gzip_bombs_keep_memory_far_under_a_gibibyte(tmp_path) -> None:
    """Four 3 MB bombs (3 GB each once inflated) fetched at once, in a fresh process."""
    with FaultServer({}, fault=srv.gzip_bombed) as server:
        done = subprocess.run(
            [sys.executable, "-c", BOMB_FETCH, server.base_url, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert sum("larger than the 8 MB limit" in line for line in lines) == 4, lines
    peak_mb = int(lines[-1].split()[1]) / 1024
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"


def test_the_shared_client_follows_no_redirect_and_asks_only_for_gzip() -> None:
    client = make_client()
    assert client.follow_redirects is False  # the fetcher follows, checking each hop
    assert client.headers["Accept-Encoding"] == "gzip, deflate"
    assert isinstance(client.timeout, httpx.Timeout)
