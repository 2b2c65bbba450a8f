"""What every publisher module shares: errors, payloads, results and time zones.

Error hierarchy (catch at the level you need)::

    SourceError            names the source and what went wrong
    ├── FetchError         the publisher could not be reached, or answered with an HTTP error
    ├── PayloadError       the bytes are not the file we expected (HTML page, truncated,
    │                      changed header, wrong encoding, no data rows)
    └── NoDataError        neither the network nor the cache could supply anything

This module and everything under ``jgbtui.sources`` is free of Textual and Rich.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from jgbtui.sources.sanitize import clean_text

if TYPE_CHECKING:
    # Annotations only: the UI imports this module at start-up, before pandas is needed.
    import pandas as pd

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
FRANKFURT = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")

Status = Literal["ok", "stale", "error", "demo"]


class SourceError(Exception):
    """Base of every error a source raises. ``str()`` reads ``"<source>: <message>"``.

    The message is cleaned of control and escape characters here (it often quotes publisher
    text: an API error message, a header cell, a zip member name), so no path can carry raw
    publisher bytes from an error to the terminal.
    """

    def __init__(self, source: str, message: str, *, retry_at: datetime | None = None) -> None:
        message = clean_text(message)
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.retry_at = retry_at
        """When the publisher asked us to come back (``Retry-After``), if it did."""


class FetchError(SourceError):
    """The publisher could not be reached or answered with an HTTP error status."""


class PayloadError(SourceError):
    """The payload is not the expected file: HTML, truncated, header changed, bad encoding."""


class NoDataError(SourceError):
    """Neither the network nor the cache could supply the data."""


@dataclass(frozen=True, eq=False)
class Fetched:
    """One payload as the fetcher obtained it, with where it came from."""

    url: str
    """The official URL (before any mirror rewrite); also the cache key."""
    content: bytes
    fetched_at: datetime
    """When these bytes were last confirmed by the publisher (tz-aware UTC)."""
    from_cache: bool
    """True when the bytes came from the on-disk cache rather than this request."""
    error: str | None = None
    """Why the cache was used instead of the network (``None`` when the cache was fresh
    enough by policy, or when the payload is fresh)."""
    etag: str | None = None
    last_modified: str | None = None
    """The publisher's validators for these bytes (sent back on the next request)."""
    pending: bool = False
    """True when these bytes (or the publisher's confirmation of them, HTTP 304) are not in
    the cache yet: they are written only once the acceptance gate has let them through
    (see :meth:`jgbtui.sources.fetcher.Fetcher.commit`)."""
    warning: str | None = None
    """Something about the cache the status should show although the data is fine (e.g. a
    damaged entry was set aside); :meth:`~jgbtui.sources.fetcher.Fetcher.commit` reports it."""
    retry_at: datetime | None = None
    """When the publisher asked us to come back (``Retry-After`` on 429/503), if it did."""

    def __post_init__(self) -> None:
        for name in ("error", "warning"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clean_text(value))

    @property
    def is_stale(self) -> bool:
        """A cached payload used because fetching failed."""
        return self.from_cache and self.error is not None

    @cached_property
    def sha256(self) -> str:
        """Hex digest of the bytes: what identifies this payload (parse once, rebuild once)."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True, eq=False)
class Collected:
    """What a source's ``collect`` returns: parsed frames plus the payloads behind them."""

    frames: Mapping[str, pd.DataFrame]
    as_of: date | None
    """Date of the newest observation (publisher's local calendar date)."""
    fetches: tuple[Fetched, ...] = ()
    detail: str = ""
    """Which route supplied the data, e.g. "English files" or "Japanese files (fallback)"."""
    notices: tuple[str, ...] = ()
    """Text the UI must show alongside the data (e.g. the BOJ's credit notice)."""
    problems: tuple[str, ...] = ()
    """Parts that failed while others gave data (e.g. this year's file missing): the data
    is shown, and these reasons go to the status line as the source's error text."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", clean_text(self.detail))
        object.__setattr__(self, "notices", tuple(clean_text(n) for n in self.notices))
        object.__setattr__(self, "problems", tuple(clean_text(p) for p in self.problems))


@dataclass(frozen=True, eq=False)
class SourceResult:
    """The outcome of one refresh of one source, ready for analytics and display.

    Frozen with identity equality so it can live in a Textual reactive (a DataFrame cannot).
    """

    name: str
    title: str
    status: Status
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    as_of: date | None = None
    fetched_at: datetime | None = None
    """When the data shown was last confirmed by the publisher (UTC)."""
    error: str | None = None
    detail: str = ""
    notices: tuple[str, ...] = ()
    next_release: datetime | None = None
    late: bool = False
    """True when the publisher's schedule says newer data should already be out."""
    fingerprint: tuple[tuple[str, str], ...] = ()
    """``(url, sha256)`` of every payload behind the frames: equal fingerprints mean equal
    data, so the view is not rebuilt for a refresh that brought nothing new."""

    def __post_init__(self) -> None:
        # The last line of defence: whatever built this result, its text is one clean line.
        if self.error is not None:
            object.__setattr__(self, "error", clean_text(self.error))
        object.__setattr__(self, "detail", clean_text(self.detail))
        object.__setattr__(self, "notices", tuple(clean_text(n) for n in self.notices))

    @property
    def has_data(self) -> bool:
        """Whether there is anything to show (ok, stale or demo)."""
        return self.status != "error" and any(not f.empty for f in self.frames.values())

    def age(self, now: datetime) -> timedelta | None:
        """How old the data's last confirmation is at ``now``."""
        return None if self.fetched_at is None else now - self.fetched_at
