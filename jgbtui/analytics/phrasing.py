"""Desk words: amounts, ordinals and the short sentences headlines and signals are made of.

Examples of what these produce::

    10Y auction bid-to-cover 3.13, weakest since June 2025
    foreign selling of Japanese long-term bonds ¥1.52tn, largest since March 2023 (3 years)
    JGB 30Y 4.05%, highest since 12 March 2023 (3 years)
    USD/JPY 162.83, weakest yen since 3 July 2024 (2 years)
    3rd straight week of foreign selling of Japanese long-term bonds

MoF flows and intervention amounts are in 100 million yen: ¥bn = /10, ¥tn = /10,000.
"""

from __future__ import annotations

import pandas as pd

from jgbtui.analytics.records import FirstSince, Move, Record, Streak
from jgbtui.analytics.wording import signed_pct as signed_pct

FLOWS_WHAT = "Japanese long-term bonds"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def yen_amount(amount_jpy_100m: float) -> str:
    """A size in 100 million yen as the desk says it, sign dropped.

    ``15200`` -> ``¥1.52tn``; ``6841`` -> ``¥684bn``; ``384`` -> ``¥38.4bn``.
    """
    size = abs(amount_jpy_100m)
    if size >= 10_000:
        return f"¥{size / 10_000:.2f}tn"
    if size >= 1_000:
        return f"¥{size / 10:.0f}bn"
    return f"¥{size / 10:.1f}bn"


def yield_pct(value: float) -> str:
    """A yield as quoted: up to 3 decimals, at least 2 (``4.05%``, ``2.987%``)."""
    text = f"{value:.3f}"
    if text.endswith("0"):
        text = text[:-1]
    return f"{text}%"


def signed(value: float, digits: int = 1, unit: str = "") -> str:
    """``+1.2bp``, ``-0.5bp`` (a true minus sign is not used: terminals and grep)."""
    return f"{value:+.{digits}f}{unit}"


def auction_btc_text(tenor: str, record: Record) -> str:
    """``10Y auction bid-to-cover 3.13, weakest since June 2025``."""
    return f"{tenor} auction bid-to-cover {record.value:.2f}, {record.describe('weakest')}"


def auction_tail_text(tenor: str, record: Record) -> str:
    """``10Y auction tail 1.4bp, widest since March 2024``."""
    return f"{tenor} auction tail {record.value:.1f}bp, {record.describe('widest', unit='bp')}"


def flows_text(record: Record, *, period: str | None = None) -> str:
    """``foreign selling of Japanese long-term bonds ¥1.52tn, largest since March 2023
    (3 years)``; ``period`` (e.g. "in August 2026") goes after the amount."""
    side = "selling" if record.value < 0 else "buying"
    where = f" {period}" if period else ""
    return (
        f"foreign {side} of {FLOWS_WHAT} {yen_amount(record.value)}{where}, "
        f"{record.describe('largest')}"
    )


def yield_text(tenor: str, record: Record) -> str:
    """``JGB 30Y 4.05%, highest since 12 March 2023 (3 years)``."""
    return f"JGB {tenor} {yield_pct(record.value)}, {record.describe(style='day', unit='%')}"


def usdjpy_text(record: Record) -> str:
    """``USD/JPY 162.83, weakest yen since 3 July 2024 (2 years)`` (or "strongest yen")."""
    word = "weakest yen" if record.extreme == "high" else "strongest yen"
    return f"USD/JPY {record.value:.2f}, {record.describe(word, style='day')}"


def yield_move_text(tenor: str, move: Move) -> str:
    """``JGB 10Y +15.0bp d/d, largest daily rise since 4 March 2025 (1 year)``.

    ``move`` is a change of a yield in percent; it is quoted in bp.
    """
    word = f"largest daily {move.direction}"
    change = signed(move.change * 100.0, 1, "bp")
    return f"JGB {tenor} {change} d/d, {move.record.describe(word, style='day')}"


def usdjpy_move_text(move: Move) -> str:
    """``USD/JPY +2.35 d/d, largest one-day yen fall since ...`` (USD/JPY up = yen down)."""
    word = "largest one-day yen " + ("fall" if move.change > 0 else "gain")
    return f"USD/JPY {signed(move.change, 2)} d/d, {move.record.describe(word, style='day')}"


def streak_text(run: Streak, period: str = "week", what: str = "foreign selling") -> str:
    """``3rd straight week of foreign selling`` (``2nd straight``; a single one is "1st")."""
    return f"{ordinal(run.length)} straight {period} of {what}"


def first_since_text(first: FirstSince, what: str) -> str:
    """``first week of foreign selling since March 2025``."""
    return first.describe(what)


def short_date(when: object) -> str:
    """``1 Sep 2026`` for a Timestamp or date."""
    stamp = pd.Timestamp(when)  # type: ignore[arg-type]
    return f"{stamp.day} {stamp:%b} {stamp.year}"


_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve",
)  # fmt: skip
_ORDINAL_WORDS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip


def number_word(n: int) -> str:
    """``8`` -> ``eight`` up to twelve, digits beyond (as a desk writes it)."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def ordinal_word(n: int) -> str:
    """``3`` -> ``third`` up to twelfth, ``13th`` beyond."""
    return _ORDINAL_WORDS[n] if 0 <= n < len(_ORDINAL_WORDS) else ordinal(n)
