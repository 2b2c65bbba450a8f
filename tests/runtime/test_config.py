"""The config file: defaults, valid settings, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from jgbtui.runtime.config import AlertConfig, ConfigError, load_config, parse_config

KNOWN = {"mof_yields", "fred_usdjpy"}


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert config.alerts == AlertConfig() and config.sources == {} and config.path is None


def test_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "jgb-light"\nexport_dir = "~/x"\n'
        '[sources.mof_yields]\nmirror = "http://m"\nrefresh_minutes = 5\n'
        "[alerts]\nbell = false\nz_threshold = 2.5\nwindow = 26\n",
        encoding="utf-8",
    )
    config = load_config(path, KNOWN)
    assert config.theme == "jgb-light"
    assert config.export_dir == Path("~/x").expanduser()
    assert config.sources["mof_yields"].mirror == "http://m"
    assert config.sources["mof_yields"].refresh_minutes == 5
    assert config.alerts.bell is False and config.alerts.z_threshold == 2.5
    assert config.alerts.window == 26 and config.alerts.enabled is True
    assert config.path == path


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("colour = 1\n", "unknown key(s) colour at top level"),
        ("[alerts]\nz_treshold = 2\n", "unknown key(s) z_treshold at [alerts]"),
        ("[sources.nope]\nmirror = 'x'\n", "unknown source [sources.nope]"),
        ("[sources.mof_yields]\nrefresh_minutes = 0\n", "refresh_minutes must be positive"),
        ("[alerts]\nbell = 'yes'\n", "bell must be bool"),
        ("[alerts]\nwindow = true\n", "window must be a number"),
        ("[alerts]\nwindow = 2\n", "window must be at least 5"),
    ],
)
def test_invalid_content_is_refused_with_a_reason(document: str, message: str) -> None:
    import re
    import tomllib

    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(tomllib.loads(document), KNOWN)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml: not valid TOML"):
        load_config(path)
