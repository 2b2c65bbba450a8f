"""Write the synthetic DEMO payloads for the MoF portfolio-flow sources.

Produces, in the exact publisher layout (CP932, CRLF, bilingual header with the multi-line
``"期間\\nPeriod"`` cell, footnotes), but with made-up numbers:

* ``jgbtui/sources/demo_data/DEMO_SYNTHETIC_week.csv``: about two years of weeks ending with
  the week 2026-11-08..2026-11-14, including one week of very heavy foreign selling of Japanese
  long-term bonds near the end so the anomaly markers have something to show;
* ``jgbtui/sources/demo_data/DEMO_SYNTHETIC_montha1.csv``: 2024-01..2026-10, Nov-Dec 2026
  listed blank (unpublished), then calendar- and fiscal-year totals.

The monthly figures are the daily pro-rata sums of the same synthetic weeks, so the two files
roughly agree. Deterministic: a fixed seed, no clock. Run from the repository root::

    python scripts/demo/make_mof_flows.py
"""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[2] / "jgbtui" / "sources" / "demo_data"
SEED = 20261114

#: Internal history starts on the Sunday before 2024-01-01 so every demo month is covered.
FIRST_SUNDAY = date(2023, 12, 31)
LAST_SATURDAY = date(2026, 11, 14)
#: The weekly file shows the last ~2 years.
WEEKLY_FROM = date(2024, 11, 17)
#: The week of heavy foreign bond selling (its Saturday).
SELL_OFF_WEEK = date(2026, 10, 31)
LAST_MONTH = (2026, 10)

# (acquisition mean, acquisition sd, net mean, net sd) per instrument, 100 million yen/week.
# Magnitudes follow the real rows quoted in shared/docs/data-sources.md section 3.
PROFILES = {
    "res": {
        "equity": (40_000, 5_000, 800, 2_500),
        "bonds": (110_000, 12_000, 1_500, 7_000),
        "bills": (14_000, 4_000, 0, 1_500),
    },
    "nonres": {
        "equity": (400_000, 40_000, 0, 9_000),
        "bonds": (80_000, 10_000, 2_500, 8_000),
        "bills": (40_000, 6_000, 0, 7_000),
    },
}
INSTRUMENTS = ("equity", "bonds", "bills")

Gross = dict[str, dict[str, tuple[int, int]]]  # side -> instrument -> (acq, disp)


def synthetic_weeks(rng: random.Random) -> list[tuple[date, date, Gross]]:
    """(Sunday, Saturday, gross flows) for every internal week."""
    weeks = []
    start = FIRST_SUNDAY
    while start + timedelta(days=6) <= LAST_SATURDAY:
        end = start + timedelta(days=6)
        gross: Gross = {}
        for side, profile in PROFILES.items():
            gross[side] = {}
            for instrument in INSTRUMENTS:
                acq_mean, acq_sd, net_mean, net_sd = profile[instrument]
                acq = max(1_000, round(rng.gauss(acq_mean, acq_sd)))
                net = round(rng.gauss(net_mean, net_sd))
                if side == "nonres" and instrument == "bonds" and end == SELL_OFF_WEEK:
                    acq, net = 71_204, -38_467  # about -3.8 trillion yen in one week
                gross[side][instrument] = (acq, max(1_000, acq - net))
        weeks.append((start, end, gross))
        start += timedelta(days=7)
    return weeks


def block(gross: dict[str, tuple[int, int]]) -> list[int]:
    """The 11 published figures of one block; nets derived exactly from the gross."""
    eq_a, eq_d = gross["equity"]
    bd_a, bd_d = gross["bonds"]
    bl_a, bl_d = gross["bills"]
    eq_n, bd_n, bl_n = eq_a - eq_d, bd_a - bd_d, bl_a - bl_d
    subtotal = eq_n + bd_n
    return [eq_a, eq_d, eq_n, bd_a, bd_d, bd_n, subtotal, bl_a, bl_d, bl_n, subtotal + bl_n]


def row_values(gross: Gross) -> list[int]:
    """Assets (residents) block then Liabilities (non-residents) block."""
    return block(gross["res"]) + block(gross["nonres"])


def weekly_cell(value: int) -> str:
    """week.csv style: thousands commas and a trailing space inside the value."""
    return f"{value:,} "


def monthly_cell(value: int) -> str:
    """montha1.csv style: thousands commas, no trailing space."""
    return f"{value:,}"


def period_label(start: date, end: date) -> str:
    """``2025．12．28～2026．1．3``: full-width dots and tilde, end year only across a year end."""
    end_part = (
        f"{end.year}．{end.month}．{end.day}"
        if end.year != start.year
        else (f"{end.month}．{end.day}")
    )
    return f"{start.year}．{start.month}．{start.day}～{end_part}"


BLOCK_HEADER = [
    "株式・投資ファンド持分 (Equity and investment fund shares)",
    "",
    "",
    "中長期債 (Long-term debt securities)",
    "",
    "",
    "小計 (Subtotal)",
    "短期債 (Short-term debt securities)",
    "",
    "",
    "合計 (Total)",
]
BLOCK_SUBHEADER = [
    "取得 (Acquisition)",
    "処分 (Disposition)",
    "ネット (Net)",
    "取得 (Acquisition)",
    "処分 (Disposition)",
    "ネット (Net)",
    "ネット (Net)",
    "取得 (Acquisition)",
    "処分 (Disposition)",
    "ネット (Net)",
    "ネット (Net)",
]
FOOTNOTES = [
    "（備考）１．本表は、指定報告機関からの報告に基づくものである。",
    "２．「ネット」の符号は、取得超を「＋」、処分超を「−」で表示している。",
    "３．２０１４年１月分より、投資信託の一部を中長期債から株式・投資ファンド持分に計上している。",
    "４．四捨五入の関係上、合計が一致しない場合がある。",
    "５．この表は SYNTHETIC DEMO データであり、実際の統計ではない。",
    "(Note) SYNTHETIC DEMO data generated by scripts/demo/make_mof_flows.py; not real data.",
]


