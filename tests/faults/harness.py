"""What every fault case needs: each source's good files, its clock, a warm cache, one refresh.

Each catalog source is served from the real published files where ``../shared/data/real`` has
them (JGB yields, UST curve, both flows files, ECB, FRED) and from the SYNTHETIC fixtures
otherwise (auction calendars and pages, BOJ, intervention), under the official URL paths.
A refresh goes through the production path (:func:`jgbtui.runtime.refresh.refresh`, with a
real :class:`~jgbtui.sources.fetcher.Fetcher`, client and on-disk cache) against a
:class:`~faults.server.FaultServer` used as the mirror.
"""

from __future__ import annotations

import functools
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import REAL_DIR
from mirror import ECB_ZIP_URL, real_payloads, synthetic_payloads

from jgbtui.runtime.refresh import carry_forward, refresh
from jgbtui.sources import catalog
from jgbtui.sources.base import UTC, SourceResult
from jgbtui.sources.cache import PayloadCache, decode_entry
from jgbtui.sources.fetcher import Fetcher, Limits, Mirrors, catalog_limits, make_client
from jgbtui.sources.load import build
from jgbtui.sources.mof_its import MONTHLY_URL, WEEKLY_URL

#: The deadline of a refresh under a fault that takes all the time it is given (hang,
#: stall, drip): short, so the matrix is quick.
FAULT_DEADLINE = 1.0
#: The deadline under the other faults, which end by themselves: long enough that a loaded
#: CI machine never turns their own reason into "no complete answer".
QUICK_FAULT_DEADLINE = 10.0
#: Time a stale result may take beyond the deadline: parsing the cached copies, the
#: event loop and thread start-up on a loaded CI machine.
SLACK = 4.0
#: The clock moves this far between warming the cache and the fault, so every file with a
#: ``max_age`` (history 12 h, workbook 1 day, future calendars 6 h) is asked for again.
LATER = timedelta(hours=25)

REAL_FLOWS = {
    WEEKLY_URL: "mof_itn_week_cp932_2026-08-06.csv",
    MONTHLY_URL: "mof_itn_montha1_cp932_2026-08.csv",
}


@dataclass(frozen=True)
class Setup:
    """One source as the fault matrix runs it."""

    spec: catalog.SourceSpec
    urls: Callable[[str], bool]
    """Which official URLs belong to it (selects its files from the payload sets)."""
    now: datetime
    """A moment just after its good files were published."""
    real: bool
    """Served from the real published files (else from SYNTHETIC fixtures)."""
    mixed: bool = False
    """Real files where we have them and SYNTHETIC fixtures for the rest of its files (the
    national CPI: real indices, a SYNTHETIC release calendar)."""

    @property
    def name(self) -> str:
        return self.spec.name

    def payloads(self) -> dict[str, bytes]:
        """Official URL -> good bytes for this source."""
        if self.real and not REAL_DIR.exists():
            pytest.skip(f"real data files not available (expected in {REAL_DIR})")
        pool = all_real_payloads() if self.real else _synthetic()
        if self.mixed:
            pool = {**_synthetic(), **pool}
        return {url: body for url, body in pool.items() if self.urls(url)}


@functools.cache
def all_real_payloads() -> dict[str, bytes]:
    """Every real published file we have, by official URL (the mirror's set plus flows)."""
    payloads = real_payloads(REAL_DIR)
    payloads.update({url: (REAL_DIR / name).read_bytes() for url, name in REAL_FLOWS.items()})
    # The Japanese current-month file is from another month than the English one: served
    # here it would be a content fault (older data), which is the acceptance gate's case.
    japanese = "https://www.mof.go.jp/jgbs/"
    return {url: body for url, body in payloads.items() if not url.startswith(japanese)}


@functools.cache
def _synthetic() -> dict[str, bytes]:
    return synthetic_payloads()


def _under(*fragments: str) -> Callable[[str], bool]:
    return lambda url: any(fragment in url for fragment in fragments)


def _at(hour_utc: str) -> datetime:
    return datetime.fromisoformat(hour_utc).replace(tzinfo=UTC)


