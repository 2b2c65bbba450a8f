"""The one place that talks HTTP: mirrors, limits, retries, conditional requests, cache fallback.

Every source fetches through :meth:`Fetcher.fetch`, which

1. rewrites the official URL to a mirror when one is configured,
2. sends a conditional GET (``If-None-Match`` / ``If-Modified-Since``) when the cache has
   validators, retrying transport errors and 5xx answers with backoff (stamina) and waiting
   as asked by ``Retry-After`` (429/503) when that fits the deadline,
3. holds every request to the source's limits from the catalog
   (:class:`~jgbtui.sources.catalog.SourceSpec`): one **deadline** for the whole fetch
   (connect, every retry, every wait, a body that drips), a **size cap** on the body measured
   after gzip/deflate decoding (checked against ``Content-Length`` first, then while
   streaming), and **redirects** only to https URLs on the publisher's own hosts or to the
   configured mirror,
4. parses the bytes in a worker thread (never on the event loop), once per payload (a memo,
   and parsed frames kept on disk by payload hash, :mod:`jgbtui.sources.framestore`), and
   cleans every string the parser returns of control and escape characters
   (:mod:`jgbtui.sources.sanitize`),
5. falls back to the cached payload, marked stale with a one-line reason, when any step
   fails. A cached payload that is damaged or no longer parses is set aside and fetched
   again without validators, so a server answering 304 cannot keep it stuck.

Fetching never writes the cache: a payload that parsed is *pending* until the acceptance gate
(:mod:`jgbtui.sources.gate`) has judged the whole result, and only then does
:meth:`Fetcher.commit` store it. A payload the gate rejects never replaces the cached copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
import weakref
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from jgbtui import __version__
from jgbtui.sources import catalog
from jgbtui.sources.base import UTC, Fetched, FetchError, NoDataError, PayloadError, SourceError
from jgbtui.sources.cache import CachedPayload, PayloadCache
from jgbtui.sources.framestore import FrameStore, parser_identity
from jgbtui.sources.lane import in_lane
from jgbtui.sources.sanitize import clean_text, clean_value

if TYPE_CHECKING:
    # httpx (with ssl, certifi and its command line's click and pygments, ~9 MiB with a
    # client) and stamina load with the first request: a warm --offline start needs neither.
    import httpx

T = TypeVar("T")

#: Some publishers refuse the default python-httpx agent; say who we are, browser-style.
USER_AGENT = f"Mozilla/5.0 (compatible; jgbtui/{__version__}; terminal JGB market monitor)"

#: Per-operation timeouts (seconds) inside the whole-request deadline (which is what really
#: bounds a fetch: a server sending one byte every few seconds never trips a read timeout).
DEFAULT_TIMEOUT, CONNECT_TIMEOUT = 30.0, 10.0
#: Redirect hops followed before giving up.
MAX_REDIRECTS = 5
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


def make_client(*, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The shared client: timeouts, User-Agent, proxy settings from the environment.

    Redirects are not followed by the client: :class:`Fetcher` follows them itself, checking
    each hop against the publisher's hosts.
    """
    import httpx

    return httpx.AsyncClient(
        timeout=httpx.Timeout(DEFAULT_TIMEOUT, connect=CONNECT_TIMEOUT),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        follow_redirects=False,
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
    return clean_text(f"{parts.netloc}/…/{name}" if name else parts.netloc)


@dataclass(frozen=True)
class Limits:
    """What one source's fetches may take: time, bytes and where redirects may lead."""

    deadline: float
    """Seconds for the whole fetch (and, inside :meth:`Fetcher.deadline`, the whole refresh)."""
    max_bytes: int
    """Largest body accepted, after decoding."""
    hosts: frozenset[str] = frozenset()
    """The publisher's hosts (the official URL's own host is always allowed too)."""


def catalog_limits(source: str) -> Limits:
    """The limits a catalog entry declares; the defaults for a name the catalog lacks."""
    try:
        entry = catalog.spec(source)
    except KeyError:
        return Limits(catalog.DEFAULT_DEADLINE.total_seconds(), catalog.DEFAULT_MAX_BYTES)
    return Limits(entry.deadline.total_seconds(), entry.max_bytes, frozenset(entry.hosts))


@dataclass(frozen=True)
class Answer:
    """A complete HTTP answer (200 or 304) read within the limits."""

    status_code: int
    content: bytes
    headers: httpx.Headers
    url: str
    """The URL that finally answered (after redirects)."""


class _Retryable(Exception):
    """A 5xx or 429 answer, turned into an exception so stamina can retry it."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class _Refused(Exception):
    """An answer that is final (4xx, a redirect elsewhere, too large): never retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date; else ``None``."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _now_utc() -> datetime:
    return datetime.now(UTC)


_FETCH_LOG = logging.getLogger("jgbtui.fetch")


async def log_fetch(source: str, target: str, request: Awaitable[Answer]) -> Answer:
    """Await ``request`` and write one log line: source, host, status, bytes, time, outcome.

    The line is the trace a failure leaves after its toast is gone; the exception (if any)
    propagates unchanged.
    """
    started = time.monotonic()
    host = urlsplit(target).netloc
    try:
        answer = await request
    except FetchError as exc:
        seconds = time.monotonic() - started
        _FETCH_LOG.warning("%s %s - 0 B %.2fs failed: %s", source, host, seconds, exc.message)
        raise
    seconds = time.monotonic() - started
    outcome = "not modified" if answer.status_code == 304 else "ok"
    _FETCH_LOG.info(
        "%s %s %d %d B %.2fs %s",
        source,
        host,
        answer.status_code,
        len(answer.content),
        seconds,
        outcome,
    )
    return answer


#: The end (``time.monotonic()``) of the refresh under way, per source; see
#: :meth:`Fetcher.deadline`. Context-local, so concurrent refreshes never share one.
_REFRESH_END: ContextVar[tuple[str, float] | None] = ContextVar("jgbtui_refresh_end", default=None)


class _SharedClient:
    """The HTTP client a fetcher and its twins share, made on first use.

    A warm ``--offline`` start never sends a request, so it never imports httpx nor loads
    the certificate store.
    """

    def __init__(self, client: httpx.AsyncClient | None) -> None:
        self.client = client

    def get(self) -> httpx.AsyncClient:
        """The client, made now if this is the first request."""
        if self.client is None:
            self.client = make_client()
        return self.client


class Fetcher:
    """Fetches official URLs for the sources; see the module docstring for the steps."""

    def __init__(
        self,
        client: httpx.AsyncClient | None,
        cache: PayloadCache,
        *,
        mirrors: Mirrors | None = None,
        offline: bool = False,
        attempts: int = 3,
        clock: Callable[[], datetime] = _now_utc,
        limits: Callable[[str], Limits] = catalog_limits,
        revalidate: bool = False,
        wait_initial: float = 0.2,
        wait_max: float = 2.0,
        wait_jitter: float = 0.3,
    ) -> None:
        self._client = _SharedClient(client)
        self.cache = cache
        self.mirrors = mirrors or Mirrors()
        self.offline = offline
        self.attempts = max(1, attempts)
        self.clock = clock
        self.limits = limits
        self.revalidate = revalidate
        """Ignore ``max_age`` and validators: ask the publisher for the whole file again."""
        self.waits = (wait_initial, wait_max, wait_jitter)
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_last: dict[str, float] = {}
        self.frames = FrameStore(cache.root / "frames")
        """Parsed frames on disk by payload hash: a warm start loads instead of parsing."""
        self._parsed: dict[tuple[str, str], tuple[str, object]] = {}
        """Parse once: (url, parser identity) -> (sha256 of the bytes, parsed value, or a weak
        reference to a frame the frame store keeps). Twins share it."""
        self.parses = 0
        """How many payloads were actually parsed (the memo makes repeats free)."""

    def _twin(self, **changes: bool) -> Fetcher:
        twin = Fetcher(
            None,
            self.cache,
            mirrors=self.mirrors,
            offline=changes.get("offline", self.offline),
            attempts=self.attempts,
            clock=self.clock,
            limits=self.limits,
            revalidate=changes.get("revalidate", self.revalidate),
            wait_initial=self.waits[0],
            wait_max=self.waits[1],
            wait_jitter=self.waits[2],
        )
        # One throttle per host across twins: the BOJ's one-request-a-second holds for all.
        twin._host_locks, twin._host_last = self._host_locks, self._host_last
        twin._parsed, twin.frames = self._parsed, self.frames
        twin._client = self._client
        return twin

    @property
    def client(self) -> httpx.AsyncClient:
        """The HTTP client shared with the twins (``None`` given: made on first use)."""
        return self._client.get()

    async def aclose(self) -> None:
        """Close the shared HTTP client, if one was ever made."""
        if self._client.client is not None:
            await self._client.client.aclose()

    def cache_only(self) -> Fetcher:
        """A twin sharing this client, cache and parse memo that never touches the network."""
        return self._twin(offline=True)

    def revalidating(self) -> Fetcher:
        """A twin that re-fetches everything whole: no ``max_age`` shortcut, no validators.

        Used when a payload reused from the cache (an "immutable" auction page) fails the
        acceptance gate; what it fetches is pending like any other fetch.
        """
        return self._twin(revalidate=True)

    @contextlib.contextmanager
    def deadline(self, source: str) -> Iterator[None]:
        """Hold every fetch of ``source`` inside this block to one deadline, the catalog's.

        A refresh that needs two rounds of requests (English files, then the Japanese
        fallback; the auction calendars, then the result pages) still ends, stale if need
        be, within the source's deadline. Outside such a block each fetch has its own.
        """
        end = time.monotonic() + self.limits(source).deadline
        token = _REFRESH_END.set((source, end))
        try:
            yield
        finally:
            _REFRESH_END.reset(token)

    def _end(self, source: str, limits: Limits) -> float:
        end = time.monotonic() + limits.deadline
        scope = _REFRESH_END.get()
        if scope is not None and scope[0] == source:
            end = min(end, scope[1])
        return end

    def _allowed(self, source: str, official: str, limits: Limits) -> Callable[[str], bool]:
        """Where a redirect may lead: https on the publisher's hosts, or the mirror."""
        hosts = set(limits.hosts) | {urlsplit(official).hostname or ""}
        base = self.mirrors.base_for(source)
        mirror = urlsplit(base) if base else None

        def allowed(url: str) -> bool:
            parts = urlsplit(url)
            if parts.scheme == "https" and (parts.hostname or "") in hosts:
                return True
            if mirror is None:
                return False
            return (
                parts.scheme == mirror.scheme
                and parts.netloc == mirror.netloc
                and parts.path.startswith(mirror.path.rstrip("/") + "/")
            )

        return allowed

    async def get_bytes(
        self,
        source: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        min_interval: float = 0.0,
    ) -> Answer:
        """The thin fetch: one GET (with retries) of the possibly mirrored URL, within limits.

        Returns the answer for 200 and 304; raises :class:`FetchError` otherwise, with a
        one-line reason (and :attr:`~jgbtui.sources.base.SourceError.retry_at` when the
        publisher said when to come back). ``min_interval`` spaces requests to the same
        host (the BOJ asks for <= 1 per second).
        """
        limits = self.limits(source)
        end = self._end(source, limits)
        target = self.mirrors.rewrite(source, url)
        shown = short_url(target)
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise FetchError(source, f"no time left within the {limits.deadline:g} s deadline")
        failures: list[Exception] = []
        try:
            async with asyncio.timeout(remaining):
                return await self._attempts(
                    source, target, dict(headers or {}), min_interval, limits, end, failures,
                    self._allowed(source, url, limits),
                )  # fmt: skip
        except TimeoutError:
            # Say what went wrong before time ran out (a 500, a reset), when something did.
            cause = f"{self._reason(failures[-1], target)}; " if failures else ""
            reason = f"{cause}no complete answer from {shown} within {limits.deadline:g} s"
            raise FetchError(source, reason, retry_at=self._retry_at(failures)) from None
        except Exception as exc:
            import httpx

            if not isinstance(exc, _Retryable | _Refused | httpx.HTTPError):
                raise
            raise FetchError(
                source, self._reason(exc, target), retry_at=self._retry_at([exc])
            ) from exc

    def _reason(self, exc: Exception, target: str) -> str:
        """One line for the status: what one attempt ran into."""
        import httpx

        shown = short_url(target)
        reason: str
        if isinstance(exc, _Retryable):
            reason = f"HTTP {exc.status} from {shown}"
            retry_at = self._retry_at([exc])
            if retry_at is not None:
                reason += f"; asked to retry after {retry_at.astimezone(UTC):%H:%M:%S} UTC"
        elif isinstance(exc, _Refused):
            reason = exc.reason
        elif isinstance(exc, httpx.TimeoutException):
            reason = f"timed out fetching {shown}"
        elif isinstance(exc, httpx.RemoteProtocolError):
            reason = f"incomplete answer from {shown} ({exc})"
        elif isinstance(exc, httpx.ReadError | httpx.WriteError):
            reason = f"connection to {_host(target)} broken while reading"
        elif isinstance(exc, httpx.TransportError):
            reason = f"cannot reach {_host(target)}: {type(exc).__name__}"
        elif isinstance(exc, httpx.DecodingError):
            reason = f"undecodable answer from {shown} ({exc})"
        else:  # invalid URL and friends
            reason = f"request to {shown} failed: {exc}"
        return reason

    def _retry_at(self, failures: list[Exception]) -> datetime | None:
        last = failures[-1] if failures else None
        if not isinstance(last, _Retryable) or last.retry_after is None:
            return None
        return self.clock() + timedelta(seconds=last.retry_after)

    async def _attempts(
        self,
        source: str,
        target: str,
        headers: dict[str, str],
        min_interval: float,
        limits: Limits,
        end: float,
        failures: list[Exception],
        allowed: Callable[[str], bool],
    ) -> Answer:
        import httpx
        import stamina

        wait_initial, wait_max, wait_jitter = self.waits

        def should_retry(exc: BaseException) -> bool | float:
            if not isinstance(exc, Exception):
                return False  # cancelled (the deadline): never retried, never a "cause"
            failures.append(exc)
            if isinstance(exc, _Retryable):
                if exc.retry_after is None:
                    return exc.status != 429  # 429 without a time: do not hammer
                # Wait as asked when it fits the deadline; else give up now and say when.
                fits = exc.retry_after < end - time.monotonic() - 0.1
                return exc.retry_after if fits else False
            return isinstance(exc, httpx.TransportError)

        async for attempt in stamina.retry_context(
            on=should_retry,
            attempts=self.attempts,
            wait_initial=wait_initial,
            wait_max=wait_max,
            wait_jitter=wait_jitter,
            timeout=None,  # the deadline around this loop is the limit
        ):
            with attempt:
                await self._throttle(_host(target), min_interval)
                return await self._follow(source, target, headers, limits, allowed)
        raise AssertionError("unreachable: stamina re-raises the last error")

    async def _follow(
        self,
        source: str,
        target: str,
        headers: dict[str, str],
        limits: Limits,
        allowed: Callable[[str], bool],
    ) -> Answer:
        """One GET, following redirects that stay on allowed hosts."""
        url = target
        for _ in range(MAX_REDIRECTS + 1):
            async with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in _REDIRECT_CODES and "Location" in response.headers:
                    location = str(response.url.join(response.headers["Location"]))
                    if not allowed(location):
                        raise _Refused(
                            f"{short_url(url)} redirected to {clean_text(location)[:120]}, "
                            "not a publisher host over https"
                        )
                    url = location
                    continue
                if response.status_code >= 500 or response.status_code == 429:
                    wait = retry_after_seconds(response.headers.get("Retry-After"), self.clock())
                    raise _Retryable(response.status_code, wait)
                if response.status_code not in (200, 304):
                    raise _Refused(f"HTTP {response.status_code} from {short_url(url)}")
                content = await self._read_capped(response, url, limits.max_bytes)
                return Answer(response.status_code, content, response.headers, url)
        raise _Refused(f"more than {MAX_REDIRECTS} redirects from {short_url(target)}")

    @staticmethod
    async def _read_capped(response: httpx.Response, url: str, cap: int) -> bytes:
        """The decoded body, refusing anything over ``cap`` bytes (before or after decoding)."""
        declared = response.headers.get("Content-Length", "")
        too_large = f"answer from {short_url(url)} larger than the {cap / 2**20:g} MB limit"
        if declared.isdigit() and int(declared) > cap:
            raise _Refused(too_large)
        body = bytearray()
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if response.is_stream_consumed:  # answered from memory (a test transport): read already
            body += response.content
        elif encoding in _INFLATERS:
            # Decoded here rather than by httpx, which inflates each network chunk whole:
            # 64 KB of a gzip bomb become 66 MB (and 0.6 s) before a cap can look at them.
            inflater = _Inflater(encoding)
            try:
                async for raw in response.aiter_raw():
                    body += inflater.feed(raw, cap - len(body))
                    if len(body) > cap:
                        raise _Refused(too_large)
                body += inflater.finish()
            except zlib.error as exc:
                raise _Refused(f"undecodable {encoding} answer from {short_url(url)}") from exc
        else:  # an encoding we did not ask for: httpx decodes it, the cap still applies
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > cap:
                    raise _Refused(too_large)
        if len(body) > cap:
            raise _Refused(too_large)
        return bytes(body)

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
        """Fetch ``url`` and parse it in a thread; fall back to the cache on failure.

        Args:
            source: the source name (selects the mirror and the limits; names errors).
            url: the official URL; also the cache key.
            parse: pure ``bytes -> T``; raising :class:`PayloadError` rejects the payload.
                Every string in what it returns is cleaned of control characters.
            max_age: if the cached copy is younger than this, use it without a request
                (history files, immutable auction pages). Ignored by :meth:`revalidating`.
            min_interval: minimum seconds between requests to this host.

        Raises:
            NoDataError: nothing usable from the network and nothing in the cache.
            PayloadError: the network failed and the cached copy no longer parses either.
        """
        # Reading (and decoding) the cache entry is file I/O on megabytes: in a thread.
        lookup = await asyncio.to_thread(self.cache.lookup, url)
        cached, warnings = lookup.payload, [w for w in (lookup.warning,) if w]
        young = (
            cached is not None
            and max_age is not None
            and not self.revalidate
            and self.clock() - cached.fetched_at < max_age
        )
        if cached is not None and young:
            try:
                return await self._from_cache(source, cached, parse, error=None)
            except PayloadError as exc:
                warnings.append(self._set_aside(url, exc))
                cached = None
        if self.offline:
            return await self._fallback(source, url, cached, parse, "offline mode", warnings)
        return await self._from_network(source, url, parse, cached, warnings, min_interval)

    async def _from_network(
        self,
        source: str,
        url: str,
        parse: Callable[[bytes], T],
        cached: CachedPayload | None,
        warnings: list[str],
        min_interval: float,
    ) -> tuple[T, Fetched]:
        headers: dict[str, str] = {}
        if cached is not None and not self.revalidate:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        target = self.mirrors.rewrite(source, url)
        try:
            answer = await log_fetch(
                source,
                target,
                self.get_bytes(source, url, headers=headers, min_interval=min_interval),
            )
            if answer.status_code == 304 and cached is not None:
                try:
                    value, _ = await self._from_cache(source, cached, parse, error=None)
                except PayloadError as exc:
                    # The publisher confirms bytes that no longer parse: never stay stuck on
                    # 304; set them aside and ask for the whole file.
                    warnings.append(self._set_aside(url, exc))
                    cached = None
                else:
                    return value, Fetched(
                        url,
                        cached.content,
                        self.clock(),
                        from_cache=False,
                        etag=cached.etag,
                        last_modified=cached.last_modified,
                        pending=True,
                        warning=_joined(warnings),
                    )
            if answer.status_code == 304:
                # A 304 with nothing (usable) cached: ask once more, plainly.
                answer = await log_fetch(
                    source, target, self.get_bytes(source, url, min_interval=min_interval)
                )
                if answer.status_code != 200:
                    raise FetchError(source, f"HTTP 304 to a plain request for {short_url(url)}")
        except FetchError as exc:
            return await self._fallback(source, url, cached, parse, exc.message, warnings, exc)

        content = answer.content
        fetched_at = self.clock()
        if _is_cut_copy(content, cached):
            # A body cut short (a close-delimited answer has no length to check) reads as a
            # valid, shorter file; the cached copy shows it is only its beginning.
            assert cached is not None
            reason = (
                f"bad payload: truncated answer from {short_url(answer.url)} "
                f"({len(content):,} bytes, the start of the {len(cached.content):,} cached)"
            )
            return await self._fallback(source, url, cached, parse, reason, warnings)
        try:
            value = await self._parse(url, parse, content)
        except SourceError as exc:
            reason = f"bad payload: {exc.message}"
            return await self._fallback(source, url, cached, parse, reason, warnings)
        except Exception as exc:  # a parser bug must not take the app down
            reason = f"bad payload: {type(exc).__name__}: {exc}"
            return await self._fallback(source, url, cached, parse, reason, warnings)
        return value, Fetched(
            url,
            content,
            fetched_at,
            from_cache=False,
            etag=answer.headers.get("ETag"),
            last_modified=answer.headers.get("Last-Modified"),
            pending=True,
            warning=_joined(warnings),
        )

    def _set_aside(self, url: str, error: PayloadError) -> str:
        return self.cache.discard(url, f"no longer parses: {error.message}") or error.message

    async def _parse(self, url: str, parse: Callable[[bytes], T], content: bytes) -> T:
        """Parse ``content`` in a thread, unless these very bytes were parsed before.

        Whatever comes back, from the parser or the frame store, has its strings cleaned of
        control characters (:func:`~jgbtui.sources.sanitize.clean_value`).
        """
        # Hashing a multi-MB history takes milliseconds, and the thread it runs in must take
        # the GIL back afterwards: off the event loop, like the parse itself.
        # The parser's identity reads its module's source the first time: a thread, too.
        # Keyed by that identity, not the object: a source that makes its parser per
        # refresh (a partial, a closure) would otherwise add an entry every refresh.
        digest, who = await asyncio.to_thread(_digest_and_identity, content, parse)
        key = (url, who)
        memo = self._parsed.get(key)
        if memo is not None and memo[0] == digest:
            held = memo[1]
            if isinstance(held, weakref.ref):
                held = held()  # None: the frame is no longer shown; load it again below
            if held is not None:
                return cast(T, held)
        # One parse at a time, in the lane: parses at once would share the GIL with the loop.
        value, parsed, kept = await in_lane(self._load_or_parse, parse, content, digest)
        self.parses += parsed
        # A frame the store keeps is remembered weakly: while a result shows it, a repeat
        # costs nothing; once the source has made its own frame of it (the yield history
        # merged, the auction workbook combined with the pages) only that one stays in
        # memory, and a repeat loads it back from the store in milliseconds.
        self._parsed[key] = (digest, weakref.ref(value) if kept else value)
        return value

    def _load_or_parse(
        self, parse: Callable[[bytes], T], content: bytes, digest: str
    ) -> tuple[T, bool, bool]:
        """The frame stored for these bytes (a warm start), else parse them and store it.

        Returns the value, whether it was parsed, and whether the frame store keeps it.
        """
        stored = self.frames.load(digest, parse)
        if stored is not None:
            return cast(T, clean_value(stored)), False, True
        value = clean_value(parse(content))
        return value, True, self.frames.save(digest, parse, value)

    def commit(self, fetches: Iterable[Fetched]) -> str | None:
        """Store the pending payloads of a result the acceptance gate let through.

        Returns ``None``, or one line for the status: why the cache could not be written
        (a cache that cannot be written never stops fresh data from being shown) and any
        warning the fetches carried (a damaged entry set aside).
        """
        problems: list[str] = []
        for fetched in fetches:
            if fetched.warning:
                problems.append(fetched.warning)
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
        return _joined(problems)

    async def _fallback(
        self,
        source: str,
        url: str,
        cached: CachedPayload | None,
        parse: Callable[[bytes], T],
        reason: str,
        warnings: list[str],
        error: SourceError | None = None,
    ) -> tuple[T, Fetched]:
        retry_at = error.retry_at if error is not None else None
        if cached is None:
            message = "; ".join([reason, "no cached copy", *warnings])
            raise NoDataError(source, message, retry_at=retry_at)
        try:
            value, fetched = await self._from_cache(source, cached, parse, error=reason)
        except PayloadError as exc:
            note = self._set_aside(url, exc)
            raise PayloadError(source, f"{reason}; {note}", retry_at=retry_at) from exc
        return value, replace(fetched, warning=_joined(warnings), retry_at=retry_at)

    async def _from_cache(
        self,
        source: str,
        cached: CachedPayload,
        parse: Callable[[bytes], T],
        *,
        error: str | None,
    ) -> tuple[T, Fetched]:
        """Parse a cached payload. Raises :class:`PayloadError` when it no longer parses."""
        try:
            value = await self._parse(cached.url, parse, cached.content)
        except SourceError as exc:
            raise PayloadError(source, f"cached copy no longer parses: {exc.message}") from exc
        except Exception as exc:
            message = f"cached copy no longer parses: {type(exc).__name__}: {exc}"
            raise PayloadError(source, message) from exc
        return value, Fetched(
            cached.url,
            cached.content,
            cached.fetched_at,
            from_cache=True,
            error=error,
            etag=cached.etag,
            last_modified=cached.last_modified,
        )


def _is_cut_copy(content: bytes, cached: CachedPayload | None) -> bool:
    """Whether ``content`` is a strict beginning of the cached bytes (a cut download).

    An empty answer is left to the parser, which says "empty payload".
    """
    return (
        cached is not None
        and 0 < len(content) < len(cached.content)
        and cached.content.startswith(content)
    )


#: Content encodings decoded with a bound (what :data:`ACCEPT_ENCODING` asks for).
_INFLATERS = frozenset({"identity", "gzip", "x-gzip", "deflate"})
ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than it is asked for."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._zlib: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._raw_deflate_tried = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode ``data``; at most ``room + 1`` bytes come out (one more means "too large")."""
        if self.encoding == "identity":
            return data
        if self._zlib is None:  # deflate: zlib-wrapped as the RFC says, raw as servers do
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
            try:
                return bytes(self._zlib.decompress(data, max(room, 0) + 1))
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return bytes(self._zlib.decompress(data, max(room, 0) + 1))

    def finish(self) -> bytes:
        """Whatever the decoder still holds (nothing for a complete stream)."""
        if self._zlib is None:
            return b""
        return bytes(self._zlib.flush())


def _digest_and_identity(content: bytes, parse: Callable[[bytes], object]) -> tuple[str, str]:
    return hashlib.sha256(content).hexdigest(), parser_identity(parse)


def _host(url: str) -> str:
    return clean_text(urlsplit(url).netloc)


def _joined(lines: Iterable[str]) -> str | None:
    return "; ".join(dict.fromkeys(line for line in lines if line)) or None
