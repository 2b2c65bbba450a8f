"""The one place that talks HTTP: mirrors, retries, conditional requests, cache fallback.

Every source fetches through :meth:`Fetcher.fetch`, which

1. rewrites the official URL to a mirror when one is configured,
2. sends a conditional GET (``If-None-Match`` / ``If-Modified-Since``) when the cache has
   validators, retrying transport errors and 5xx answers with backoff (stamina),
3. parses the bytes in a worker thread (never on the event loop),
4. falls back to the cached payload, marked stale with the reason, when any step fails.

Fetching never writes the cache: a payload that parsed is *pending* until the acceptance gate
(:mod:`jgbtui.sources.gate`) has judged the whole result, and only then does
:meth:`Fetcher.commit` store it. A payload the gate rejects never replaces the cached copy.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar, cast
from urllib.parse import urlsplit

import httpx
import stamina

from jgbtui import __version__
from jgbtui.sources.base import UTC, Fetched, FetchError, NoDataError, PayloadError, SourceError
from jgbtui.sources.cache import CachedPayload, PayloadCache
from jgbtui.sources.framestore import FrameStore

T = TypeVar("T")

#: Some publishers refuse the default python-httpx agent; say who we are, browser-style.
USER_AGENT = f"Mozilla/5.0 (compatible; jgbtui/{__version__}; terminal JGB market monitor)"

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def make_client(*, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The shared client: timeouts, User-Agent, redirects, proxy settings from the environment."""
    return httpx.AsyncClient(
        timeout=DEFAULT_TIMEOUT,
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
        trust_env=True,  # HTTP(S)_PROXY / NO_PROXY, as users behind a proxy expect
        transport=transport,
    )


def mirror_url(url: str, base: str) -> str:
    """Map ``https://HOST/PATH?QUERY`` to ``BASE/HOST/PATH?QUERY``."""
    parts = urlsplit(url)
    rewritten = f"{base.rstrip('/')}/{parts.netloc}{parts.path}"
    return f"{rewritten}?{parts.query}" if parts.query else rewritten


@dataclass(frozen=True)
class Mirrors:
    """Mirror base URLs: one default, optionally overridden per source name."""

    default: str | None = None
    per_source: Mapping[str, str] = field(default_factory=dict)

    def base_for(self, source: str) -> str | None:
        """The mirror base for ``source``, or ``None`` to go to the publisher directly."""
        return self.per_source.get(source, self.default)

    def rewrite(self, source: str, url: str) -> str:
        """The URL actually requested for ``url`` on behalf of ``source``."""
        base = self.base_for(source)
        return url if base is None else mirror_url(url, base)


def short_url(url: str) -> str:
    """``host/…/file`` — enough to tell which file failed, short enough for a status line."""
    parts = urlsplit(url)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return f"{parts.netloc}/…/{name}" if name else parts.netloc


