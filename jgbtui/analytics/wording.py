"""Pandas-free wording helpers shared by the analytics' phrases and the screens."""

from __future__ import annotations


def signed_pct(value: float, digits: int = 1) -> str:
    """``+2.1%``, ``-0.3%``, ``0.0%``: a rate with its sign always written."""
    text = f"{value:+.{digits}f}%"
    return text[1:] if text.lstrip("+-") == f"{0:.{digits}f}%" else text
