"""The desk line: one line a trader can paste into chat (``y`` copies it, via OSC 52).

Pure: built from the :class:`~jgbtui.present.view.MarketView` and the selected row. Every
figure carries its as-of date; one older than the newest data on screen says ``old``, so a
2025 spread is never pasted as if it were today's. Example::

    JGB 10Y 2.987% +6.7bp d/d, 2s10s 114bp (11-Sep-26); US-JP 10Y 252bp (25-Sep-25, old);
    USD/JPY 159.70 (02-Sep-26)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from jgbtui.present.format import desk_day, is_missing, lags, published, yen_100m
from jgbtui.present.view import ChangeRow, MarketView


def _bp(value: float) -> str:
    return "n/a" if is_missing(value) else f"{value:+.1f}bp"


def dated(text: str, day: date | None, newest: date | None) -> str:
    """``text (11-Sep-26)``; ``text (25-Sep-25, old)`` when ``day`` lags the newest data."""
    if day is None:
        return f"{text} (no date)"
    return f"{text} ({desk_day(day)}{', old' if lags(day, newest) else ''})"


def yield_phrase(row: ChangeRow) -> str:
    """``JGB 10Y 2.987% +6.7bp d/d`` (undated: the caller adds the date)."""
    if is_missing(row.value):
        return f"JGB {row.label} n/a"
    return f"JGB {row.label} {row.value:.3f}% {_bp(row.chg_1d)} d/d"


def _spread(view: MarketView, label: str) -> ChangeRow | None:
    row = next((r for r in view.spreads if r.label == label), None)
    return None if row is None or is_missing(row.value) else row


def market_phrase(view: MarketView, tenor: str = "10Y") -> str:
    """The default line: a tenor and 2s10s (dated together when they share a date), the
    US-JP 10Y spread and USD/JPY, each with its date."""
    newest = view.newest
    parts = []
    row = next((r for r in view.yields if r.label == tenor), None)
    curve = _spread(view, "2s10s")
    jgb = [yield_phrase(row)] if row is not None else []
    jgb_day = row.as_of if row is not None else None
    if curve is not None:
        if row is None or curve.as_of == jgb_day:
            jgb.append(f"2s10s {curve.value:.0f}bp")
            jgb_day = curve.as_of
        else:
            parts.append(dated(f"2s10s {curve.value:.0f}bp", curve.as_of, newest))
    if jgb:
        parts.insert(0, dated(", ".join(jgb), jgb_day, newest))
    us = _spread(view, "US-JP 10Y")
    if us is not None:
        parts.append(dated(f"US-JP 10Y {us.value:.0f}bp", us.as_of, newest))
    fx = view.fx.latest
    if fx is not None and not is_missing(fx.value):
        parts.append(dated(f"USD/JPY {fx.value:.2f}", fx.as_of, newest))
    return "; ".join(parts)


def row_phrase(view: MarketView, pane: str, key: str) -> str | None:
    """A phrase about the selected row of ``pane`` (``key`` is the table's row key)."""
    newest = view.newest
    if pane == "yields":
        row = next((r for r in view.yields if r.label == key), None)
        if row is not None:
            return dated(yield_phrase(row), row.as_of, newest)
        spread = next((r for r in view.spreads if r.label == key), None)
        if spread is not None and not is_missing(spread.value):
            text = f"{spread.label} {spread.value:.1f}bp {_bp(spread.chg_1d)} d/d"
            return dated(text, spread.as_of, newest)
    if pane == "auctions":
        auction = next((a for a in view.auctions if a.tenor == key), None)
        if auction is not None:
            when = desk_day(auction.auction_date) if auction.auction_date else "?"
            text = f"{auction.tenor} auction {when} BTC {auction.bid_to_cover:.2f}"
            if not is_missing(auction.tail_jpy):
                tail = published(auction.tail_jpy, 2, 3)
                text += f", tail {tail} yen ({auction.tail_bp:.1f}bp)"
            return text
    if pane == "flows":
        week = next((w for w in view.flows.weekly if str(w.period_end) == key), None)
        if week is not None:
            return (
                f"Foreign net {yen_100m(week.bonds)} in JP long-term bonds, "
                f"week to {desk_day(week.period_end)}"
            )
    if pane == "fx":
        fix = next((f for f in view.fx.recent if str(f.day) == key), None)
        if fix is not None:
            return f"USD/JPY {fix.value:.2f} ({desk_day(fix.day)}, {view.fx.source_label})"
    return None


def desk_line(
    view: MarketView,
    pane: str | None = None,
    key: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The selected row's phrase (if any), the market line, then notes (dated anomalies).

    A selected JGB tenor leads the market line itself instead of being repeated.
    """
    tenor = "10Y"
    parts = []
    if pane == "yields" and key and any(r.label == key for r in view.yields):
        tenor = key
    elif pane and key:
        phrase = row_phrase(view, pane, key)
        if phrase:
            parts.append(phrase)
    market = market_phrase(view, tenor)
    if market:
        parts.append(market)
    parts.extend(notes)
    return "; ".join(parts)
