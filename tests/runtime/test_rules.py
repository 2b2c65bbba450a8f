"""Rules as written: [[rules]] in the config and the form's fields, checked like every key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from jgbtui.runtime.config import ConfigError, load_config, parse_config
from jgbtui.runtime.rules import RuleError, config_rule_id, parse_rule


def test_the_four_kinds_and_their_defaults() -> None:
    above = parse_rule({"series": "jgb:10Y", "above": 2.95})
    assert (above.series, above.kind, above.threshold) == ("jgb:10Y", "above", 2.95)
    assert above.describe() == "jgb:10Y above 2.95"
    below = parse_rule({"series": "USDJPY", "below": 140})  # ids are matched case-blind
    assert below.series == "usdjpy" and below.describe() == "usdjpy below 140"
    move = parse_rule({"series": "jgb:10Y", "move_above": 5, "over": "1w"})
    assert move.unit == "bp" and move.describe() == "jgb:10Y move 5 bp over 1w"
    fx = parse_rule({"series": "usdjpy", "move_above": 1.5, "unit": "%", "direction": "up"})
    assert fx.describe() == "usdjpy move up 1.5 % over 1d"
    streak = parse_rule({"series": "flows:weekly:bonds", "streak": 3, "direction": "down"})
    assert streak.describe() == "flows:weekly:bonds streak 3 falls"
    tail = parse_rule({"series": "auction:30Y:tail_bp", "above": 3})
    assert tail.is_event_series() and not above.is_event_series()


def test_a_rule_reads_back_as_the_table_that_defines_it() -> None:
    for table in (
        {"series": "jgb:10Y", "above": 2.95},
        {"series": "spread:us-jp-10y", "below": 200.0, "hysteresis": 5.0},
        {"series": "usdjpy", "move_above": 2.0, "over": "1w", "unit": "yen", "direction": "up"},
        {"series": "jgb:30Y", "streak": 5},
    ):
        rule = parse_rule(table)
        assert rule.to_table() == table
        assert parse_rule(rule.to_table()) == rule


def test_config_rules_get_an_id_from_what_they_say() -> None:
    one = parse_rule({"series": "jgb:10Y", "above": 2.95}, origin="config")
    same = parse_rule({"series": "jgb:10Y", "above": 2.95}, origin="config")
    other = parse_rule({"series": "jgb:10Y", "above": 3.0}, origin="config")
    assert one.id == same.id == config_rule_id(one.to_table()) and one.id.startswith("c-")
    assert other.id != one.id


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ({"above": 3}, "rule", 'needs series = "<id>"'),
        ({"series": "jgb:11Y", "above": 3}, "rule.series", "unknown series 'jgb:11Y'"),
        ({"series": 10, "above": 3}, "rule.series", "must be a series id"),
        ({"series": "jgb:10Y"}, "rule", "needs exactly one of above, below, move_above, streak"),
        ({"series": "jgb:10Y", "above": 3, "below": 2}, "rule", "it has above, below"),
        ({"series": "jgb:10Y", "abov": 3}, "rule.abov", "unknown key(s) abov"),
        ({"series": "jgb:10Y", "above": "3"}, "rule.above", "above must be a number, got '3'"),
        ({"series": "jgb:10Y", "above": True}, "rule.above", "above must be a number"),
        ({"series": "jgb:10Y", "above": float("nan")}, "rule.above", "must be a finite number"),
        ({"series": "jgb:10Y", "move_above": 0}, "rule.move_above", "must be above 0"),
        ({"series": "jgb:10Y", "move_above": -5}, "rule.move_above", "must be above 0"),
        ({"series": "jgb:10Y", "streak": 1}, "rule.streak", "from 2 to 250, got 1"),
        ({"series": "jgb:10Y", "streak": 2.5}, "rule.streak", "whole number"),
        ({"series": "jgb:10Y", "move_above": 5, "over": "1m"}, "rule.over", "'1d', '1w'"),
        ({"series": "jgb:10Y", "move_above": 5, "unit": "%"}, "rule.unit", "one of 'bp'"),
        ({"series": "usdjpy", "move_above": 1, "unit": "bp"}, "rule.unit", "'yen', '%'"),
        ({"series": "jgb:10Y", "above": 3, "over": "1d"}, "rule.over", "only to move_above"),
        ({"series": "jgb:10Y", "above": 3, "direction": "up"}, "rule.direction", "only to"),
        ({"series": "jgb:10Y", "streak": 3, "hysteresis": 1}, "rule.hysteresis", "only to"),
        ({"series": "jgb:10Y", "above": 3, "hysteresis": -1}, "rule.hysteresis", "0 or more"),
        (
            {"series": "jgb:10Y", "streak": 3, "direction": "sideways"},
            "rule.direction",
            "'up', 'down', 'either'",
        ),
    ],
)
def test_bad_rules_are_refused_naming_the_key(table: dict, key: str, message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)) as caught:
        parse_rule(table)
    assert caught.value.key == key


CONFIG = """\
theme = "jgb-dark"

