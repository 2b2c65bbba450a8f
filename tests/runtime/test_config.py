"""The config file: defaults, valid settings, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from jgbtui.runtime.config import (
    AlertConfig,
    ConfigError,
    JournalConfig,
    load_config,
    parse_config,
)

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
        ("[sources.mof_yields]\nrefresh_minutes = 0\n", "refresh_minutes must be between 1 and"),
        ("[sources.mof_yields]\nrefresh_minutes = 0.0001\n", "must be between 1 and 10080"),
        ("[sources.mof_yields]\nrefresh_minutes = nan\n", "must be a finite number, got nan"),
        ("[sources.mof_yields]\nrefresh_minutes = inf\n", "must be a finite number, got inf"),
        ("[sources.mof_yields]\nrefresh_minutes = '5'\n", "must be a number, got '5'"),
        ("[sources.mof_yields]\nmirror = 'ftp://x'\n", "mirror must be an http:// or https://"),
        ("[sources.mof_yields]\nmirror = 5\n", "mirror must be a string"),
        ("[alerts]\nbell = 'yes'\n", "bell must be true or false"),
        ("[alerts]\nwindow = true\n", "window must be a whole number"),
        ("[alerts]\nwindow = 2\n", "window must be between 5 and 5000"),
        ("[alerts]\nwindow = 26.5\n", "window must be a whole number"),
        ("[alerts]\nz_threshold = nan\n", "z_threshold must be a finite number"),
        ("[alerts]\nz_threshold = -inf\n", "z_threshold must be a finite number"),
        ("[alerts]\nz_threshold = 0\n", "z_threshold must be between 0.5 and 10"),
        ("sources = 5\n", "[sources] must be a table, got 5"),
        ("sources = [1]\n", "[sources] must be a table, got [1]"),
        ("sources = {mof_yields = 5}\n", "[sources.mof_yields] must be a table, got 5"),
        ("alerts = 5\n", "[alerts] must be a table, got 5"),
        ("theme = 3\n", "theme must be a string"),
        ("theme = ''\n", "theme must be a non-empty line of text"),
        ("log_level = 'loud'\n", "log_level must be one of debug, info, warning, error"),
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


@pytest.mark.parametrize(
    ("document", "key", "line"),
    [
        ('theme = "x"\n\n[alerts]\nbell = true\nwindow = 2\n', "alerts.window", 5),
        ("# c\nsources = 5\n", "sources", 2),
        (
            "[sources.mof_yields]\nmirror = 'http://m'\n\n[sources.fred_usdjpy]\n"
            "refresh_minutes = nan\n",
            "sources.fred_usdjpy.refresh_minutes",
            5,
        ),
        ("sources.mof_yields.refresh_minutes = 0.0001\n", "sources.mof_yields.refresh_minutes", 1),
        ("[sources]\nmof_yields = 5\n", "sources.mof_yields", 2),
        ("[alerts]\ncolour = 1\n", "alerts.colour", 2),
        ("x = 1\n[alerts]\n", "x", 1),
    ],
)
def test_errors_name_the_key_and_its_line(
    tmp_path: Path, document: str, key: str, line: int
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, KNOWN)
    assert caught.value.key == key
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_a_missing_file_named_explicitly_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "absent.toml", explicit=True)


def test_config_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jgbtui.runtime.config import config_path

    monkeypatch.delenv("JGBTUI_CONFIG", raising=False)
    default, explicit = config_path()
    assert default.name == "config.toml" and not explicit
    assert "jgbtui" in default.parts
    monkeypatch.setenv("JGBTUI_CONFIG", str(tmp_path / "env.toml"))
    assert config_path() == (tmp_path / "env.toml", True)
    assert config_path(tmp_path / "flag.toml") == (tmp_path / "flag.toml", True)


def test_the_default_file_has_every_key_and_means_the_defaults() -> None:
    import tomllib

    from jgbtui.runtime.config import Config
    from jgbtui.runtime.config_template import default_config_text
    from jgbtui.sources import catalog

    text = default_config_text()
    config = parse_config(tomllib.loads(text), set(catalog.names()))
    assert config.alerts == AlertConfig()
    assert config.theme == "jgb-dark" and config.log_level == "info"
    for spec in catalog.CATALOG:
        assert config.sources[spec.name].refresh_minutes == spec.refresh.total_seconds() / 60
        assert config.sources[spec.name].mirror is None
    assert config.journal == JournalConfig() and config.rules == ()
    # Every key of the schema is written, set or commented out.
    keys = set(Config.__dataclass_fields__) - {"path", "sources", "alerts", "journal", "rules"}
    keys |= set(AlertConfig.__dataclass_fields__) | {"mirror", "refresh_minutes"}
    keys |= set(JournalConfig.__dataclass_fields__)
    for key in keys:
        assert f"\n{key} = " in text or f"\n# {key} = " in text, key
    # The rule examples, uncommented, are valid rules.
    assert "\n[journal]\n" in text and "\n# [[rules]]\n" in text
    examples = "\n".join(
        line[2:] for line in text.split("# [[rules]]", 1)[1].splitlines() if line.startswith("# ")
    )
    rules = parse_config(tomllib.loads("[[rules]]\n" + examples)).rules
    assert [r.describe() for r in rules] == [
        "jgb:10Y above 3",
        "usdjpy move up 2 yen over 1w",
        "flows:weekly:bonds streak 3",
    ]
