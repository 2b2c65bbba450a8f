"""The contract every publisher module follows: :class:`Source` and :class:`SingleFileSource`.

A source's identity (name, title, schedule, refresh policy, frames and bounds) is declared once,
in :mod:`jgbtui.sources.catalog`; the class here only knows how to collect the data.
"""

from __future__ import annotations

import abc
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from jgbtui.sources.base import Collected, Fetched
from jgbtui.sources.lane import in_lane

if TYPE_CHECKING:
    import pandas as pd

    from jgbtui.sources.catalog import SourceSpec
    from jgbtui.sources.fetcher import Fetcher
    from jgbtui.sources.schedule import ReleaseSchedule


class Source(abc.ABC):
    """One publisher dataset. Subclasses set the class attributes and implement two methods.

    ``collect`` fetches through the shared :class:`~jgbtui.sources.fetcher.Fetcher` (which
    applies mirrors, cache, retries and parsing off the event loop) and returns frames.
    ``collect_demo`` parses the synthetic payloads shipped in ``jgbtui/sources/demo_data``.
    """

    spec: ClassVar[SourceSpec]
    """The source's catalog entry: name, title, frames, bounds, schedule, refresh policy."""

    @property
    def name(self) -> str:
        """Stable identifier used in JSON, config and the status line, e.g. ``"mof_yields"``."""
        return self.spec.name

    @property
    def title(self) -> str:
        """Human label, e.g. ``"MoF JGB yields"``."""
        return self.spec.title

    @property
    def schedule(self) -> ReleaseSchedule:
        """When the publisher releases."""
        return self.spec.schedule

    @property
    def refresh_interval(self) -> timedelta:
        """How often the app polls this source by default."""
        return self.spec.refresh

    @abc.abstractmethod
    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch and parse everything this source needs.

        Raises:
            SourceError: when no usable data could be obtained from network or cache.
        """

    @abc.abstractmethod
    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic DEMO payloads with the real parsers."""

    def next_release(self, now: datetime, collected: Collected | None) -> datetime | None:
        """When the publisher is next expected to release new data."""
        return self.schedule.next_release(now)

    def is_late(self, now: datetime, collected: Collected | None) -> bool:
        """Whether newer data than ``collected.as_of`` should already have been published."""
        if collected is None or collected.as_of is None:
            return False
        expected = self.schedule.expected_latest(now)
        return expected is not None and collected.as_of < expected


class SingleFileSource(Source):
    """A source published as one file: one URL, one parser, one frame.

    Subclasses set :attr:`url`, :attr:`frame_key`, :attr:`demo_file` and :attr:`detail`, and
    implement :meth:`parse`; fetching, the as-of date and the demo come from here.
    """

    url: ClassVar[str]
    """The official URL of the file."""
    frame_key: ClassVar[str]
    """Key of the parsed frame in :attr:`Collected.frames`."""
    demo_file: ClassVar[str]
    """Name of the synthetic DEMO payload in ``jgbtui/sources/demo_data``."""
    detail: ClassVar[str] = ""

    @abc.abstractmethod
    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse the file's bytes (pure; raises :class:`PayloadError` on a bad payload)."""

    def _collected(self, frame: pd.DataFrame, fetches: tuple[Fetched, ...]) -> Collected:
        from jgbtui.sources.parsing import last_date  # pandas: not at import time

        return Collected(
            frames={self.frame_key: frame},
            as_of=last_date(frame.index),
            fetches=fetches,
            detail=self.detail,
        )

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the file (conditional GET, cache fallback) and parse it in a thread."""
        frame, fetched = await fetcher.fetch(self.name, self.url, self.parse)
        # The as-of date (and a subclass's filtering) is pandas work: off the event loop.
        return await in_lane(self._collected, frame, (fetched,))

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic DEMO payload with the real parser."""
        from importlib.resources import files

        raw = files("jgbtui.sources.demo_data").joinpath(self.demo_file).read_bytes()
        return self._collected(self.parse(raw), ())
