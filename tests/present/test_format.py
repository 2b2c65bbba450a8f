"""Display formatting: whole words, the publisher's decimals, dates with their year."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from jgbtui.present.format import (
    duration,
    lags,
    numeric_day,
    places,
    published,
    short_day,
    shorten,
)

TODAY = date(2026, 12, 1)
REASON = (
    "foreign selling of Japanese long-term bonds ¥684bn in the week to 1 Aug 2026; "
    "UST 10Y 4.18% (25 Sep 2025)"
)


@pytest.mark.parametrize("width", range(1, len(REASON) + 2))
def test_shorten_cuts_only_between_words(width: int) -> None:
    cut = shorten(REASON, width)
    assert len(cut) <= width
    if cut == REASON:
        return
    assert cut.endswith("…")
    body = cut[:-1]
    if " " in REASON[:width]:  # a whole first word fits: the cut is at a word boundary
        assert REASON.startswith(body)
        assert REASON[len(body)] in " ,;:(" or body == ""
    # Never half a number: "¥684bn" and "4.18%" appear whole or not at all.
    for token in ("¥684bn", "4.18%", "2025)"):
        assert token in cut or not any(token.startswith(t) for t in body.split()[-1:] if t)


def test_shorten_keeps_what_fits_and_drops_dangling_punctuation() -> None:
    assert shorten("a short one", 20) == "a short one"
    assert shorten("USD/JPY 159.70 (2 Sep 2026); 0.6% above", 20) == "USD/JPY 159.70 (2…"
    assert shorten("net selling ¥639bn; foreign selling", 22) == "net selling ¥639bn…"


@pytest.mark.parametrize(
    ("value", "least", "most", "shown"),
    [
        (99.985, 2, 3, "99.985"),  # the 2Y average price, as MoF publishes it
        (99.98, 2, 3, "99.98"),
        (1.41, 3, 3, "1.410"),  # yields to MoF's three places
        (100.0, 2, 3, "100.00"),
        (2.6545514542968935, 2, 2, "2.65"),  # a derived ratio: no float noise
        (0.30000000000000004, 1, 4, "0.3"),
        (10374.4, 1, 1, "10374.4"),
        (float("nan"), 2, 3, "—"),
        (None, 2, 3, "—"),
    ],
)
def test_published_keeps_the_publishers_decimals(value, least, most, shown) -> None:
    assert published(value, least, most) == shown


def test_published_groups_thousands_and_counts_places() -> None:
    assert published(10374.4, 1, 1, grouping=True) == "10,374.4"
    assert places(99.985, 2) == 3 and places(99.98, 2) == 2


def test_dates_of_another_year_carry_it() -> None:
    assert short_day(date(2026, 9, 11), TODAY) == "Sep 11"
    assert short_day(date(2025, 9, 25), TODAY) == "2025-09-25"
    assert numeric_day(date(2026, 9, 11), TODAY) == "09/11"
    assert numeric_day(date(2025, 9, 25), TODAY) == "2025-09-25"
    assert numeric_day(datetime(2027, 1, 5, 9, 30), TODAY) == "2027-01-05"
    assert short_day(None, TODAY) == "—"


def test_lags_marks_inputs_older_than_the_newest() -> None:
    newest = date(2026, 9, 11)
    assert not lags(date(2026, 9, 10), newest)  # New York a day behind Tokyo: normal
    assert not lags(date(2026, 9, 7), newest)  # a long weekend
    assert lags(date(2025, 9, 25), newest)
    assert lags(date(2026, 6, 25), newest, timedelta(days=31))
    assert not lags(None, newest) and not lags(date(2025, 1, 1), None)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(5, "5 s"), (60, "1 min"), (600, "10 min"), (7200, "2 h"), (3 * 86400, "3 days")],
)
def test_duration_cannot_be_misread_as_months(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