[[rules]]
series = "jgb:10Y"
above = 2.95

[[rules]]
series = "usdjpy"
move_above = 2
over = "1w"

[alerts]
bell = true
"""


def test_config_rules_are_read_in_order_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(path)
    assert [r.describe() for r in config.rules] == [
        "jgb:10Y above 2.95",
        "usdjpy move 2 yen over 1w",
    ]
    assert [r.line for r in config.rules] == [3, 7]
    assert all(r.origin == "config" for r in config.rules)


@pytest.mark.parametrize(
    ("document", "key", "line", "message"),
    [
        (CONFIG.replace('over = "1w"', 'over = "1y"'), "rules.1.over", 10, "[[rules]] #2 over"),
        (CONFIG.replace("above = 2.95", "above = nan"), "rules.0.above", 5, "finite number"),
        (CONFIG.replace('series = "usdjpy"', 'series = "usd:jpy"'), "rules.1.series", 8, "usd:jpy"),
        (CONFIG.replace("above = 2.95", "abov = 2.95"), "rules.0.abov", 5, "unknown key(s) abov"),
        (CONFIG.replace("above = 2.95\n", ""), "rules.0", 3, "needs exactly one of"),
        ("rules = 5\n", "rules", 1, "rules must be written as [[rules]] tables"),
    ],
)
def test_bad_config_rules_name_the_key_and_its_line(
    tmp_path: Path, document: str, key: str, line: int, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == key
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[alerts]\nnotify = 'notify-send hi'\n", "notify must be a list of strings"),
        ("[alerts]\nnotify = []\n", "notify must be a list of strings"),
        ("[alerts]\nnotify = ['a', 3]\n", "notify must be a list of strings"),
        ("[alerts]\nnotify_timeout = 0\n", "notify_timeout must be between 1 and 120"),
        ("[journal]\nretention_days = 0\n", "retention_days must be between 1 and 3660"),
        ("[journal]\nmax_megabytes = inf\n", "max_megabytes must be a finite number"),
        ("[journal]\nkeep = 3\n", "unknown key(s) keep at [journal]"),
    ],
)
def test_notify_and_journal_settings_are_checked(document: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(tomllib.loads(document))


def test_notify_and_journal_settings_are_read() -> None:
    config = parse_config(
        tomllib.loads(
            "[alerts]\nnotify = ['notify-send', 'jgbtui', '{text}']\nnotify_timeout = 5\n"
            "[journal]\nenabled = false\nretention_days = 7\nmax_megabytes = 20\n"
        )
    )
    assert config.alerts.notify == ("notify-send", "jgbtui", "{text}")
    assert config.alerts.notify_timeout == 5
    assert (config.journal.enabled, config.journal.retention_days) == (False, 7)
    assert config.journal.max_megabytes == 20
