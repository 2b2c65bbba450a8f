"""CSV exports: publisher text never becomes a spreadsheet formula; numbers stay numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from jgbtui.runtime.export import neutralise_cell, write_csv


def test_formula_cells_are_neutralised_and_numbers_kept(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"]),
            "security": ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)", "10-year"],
            "side": ["-2+3", "\tx", "ok\x1b[2J", None],
            "value": [-1.5, 2.0, -0.25, 3.0],
        }
    )
    path = write_csv(frame, tmp_path / "out.csv")
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[0] == ["date", "security", "side", "value"]
    assert [r[1] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x","y")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(A1)",
        "10-year",
    ]
    assert [r[2] for r in rows[1:]] == ["'-2+3", "' x", "ok", ""]
    assert [r[3] for r in rows[1:]] == ["-1.5", "2.0", "-0.25", "3.0"], "numbers untouched"
    assert rows[1][0] == "2026-09-01"
    assert frame["security"][0].startswith("="), "the shown frame is not changed"


def test_neutralise_cell_leaves_non_text_alone() -> None:
    assert neutralise_cell(-3.0) == -3.0
    assert neutralise_cell(None) is None
    assert neutralise_cell("-") == "'-"
