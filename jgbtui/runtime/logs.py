"""The log: a rotating file in the platform's log directory and the recent lines in memory.

``jgbtui`` writes one line per fetch (source, URL host, HTTP status, bytes, time, outcome; see
:func:`jgbtui.sources.fetcher.log_fetch`), retries and the problems that a toast shows only
for a moment, so they can be read after the fact. The standard library's
:class:`~logging.handlers.RotatingFileHandler` keeps the file small (1 MB, 5 old copies);
the app's log screen reads the last lines from :data:`RECENT`, which also works when the
log directory cannot be written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections import deque
from pathlib import Path

import platformdirs

LOG_FILE_NAME = "jgbtui.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
DEFAULT_LEVEL = "info"
LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
#: C0 and C1 control characters (ESC, BEL, CSI ...): a log line may quote a publisher.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character replaced by a space (one line, no escapes)."""
    return _CONTROL.sub(" ", text)


def default_log_dir() -> Path:
    """The platform's user log directory for jgbtui (``~/.local/state/jgbtui/log`` on Linux)."""
    return platformdirs.user_log_path("jgbtui")


class CleanFormatter(logging.Formatter):
    """The standard format, with control characters removed from the message itself."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """Format ``record`` after making its message :func:`printable`."""
        record.message = printable(record.message)
        return super().formatMessage(record)


class RecentLines(logging.Handler):
    """Keeps the last ``size`` formatted records for the in-app log screen."""

    def __init__(self, size: int = 500) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=size)
        self.total = 0
        """Lines ever emitted (the log screen appends only the new ones)."""

    def emit(self, record: logging.LogRecord) -> None:
        """Remember one formatted record."""
        try:
            self.lines.append(self.format(record))
            self.total += 1
        except Exception:  # logging must never take the app down
            self.handleError(record)


#: The recent lines of this process, newest last.
RECENT = RecentLines()


def setup_logging(level: str = DEFAULT_LEVEL, directory: Path | None = None) -> Path | None:
    """Send jgbtui's log records to the rotating file and :data:`RECENT`.

    Returns the log file's path, or ``None`` when it cannot be written (the in-memory lines
    still work, and the first of them says why). Safe to call more than once.
    """
    logger = logging.getLogger("jgbtui")
    logger.setLevel(LEVELS[level])
    logger.propagate = False
    formatter = CleanFormatter(FORMAT)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    RECENT.setFormatter(formatter)
    logger.addHandler(RECENT)
    folder = directory or default_log_dir()
    path = folder / LOG_FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False
        )
    except OSError as exc:
        logger.warning("log file %s cannot be written: %s", path, exc.strerror or exc)
        return None
    file_handler.setFormatter(formatter)
    logger.addHandler(file_handler)
    return path


def recent_lines(count: int = 200) -> list[str]:
    """The last ``count`` log lines of this process, oldest first."""
    lines = list(RECENT.lines)
    return lines[-count:]