SETUPS: tuple[Setup, ...] = (
    Setup(
        catalog.MOF_YIELDS_SPEC,
        _under("/jgbs/reference/interest_rate/"),
        _at("2026-09-14T03:00"),
        real=True,
    ),
    Setup(catalog.UST_CURVE_SPEC, _under("home.treasury.gov"), _at("2025-09-26T22:00"), real=True),
    Setup(catalog.MOF_AUCTIONS_SPEC, _under("/jgbs/auction/"), _at("2026-10-21T04:00"), real=False),
    Setup(catalog.MOF_FLOWS_WEEKLY_SPEC, _under("/week.csv"), _at("2026-08-06T03:00"), real=True),
    Setup(
        catalog.MOF_FLOWS_MONTHLY_SPEC, _under("/montha1.csv"), _at("2026-08-10T03:00"), real=True
    ),
    Setup(
        catalog.BOJ_USDJPY_SPEC,
        _under("stat-search.boj.or.jp"),
        _at("2026-09-07T03:00"),
        real=False,
    ),
    Setup(catalog.ECB_USDJPY_SPEC, _under(ECB_ZIP_URL), _at("2025-05-09T16:00"), real=True),
    Setup(
        catalog.FRED_USDJPY_SPEC, _under("fred.stlouisfed.org"), _at("2025-07-14T15:00"), real=True
    ),
    Setup(catalog.MOF_INTERVENTION_SPEC, _under("/feio/"), _at("2024-11-15T03:00"), real=False),
    # Issue 14: the calendar's and the macro rows' sources.
    Setup(
        catalog.STATJP_CPI_SPEC,
        _under("/data/cpi/2025/csv/zmi", "/data/cpi/2020/csv/zmi", "/data/cpi/1582.html"),
        _at("2026-08-21T03:00"),
        real=True,
        mixed=True,
    ),
    Setup(
        catalog.STATJP_CPI_TOKYO_SPEC, _under("/tmi2025aa.csv"), _at("2026-11-27T03:00"), real=False
    ),
    Setup(
        catalog.MOF_FLOWS_INVESTORS_SPEC, _under("/monthb3.csv"), _at("2026-08-10T03:00"), real=True
    ),
    Setup(
        catalog.BOJ_POLICY_SPEC,
        _under("stats.bis.org", "/mopo/mpmdeci/state_"),
        _at("2026-11-24T03:00"),
        real=False,
    ),
    Setup(catalog.BOJ_CALL_RATE_SPEC, _under("db=FM01"), _at("2026-11-24T03:00"), real=False),
    Setup(catalog.BOJ_MPM_SPEC, _under("/mpmsche_minu/"), _at("2026-11-24T03:00"), real=False),
    Setup(catalog.FED_FOMC_SPEC, _under("fomccalendars"), _at("2026-11-24T03:00"), real=False),
)
SETUP_BY_NAME = {setup.name: setup for setup in SETUPS}
assert set(SETUP_BY_NAME) == set(catalog.names()), "every catalog source is in the matrix"


def short_limits(deadline: float) -> Callable[[str], Limits]:
    """The catalog's limits with every deadline set to ``deadline`` seconds."""
    return lambda source: replace(catalog_limits(source), deadline=deadline)


async def run_refresh(
    setup: Setup,
    cache_dir: Path,
    base_url: str,
    now: datetime,
    *,
    deadline: float | None = None,
    previous: SourceResult | None = None,
) -> tuple[SourceResult, float]:
    """One refresh of ``setup``'s source through ``base_url``; the result and seconds taken.

    ``previous`` is the last good result on screen, as the monitor passes it (the acceptance
    gate compares with it, and a refused refresh keeps it, stale); without it the refresh is
    a cold ``jgbtui snapshot``.
    """
    limits = short_limits(deadline) if deadline is not None else catalog_limits
    fetcher = Fetcher(
        make_client(),
        PayloadCache(cache_dir),
        mirrors=Mirrors(base_url),
        clock=lambda: now,
        limits=limits,
    )
    source = build(setup.spec)
    async with fetcher.client:
        started = time.monotonic()
        result = await refresh(source, fetcher, now, previous)
        # What the screen then shows: the monitor keeps the last good data (stale) when a
        # refresh brings nothing it may take.
        return carry_forward(previous, result), time.monotonic() - started


def entry_bytes(cache_dir: Path) -> dict[str, bytes]:
    """Every cache entry file's bytes, by name (what "the cache is unchanged" compares)."""
    folder = cache_dir / "payloads"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.entry"))}


def cached_payloads(cache_dir: Path) -> dict[str, bytes]:
    """Every cached payload by URL (what the publisher's bytes in the cache are)."""
    payloads = {}
    for path in sorted((cache_dir / "payloads").glob("*.entry")):
        raw = path.read_bytes()
        meta = json.loads(raw.split(b"\n", 2)[1])
        payloads[meta["url"]] = decode_entry(raw, meta["url"]).content
    return payloads


def copy_cache(template: Path, target: Path) -> Path:
    """A private copy of a warm cache for one case."""
    shutil.copytree(template, target)
    return target


def frames_equal(a: SourceResult, b: SourceResult) -> bool:
    """Whether two results carry the same frames (same keys, same values)."""
    if set(a.frames) != set(b.frames):
        return False
    return all(a.frames[key].equals(b.frames[key]) for key in a.frames)
