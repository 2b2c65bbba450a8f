"""Refresh one source: collect through the fetcher and judge status against the schedule.

Pure orchestration, no Textual: the CLI's ``snapshot`` and the TUI's workers both call
:func:`refresh`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from jgbtui.sources.base import Collected, SourceError, SourceResult
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.source import Source


def result_from(source: Source, collected: Collected, now: datetime) -> SourceResult:
    """Turn a successful :class:`Collected` into a :class:`SourceResult` with its status."""
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
    )


async def refresh(source: Source, fetcher: Fetcher, now: datetime) -> SourceResult:
    """Collect ``source`` once. Never raises :class:`SourceError`: it becomes status "error".

    The payloads behind a result are written to the cache only after the result is taken.
    """
    try:
        collected = await source.collect(fetcher)
    except SourceError as exc:
        reason = exc.message
    except Exception as exc:  # a bug in one parser must not take the others down
        reason = f"internal error: {type(exc).__name__}: {exc}"
    else:
        result = result_from(source, collected, now)
        cache_problem = fetcher.commit(collected.fetches)
        if cache_problem:
            error = "; ".join(r for r in (result.error, cache_problem) if r)
            result = replace(result, error=error)
        return result
    return SourceResult(
        name=source.name,
        title=source.title,
        status="error",
        error=reason,
        next_release=source.next_release(now, None),
    )


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
