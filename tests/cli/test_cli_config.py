"""The command line around the data: config path/init, --config, exit 2 on bad values, logs,
``-V`` and ``--help``. Each case runs ``python -m jgbtui`` as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jgbtui import __version__


def jgbtui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jgbtui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_config_init_writes_the_file_config_path_prints_and_it_runs() -> None:
    path = Path(jgbtui("config", "path").stdout.strip())
    assert path.name == "config.toml"
    assert path.is_relative_to(os.environ["XDG_CONFIG_HOME"]), "the platform's config dir"
    assert not path.exists()
    init = jgbtui("config", "init")
    assert init.returncode == 0, init.stderr
    assert path.is_file() and str(path) in init.stdout
    again = jgbtui("config", "init")
    assert again.returncode == 1 and "exists" in again.stderr
    assert jgbtui("config", "init", "--force").returncode == 0

    run = jgbtui("--config", str(path), "snapshot", "--demo", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["demo"] is True


def test_config_flag_and_env_name_the_file(tmp_path: Path) -> None:
    mine = tmp_path / "desk.toml"
    assert jgbtui("--config", str(mine), "config", "path").stdout.strip() == str(mine)
    assert jgbtui("config", "path", env={"JGBTUI_CONFIG": str(mine)}).stdout.strip() == str(mine)
    assert jgbtui("--config", str(mine), "config", "init").returncode == 0
    assert "[alerts]" in mine.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_missing_explicit_config_is_an_error(tmp_path: Path, how: str) -> None:
    missing = tmp_path / "nope.toml"
    if how == "flag":
        result = jgbtui("--config", str(missing), "snapshot", "--demo", "--json")
    else:
        result = jgbtui("snapshot", "--demo", "--json", env={"JGBTUI_CONFIG": str(missing)})
    assert result.returncode == 2
    assert str(missing) in result.stderr and "no such file" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("document", "needle"),
    [
        ("sources = 5\n", ":1: [sources] must be a table"),
        ("sources = [1]\n", ":1: [sources] must be a table"),
        ("alerts = 5\n", ":1: [alerts] must be a table"),
        ("# desk\n[alerts]\nz_treshold = 2\n", ":3: unknown key(s) z_treshold at [alerts]"),
        ("[sources.mof_yields]\nrefresh_minutes = 0.0001\n", ":2: [sources.mof_yields] refresh"),
        ("[sources.mof_yields]\nrefresh_minutes = nan\n", "must be a finite number"),
        ("theme = \n", "not valid TOML"),
    ],
)
def test_bad_config_exits_2_naming_key_and_line_before_any_screen(
    tmp_path: Path, document: str, needle: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(document, encoding="utf-8")
    # No sub-command: the monitor itself. It must refuse before drawing anything.
    result = jgbtui("--config", str(path))
    assert result.returncode == 2, result.stderr
    assert needle in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr, "no screen was opened"


def test_a_broken_user_theme_exits_2_and_a_good_one_is_loaded(tmp_path: Path) -> None:
    from jgbtui.ui.themes import all_themes

    config = tmp_path / "config.toml"
    config.write_text('theme = "desk-amber"\n', encoding="utf-8")
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "desk.toml").write_text(
        'name = "desk-amber"\nprimary = "#ffb000"\ndark = true\n', encoding="utf-8"
    )
    assert "desk-amber" in {t.name for t in all_themes(themes)}
    assert {"jgb-dark", "jgb-light"} <= {t.name for t in all_themes(themes)}
    (themes / "broken.toml").write_text('primary = "#000000"\n', encoding="utf-8")
    result = jgbtui("--config", str(config), "snapshot", "--demo", "--json")
    assert result.returncode == 2
    assert "broken.toml" in result.stderr and "name" in result.stderr


def test_version_and_help_with_examples_for_every_command() -> None:
    for flag in ("-V", "--version"):
        assert jgbtui(flag).stdout.strip() == f"jgbtui {__version__}"
    for command in ([], ["snapshot"], ["export"], ["serve"], ["config"]):
        result = jgbtui(*command, "--help")
        assert result.returncode == 0
        assert "examples:" in result.stdout, command
    top = jgbtui("--help").stdout
    for option in ("--config", "--log-level", "--mirror", "--offline", "--cache-dir"):
        assert option in top


def test_a_log_file_appears_in_the_platform_log_directory() -> None:
    result = jgbtui("--log-level", "debug", "snapshot", "--demo", "--json")
    assert result.returncode == 0
    log = Path(os.environ["XDG_STATE_HOME"]) / "jgbtui" / "log" / "jgbtui.log"
    assert log.is_file()
    assert "jgbtui " + __version__ + " snapshot" in log.read_text(encoding="utf-8")