class _Retryable(Exception):
    """A 5xx answer, turned into an exception so stamina retries it."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _now_utc() -> datetime:
    return datetime.now(UTC)


_FETCH_LOG = logging.getLogger("jgbtui.fetch")


async def log_fetch(source: str, target: str, request: Awaitable[httpx.Response]) -> httpx.Response:
    """Await ``request`` and write one log line: source, host, status, bytes, time, outcome.

    The line is the trace a failure leaves after its toast is gone; the exception (if any)
    propagates unchanged.
    """
    started = time.monotonic()
    host = urlsplit(target).netloc
    try:
        response = await request
    except FetchError as exc:
        seconds = time.monotonic() - started
        _FETCH_LOG.warning("%s %s - 0 B %.2fs failed: %s", source, host, seconds, exc.message)
        raise
    seconds = time.monotonic() - started
    outcome = "not modified" if response.status_code == 304 else "ok"
    _FETCH_LOG.info(
        "%s %s %d %d B %.2fs %s",
        source,
        host,
        response.status_code,
        len(response.content),
        seconds,
        outcome,
    )
    return response


class Fetcher:
    """Fetches official URLs for the sources; see the module docstring for the steps."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        cache: PayloadCache,
        *,
        mirrors: Mirrors | None = None,
        offline: bool = False,
        attempts: int = 3,
        clock: Callable[[], datetime] = _now_utc,
        revalidate: bool = False,
    ) -> None:
        self.client = client
        self.cache = cache
        self.mirrors = mirrors or Mirrors()
        self.offline = offline
        self.attempts = max(1, attempts)
        self.clock = clock
        self.revalidate = revalidate
        """Ignore ``max_age`` and send no validators: ask the publisher for the full bytes."""
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_last: dict[str, float] = {}
        self.frames = FrameStore(cache.root / "frames")
        """Parsed frames on disk by payload hash: a warm start loads instead of parsing."""
        self._parsed: dict[tuple[str, Callable[[bytes], object]], tuple[str, object]] = {}
        """Parse once: (url, parser) -> (sha256 of the bytes, parsed value). Twins share it."""
        self.parses = 0
        """How many payloads were actually parsed (the memo makes repeats free)."""

    def _twin(self, *, offline: bool, revalidate: bool) -> Fetcher:
        twin = Fetcher(
            self.client,
            self.cache,
            mirrors=self.mirrors,
            offline=offline,
            attempts=self.attempts,
            clock=self.clock,
            revalidate=revalidate,
        )
        twin._host_locks, twin._host_last = self._host_locks, self._host_last
        twin._parsed, twin.frames = self._parsed, self.frames
        return twin

    def cache_only(self) -> Fetcher:
        """A twin sharing this client, cache and parse memo that never touches the network."""
        return self._twin(offline=True, revalidate=False)

    def revalidating(self) -> Fetcher:
        """A twin that asks the publisher for every payload in full (no max age, no validators).

        Used when a payload reused from the cache fails the acceptance gate.
        """
        return self._twin(offline=self.offline, revalidate=True)

    async def _parse(self, url: str, parse: Callable[[bytes], T], content: bytes) -> T:
        """Parse ``content`` in a thread, unless these very bytes were parsed before."""
        digest = hashlib.sha256(content).hexdigest()
        memo = self._parsed.get((url, parse))
        if memo is not None and memo[0] == digest:
            return cast(T, memo[1])
        value, parsed = await asyncio.to_thread(self._load_or_parse, parse, content, digest)
        self.parses += parsed
        self._parsed[(url, parse)] = (digest, value)
        return value

    def _load_or_parse(
        self, parse: Callable[[bytes], T], content: bytes, digest: str
    ) -> tuple[T, bool]:
        """The frame stored for these bytes (a warm start), else parse them and store it."""
        stored = self.frames.load(digest, parse)
        if stored is not None:
            return cast(T, stored), False
        value = parse(content)
        self.frames.save(digest, parse, value)
        return value, True

    async def get_bytes(
        self,
        source: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        min_interval: float = 0.0,
    ) -> httpx.Response:
        """The thin fetch: one GET (with retries) of the possibly mirrored URL.

        Returns the response for 200 and 304; raises :class:`FetchError` otherwise.
        ``min_interval`` spaces requests to the same host (the BOJ asks for <= 1 per second).
        """
        target = self.mirrors.rewrite(source, url)
        host = urlsplit(target).netloc
        shown = short_url(target)
        try:
            async for attempt in stamina.retry_context(
                on=(httpx.TransportError, _Retryable),
                attempts=self.attempts,
                wait_initial=0.2,
                wait_max=2.0,
                timeout=60.0,
            ):
                with attempt:
                    await self._throttle(host, min_interval)
                    response = await self.client.get(target, headers=dict(headers or {}))
                    if response.status_code >= 500:
                        raise _Retryable(response)
        except _Retryable as exc:
            raise FetchError(source, f"HTTP {exc.response.status_code} from {shown}") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(source, f"timed out fetching {shown}") from exc
        except httpx.TransportError as exc:
            raise FetchError(source, f"cannot reach {host}: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:  # invalid URL and friends
            raise FetchError(source, f"request to {shown} failed: {exc}") from exc
        if response.status_code not in (200, 304):
            raise FetchError(source, f"HTTP {response.status_code} from {shown}")
        return response

    async def _throttle(self, host: str, min_interval: float) -> None:
        if min_interval <= 0:
            return
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._host_last.get(host, 0.0) + min_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._host_last[host] = time.monotonic()

    async def fetch(
        self,
        source: str,
        url: str,
        parse: Callable[[bytes], T],
        *,
        max_age: timedelta | None = None,
        min_interval: float = 0.0,
    ) -> tuple[T, Fetched]:
        """Fetch ``url``, parse it in a thread, cache it; fall back to the cache on failure.

        Args:
            source: the source name (selects the mirror; names errors).
            url: the official URL; also the cache key.
            parse: pure ``bytes -> T``; raising :class:`PayloadError` rejects the payload.
            max_age: if the cached copy is younger than this, use it without a request
                (history files, immutable auction pages).
            min_interval: minimum seconds between requests to this host.

        Raises:
            NoDataError: nothing usable from the network and nothing in the cache.
            PayloadError: the cached copy no longer parses either.
        """
        cached = self.cache.load(url)
        now = self.clock()
        if (
            cached is not None
            and max_age is not None
            and not self.revalidate
            and now - cached.fetched_at < max_age
        ):
            return await self._from_cache(source, cached, parse, error=None)
        if self.offline:
            return await self._fallback(source, url, cached, parse, "offline mode")

        headers: dict[str, str] = {}
        if cached is not None and not self.revalidate:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        try:
            response = await log_fetch(
                source,
                self.mirrors.rewrite(source, url),
                self.get_bytes(source, url, headers=headers, min_interval=min_interval),
            )
        except FetchError as exc:
            return await self._fallback(source, url, cached, parse, exc.message)

        fetched_at = self.clock()
        if response.status_code == 304 and cached is not None:
            value, _ = await self._from_cache(source, cached, parse, error=None)
            return value, Fetched(
                url,
                cached.content,
                fetched_at,
                from_cache=False,
                etag=cached.etag,
                last_modified=cached.last_modified,
                pending=True,
            )
        if response.status_code == 304:
            # A 304 with nothing cached means a confused server; ask once more, plainly.
            try:
                response = await self.get_bytes(source, url, min_interval=min_interval)
            except FetchError as exc:
                return await self._fallback(source, url, cached, parse, exc.message)

        content = response.content
        try:
            value = await self._parse(url, parse, content)
        except SourceError as exc:
            return await self._fallback(source, url, cached, parse, f"bad payload: {exc.message}")
        except Exception as exc:  # a parser bug must not take the app down
            reason = f"bad payload: {type(exc).__name__}: {exc}"
            return await self._fallback(source, url, cached, parse, reason)
        return value, Fetched(
            url,
            content,
            fetched_at,
            from_cache=False,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            pending=True,
        )

    def commit(self, fetches: Iterable[Fetched]) -> str | None:
        """Store the pending payloads of a result the acceptance gate let through.

        Returns ``None``, or one line saying why the cache could not be written: a cache that
        cannot be written never stops fresh data from being shown.
        """
        problems: list[str] = []
        for fetched in fetches:
            if not fetched.pending:
                continue
            try:
                self.cache.store(
                    fetched.url,
                    fetched.content,
                    fetched.fetched_at,
                    etag=fetched.etag,
                    last_modified=fetched.last_modified,
                )
            except OSError as exc:
                problems.append(f"cache not written ({exc.strerror or type(exc).__name__})")
        return "; ".join(dict.fromkeys(problems)) or None

    async def _fallback(
        self,
        source: str,
        url: str,
        cached: CachedPayload | None,
        parse: Callable[[bytes], T],
        reason: str,
    ) -> tuple[T, Fetched]:
        if cached is None:
            raise NoDataError(source, f"{reason}; no cached copy")
        return await self._from_cache(source, cached, parse, error=reason)

    async def _from_cache(
        self,
        source: str,
        cached: CachedPayload,
        parse: Callable[[bytes], T],
        *,
        error: str | None,
    ) -> tuple[T, Fetched]:
        try:
            value = await self._parse(cached.url, parse, cached.content)
        except SourceError:
            raise
        except Exception as exc:
            raise PayloadError(source, f"cached copy no longer parses: {exc}") from exc
        return value, Fetched(
            cached.url,
            cached.content,
            cached.fetched_at,
            from_cache=True,
            error=error,
            etag=cached.etag,
            last_modified=cached.last_modified,
        )
