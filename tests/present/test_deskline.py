"""The desk line built from a view of the real files (skips without ../shared)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import REAL_DIR
from mirror import REAL_FILES

from jgbtui.present.deskline import desk_line
from jgbtui.present.view import build_view
from jgbtui.sources import fred_dexjpus, mof_jgb_yields, ust_par_curve
from jgbtui.sources.base import UTC, SourceResult


@pytest.fixture(scope="module")
def view():
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")
    files = {name: (REAL_DIR / name).read_bytes() for name in REAL_FILES.values()}
    yields = mof_jgb_yields.merge(
        mof_jgb_yields.parse(files["mof_jgbcme_all_en.csv"]),
        mof_jgb_yields.parse(files["mof_jgbcme_current_en_2026-09.csv"]),
    )

    def result(name: str, key: str, frame) -> SourceResult:
        return SourceResult(name=name, title=name, status="ok", frames={key: frame})

    results = {
        "mof_yields": result("mof_yields", "yields", yields),
        "ust_curve": result(
            "ust_curve", "curve", ust_par_curve.parse(files["ust_daily_par_yield_curve_2025.csv"])
        ),
        "fred_usdjpy": result(
            "fred_usdjpy",
            "usdjpy",
            fred_dexjpus.parse(files["fred_DEXJPUS_newformat_2015-2025.csv"]),
        ),
    }
    return build_view(results, datetime(2026, 11, 24, 3, tzinfo=UTC))


def test_default_line_uses_the_files_numbers_each_with_its_date(view) -> None:
    line = desk_line(view)
    # 10Y 2.987 on 2026-09-11, 2.920 the day before; 2s10s 2.987-1.844; UST-JGB on 2025-09-25
    # (the Treasury file ends there) and FRED's last fix 2025-07-11: both a year older than
    # the JGB curve, so both say "old".
    assert line == (
        "JGB 10Y 2.987% +6.7bp d/d, 2s10s 114bp (11-Sep-26); US-JP 10Y 252bp (25-Sep-25, old); "
        "USD/JPY 147.29 (11-Jul-25, old)"
    )


def test_selected_tenor_leads_and_notes_are_included(view) -> None:
    line = desk_line(view, "yields", "30Y", notes=["a note"])
    assert line.startswith("JGB 30Y 4.024% +2.9bp d/d, 2s10s 114bp (11-Sep-26)")
    assert line.endswith("; USD/JPY 147.29 (11-Jul-25, old); a note")


def test_selected_spread_is_dated_and_marked_old(view) -> None:
    line = desk_line(view, "yields", "US-JP 10Y")
    assert line.startswith("US-JP 10Y 252.1bp +1.6bp d/d (25-Sep-25, old); JGB 10Y 2.987%")


def test_selected_fx_row(view) -> None:
    key = str(date(2025, 7, 10))
    assert desk_line(view, "fx", key).startswith("USD/JPY 146.46 (10-Jul-25, FRED H.10 noon NY)")
