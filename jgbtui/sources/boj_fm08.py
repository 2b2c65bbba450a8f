"""BOJ USD/JPY at 17:00 JST (Tokyo market), from the Bank of Japan's time-series API.

Source: ``shared/docs/data-sources.md`` section 4c. Database ``FM08``, series ``FXERD04``
("US.Dollar/Yen Spot Rate at 17:00 in JST, Tokyo Market", yen per U.S. dollar). Fetching,
paging and parsing are the API's (:mod:`jgbtui.sources.boj_api`); this module names the
series.
"""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files

import pandas as pd

from jgbtui.sources import boj_api
from jgbtui.sources.base import Collected
from jgbtui.sources.boj_api import CREDIT_NOTICE, CREDIT_NOTICE_JA, MIN_INTERVAL, BojSeries
from jgbtui.sources.catalog import BOJ_USDJPY_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.source import Source

__all__ = [
    "CREDIT_NOTICE",
    "CREDIT_NOTICE_JA",
    "MIN_INTERVAL",
    "SERIES",
    "BojUsdJpy",
    "data_url",
    "next_position",
    "parse",
]

NAME = BOJ_USDJPY_SPEC.name
DB = "FM08"
SERIES_CODE = "FXERD04"
COLUMN = "jpy_per_usd"
DEMO_FILE = "DEMO_SYNTHETIC_boj_fm08_fxerd04.csv"

SERIES = BojSeries(
    source=NAME,
    db=DB,
    code=SERIES_CODE,
    frame="usdjpy",
    column=COLUMN,
    detail="BOJ time-series API, FM08 FXERD04",
)


def data_url(
    now: datetime, *, start_position: int | None = None, months: int = boj_api.HISTORY_MONTHS
) -> str:
    """The ``getDataCode`` URL of FXERD04 for the ``months`` months up to ``now`` (Tokyo)."""
    return boj_api.data_url(SERIES, now, start_position=start_position, months=months)


def next_position(raw: bytes) -> int | None:
    """The answer's ``NEXTPOSITION`` (see :func:`jgbtui.sources.boj_api.next_position`)."""
    return boj_api.next_position(SERIES, raw)


def parse(raw: bytes) -> pd.DataFrame:
    """Parse one ``getDataCode`` CSV answer for ``FXERD04``.

    Returns:
        Index ``date`` (``datetime64[ns, Asia/Tokyo]``, local midnight, ascending, unique);
        column ``jpy_per_usd`` (float, yen per U.S. dollar at 17:00 JST).

    Raises:
        PayloadError: see :func:`jgbtui.sources.boj_api.parse`.
    """
    return boj_api.parse(SERIES, raw)


class BojUsdJpy(Source):
    """USD/JPY at 17:00 JST from the BOJ time-series API (``FM08`` / ``FXERD04``)."""

    spec = BOJ_USDJPY_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the last ~24 months (see :func:`jgbtui.sources.boj_api.collect_series`)."""
        return await boj_api.collect_series(SERIES, fetcher)

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic BOJ API answer (not real data)."""
        raw = files("jgbtui.sources.demo_data").joinpath(DEMO_FILE).read_bytes()
        return boj_api.collect_demo(SERIES, raw)
