"""Checks every parser makes the same way: repeated dates, column blocks by name, safe links.

Each parser rejects a file in which a date (or a keyed row) occurs twice, naming the dates,
rather than silently keeping one copy. The flows files are read by position, so their header
must name each column's block and group; MoF calendar links lead only to MoF over https.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from jgbtui.sources import boj_fm08, ecb_eurofxref, fred_dexjpus, ust_par_curve
from jgbtui.sources.base import PayloadError
from jgbtui.sources.mof_auction_pages import parse_calendar
from jgbtui.sources.mof_auctions import calendar_url
from jgbtui.sources.mof_flows_monthly import parse_montha1_csv
from jgbtui.sources.mof_flows_weekly import parse_week_csv
from jgbtui.sources.mof_fx_intervention import parse_all

Bytes = Callable[[str], bytes]
RealFile = Callable[[str], Path]


def repeat_line(raw: bytes, starts: bytes) -> bytes:
    """``raw`` with its first line starting with ``starts`` written twice."""
    lines = raw.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(starts))
    return b"".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def test_fred_rejects_a_repeated_date(real_file: RealFile) -> None:
    raw = real_file("fred_DEXJPUS_newformat_2015-2025.csv").read_bytes()
    with pytest.raises(PayloadError, match="duplicate dates in one file: 2025-07-10"):
        fred_dexjpus.parse(repeat_line(raw, b"2025-07-10,"))


def test_ecb_rejects_a_repeated_date(real_file: RealFile) -> None:
    raw = real_file("ecb_eurofxref-hist.csv").read_bytes()
    with pytest.raises(PayloadError, match="duplicate dates in one file: 2025-05-08"):
        ecb_eurofxref.parse(repeat_line(raw, b"2025-05-08,"))


def test_ust_rejects_a_repeated_date(real_file: RealFile) -> None:
    raw = real_file("ust_daily_par_yield_curve_2025.csv").read_bytes()
    with pytest.raises(PayloadError, match="duplicate dates in one file: 2025-09-24"):
        ust_par_curve.parse(repeat_line(raw, b"09/24/2025,"))


def test_boj_rejects_a_repeated_survey_date(fixture_bytes: Bytes) -> None:
    raw = fixture_bytes("boj/SYNTHETIC_fm08_fxerd04_daily.csv")
    line = next(x for x in raw.splitlines() if b",20260828," in x)
    with pytest.raises(PayloadError, match="duplicate survey dates in one file: 2026-08-28"):
        boj_fm08.parse(raw.replace(line, line + b"\n" + line.replace(b"159.51", b"159.99")))


def test_intervention_rejects_the_same_operation_twice(fixture_bytes: Bytes) -> None:
    raw = fixture_bytes("mof_intervention/SYNTHETIC_foreign_exchange_intervention_operations.csv")
    text = raw.decode("cp932")
    line = next(x for x in text.splitlines() if x.startswith("平成3年,5月,13日"))
    doubled = text.replace(line, line + "\r\n" + line).encode("cp932")
    with pytest.raises(PayloadError, match="duplicate interventions in one file: 1991-05-13"):
        parse_all(doubled)


def test_intervention_operation_with_an_unreadable_day_is_an_error(fixture_bytes: Bytes) -> None:
    raw = fixture_bytes("mof_intervention/SYNTHETIC_foreign_exchange_intervention_operations.csv")
    text = raw.decode("cp932").replace(",6月,10日,,Jun,10,", ",6月,10日,,Jun,1O,", 1)
    with pytest.raises(PayloadError, match="operation with an unreadable day '1O'"):
        parse_all(text.encode("cp932"))


def test_calendar_rejects_a_repeated_auction(fixture_bytes: Bytes) -> None:
    raw = fixture_bytes("mof_auctions/2610e_SYNTHETIC.htm").decode()
    row = next(line for line in raw.splitlines() if "<td>Oct. 1, 2026</td>" in line)
    doubled = raw.replace(row, row + "\n" + row).encode()
    with pytest.raises(PayloadError, match="duplicate calendar rows in one file: 2026-10-01"):
        parse_calendar(doubled, url=calendar_url(2026, 10))


def test_calendar_links_lead_only_to_mof_over_https(fixture_bytes: Bytes) -> None:
    raw = fixture_bytes("mof_auctions/2610e_SYNTHETIC.htm").decode()
    hostile = (
        raw.replace('href="eresul/eresul20261001.htm"', 'href="https://evil.example/eresul1.htm"')
        .replace('href="eresul/eresul20261005.htm"', 'href="http://www.mof.go.jp/eresul5.htm"')
        .replace('href="eresul/eresul20261007.htm"', 'href="javascript:alert(1)//resul.htm"')
    )
    frame = parse_calendar(hostile.encode(), url=calendar_url(2026, 10))
    links = [u for u in (*frame["result_url"], *frame["announcement_url"]) if isinstance(u, str)]
    assert links and all(u.startswith("https://www.mof.go.jp/") for u in links)
    days = {d.day: u for d, u in zip(frame["auction_date"], frame["result_url"], strict=True)}
    assert days[1] is None and days[5] is None and days[7] is None
    assert days[20] is not None  # the untouched absolute link is kept


# --------------------------------------------------------------------------- flows headers


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("cp932"), newline="")))


def _bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp932")


FLOWS = [
    ("mof_itn_week_cp932_2026-08-06.csv", parse_week_csv, 1),
    ("mof_itn_montha1_cp932_2026-08.csv", parse_montha1_csv, 3),
]


@pytest.mark.parametrize(("name", "parser", "labels"), FLOWS, ids=["weekly", "monthly"])
def test_real_flows_files_pass_the_header_check(real_file: RealFile, name, parser, labels) -> None:
    frame = parser(real_file(name).read_bytes())
    assert len(frame) > 200


@pytest.mark.parametrize(("name", "parser", "labels"), FLOWS, ids=["weekly", "monthly"])
def test_swapped_blocks_are_rejected_by_their_names(
    real_file: RealFile, name, parser, labels
) -> None:
    """Both blocks moved, header and data alike: every identity still holds."""
    rows = _rows(real_file(name).read_bytes())
    swapped = [
        r[:labels] + r[labels + 11 : labels + 22] + r[labels : labels + 11] + r[labels + 22 :]
        if len(r) >= labels + 22
        else r
        for r in rows
    ]
    with pytest.raises(PayloadError, match=r"Liabilities block precedes Assets|swapped"):
        parser(_bytes(swapped))


@pytest.mark.parametrize(("name", "parser", "labels"), FLOWS, ids=["weekly", "monthly"])
def test_swapped_groups_are_rejected_by_their_names(
    real_file: RealFile, name, parser, labels
) -> None:
    """Equity and long-term debt exchanged in both blocks (titles left in place)."""
    rows = _rows(real_file(name).read_bytes())
    swapped = []
    for row in rows:
        row = list(row)
        is_title = any("Portfolio Investment" in cell for cell in row)
        if len(row) >= labels + 22 and not is_title:
            for start in (labels, labels + 11):
                left, right = row[start : start + 3], row[start + 3 : start + 6]
                row[start : start + 3], row[start + 3 : start + 6] = right, left
        swapped.append(row)
    with pytest.raises(PayloadError, match=r"column \d+ \(Assets equity_acq\) is headed"):
        parser(_bytes(swapped))


def test_an_english_only_header_is_enough(real_file: RealFile) -> None:
    rows = _rows(real_file("mof_itn_week_cp932_2026-08-06.csv").read_bytes())
    japanese = ("株式", "中 長 期 債", "小  計", "短 期 債", "合  計", "取得", "処分", "ネット")
    kept = [r for r in rows if not any(any(j in c for j in japanese) for c in r[1:])]
    assert len(kept) < len(rows)
    assert len(parse_week_csv(_bytes(kept))) > 200


def test_decoding_ascii_takes_the_short_way_only_where_the_text_is_the_same(
    real_file: RealFile,
) -> None:
    from jgbtui.sources.parsing import decode

    raw = real_file("mof_jgbcme_all_en.csv").read_bytes()
    assert raw.isascii()  # the English history: CP932 in name, ASCII in fact
    assert decode(raw, "mof_yields", ("cp932", "utf-8")) == raw.decode("cp932")
    # ASCII bytes read as UTF-16 are other characters: that encoding is never short-cut.
    assert decode(b"1Y,2Y,", "x", ("utf-16-le", "utf-8")) == b"1Y,2Y,".decode("utf-16-le")
    with pytest.raises(PayloadError, match="not valid utf-8 text"):
        decode(b"\x80", "x", ("utf-8",))
