"""The real MoF yields history, read two ways: by the parser under test, and by a plain csv
scan that the tests use to check answers independently."""

from __future__ import annotations

import csv
import functools
import io
import math
from pathlib import Path

import pandas as pd


@functools.cache
def real_yields_frame(history: Path, current: Path) -> pd.DataFrame:
    """The parsed real history merged with the current month (the code under test)."""
    from jgbtui.sources import mof_jgb_yields

    return mof_jgb_yields.merge(
        mof_jgb_yields.parse(history.read_bytes()), mof_jgb_yields.parse(current.read_bytes())
    )


@functools.cache
def scan_real_yields(path: Path, current: Path) -> dict[str, dict[str, float]]:
    """Date (ISO) -> tenor -> yield, read with the csv module (current month wins)."""
    out: dict[str, dict[str, float]] = {}
    for file in (path, current):
        rows = list(csv.reader(io.StringIO(file.read_bytes().decode("ascii", errors="replace"))))
        header = next(r for r in rows if r and r[0] == "Date")
        for row in rows:
            if not row or not row[0][:4].isdigit():
                continue
            y, m, d = (int(x) for x in row[0].split("/"))
            out[f"{y:04d}-{m:02d}-{d:02d}"] = {
                tenor: float(cell)
                for tenor, cell in zip(header[1:], row[1:], strict=False)
                if cell.strip() not in ("", "-")
            }
    return out


def last_as_high(table: dict[str, dict[str, float]], tenor: str, day: str) -> str | None:
    """Independently: the last earlier date with a yield >= the one on ``day``."""
    value = table[day][tenor]
    earlier = [d for d in sorted(table) if d < day and table[d].get(tenor, -math.inf) >= value]
    return earlier[-1] if earlier else None
