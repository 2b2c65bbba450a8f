"""Text from the network is cleaned of control characters and escape sequences."""

from __future__ import annotations

import pandas as pd
import pytest

from jgbtui.sources.base import Collected, Fetched, PayloadError, SourceResult
from jgbtui.sources.sanitize import clean_frame, clean_text, clean_value, is_clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("10-year", "10-year"),
        ("10-year\x1b]52;c;cm0gLXJmIH4=\x07", "10-year"),  # OSC 52 clipboard write, BEL
        ("a\x1b]0;title\x1b\\b", "ab"),  # OSC title change, ST-terminated
        ("a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink
        ("\x1b[2J\x1b[Hscreen", "screen"),  # clear screen, cursor home
        ("red\x1b[31;1mtext\x1b[0m", "redtext"),  # SGR colours
        ("\x9b2Jc1", "c1"),  # C1 CSI
        ("\x9d0;t\x9cok", "ok"),  # C1 OSC ... ST
        ("a\x1bcb", "ab"),  # ESC c: full reset
        ("a\x1bPdcs payload\x1b\\b", "ab"),  # DCS
        ("unterminated\x1b]52;c;AAAA", "unterminated"),  # never reaches the terminal
        ("bell\x07 null\x00 del\x7f", "bell null del"),
        ("two\nlines\r\nand\ttab", "two lines and tab"),
        ("\u202eevil\u202c", "evil"),  # bidi override
        ("米ドル売り・日本円買い", "米ドル売り・日本円買い"),
        ("1,689 ", "1,689 "),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert is_clean(clean) and is_clean(raw) == (raw == clean)


def test_clean_frame_cleans_strings_and_keeps_everything_else() -> None:
    frame = pd.DataFrame(
        {
            "security": pd.Series(["10-year\x1b[2J", None, "20-year"], dtype=object),
            "bid_to_cover": [3.1, 2.9, float("nan")],
            "n\x1b[1m": [1, 2, 3],
        }
    )
    cleaned = clean_frame(frame)
    assert cleaned["security"].tolist() == ["10-year", None, "20-year"]
    assert cleaned["bid_to_cover"].equals(frame["bid_to_cover"])
    assert list(cleaned.columns) == ["security", "bid_to_cover", "n"]
    assert frame["security"][0] == "10-year\x1b[2J", "the input is not changed in place"
    numeric = pd.DataFrame({"x": [1.0, 2.0]})
    assert clean_frame(numeric) is numeric, "nothing to clean: no copy"


def test_clean_value_walks_what_parsers_return() -> None:
    frame = pd.DataFrame({"pair": ["usd\x07"]})
    first, second, number = clean_value((frame, [frame], 3))
    assert first["pair"].tolist() == ["usd"] and second[0]["pair"].tolist() == ["usd"]
    assert number == 3


def test_errors_results_and_fetches_carry_clean_text() -> None:
    error = PayloadError("boj_usdjpy", "BOJ API error: \x1b]52;c;aGk=\x07Invalid")
    assert error.message == "BOJ API error: Invalid"
    assert str(error) == "boj_usdjpy: BOJ API error: Invalid"
    fetched = Fetched("u", b"", pd.Timestamp.now(tz="UTC"), True, error="x\x1b[2Jy")
    assert fetched.error == "xy"
    collected = Collected({}, None, detail="d\x1b[1m", notices=("n\x07",), problems=("p\x00",))
    assert (collected.detail, collected.notices, collected.problems) == ("d", ("n",), ("p",))
    result = SourceResult("s", "t", "stale", error="e\x9b31m", detail="\x1b]0;x\x07d")
    assert (result.error, result.detail) == ("e", "d")
