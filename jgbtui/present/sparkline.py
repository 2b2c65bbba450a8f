"""Unicode sparklines as plain strings, so they fit in table cells and survive NO_COLOR."""

from __future__ import annotations

import math
from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def resample(values: Sequence[float], width: int) -> list[float]:
    """Reduce ``values`` to ``width`` points by averaging buckets (keeps the shape)."""
    clean = [v for v in values if not math.isnan(v)]
    if len(clean) <= width:
        return clean
    out = []
    for i in range(width):
        start = i * len(clean) // width
        end = max(start + 1, (i + 1) * len(clean) // width)
        bucket = clean[start:end]
        out.append(sum(bucket) / len(bucket))
    return out


def sparkline(values: Sequence[float], width: int = 20) -> str:
    """A sparkline of at most ``width`` characters; empty string when there is no data."""
    points = resample(values, width)
    if not points:
        return ""
    low, high = min(points), max(points)
    if high == low:
        return BARS[len(BARS) // 2] * len(points)
    scale = (len(BARS) - 1) / (high - low)
    return "".join(BARS[round((v - low) * scale)] for v in points)
