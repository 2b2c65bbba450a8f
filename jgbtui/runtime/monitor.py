"""The headless monitor: polling, the cache pass, last-good merging, demo fallback, alerts.

No Textual here. The TUI starts :meth:`Monitor.run` as a worker and listens through
:class:`MonitorEvents`; ``jgbtui snapshot`` calls :meth:`Monitor.once`. Either way every result
goes through :func:`jgbtui.runtime.refresh.refresh` (and so through the acceptance gate) and
every view through :func:`jgbtui.present.view.build_view`, so the screen and ``snapshot`` show
the same numbers.

What the monitor promises:

* **Paint the cache first**: each source's first pass reads only the cache, so cached numbers
  show before the network answers.
* **Never lose the last good data**: a failed or rejected refresh keeps the previous frames,
  marked stale with the reason (:func:`~jgbtui.runtime.refresh.carry_forward`).
* **Never stuck**: a refresh that outlives its deadline is abandoned and reported, so a source
  never stays "refreshing"; the next poll tries again.
* **Rebuild only on change**: a refresh that brought the same bytes keeps the same frames and
  does not rebuild the view; one build runs at a time (off the event loop), requests that
  arrive meanwhile are merged into one more build, and an older view never replaces a newer.
* **Demo only when nothing else**: with no network and no cache the monitor switches to the
  packaged synthetic data, and drops it as soon as real data arrives (never both at once).
* **The trader's rules on accepted data only**: after each view, the rules are checked
  against the results it was built from (never DEMO data), and their firings join the
  anomalies in the alert log and the one bell; snoozed alerts ring again when due.
* **A journal of what was shown**: each view (and each change of a source's state) goes to
  the day's journal, off the event loop (:mod:`jgbtui.runtime.journal`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jgbtui.present.saved import save_view, saved_view_path
from jgbtui.runtime.alert_log import Alert, AlertLog
from jgbtui.runtime.crash import record_suspects, take_suspects
from jgbtui.runtime.journal import Journal
from jgbtui.runtime.notify import notify_all
from jgbtui.runtime.options import Options
from jgbtui.runtime.refresh import carry_forward, demo_result, error_result, refresh
from jgbtui.sources.base import UTC, SourceResult
from jgbtui.sources.lane import in_lane

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.runtime.rule_book import RuleBook
    from jgbtui.sources.fetcher import Fetcher
    from jgbtui.sources.source import Source

log = logging.getLogger(__name__)
#: How often snoozed alerts are checked for their wake-up time.
SNOOZE_CHECK_SECONDS = 15.0


def _now_utc() -> datetime:
    return datetime.now(UTC)


class MonitorEvents(Protocol):
    """What the monitor tells its listener (the TUI). Called on the event loop."""

    def sources_changed(self, results: Mapping[str, SourceResult], refreshing: set[str]) -> None:
        """Per-source state changed (a fetch started or finished)."""

    def view_ready(self, view: MarketView) -> None:
        """A new view of the market is ready to paint."""

    def alerts_fired(self, fresh: list[Alert], unread: int) -> None:
        """Anomalies never announced before (``fresh`` may be empty: the count changed)."""

    def demo_started(self) -> None:
        """No network and no cache: synthetic DEMO data is shown."""


class _Silent:
    """A listener that ignores everything (``snapshot`` and tests)."""

    def sources_changed(self, results: Mapping[str, SourceResult], refreshing: set[str]) -> None:
        """Ignored."""

    def view_ready(self, view: MarketView) -> None:
        """Ignored."""

    def alerts_fired(self, fresh: list[Alert], unread: int) -> None:
        """Ignored."""

    def demo_started(self) -> None:
        """Ignored."""


class Monitor:
    """Keeps the last good result of every source and the view built from them."""

    def __init__(
        self,
        options: Options,
        *,
        events: MonitorEvents | None = None,
        clock: Callable[[], datetime] = _now_utc,
        sources: list[Source] | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.options = options
        self.events: MonitorEvents = events or _Silent()
        self.clock = clock
        self.sources: list[Source] = list(sources or [])
        self.results: dict[str, SourceResult] = {}
        """What is shown: real results, or the demo results while in demo fallback."""
        self.real_results: dict[str, SourceResult] = {}
        """The last good (or last) real result of every source."""
        self.refreshing: set[str] = set()
        self.first_done: set[str] = set()
        """Sources whose first online refresh finished."""
        self.demo_fallback = False
        self.view: MarketView | None = None
        self._injected_fetcher = fetcher
        self._fetchers: tuple[Fetcher, Fetcher] | None = None
        self._wake: dict[str, asyncio.Event] = {}
        self._alert_log: AlertLog | None = None
        self._dirty = False
        self._builder: asyncio.Task[None] | None = None
        self._built_from: dict[str, SourceResult] = {}
        self._painted: set[str] = set()
        """URLs of payloads that have been on screen without crashing it."""
        self.set_aside: list[str] = []
        """Payloads moved out of the cache at start because the last run crashed on them."""
        self.builds = 0
        """How many views were built (a refresh that changed nothing builds none)."""
        self._rule_book: RuleBook | None = None
        self.journal: Journal | None = None
        """The journal of what was shown (only while :meth:`run` runs: the TUI)."""
        self._announcing = asyncio.Lock()
        self._journalling = asyncio.Lock()
        self._background: set[asyncio.Task[None]] = set()

    # -- set-up -------------------------------------------------------------------------

    @property
    def alert_log(self) -> AlertLog:
        """The persistent alert log (opened on first use)."""
        if self._alert_log is None:
            self._alert_log = AlertLog(self.options.alert_log, clock=self.clock)
        return self._alert_log

    @property
    def rules(self) -> RuleBook:
        """The trader's rules: the config's and those added from the keyboard."""
        if self._rule_book is None:
            from jgbtui.runtime.rule_book import RuleBook

            self._rule_book = RuleBook(self.options.rules, self.options.rules_file)
        return self._rule_book

    def fetchers(self) -> tuple[Fetcher, Fetcher]:
        """(online, cache-only) fetchers sharing one HTTP client, cache and parse memo."""
        if self._fetchers is None:
            online = self._injected_fetcher or self.options.make_fetcher()
            self._fetchers = (online, online.cache_only())
        return self._fetchers

    async def load_sources(self) -> list[Source]:
        """Build every source and ready the market calendars, in a thread, off the event loop.

        Building imports pandas and the parsers; the calendars come from the ``holidays``
        package once, then from a small store in the cache directory.
        """
        if not self.sources:
            self.sources = await asyncio.to_thread(_build_sources)
        year = self.clock().year
        store = self.options.cache_dir / "holidays.json"
        await asyncio.to_thread(_ready_calendars, store, range(year - 1, year + 2))
        await asyncio.to_thread(self.fetchers()[0].frames.prune)
        return self.sources

    async def _load_sources_frozen(self) -> None:
        """:meth:`load_sources`, then keep what it loaded out of the garbage collector's way.

        pandas, the parsers and the app stay loaded for good. A full collection walks every
        tracked object with the GIL held, whatever thread triggers it: with them it froze
        the screen 100-400 ms at a time while the data loaded (``benchmarks/stall_stacks.py``),
        without them (:func:`gc.freeze`) it takes a few ms. No collection runs while they load
        (imports make few cycles), so none walks them before they are frozen.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            await self.load_sources()
        finally:
            # Young garbage first (the start-up splash screen, import leftovers): frozen, it
            # would never be collected. Only the young generations: a few ms.
            gc.collect(1)
            gc.freeze()
            if enabled:
                gc.enable()

    async def close(self) -> None:
        """Close the shared HTTP client."""
        if self._fetchers is not None:
            await self._fetchers[0].aclose()

    # -- the long-running monitor (TUI) ---------------------------------------------------

    async def run(self) -> None:
        """Poll every source until cancelled (demo mode: load the demo data once)."""
        await self._load_sources_frozen()
        if self.options.demo:
            await self._load_demo(announce=False)
            return
        cache = self.fetchers()[0].cache
        for url in await asyncio.to_thread(take_suspects, self.options.crash_record):
            if await asyncio.to_thread(cache.set_aside, url):
                self.set_aside.append(url)
                log.warning("set aside cached %s: the last run crashed showing it", url)
        for source in self.sources:
            self._wake[source.name] = asyncio.Event()
        self.journal = Journal(self.options.journal_dir, self.options.journal)
        async with asyncio.TaskGroup() as group:
            for source in self.sources:
                group.create_task(self._poll(source), name=f"poll:{source.name}")
            group.create_task(self._wake_snoozed(), name="snoozed alerts")

    def refresh_now(self) -> None:
        """Wake every poller: fetch every source now."""
        for event in self._wake.values():
            event.set()

    async def _poll(self, source: Source) -> None:
        """One source's loop: the cache pass, then a fetch every interval or when woken."""
        online, cache_only = self.fetchers()
        first = await refresh(source, cache_only, self.clock())
        if first.has_data:
            self._take(first, provisional=True)
        wake = self._wake[source.name]
        while True:
            self.refreshing.add(source.name)
            self.events.sources_changed(self.results, self.refreshing)
            previous = self.real_results.get(source.name)
            result = await self._refresh_within_deadline(source, online, previous)
            self.refreshing.discard(source.name)
            self._take(result, provisional=False)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self.interval(source))
            wake.clear()

    async def _refresh_within_deadline(
        self, source: Source, fetcher: Fetcher, previous: SourceResult | None
    ) -> SourceResult:
        """Refresh, but give up after the deadline: a source is never "refreshing" for good."""
        deadline = self.options.refresh_deadline_seconds
        try:
            async with asyncio.timeout(deadline):
                return await refresh(source, fetcher, self.clock(), previous)
        except TimeoutError:
            return error_result(source, f"no answer within {deadline:g} s", self.clock())

    def interval(self, source: Source) -> float:
        """Seconds between polls: the config's value for this source, else the catalog's."""
        minutes = self.options.refresh_minutes.get(source.name)
        return minutes * 60 if minutes else source.refresh_interval.total_seconds()

    def _take(self, result: SourceResult, *, provisional: bool) -> None:
        """Merge one refresh into the last good data; rebuild the view if the data changed."""
        name = result.name
        if provisional and name in self.real_results:
            return  # the network already answered: the cache pass is old news
        merged = carry_forward(self.real_results.get(name), result)
        self.real_results[name] = merged
        settled = len(self.first_done) == len(self.sources)
        if not provisional:
            self.first_done.add(name)
        if self.demo_fallback and merged.has_data:
            # Real data arrived: never show real and synthetic numbers side by side.
            self.demo_fallback = False
            self.results = dict(self.real_results)
        elif not self.demo_fallback:
            self.results[name] = merged
        if self._should_fall_back_to_demo():
            asyncio.get_running_loop().create_task(self._load_demo(announce=True))
            return
        self.events.sources_changed(self.results, self.refreshing)
        self.request_view()
        if not settled and len(self.first_done) == len(self.sources) and self.view_is_current():
            # Every source has answered and its data changed nothing: announce what was held.
            # (Checked after the merge: if the data did change, the new view announces.)
            assert self.view is not None
            self._in_background(self._announce(self.view))
        if not provisional:
            self._in_background(self._journal())

    def _in_background(self, job: Coroutine[Any, Any, None]) -> None:
        """Run ``job`` without waiting for it (kept referenced until it finishes)."""
        task = asyncio.get_running_loop().create_task(job)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _should_fall_back_to_demo(self) -> bool:
        return (
            not self.demo_fallback
            and not self.options.offline
            and len(self.first_done) == len(self.sources)
            and not any(r.has_data for r in self.real_results.values())
        )

    async def _load_demo(self, *, announce: bool) -> None:
        now = self.clock()
        sources = list(self.sources)
        demo = await in_lane(lambda: [demo_result(s, now) for s in sources])
        self.results = {r.name: r for r in demo}
        if announce:
            self.demo_fallback = True
            self.events.demo_started()
        self.events.sources_changed(self.results, self.refreshing)
        self.request_view()

    # -- views --------------------------------------------------------------------------

    def request_view(self, *, force: bool = False) -> None:
        """Build a new view of :attr:`results` (off the event loop), if the data changed.

        Only one build runs at a time; requests that arrive meanwhile are merged into one
        more build after it, and a view older than the newest data is never shown.
        """
        if not self.results:
            return
        if not force and self.view is not None and _same_data(self._built_from, self.results):
            return
        self._dirty = True
        if self._builder is None or self._builder.done():
            self._builder = asyncio.get_running_loop().create_task(self._build_views())

    def view_is_current(self) -> bool:
        """True when no build is pending and the view shows the data the monitor holds now."""
        idle = self._builder is None or self._builder.done()
        built = self.view is not None and _same_data(self._built_from, self.results)
        return idle and not self._dirty and built

    async def _build_views(self) -> None:
        while self._dirty:
            self._dirty = False
            results = dict(self.results)
            try:
                view = await in_lane(self.build_view, results)
            except Exception:  # a build that fails leaves the last view on screen
                log.exception("building the view failed")
                continue
            if self._dirty:
                continue  # newer data arrived while building: build again before showing
            self.view = view
            self._built_from = results
            self.events.view_ready(view)
            await self._announce(view)
            if not any(r.status == "demo" for r in results.values()):
                # Painted first at the next start (jgbtui.present.saved), before anything loads.
                path = saved_view_path(self.options.cache_dir)
                await in_lane(save_view, path, view, results)
            await asyncio.to_thread(release_free_memory)
            await self._journal()

    def build_view(self, results: Mapping[str, SourceResult]) -> MarketView:
        """The one presenter path: the view of ``results`` with the user's settings."""
        from jgbtui.present.view import build_view

        self.builds += 1
        return build_view(results, self.clock(), self.options.anomaly_config())

    async def _announce(self, view: MarketView) -> None:
        """Log anomalies never announced before, check the rules, and tell the listener
        (never for demo data).

        At start-up the sources answer one after another; announcing waits until every source
        has answered once, so the first load rings the bell once, not once per source. Rules
        are checked even when ``[alerts] enabled`` is off: the trader asked for them.
        """
        settings = self.options.alerts
        if any(r.status == "demo" for r in view.results.values()):
            return
        if self.sources and len(self.first_done) < len(self.sources):
            return
        log_ = self.alert_log
        async with self._announcing:  # one at a time: the log and the rules file are shared
            fresh: list[Alert] = []
            if settings.enabled:
                worth = [a for a in view.anomalies if a.severity in ("warning", "alert")]
                fresh = await asyncio.to_thread(log_.observe, worth, self.clock())
            fired = await in_lane(self._check_rules, view)
        self.events.alerts_fired(fired + fresh, log_.unread)  # the trader's own first
        if fired and settings.notify:
            self._in_background(notify_all(settings.notify, fired, settings.notify_timeout))

    def _check_rules(self, view: MarketView) -> list[Alert]:
        """In a thread: check the rules on the view's results; the firings that ring now."""
        try:
            alerts = self.rules.evaluate(view.results, self.clock())
        except Exception:  # a broken rule must not stop the anomalies' alerts
            log.exception("checking the rules failed")
            return []
        return self.alert_log.record(alerts)

    async def check_rules(self) -> None:
        """Check the rules now (a rule was added or changed from the keyboard)."""
        if self.view is not None:
            await self._announce(self.view)

    async def _wake_snoozed(self) -> None:
        """Snoozed alerts whose time has come are new again: ring for them."""
        while True:
            await asyncio.sleep(SNOOZE_CHECK_SECONDS)
            if not self.alert_log.any_due():
                continue  # the usual case: no thread woken, no file written
            woken = await asyncio.to_thread(self.alert_log.wake)
            if woken:
                self.events.alerts_fired(woken, self.alert_log.unread)

    async def _journal(self) -> None:
        """Append what the screen shows now to the journal (never DEMO data)."""
        journal, view = self.journal, self.view
        if journal is None or view is None or self.demo_fallback or self.options.demo:
            return
        results = dict(self.results)
        async with self._journalling:
            try:
                await in_lane(journal.record, view, self.clock(), results)
            except Exception:  # the journal is a record, never a reason to stop
                log.exception("writing the journal failed")

    def painted(self, view: MarketView) -> None:
        """The listener painted ``view`` without crashing: its payloads are not suspects."""
        self._painted |= {url for r in view.results.values() for url, _ in r.fingerprint}

    def record_crash(self) -> None:
        """The app is stopping on an error: record the payloads never painted before."""
        shown = {url for r in self.results.values() for url, _ in r.fingerprint}
        record_suspects(self.options.crash_record, shown - self._painted)

    # -- one pass (snapshot) ----------------------------------------------------------------

    async def once(self) -> dict[str, SourceResult]:
        """Refresh every source once: cache pass, then the network, each judged by the gate.

        The cached copy is the last good data the gate compares a new payload with, and what
        is shown (stale) when the network fails or its payload is rejected. Demo mode returns
        the packaged synthetic data.
        """
        sources = await self.load_sources()
        now = self.clock()
        if self.options.demo:
            self.results = {s.name: demo_result(s, now) for s in sources}
            return self.results
        online, cache_only = self.fetchers()

        async def one(source: Source) -> SourceResult:
            cached = await refresh(source, cache_only, now)
            last_good = cached if cached.has_data else None
            if self.options.offline:
                return carry_forward(None, cached)
            fresh = await self._refresh_within_deadline(source, online, last_good)
            return carry_forward(last_good, fresh)

        finished = await asyncio.gather(*(one(s) for s in sources))
        self.results = self.real_results = {r.name: r for r in finished}
        return self.results


