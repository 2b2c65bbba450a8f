"""The notify command: an argument list (never a shell), the alert as arguments, a deadline."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from jgbtui.runtime.alert_log import Alert
from jgbtui.runtime.notify import command_for, notify, notify_all

ALERT = Alert(
    id="rule:c-1|2026-09-11|20261201T030000",
    key="rule:c-1",
    series="jgb:10Y",
    day="2026-09-11",
    value=2.987,
    text="jgb:10Y 2.987% is above 2.95 (as of 2026-09-11); $(touch pwned) `id`",
    severity="rule",
    first_seen="2026-12-01T03:00:00+00:00",
)


def test_placeholders_are_replaced_or_the_text_is_appended() -> None:
    assert command_for(["notify-send", "jgbtui"], ALERT) == ["notify-send", "jgbtui", ALERT.text]
    assert command_for(["send", "{series}={value} on {as_of}", "{rule}", "{time}"], ALERT) == [
        "send",
        "jgb:10Y=2.987 on 2026-09-11",
        "c-1",
        "2026-12-01T03:00:00+00:00",
    ]
    # Only the named fields: no attribute access, no format specs.
    assert command_for(["x", "{text.__class__}", "{0}"], ALERT) == [
        "x",
        "{text.__class__}",
        "{0}",
        ALERT.text,
    ]


def shell_ran() -> bool:
    """A shell would have run ``touch pwned`` in the working directory."""
    return Path("pwned").exists()


RECORDER = "import json, sys; open(sys.argv[1], 'w').write(json.dumps(sys.argv[2:]))"


async def test_the_command_gets_the_alert_as_arguments_without_a_shell(tmp_path: Path) -> None:
    out = tmp_path / "args.json"
    problem = await notify([sys.executable, "-c", RECORDER, str(out), "{text}"], ALERT, 10)
    assert problem is None
    assert json.loads(out.read_text(encoding="utf-8")) == [ALERT.text]
    assert not shell_ran()


async def test_a_hanging_command_is_stopped_at_its_deadline() -> None:
    started = time.monotonic()
    problem = await notify([sys.executable, "-c", "import time; time.sleep(30)"], ALERT, 0.5)
    assert problem is not None and "stopped after 0.5 s" in problem
    assert time.monotonic() - started < 5


async def test_failures_are_reported_not_raised(tmp_path: Path) -> None:
    missing = await notify([str(tmp_path / "no-such-notifier")], ALERT, 5)
    assert missing is not None and "could not start" in missing
    failing = await notify(
        [sys.executable, "-c", "import sys; sys.stderr.write('no display'); sys.exit(3)"],
        ALERT,
        5,
    )
    assert failing is not None and "exited 3: no display" in failing
    await notify_all([], [ALERT], 5)  # no command: nothing runs
