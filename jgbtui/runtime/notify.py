"""The notify command of ``[alerts] notify``: a desktop or chat notification per rule firing.

The command is a list (program, then arguments) run with :func:`asyncio.create_subprocess_exec`,
never through a shell, so nothing in an alert (text from the network included) can become a
command. ``{text}``, ``{series}``, ``{value}``, ``{as_of}``, ``{time}`` and ``{rule}`` in an
argument are replaced by the alert's parts (plain substitution, not ``str.format``); an
argument list without any of them gets the alert's text as its last argument. The command
gets no input, its output is dropped, and it is stopped after ``notify_timeout`` seconds, so
a hanging notifier never holds up the monitor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from jgbtui.runtime.alert_log import Alert

log = logging.getLogger(__name__)
FIELDS = ("text", "series", "value", "as_of", "time", "rule")


def command_for(template: Sequence[str], alert: Alert) -> list[str]:
    """The argument list for ``alert``: placeholders replaced, or its text appended."""
    values = {
        "text": alert.text,
        "series": alert.series,
        "value": "" if alert.value is None else f"{alert.value:g}",
        "as_of": alert.day,
        "time": alert.first_seen,
        "rule": alert.key.split(":", 1)[-1],
    }
    placeholders = [f"{{{name}}}" for name in FIELDS]
    if not any(p in part for part in template[1:] for p in placeholders):
        return [*template, alert.text]
    out = []
    for part in template:
        for name in FIELDS:
            part = part.replace(f"{{{name}}}", values[name])
        out.append(part)
    return out


async def notify(template: Sequence[str], alert: Alert, limit_seconds: float) -> str | None:
    """Run the notify command for ``alert``; ``None`` when it ran cleanly, else why not."""
    argv = command_for(template, alert)
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as exc:
        problem = f"notify command {argv[0]!r} could not start: {exc.strerror or exc}"
        log.warning(problem)
        return problem
    try:
        async with asyncio.timeout(limit_seconds):
            _, err = await process.communicate()
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        problem = f"notify command {argv[0]!r} stopped after {limit_seconds:g} s"
        log.warning(problem)
        return problem
    if process.returncode:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        problem = f"notify command {argv[0]!r} exited {process.returncode}" + (
            f": {tail[0][:200]}" if tail else ""
        )
        log.warning(problem)
        return problem
    log.info("notified %s for %s", argv[0], alert.id)
    return None


async def notify_all(
    template: Sequence[str], alerts: Sequence[Alert], limit_seconds: float
) -> None:
    """Notify every alert (one command each, run side by side)."""
    if template and alerts:
        await asyncio.gather(*(notify(template, a, limit_seconds) for a in alerts))