def _same_data(before: Mapping[str, SourceResult], now: Mapping[str, SourceResult]) -> bool:
    """True when every source shows the very same frames as when the view was built.

    A change of state alone (ok -> stale) needs no new view: the panes mark their state from
    the latest results, which the listener receives with every change.
    """
    if before.keys() != now.keys():
        return False
    for name, result in now.items():
        old = before[name]
        if old is result:
            continue
        if old.has_data != result.has_data or old.frames.keys() != result.frames.keys():
            return False
        if any(old.frames[k] is not result.frames[k] for k in result.frames):
            return False
    return True


def _build_sources() -> list[Source]:
    # Runs in a thread: importing pandas, httpx and the parsers costs a few hundred ms.
    from jgbtui.sources.load import build_all

    return build_all()


def _ready_calendars(store: Path, years: range) -> None:
    from jgbtui.sources import schedule

    schedule.use_holiday_store(store)
    schedule.warm(years)


def release_free_memory() -> None:
    """Hand freed parse and build buffers back to the system (glibc keeps them otherwise).

    Parsing a history and scanning it for anomalies leaves tens of MiB free inside the
    allocator; ``malloc_trim`` returns them, so a monitor left open for days stays small.
    Measured with ``benchmarks/run.py`` (peak and resident memory). Elsewhere, a no-op.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
