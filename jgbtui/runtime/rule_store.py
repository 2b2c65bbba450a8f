"""The rules file in the user state directory: rules added from the keyboard, and the state
of every rule (armed or fired, paused, last firing).

One small JSON document, ``<user state dir>/jgbtui/rules.json``::

    {"version": 1,
     "rules": [{"id": "u-1a2b3c4d", "series": "jgb:10Y", "above": 3.0}],
     "state": {"u-1a2b3c4d": {"armed": true, "last_date": "2026-09-11", "paused": false,
                              "current": {...}, "last_firing": {...}}}}

Every change is a read-modify-write under an exclusive lock (``rules.json.lock``), so the
TUI and a ``jgbtui snapshot`` run by cron never undo each other's changes; the new document is
written to a temporary file, flushed to disk and renamed over the old one, so a crash leaves
either the old rules or the new ones, never half a file. A file that cannot be read as JSON
is set aside (``rules.json.broken``) rather than overwritten, and the rules start afresh.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

try:  # POSIX: advisory locks between processes; elsewhere the rename alone keeps it whole
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
VERSION = 1


def default_rules_path() -> Path:
    """``<user state dir>/jgbtui/rules.json``."""
    return platformdirs.user_state_path("jgbtui") / "rules.json"


@dataclass
class RulesDocument:
    """The parsed rules file: user rule tables (with their ``id``) and state by rule id."""

    rules: list[dict[str, Any]] = field(default_factory=list)
    state: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The document as written."""
        return {"version": VERSION, "rules": self.rules, "state": self.state}


def _document(raw: object) -> RulesDocument:
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    rules = raw.get("rules", [])
    state = raw.get("state", {})
    if not isinstance(rules, list) or not isinstance(state, dict):
        raise ValueError("rules must be a list and state an object")
    return RulesDocument(
        rules=[r for r in rules if isinstance(r, dict) and isinstance(r.get("id"), str)],
        state={k: v for k, v in state.items() if isinstance(v, dict)},
    )


class RuleStore:
    """Reads and changes the rules file; every change is locked, atomic and durable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        """Why the file could not be read or written (the rules then live in memory only)."""
        self._memory = RulesDocument()

    def read(self) -> RulesDocument:
        """The document as it is on disk now (empty when there is no file)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return RulesDocument()
        except OSError as exc:
            self.problem = f"rules file {self.path} not readable ({exc.strerror or exc})"
            return self._memory
        try:
            return _document(json.loads(text))
        except ValueError as exc:
            self._set_aside(str(exc))
            return RulesDocument()

    def _set_aside(self, reason: str) -> None:
        broken = self.path.with_name(self.path.name + ".broken")
        log.warning("rules file %s unreadable (%s): moved to %s", self.path, reason, broken)
        with contextlib.suppress(OSError):
            os.replace(self.path, broken)
        self.problem = f"rules file {self.path} was unreadable; kept as {broken.name}"

    @contextlib.contextmanager
    def change(self) -> Iterator[RulesDocument]:
        """Lock the file, yield its document for changing, then write it back atomically."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = self.path.with_name(self.path.name + ".lock").open("a")
        except OSError as exc:
            self.problem = f"rules file {self.path} not written ({exc.strerror or exc})"
            yield self._memory
            return
        with lock:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            document = self.read()
            before = json.dumps(document.to_json(), sort_keys=True)
            yield document
            if json.dumps(document.to_json(), sort_keys=True) != before:
                self._write(document)  # an evaluation that changed nothing writes nothing

    def _write(self, document: RulesDocument) -> None:
        self._memory = document
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(document.to_json(), handle, ensure_ascii=False, indent=1)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
            _sync_folder(self.path.parent)
        except OSError as exc:
            self.problem = f"rules file {self.path} not written ({exc.strerror or exc})"
            with contextlib.suppress(OSError):
                temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX: fsync the directory)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
