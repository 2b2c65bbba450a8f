"""The desk line: one line a trader can paste into chat (``y`` copies it, via OSC 52).

Pure: built from the :class:`~jgbtui.present.view.MarketView` and the selected row. Example::

    JGB 10Y 2.987% +6.7bp d/d, 2s10s 114bp, US-JP 10Y 252bp; USD/JPY 147.29
"""

from __future__ import annotations

from collections.abc import Sequence

from jgbtui.present.format import is_missing, yen_100m
from jgbtui.present.view import ChangeRow, MarketView


def _bp(value: float) -> str:
    return "n/a" if is_missing(value) else f"{value:+.1f}bp"


def yield_phrase(row: ChangeRow) -> str:
    """``JGB 10Y 2.987% +6.7bp d/d``."""
    if is_missing(row.value):
        return f"JGB {row.label} n/a"
    return f"JGB {row.label} {row.value:.3f}% {_bp(row.chg_1d)} d/d"


def _spread(view: MarketView, label: str) -> str | None:
    row = next((r for r in view.spreads if r.label == label), None)
    if row is None or is_missing(row.value):
        return None
    return f"{label} {row.value:.0f}bp"


def market_phrase(view: MarketView, tenor: str = "10Y") -> str:
    """The default line: a tenor, 2s10s, US-JP 10Y and USD/JPY."""
    parts = []
    row = next((r for r in view.yields if r.label == tenor), None)
    rates = [yield_phrase(row)] if row is not None else []
    rates += [s for s in (_spread(view, "2s10s"), _spread(view, "US-JP 10Y")) if s]
    if rates:
        parts.append(", ".join(rates))
    if view.fx.latest is not None and not is_missing(view.fx.latest.value):
        parts.append(f"USD/JPY {view.fx.latest.value:.2f}")
    return "; ".join(parts)


def row_phrase(view: MarketView, pane: str, key: str) -> str | None:
    """A phrase about the selected row of ``pane`` (``key`` is the table's row key)."""
    if pane == "yields":
        row = next((r for r in view.yields if r.label == key), None)
        if row is not None:
            return yield_phrase(row)
        spread = next((r for r in view.spreads if r.label == key), None)
        if spread is not None and not is_missing(spread.value):
            return f"{spread.label} {spread.value:.1f}bp {_bp(spread.chg_1d)} d/d"
    if pane == "auctions":
        auction = next((a for a in view.auctions if a.tenor == key), None)
        if auction is not None:
            when = f"{auction.auction_date:%d-%b-%y}" if auction.auction_date else "?"
            text = f"{auction.tenor} auction {when} BTC {auction.bid_to_cover:.2f}"
            if not is_missing(auction.tail_jpy):
                text += f", tail {auction.tail_jpy:.2f} yen ({auction.tail_bp:.1f}bp)"
            return text
    if pane == "flows":
        week = next((w for w in view.flows.weekly if str(w.period_end) == key), None)
        if week is not None:
            return (
                f"Foreign net {yen_100m(week.bonds)} in JP long-term bonds, "
                f"week to {week.period_end:%d-%b-%y}"
            )
    if pane == "fx":
        fix = next((f for f in view.fx.recent if str(f.day) == key), None)
        if fix is not None:
            return f"USD/JPY {fix.value:.2f} ({fix.day:%d-%b-%y}, {view.fx.source_label})"
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