def header(labels: Sequence[str], kind: str, trailing: Sequence[str] = ()) -> list[list[str]]:
    """Title, update line, unit and the three header rows, padded to the labels' width."""
    pad = [""] * len(labels)
    return [
        [f"対外及び対内証券売買契約等の状況（{kind}・指定報告機関ベース） SYNTHETIC DEMO"],
        [
            "International Transactions in Securities (based on reports from designated "
            f"major investors, {kind}) - SYNTHETIC DEMO, not real data"
        ],
        [],
        ["最終更新日 Final Update", "SYNTHETIC DEMO"],
        ["（単位：億円）", "(Unit: 100 million yen)"],
        [
            *pad,
            "1. 対外証券投資 (Portfolio Investment Assets)",
            *[""] * 10,
            "2. 対内証券投資 (Portfolio Investment Liabilities)",
            *[""] * 10,
            *trailing,
        ],
        [*labels, *BLOCK_HEADER, *BLOCK_HEADER, *trailing],
        [*[""] * len(labels), *BLOCK_SUBHEADER, *BLOCK_SUBHEADER, *[""] * len(trailing)],
    ]


def to_cp932_csv(rows: Iterable[Sequence[str]], footnotes: Sequence[str]) -> bytes:
    """CSV with CRLF line ends, quoting only where needed (as Excel does), in CP932."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    for line in footnotes:
        writer.writerow([line])
    return buffer.getvalue().encode("cp932")


def weekly_payload(weeks: list[tuple[date, date, Gross]]) -> bytes:
    """The DEMO week.csv bytes."""
    rows = header(["期間\nPeriod"], "週次")
    for start, end, gross in weeks:
        if start >= WEEKLY_FROM:
            rows.append([period_label(start, end), *map(weekly_cell, row_values(gross))])
    return to_cp932_csv(rows, FOOTNOTES)


def monthly_gross(weeks: list[tuple[date, date, Gross]]) -> dict[tuple[int, int], Gross]:
    """Spread each week evenly over its days and sum the days by calendar month."""
    sums: dict[tuple[int, int], dict[str, dict[str, list[float]]]] = defaultdict(
        lambda: {side: {i: [0.0, 0.0] for i in INSTRUMENTS} for side in PROFILES}
    )
    for start, _end, gross in weeks:
        for offset in range(7):
            day = start + timedelta(days=offset)
            bucket = sums[(day.year, day.month)]
            for side in PROFILES:
                for instrument in INSTRUMENTS:
                    acq, disp = gross[side][instrument]
                    bucket[side][instrument][0] += acq / 7
                    bucket[side][instrument][1] += disp / 7
    return {
        month: {
            side: {i: (round(v[i][0]), round(v[i][1])) for i in INSTRUMENTS}
            for side, v in by_side.items()
        }
        for month, by_side in sums.items()
    }


def differences(values: Sequence[int]) -> list[int]:
    """MoF's trailing difference columns (here: assets minus liabilities, subtotal and total)."""
    return [values[6] - values[17], values[10] - values[21]]


def add(rows: Iterable[Sequence[int]]) -> list[int]:
    """Column sums of several rows of published figures."""
    return [sum(column) for column in zip(*rows, strict=True)]


def monthly_payload(weeks: list[tuple[date, date, Gross]]) -> bytes:
    """The DEMO montha1.csv bytes."""
    months = monthly_gross(weeks)
    english = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    rows = header(["期間\nPeriod", "", ""], "月次", trailing=["差額 (A)−(B)", "差額 (C)−(D)"])
    published: dict[tuple[int, int], list[int]] = {}
    for year in (2024, 2025, 2026):
        for month in range(1, 13):
            year_cell = str(year) if month == 1 else f"(令和{year - 2018}年)" if month == 2 else ""
            labels = [year_cell, f"{month}月".translate(full_width), english[month - 1]]
            if (year, month) > LAST_MONTH:
                rows.append([*labels, *[""] * 24])  # listed, not yet published
                continue
            values = row_values(months[(year, month)])
            published[(year, month)] = values
            cells = [monthly_cell(v) for v in (*values, *differences(values))]
            rows.append([*labels, *cells])
    for year in (2024, 2025):
        total = add(published[(year, m)] for m in range(1, 13))
        rows.append([f"{year}年", "暦年", f"CY{year}", *map(monthly_cell, total)])
    for year in (2024, 2025):
        fiscal = [(year, m) for m in range(4, 13)] + [(year + 1, m) for m in range(1, 4)]
        total = add(published[k] for k in fiscal)
        rows.append([f"{year}年度", "年度", f"FY{year}", *map(monthly_cell, total)])
    return to_cp932_csv(rows, FOOTNOTES)


def main() -> None:
    """Write both DEMO files."""
    weeks = synthetic_weeks(random.Random(SEED))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "DEMO_SYNTHETIC_week.csv").write_bytes(weekly_payload(weeks))
    (OUT_DIR / "DEMO_SYNTHETIC_montha1.csv").write_bytes(monthly_payload(weeks))
    print(f"wrote DEMO_SYNTHETIC_week.csv and DEMO_SYNTHETIC_montha1.csv to {OUT_DIR}")


if __name__ == "__main__":
    main()
