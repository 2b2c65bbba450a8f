"""The uncollateralized overnight call rate (TONA), from the BOJ's time-series API.

``shared/docs/data-sources-more.md`` §2: database ``FM01``, series ``STRDCLUCON``, the
realised daily average of the uncollateralized overnight call rate (percent per annum). It is
what the BOJ's policy guideline targets ("encourage the uncollateralized overnight call rate
to remain at around X percent"), so its spread to the policy rate shows how well the market
sits on the target. The API has no series for the target itself.

Fetching, paging and parsing are the API's (:mod:`jgbtui.sources.boj_api`).
"""

from __future__ import annotations

from importlib.resources import files

from jgbtui.sources import boj_api
from jgbtui.sources.base import Collected
from jgbtui.sources.boj_api import BojSeries
from jgbtui.sources.catalog import BOJ_CALL_RATE_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.source import Source

SERIES = BojSeries(
    source=BOJ_CALL_RATE_SPEC.name,
    db="FM01",
    code="STRDCLUCON",
    frame="call",
    column="call_rate_pct",
    detail="BOJ time-series API, FM01 STRDCLUCON (average)",
)
DEMO_FILE = "DEMO_SYNTHETIC_boj_fm01_strdclucon.csv"


class BojCallRate(Source):
    """The overnight call rate, daily, from the BOJ time-series API."""

    spec = BOJ_CALL_RATE_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the last ~24 months (see :func:`jgbtui.sources.boj_api.collect_series`)."""
        return await boj_api.collect_series(SERIES, fetcher)

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic BOJ API answer (not real data)."""
        raw = files("jgbtui.sources.demo_data").joinpath(DEMO_FILE).read_bytes()
        return boj_api.collect_demo(SERIES, raw)
