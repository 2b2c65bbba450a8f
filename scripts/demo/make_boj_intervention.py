"""Generate the SYNTHETIC BOJ FM08 and MoF intervention payloads (demo data and test fixtures).

Everything written here is synthetic and labelled so in every file name. The layouts follow
``shared/docs/data-sources.md`` sections 4c (BOJ time-series API CSV) and 4e (MoF
intervention CSV, CP932). Deterministic: a fixed seed, no clock, no network.

Usage::

    python scripts/demo/make_boj_intervention.py          # (re)write all files
    python scripts/demo/make_boj_intervention.py --check  # fail if any file differs

Provenance of the values:

* MoF rows for 2024-04-29 ("59,185") and 2024-05-01 ("38,700"), the subtotal label
  layout and the header lines are verbatim from the notes (cross-checked there against
  MoF's Q2-2024 page: JPY 5,918.5 bn and 3,870.0 bn).
* SYNTHETIC (invented) rows: every other intervention row, all 1991, 2000, 2011, 2022
  and 2026 rows, the July 2024 rows, and every subtotal amount derived from them.
* BOJ: the values for 2026-08-28 .. 2026-09-02 in the test fixture echo a real reading
  quoted in the notes (20260902 = 159.7); every other BOJ value is a seeded random walk.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jgbtui.sources.schedule import JAPAN, month_end  # noqa: E402

DEMO_DIR = ROOT / "jgbtui" / "sources" / "demo_data"
BOJ_FIXTURES = ROOT / "tests" / "fixtures" / "boj"
MOF_FIXTURES = ROOT / "tests" / "fixtures" / "mof_intervention"

# ---------------------------------------------------------------------------------------
# BOJ time-series API, getDataCode CSV (lang=en, UTF-8)
# ---------------------------------------------------------------------------------------

BOJ_HEADER = (
    "SERIES_CODE,NAME_OF_TIME_SERIES,UNIT,FREQUENCY,CATEGORY,LAST_UPDATE,SURVEY_DATES,VALUES"
)
BOJ_META = (
    'FXERD04,"US.Dollar/Yen Spot Rate at 17:00 in JST, Tokyo Market",'
    "Yen per U.S. Dollar,DAILY,Foreign Exchange Rates"
)


def boj_preamble(
    *, start: str, end: str, stamp: str, start_position: str = "", next_position: str = ""
) -> list[str]:
    """The key/value lines before the data header, in the order the API sends them."""
    return [
        "STATUS,200",
        "MESSAGEID,M181000I",
        "MESSAGE,Successfully completed",
        f"DATE,{stamp}",
        "PARAMETER,FORMAT,CSV",
        "PARAMETER,LANG,EN",
        "PARAMETER,DB,FM08",
        f"PARAMETER,STARTDATE,{start}",
        f"PARAMETER,ENDDATE,{end}",
        f"PARAMETER,STARTPOSITION,{start_position}",
        f"NEXTPOSITION,{next_position}",
    ]


def boj_value(value: float | None, missing: str = "null") -> str:
    """A value as the API writes it: up to 2 decimals, trailing zeros dropped."""
    if value is None:
        return missing
    return f"{value:.2f}".rstrip("0").rstrip(".")


def boj_rows(last_update: str, points: Iterable[tuple[date, str]]) -> list[str]:
    """Data rows, one per calendar day (weekends and holidays included as missing)."""
    return [f"{BOJ_META},{last_update},{day:%Y%m%d},{cell}" for day, cell in points]


def boj_csv(lines: list[str]) -> bytes:
    """LF-terminated UTF-8, as the English API answer."""
    return ("\n".join(lines) + "\n").encode("utf-8")


def demo_usdjpy() -> list[tuple[date, float | None]]:
    """Seeded USD/JPY path, 2025-06-01 .. 2026-11-20, values on JPX business days.

    Anchors give the shape (a climb into a 2026 yen-buying intervention, a drop after it);
    mean-reverting noise gives the day-to-day texture. Stays inside 145-158.
    """
    rng = random.Random(20261118)
    anchors = [
        (date(2025, 6, 1), 146.0),
        (date(2025, 9, 15), 147.5),
        (date(2026, 1, 20), 155.0),
        (date(2026, 3, 26), 156.6),
        (date(2026, 4, 10), 151.8),
        (date(2026, 7, 1), 150.5),
        (date(2026, 9, 15), 154.2),
        (date(2026, 11, 20), 155.6),
    ]

    def trend(day: date) -> float:
        for (d0, v0), (d1, v1) in itertools.pairwise(anchors):
            if d0 <= day <= d1:
                return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
        return anchors[-1][1]

    out: list[tuple[date, float | None]] = []
    noise = 0.0
    day = date(2025, 6, 1)
    last_value_day = date(2026, 11, 18)  # later days are "not yet published" (null)
    while day <= date(2026, 11, 20):
        if JAPAN.is_business_day(day) and day <= last_value_day:
            noise = 0.8 * noise + rng.gauss(0.0, 0.45)
            out.append((day, round(min(158.0, max(145.0, trend(day) + noise)), 2)))
        else:
            out.append((day, None))
        day += timedelta(days=1)
    return out


def demo_boj() -> bytes:
    """The demo answer for startDate=202506, endDate=202611."""
    points = [(d, boj_value(v)) for d, v in demo_usdjpy()]
    lines = boj_preamble(start="202506", end="202611", stamp="2026-11-20T08:50:12.345+09:00")
    return boj_csv([*lines, BOJ_HEADER, *boj_rows("20261120", points)])


def fixture_daily() -> bytes:
    """Ten days around 2026-09-02 with both missing markers: ``null`` and empty."""
    values: dict[date, str] = {
        date(2026, 8, 27): "158.83",
        date(2026, 8, 28): "159.51",
        date(2026, 8, 29): "null",  # Saturday
        date(2026, 8, 30): "",  # Sunday, written as an empty cell
        date(2026, 8, 31): "159.57",
        date(2026, 9, 1): "159.99",
        date(2026, 9, 2): "159.7",
        date(2026, 9, 3): "null",  # not yet published
        date(2026, 9, 4): "",
        date(2026, 9, 5): "null",
    }
    lines = boj_preamble(start="202608", end="202609", stamp="2026-09-05T00:15:41.201+09:00")
    return boj_csv([*lines, BOJ_HEADER, *boj_rows("20260904", values.items())])


def fixture_pages() -> tuple[bytes, bytes]:
    """Two pages of one answer: NEXTPOSITION=2 on the first, empty on the second."""
    first = {
        date(2026, 11, 2): "153.12",
        date(2026, 11, 3): "null",  # Culture Day
        date(2026, 11, 4): "153.48",
    }
    second = {
        date(2026, 11, 5): "154.06",
        date(2026, 11, 6): "153.9",
        date(2026, 11, 7): "null",
    }
    stamp = "2026-11-24T08:51:03.118+09:00"
    page1 = boj_preamble(start="202411", end="202611", stamp=stamp, next_position="2")
    page2 = boj_preamble(start="202411", end="202611", stamp=stamp, start_position="2")
    return (
        boj_csv([*page1, BOJ_HEADER, *boj_rows("20261120", first.items())]),
        boj_csv([*page2, BOJ_HEADER, *boj_rows("20261120", second.items())]),
    )


def fixture_error_csv() -> bytes:
    """An error answer in the CSV preamble shape (e.g. for ``code=FM08'FXERD04``)."""
    return boj_csv(
        [
            "STATUS,400",
            "MESSAGEID,M181001E",
            "MESSAGE,Invalid input parameters",
            "DATE,2026-11-24T12:00:00.000+09:00",
        ]
    )


def fixture_error_json() -> bytes:
    """The same error as JSON, which the API reportedly sends even to ``format=csv``."""
    body = {
        "STATUS": 400,
        "MESSAGEID": "M181013E",
        "MESSAGE": "Nonexistent series code:1",
        "DATE": "2026-11-24T12:00:00.000+09:00",
    }
    return (json.dumps(body, ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------
# MoF foreign exchange intervention operations CSV (CP932, CRLF)
# ---------------------------------------------------------------------------------------

MOF_HEAD = [
    "財務省,,,,,,,,",
    "外国為替平衡操作の実施状況,,,,,,,,",
    "実施年月日,,,Intervention Date,,,,,",
    "年,月,日,Year,Month,Day,金額(amount),売買通貨,Currency pairs",
    ",,,,,,,,",
]
MOF_FOOT = [
    ",,,,,,,,",
    "(注1) 金額の単位は億円。,,,,,,,,",
    "(Note 1) Amounts are in 100 million yen.,,,,,,,,",
]

SELL_USD = ("米ドル売り・日本円買い", "the US dollar (sold) the Japanese yen (bought)")
BUY_USD = ("米ドル買い・日本円売り", "the Japanese yen (sold) the US dollar (bought)")
BUY_EUR = ("ユーロ買い・日本円売り", "the Japanese yen (sold) the euro (bought)")

Operation = tuple[date, int, tuple[str, str]]

MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUARTER_EN = (
    "January - March",
    "April - June",
    "July - September",
    "October - December",
)


def era(day: date) -> str:
    """Japanese era year of ``day``, e.g. ``令和6年`` (``元年`` for the first year)."""
    if day >= date(2019, 5, 1):
        name, number = "令和", day.year - 2018
    elif day >= date(1989, 1, 8):
        name, number = "平成", day.year - 1988
    else:
        name, number = "昭和", day.year - 1925
    return f"{name}{'元' if number == 1 else number}年"


def amount_cell(amount: int) -> str:
    """MoF writes thousands with a comma, so larger amounts are quoted."""
    return f'"{amount:,}"' if amount >= 1000 else str(amount)


def mof_rows(
    operations: list[Operation],
    first_quarter: tuple[int, int],
    last_quarter: tuple[int, int],
) -> list[str]:
    """Daily rows plus a subtotal row for every quarter (0 when there was no operation).

    Year cells are blank when unchanged from the previous daily row, the month cell when
    unchanged too; the first daily row after a subtotal repeats the year.
    """
    lines: list[str] = []
    year, quarter = first_quarter
    previous: date | None = None
    after_subtotal = True
    while (year, quarter) <= last_quarter:
        first_month = 3 * quarter - 2
        end = month_end(date(year, first_month + 2, 1))
        in_quarter = [
            op for op in operations if (op[0].year, (op[0].month + 2) // 3) == (year, quarter)
        ]
        for day, amount, (pair_ja, pair_en) in in_quarter:
            new_year = previous is None or previous.year != day.year or after_subtotal
            new_month = new_year or previous is None or previous.month != day.month
            lines.append(
                ",".join(
                    [
                        era(day) if new_year else "",
                        f"{day.month}月" if new_month else "",
                        f"{day.day}日",
                        str(day.year) if new_year else "",
                        MONTH_EN[day.month - 1] if new_month else "",
                        str(day.day),
                        amount_cell(amount),
                        pair_ja,
                        pair_en,
                    ]
                )
            )
            previous, after_subtotal = day, False
        total = sum(op[1] for op in in_quarter)
        label = f"{era(end)}{first_month}〜{first_month + 2}月期計"
        lines.append(f"{label},,,{QUARTER_EN[quarter - 1]} {year},,,{amount_cell(total)},,")
        after_subtotal = True
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return lines


def mof_csv(lines: list[str]) -> bytes:
    """CP932 with CRLF line ends, like MoF's other CSV files."""
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


# SYNTHETIC: all rows except 2024-04-29 and 2024-05-01 are invented for the fixture.
FIXTURE_OPERATIONS: list[Operation] = [
    (date(1991, 5, 13), 139, SELL_USD),
    (date(1991, 6, 10), 211, SELL_USD),
    (date(2011, 10, 31), 80_722, BUY_USD),
    (date(2024, 4, 29), 59_185, SELL_USD),  # verbatim in the notes
    (date(2024, 5, 1), 38_700, SELL_USD),  # verbatim in the notes
    (date(2024, 7, 11), 31_678, SELL_USD),
    (date(2024, 7, 12), 23_670, SELL_USD),
]


def fixture_mof() -> bytes:
    """Subtotals for the quarters listed (so 0-quarters appear around the operations)."""
    body = [
        *mof_rows(FIXTURE_OPERATIONS[:2], (1991, 2), (1991, 2)),
        *mof_rows(FIXTURE_OPERATIONS[2:3], (2011, 4), (2011, 4)),
        *mof_rows([], (2024, 1), (2024, 1)),
        *mof_rows(FIXTURE_OPERATIONS[3:], (2024, 2), (2024, 3)),
    ]
    return mof_csv([*MOF_HEAD, *body, *MOF_FOOT])


# SYNTHETIC: the demo's episodes. Only 2024-04-29 and 2024-05-01 are real figures.
DEMO_OPERATIONS: list[Operation] = [
    (date(1991, 5, 13), 139, SELL_USD),
    (date(1991, 6, 10), 211, SELL_USD),
    (date(2000, 9, 22), 1_396, BUY_EUR),
    (date(2011, 3, 18), 6_925, BUY_USD),
    (date(2011, 8, 4), 45_129, BUY_USD),
    (date(2011, 10, 31), 80_722, BUY_USD),
    (date(2022, 9, 22), 28_382, SELL_USD),
    (date(2022, 10, 21), 56_202, SELL_USD),
    (date(2022, 10, 24), 7_296, SELL_USD),
    (date(2024, 4, 29), 59_185, SELL_USD),
    (date(2024, 5, 1), 38_700, SELL_USD),
    (date(2024, 7, 11), 31_678, SELL_USD),
    (date(2024, 7, 12), 23_670, SELL_USD),
    (date(2026, 3, 27), 41_250, SELL_USD),
    (date(2026, 3, 30), 18_930, SELL_USD),
]


def demo_mof() -> bytes:
    """Every quarter from April 1991 to September 2026 (published early November 2026)."""
    body = mof_rows(DEMO_OPERATIONS, (1991, 2), (2026, 3))
    return mof_csv([*MOF_HEAD, *body, *MOF_FOOT])


# ---------------------------------------------------------------------------------------


def outputs() -> dict[Path, bytes]:
    """Every generated file and its bytes."""
    page1, page2 = fixture_pages()
    return {
        DEMO_DIR / "DEMO_SYNTHETIC_boj_fm08_fxerd04.csv": demo_boj(),
        DEMO_DIR / "DEMO_SYNTHETIC_foreign_exchange_intervention_operations.csv": demo_mof(),
        BOJ_FIXTURES / "SYNTHETIC_fm08_fxerd04_daily.csv": fixture_daily(),
        BOJ_FIXTURES / "SYNTHETIC_fm08_fxerd04_page1_of2.csv": page1,
        BOJ_FIXTURES / "SYNTHETIC_fm08_fxerd04_page2_of2.csv": page2,
        BOJ_FIXTURES / "SYNTHETIC_fm08_error_status400.csv": fixture_error_csv(),
        BOJ_FIXTURES / "SYNTHETIC_fm08_error_status400.json": fixture_error_json(),
        MOF_FIXTURES / "SYNTHETIC_foreign_exchange_intervention_operations.csv": fixture_mof(),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` report any that differ from what is on disk."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for path, content in outputs().items():
        if args.check:
            if not path.exists() or path.read_bytes() != content:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"wrote {path.relative_to(ROOT)} ({len(content):,} bytes)")
    for path in stale:
        print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
