"""Refresh one source: collect, judge with the acceptance gate, then cache and report it.

Pure orchestration, no Textual: the monitor (the TUI's polling) and ``jgbtui snapshot`` both
call :func:`refresh`. The order matters:

1. the source collects its payloads through the fetcher (parsed, nothing cached yet);
2. the acceptance gate (:func:`jgbtui.sources.gate.judge`) compares them with the last good
   copy; a payload cached by policy (an immutable auction page) that fails is fetched again
   once, bypassing the cache;
3. only an accepted result has its payloads written to the cache; a rejected one leaves the
   cache as it was and comes back as an ``error`` result whose reason names the series, the
   date and the value, so :func:`carry_forward` keeps the last good data on screen, stale.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from jgbtui.sources.base import Collected, SourceError, SourceResult
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.gate import judge
from jgbtui.sources.lane import in_lane
from jgbtui.sources.source import Source


def result_from(source: Source, collected: Collected, now: datetime) -> SourceResult:
    """Turn an accepted :class:`Collected` into a :class:`SourceResult` with its status."""
    stale = [f for f in collected.fetches if f.is_stale]
    # Age = when the publisher last confirmed the data. Payloads reused from the cache by
    # policy (immutable auction pages, history files) do not make a fresh fetch look old.
    confirmed = [f.fetched_at for f in collected.fetches if not f.from_cache]
    fetched_times = confirmed or [f.fetched_at for f in collected.fetches]
    fetched_at: datetime | None
    error: str | None
    if stale:
        # The age that matters is that of the oldest payload we had to fall back to.
        fetched_at = min(f.fetched_at for f in stale)
        reasons = dict.fromkeys(f.error or "" for f in stale)
        error = "; ".join(r for r in reasons if r)
    else:
        fetched_at = min(fetched_times) if fetched_times else None
        error = "; ".join(collected.problems) or None
    return SourceResult(
        name=source.name,
        title=source.title,
        status="stale" if stale else "ok",
        frames=collected.frames,
        as_of=collected.as_of,
        fetched_at=fetched_at,
        error=error,
        detail=collected.detail,
        notices=collected.notices,
        next_release=source.next_release(now, collected),
        late=source.is_late(now, collected),
        fingerprint=tuple(sorted((f.url, f.sha256) for f in collected.fetches)),
    )


def error_result(source: Source, reason: str, now: datetime) -> SourceResult:
    """A result with nothing to show, and why."""
    return SourceResult(
        name=source.name,
        title=source.title,
        status="error",
        error=reason,
        next_release=source.next_release(now, None),
    )


async def _collect(source: Source, fetcher: Fetcher) -> Collected | str:
    """The source's payloads, or why there are none (never raises for a publisher problem)."""
    try:
        # One deadline for the whole collection (the catalog's), whatever rounds it needs.
        with fetcher.deadline(source.name):
            return await source.collect(fetcher)
    except SourceError as exc:
        return exc.message
    except Exception as exc:  # a bug in one parser must not take the others down
        return f"internal error: {type(exc).__name__}: {exc}"


def _last_good(previous: SourceResult | None) -> SourceResult | None:
    """The copy the gate compares with: real data only (never demo), and only with frames."""
    if previous is None or previous.status == "demo" or not previous.has_data:
        return None
    return previous


async def refresh(
    source: Source,
    fetcher: Fetcher,
    now: datetime,
    previous: SourceResult | None = None,
) -> SourceResult:
    """Collect ``source`` once and pass it through the acceptance gate.

    Args:
        source: the source to refresh.
        fetcher: where payloads come from (network, cache or both).
        now: the current time (tz-aware).
        previous: the last good result shown for this source, if any.

    Returns:
        The accepted result (its payloads now cached), or an ``error`` result saying why
        there is nothing new to show. Never raises for a publisher's problem.
    """
    last_good = _last_good(previous)
    collected = await _collect(source, fetcher)
    if isinstance(collected, str):
        return error_result(source, collected, now)
    # Hashing, judging and writing the cache take milliseconds each: all off the event loop.
    if last_good is not None and await asyncio.to_thread(_same_payloads, collected, last_good):
        # Nothing new: the last good data stands (only its confirmation time moves on).
        return await asyncio.to_thread(_confirmed, last_good, source, collected, now, fetcher)
    old_frames = None if last_good is None else last_good.frames
    verdict = await in_lane(judge, source.spec, collected.frames, now, old_frames)
    if not verdict.accepted and any(f.from_cache and not f.is_stale for f in collected.fetches):
        # A payload reused from the cache by policy failed: ask the publisher again.
        retried = await _collect(source, fetcher.revalidating())
        if not isinstance(retried, str):
            collected = retried
            verdict = await in_lane(judge, source.spec, collected.frames, now, old_frames)
    if not verdict.accepted:
        return error_result(source, f"rejected: {verdict.reason}", now)
    return await asyncio.to_thread(_accepted, source, collected, now, fetcher)


def _accepted(
    source: Source, collected: Collected, now: datetime, fetcher: Fetcher
) -> SourceResult:
    """The result of an accepted payload, its payloads written to the cache."""
    result = result_from(source, collected, now)
    return _with_cache_problem(result, fetcher.commit(collected.fetches))


def _same_payloads(collected: Collected, last_good: SourceResult) -> bool:
    fingerprint = tuple(sorted((f.url, f.sha256) for f in collected.fetches))
    return bool(fingerprint) and fingerprint == last_good.fingerprint


def _confirmed(
    last_good: SourceResult,
    source: Source,
    collected: Collected,
    now: datetime,
    fetcher: Fetcher,
) -> SourceResult:
    """The last good result, re-stamped by a refresh that brought the same bytes.

    The frames stay the very same objects, so nothing downstream is rebuilt.
    """
    fresh = result_from(source, collected, now)
    result = replace(
        last_good,
        status=fresh.status,
        fetched_at=fresh.fetched_at,
        error=fresh.error,
        notices=fresh.notices,
        detail=fresh.detail,
        next_release=fresh.next_release,
        late=fresh.late,
    )
    return _with_cache_problem(result, fetcher.commit(collected.fetches))


def _with_cache_problem(result: SourceResult, problem: str | None) -> SourceResult:
    if not problem:
        return result
    return replace(result, error="; ".join(r for r in (result.error, problem) if r))


def demo_result(source: Source, now: datetime) -> SourceResult:
    """The source's packaged synthetic data, labelled DEMO (status "error" if unreadable)."""
    try:
        collected = source.collect_demo()
    except Exception as exc:  # a broken demo file must not blank the other panes
        return SourceResult(
            name=source.name,
            title=source.title,
            status="error",
            error=f"demo data unavailable: {type(exc).__name__}: {exc}",
        )
    return SourceResult(
        name=source.name,
        title=source.title,
        status="demo",
        frames=collected.frames,
        as_of=collected.as_of,
        fetched_at=None,
        error=None,
        detail=f"DEMO (synthetic) {collected.detail}".strip(),
        notices=collected.notices,
        next_release=None,
        late=False,
    )


def carry_forward(previous: SourceResult | None, new: SourceResult) -> SourceResult:
    """Never lose the last good data: a failed refresh keeps the previous frames, as stale.

    The previous ``fetched_at`` is kept, so the age shown is the age of the data on screen.
    """
    if new.status != "error" or previous is None or not previous.has_data:
        return new
    if previous.status == "demo":
        return new
    return replace(previous, status="stale", error=new.error, next_release=new.next_release)
