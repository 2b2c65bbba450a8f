"""The journal: what the screen showed, view by view, in one file per day.

Every view the app shows (and every change of a source's state the panes mark) is appended
to ``<user state dir>/jgbtui/journal/YYYY-MM-DD.jsonl`` (the local calendar day), one JSON
line per change holding only the parts that changed (:mod:`jgbtui.present.journal`)::

    {"t": "2026-12-01T10:05:12+09:00", "run": "5f2c", "full": true, "parts": {"sources": ...}}
    {"t": "2026-12-01T15:31:40+09:00", "run": "5f2c", "parts": {"yields": ..., "spreads": ...}}

The first line a run writes in a day is full, so a day's file reads on its own. Reading
merges each run's lines in order (:func:`read_day`; several runs may write the same day at
once, e.g. one per browser tab under ``jgbtui serve``, each line appended in one write);
:func:`entry_at` gives what was on screen at a time. ``[journal] retention_days`` deletes
older days and ``max_megabytes`` bounds the folder (oldest days go first; a day that alone
outgrows it stops being written, and says so in the log). Writing and reading touch files:
call them off the event loop.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from jgbtui.runtime.config import JournalConfig

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.sources.base import SourceResult

log = logging.getLogger(__name__)
SUFFIX = ".jsonl"


def default_journal_dir() -> Path:
    """``<user state dir>/jgbtui/journal``."""
    return platformdirs.user_state_path("jgbtui") / "journal"


def day_file(folder: Path, day: date) -> Path:
    """The journal file of ``day``."""
    return folder / f"{day.isoformat()}{SUFFIX}"


def journal_days(folder: Path) -> list[date]:
    """Days with a journal file, oldest first."""
    days = []
    try:
        names = [p.name for p in folder.iterdir() if p.name.endswith(SUFFIX)]
    except OSError:
        return []
    for name in names:
        try:
            days.append(date.fromisoformat(name[: -len(SUFFIX)]))
        except ValueError:
            continue
    return sorted(days)


class Journal:
    """Appends the views of one run to the day's file, only what changed."""

    def __init__(self, folder: Path, settings: JournalConfig) -> None:
        self.folder = folder
        self.settings = settings
        self.problem: str | None = None
        """Why the journal is not being written (the app goes on without it)."""
        self._last: dict[str, Any] | None = None
        self._day: date | None = None
        self.run = uuid.uuid4().hex[:8]
        """Tells this run's lines from those of another app writing the same day."""
        self._full_day: date | None = None
        """A day whose file outgrew ``max_megabytes`` on its own: not written any more."""

    def record(
        self,
        view: MarketView,
        now: datetime,
        results: Mapping[str, SourceResult] | None = None,
    ) -> bool:
        """Append what changed since the last line; ``True`` when a line was written."""
        from jgbtui.present.journal import view_parts

        if not self.settings.enabled:
            return False
        local = now.astimezone()
        if local.date() != self._day:
            self._day, self._last = local.date(), None
            self.prune(local.date())
        if self._full_day == self._day:
            return False
        parts = view_parts(view, results)
        last = self._last
        changed = parts if last is None else {k: v for k, v in parts.items() if last.get(k) != v}
        if not changed:
            return False
        line: dict[str, Any] = {"t": local.isoformat(timespec="seconds"), "run": self.run}
        if last is None:
            line["full"] = True
        line["parts"] = changed
        if self._write(local.date(), json.dumps(line, ensure_ascii=False, separators=(",", ":"))):
            self._last = parts
            return True
        return False

    def _write(self, day: date, line: str) -> bool:
        path = day_file(self.folder, day)
        limit = self.settings.max_megabytes * 1_000_000
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            size = path.stat().st_size if path.exists() else 0
            if size + len(line) + 1 > limit:
                self._full_day = day
                self.problem = (
                    f"journal {path.name} reached [journal] max_megabytes "
                    f"({self.settings.max_megabytes:g} MB): not written for the rest of the day"
                )
                log.warning(self.problem)
                return False
            data = (line + "\n").encode("utf-8")
            handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:  # one write per line: lines of runs writing at once never interleave
                written = os.write(handle, data)
                while written < len(data):
                    written += os.write(handle, data[written:])
            finally:
                os.close(handle)
        except OSError as exc:
            self.problem = f"journal {path} not written ({exc.strerror or exc})"
            log.warning(self.problem)
            return False
        self._bound_size(day)
        return True

    def prune(self, today: date) -> list[Path]:
        """Delete days older than ``retention_days``; the files deleted."""
        oldest = today - timedelta(days=self.settings.retention_days - 1)
        gone = []
        for day in journal_days(self.folder):
            if day < oldest:
                gone.append(_delete(day_file(self.folder, day)))
        return [p for p in gone if p is not None]

    def _bound_size(self, today: date) -> None:
        """Delete the oldest days until the folder fits in ``max_megabytes``."""
        limit = self.settings.max_megabytes * 1_000_000
        days = journal_days(self.folder)
        sizes = {d: _size(day_file(self.folder, d)) for d in days}
        total = sum(sizes.values())
        for day in days:
            if total <= limit or day >= today:
                break
            if _delete(day_file(self.folder, day)) is not None:
                total -= sizes[day]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _delete(path: Path) -> Path | None:
    try:
        os.remove(path)
    except OSError:
        return None
    log.info("journal: deleted %s", path.name)
    return path


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class JournalEntry:
    """What the screen showed from ``at`` on: every part, merged up to that line."""

    at: datetime
    parts: Mapping[str, Any]
    changed: tuple[str, ...]
    """The parts this line changed."""
    full: bool = False
    """The first line of a run: every part, not only what changed."""


def read_day(folder: Path, day: date) -> list[JournalEntry]:
    """Every line of ``day``'s journal, each merged with the lines before it, oldest first.

    A torn last line (a crash while writing) is skipped.
    """
    try:
        lines = day_file(folder, day).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    entries: list[JournalEntry] = []
    merged_by_run: dict[str, dict[str, Any]] = {}
    for text in lines:
        try:
            line = json.loads(text)
            at = datetime.fromisoformat(line["t"])
            parts = line["parts"]
        except (ValueError, KeyError, TypeError):
            continue
        if not isinstance(parts, dict):
            continue
        run = str(line.get("run", ""))
        before = merged_by_run.get(run, {})
        merged = dict(parts) if line.get("full") else {**before, **parts}
        merged_by_run[run] = merged
        entries.append(JournalEntry(at, merged, tuple(parts), bool(line.get("full"))))
    return entries


def entry_at(entries: list[JournalEntry], when: datetime) -> JournalEntry | None:
    """What was on screen at ``when``: the last entry at or before it (``None`` if before
    the first)."""
    shown = [e for e in entries if e.at <= when]
    return shown[-1] if shown else None
