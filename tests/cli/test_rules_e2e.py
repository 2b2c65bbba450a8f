"""End to end: a config rule, ``snapshot --json`` against a mirror of the real files, twice;
a bad rule stops jgbtui naming its key and line; ``jgbtui journal`` prints a past view.

Runs ``python -m jgbtui`` in subprocesses with the isolated user directories of conftest
(their environment reaches the subprocess), against a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import REAL_DIR
from mirror import MirrorServer, real_payloads, write_mirror

pytestmark = pytest.mark.slow

RULES = """\
[[rules]]
series = "jgb:10Y"
above = 2.95

[[rules]]
series = "jgb:10Y"
above = 3.5
"""


def jgbtui(*args: str, config: Path | None = None, env: dict[str, str] | None = None) -> Any:
    command = [sys.executable, "-m", "jgbtui"]
    if config is not None:
        command += ["--config", str(config)]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def mirror_root(tmp_path: Path) -> Path:
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")
    root = tmp_path / "mirror"
    write_mirror(root, real_payloads(REAL_DIR))
    return root


def by_rule(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["rule"]: rule for rule in report["rules"]}


def test_a_config_rule_fires_at_2_987_once_and_a_refresh_does_not_fire_it_again(
    mirror_root: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(RULES, encoding="utf-8")
    with MirrorServer(mirror_root) as server:
        first = jgbtui("snapshot", "--json", "--mirror", server.base_url, config=config)
        assert first.returncode == 0, first.stderr
        second = jgbtui("snapshot", "--json", "--mirror", server.base_url, config=config)
        assert second.returncode == 0, second.stderr
        table = jgbtui("snapshot", "--mirror", server.base_url, "--width", "160", config=config)

    rules = by_rule(json.loads(first.stdout))
    fired = rules["jgb:10Y above 2.95"]
    assert fired["status"] == "fired" and fired["fired_now"] is True
    assert fired["origin"] == "config" and fired["config_line"] == 1
    assert fired["alert"] == "new"
    firing = fired["last_firing"]
    assert (firing["value"], firing["as_of"], firing["stale"]) == (2.987, "2026-09-11", False)
    assert firing["text"] == "jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)"
    quiet = rules["jgb:10Y above 3.5"]
    assert quiet["status"] == "armed" and quiet["last_firing"] is None
    assert quiet["current"] == {"value": 2.987, "as_of": "2026-09-11", "stale": False}

    again = by_rule(json.loads(second.stdout))["jgb:10Y above 2.95"]
    assert again["fired_now"] is False and again["status"] == "fired"
    assert again["last_firing"] == firing  # the same firing: not fired again

    # The firing is in the alert log once, with the value, the time and the data's date.
    log_path = Path(os.environ["XDG_STATE_HOME"]) / "jgbtui" / "alerts.jsonl"
    seen = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    rule_alerts = [r for r in seen if r["key"].startswith("rule:")]
    assert len(rule_alerts) == 1
    assert rule_alerts[0]["value"] == 2.987 and rule_alerts[0]["day"] == "2026-09-11"
    assert datetime.fromisoformat(rule_alerts[0]["first_seen"]) == datetime.fromisoformat(
        firing["fired_at"]
    )

    assert table.returncode == 0, table.stderr
    lines = [line for line in table.stdout.splitlines() if "jgb:10Y above" in line]
    assert "fired" in lines[0] and "2.987 (2026-09-11)" in lines[0] and "[new]" in lines[0]
    assert "armed" in lines[1] and "never" in lines[1]


def test_a_notify_command_runs_for_a_firing_without_a_shell(
    mirror_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notified.json"
    recorder = "import json, sys; open(sys.argv[1], 'w').write(json.dumps(sys.argv[2:]))"
    config = tmp_path / "config.toml"
    config.write_text(
        "[alerts]\nnotify = "
        + json.dumps([sys.executable, "-c", recorder, str(out), "{series}", "{value}", "{text}"])
        + "\n\n"
        + RULES,
        encoding="utf-8",
    )
    with MirrorServer(mirror_root) as server:
        done = jgbtui("snapshot", "--json", "--mirror", server.base_url, config=config)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == [
        "jgb:10Y",
        "2.987",
        "jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)",
    ]


def test_a_bad_rule_stops_jgbtui_naming_the_key_and_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(RULES.replace("above = 3.5", "above = 3.5\nover = '1w'"), encoding="utf-8")
    done = jgbtui("snapshot", "--json", "--offline", config=config)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{config}:8: [[rules]] #2 over applies only to move_above rules" in done.stderr


def test_snapshot_on_demo_data_judges_no_rule(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(RULES, encoding="utf-8")
    done = jgbtui("snapshot", "--json", "--demo", config=config)
    assert done.returncode == 0, done.stderr
    rules = json.loads(done.stdout)["rules"]
    assert [(r["status"], r["fired_now"], r["last_firing"]) for r in rules] == [
        ("demo", False, None),
        ("demo", False, None),
    ]
