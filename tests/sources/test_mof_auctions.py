"""MoF JGB auctions: calendar, result-page and workbook parsers, collect, schedule hooks.

The workbook parser reads the real workbook MoF published in mid-2026
(``../shared/data/real``; expected values are read from it with xlrd directly, not through
the parser). The result pages and calendars have no real file: they are SYNTHETIC, the
2-year 2015, 40-year, T-bill and GX pages hand-built around the rows quoted in
``shared/docs/data-sources.md`` §2b, the calendars and 2026 pages from the deterministic
generator ``tests/fixtures/mof_auctions/make_workbook_SYNTHETIC.py``. The collect and merge
scenarios keep that generator's SYNTHETIC workbook, made to agree with those pages (the real
one ends in June 2026, before them).
"""

from __future__ import annotations

import importlib.util
import io
import math
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType

import httpx
import pandas as pd
import pytest
from conftest import REAL_DIR

from jgbtui.runtime.refresh import demo_result, refresh
from jgbtui.sources.base import TOKYO, UTC, Collected, NoDataError, PayloadError
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.mof_auction_frames import classify_security, results_frame
from jgbtui.sources.mof_auctions import (
    CALENDAR_COLUMNS,
    RESULT_COLUMNS,
    WORKBOOK_URL,
    MofAuctions,
    calendar_url,
    merge_results,
    parse_calendar,
    parse_result_page,
    parse_workbook,
)

Bytes = Callable[[str], bytes]
MakeFetcher = Callable[..., Fetcher]

DIR = "mof_auctions/"
FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "mof_auctions"
CAL = "https://www.mof.go.jp/english/policy/jgbs/auction/calendar/"
WORKBOOK = DIR + "Auction_Results_for_JGBs_SYNTHETIC.xls"
REAL_WORKBOOK = "mof_Auction_Results_for_JGBs_2026-06.xls"
#: The fixtures' "today": 2026-10-21 14:00 JST, after the 20-year of 10-20 and before the
#: 2-year of 10-28; the workbook stops at 09-27 (the 2-year of 09-28 is page-only).
NOW = datetime(2026, 10, 21, 5, 0, tzinfo=UTC)
PAGE_DAYS = ("20260928", "20261001", "20261005", "20261007", "20261020")
WORKBOOK_ONLY_DAYS = ("20260901", "20260903", "20260907", "20260909", "20260917")


def tokyo(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="Asia/Tokyo")


def row(frame: pd.DataFrame, day: str, tenor: str) -> pd.Series:
    match = frame[(frame["auction_date"] == tokyo(day)) & (frame["tenor"] == tenor)]
    assert len(match) == 1, f"{len(match)} rows for {day} {tenor}"
    return match.iloc[0]


# --------------------------------------------------------------------------------------
# Result pages
# --------------------------------------------------------------------------------------


def test_two_year_2015_page_matches_the_doc_row(fixture_bytes: Bytes) -> None:
    url = CAL + "eresul/eresul20150129.htm"
    frame = parse_result_page(fixture_bytes(DIR + "eresul20150129_SYNTHETIC.htm"), url=url)

    assert len(frame) == 1
    r = frame.iloc[0]
    assert r["auction_date"] == tokyo("2015-01-29")
    assert (r["tenor"], r["security"], r["issue_number"]) == ("2Y", "2-year", 349)
    assert r["issue_date"] == tokyo("2015-02-16")
    assert r["maturity_date"] == tokyo("2017-02-15")
    assert r["coupon_pct"] == 0.1
    assert r["competitive_bids_jpy_bn"] == 10871.8  # billion yen on the page: no scaling
    assert r["accepted_jpy_bn"] == 2558.0
    assert (r["lowest_price_jpy"], r["lowest_yield_pct"]) == (100.180, 0.009)
    assert (r["avg_price_jpy"], r["avg_yield_pct"]) == (100.186, 0.006)
    # The doc's cross-check: BTC = 10,871.8 / 2,558.0; tail 100.186 - 100.180 = 0.006 yen;
    # 0.009% - 0.006% = 0.3 bp.
    assert r["bid_to_cover"] == pytest.approx(10871.8 / 2558.0)
    assert round(r["bid_to_cover"], 2) == 4.25
    assert r["tail_jpy"] == pytest.approx(0.006, abs=1e-12)
    assert r["tail_bp"] == pytest.approx(0.3, abs=1e-9)
    assert (r["method"], r["origin"], r["url"]) == ("price", "page", url)


def test_forty_year_single_price_page_has_no_average_and_no_tail(fixture_bytes: Bytes) -> None:
    r = parse_result_page(fixture_bytes(DIR + "eresul_40y_single_price_SYNTHETIC.htm")).iloc[0]

    assert (r["tenor"], r["issue_number"], r["coupon_pct"]) == ("40Y", 12, 0.5)
    assert r["accepted_jpy_bn"] == 399.2
    assert r["lowest_yield_pct"] == 0.4  # "Highest Accepted Yield" 0.400%
    assert r["method"] == "yield"
    # The U+2013 dashes are missing values, never zero.
    for field in ("avg_price_jpy", "avg_yield_pct", "tail_jpy", "tail_bp", "lowest_price_jpy"):
        assert math.isnan(r[field]), field
    assert r["bid_to_cover"] == pytest.approx(1257.0 / 399.2)


def test_tbill_page_without_security_column(fixture_bytes: Bytes) -> None:
    r = parse_result_page(fixture_bytes(DIR + "etbill_eresul20240628_SYNTHETIC.htm")).iloc[0]

    assert (r["tenor"], r["security"], r["issue_number"]) == (
        "TB3M",
        "Treasury Discount Bills",
        1240,
    )
    assert r["auction_date"] == tokyo("2024-06-28")
    assert r["maturity_date"] == tokyo("2024-09-30")
    assert (r["competitive_bids_jpy_bn"], r["accepted_jpy_bn"]) == (14684.5, 4179.55)
    assert (r["lowest_price_jpy"], r["lowest_yield_pct"]) == (99.995, 0.02)
    assert (r["avg_price_jpy"], r["avg_yield_pct"]) == (99.996, 0.016)
    assert r["tail_jpy"] == pytest.approx(0.001, abs=1e-12)
    assert r["tail_bp"] == pytest.approx(0.4, abs=1e-9)
    assert math.isnan(r["coupon_pct"])


def test_page_with_two_securities_returns_both(fixture_bytes: Bytes) -> None:
    frame = parse_result_page(fixture_bytes(DIR + "eresul_gx_two_rows_SYNTHETIC.htm"))

    assert frame["tenor"].tolist() == ["GX10Y", "GX5Y"]  # sorted by date, then tenor
    assert frame["accepted_jpy_bn"].tolist() == [348.9, 349.7]
    assert frame["lowest_price_jpy"].tolist() == [99.12, 99.80]
    assert frame["lowest_yield_pct"].tolist() == [2.101, 1.442]
    assert frame["method"].tolist() == ["yield", "yield"]
    assert frame["tail_jpy"].isna().all() and frame["avg_price_jpy"].isna().all()


def test_yield_first_labels_with_averages_give_a_tail(fixture_bytes: Bytes) -> None:
    r = parse_result_page(fixture_bytes(DIR + "eresul20261020_SYNTHETIC.htm")).iloc[0]

    assert (r["tenor"], r["issue_number"], r["coupon_pct"]) == ("20Y", 198, 3.6)
    assert (r["competitive_bids_jpy_bn"], r["accepted_jpy_bn"]) == (2219.8, 573.0)
    assert (r["lowest_price_jpy"], r["lowest_yield_pct"]) == (98.80, 3.704)
    assert (r["avg_price_jpy"], r["avg_yield_pct"]) == (98.98, 3.688)
    assert r["tail_jpy"] == pytest.approx(0.18, abs=1e-12)
    assert r["tail_bp"] == pytest.approx(1.6, abs=1e-9)
    assert r["method"] == "yield"


def test_vertical_table_and_column_order_do_not_matter() -> None:
    page = b"""<html><body><table>
      <tr><td>Yield at the Average Price</td><td>1.234%</td></tr>
      <tr><td>Amounts of Bids Accepted (billion yen)</td><td>1,900.0</td></tr>
      <tr><td>Auction Date</td><td>3/4/2026</td></tr>
      <tr><td>Security</td><td>5-year</td></tr>
      <tr><td>Weighted Average Price (per 100 yen)</td><td>99.50</td></tr>
      <tr><td>Amounts of Competitive Bids (billion yen)</td><td>6,650.0</td></tr>
      <tr><td>Lowest Accepted Price (per 100 yen)</td><td>99.48</td></tr>
      <tr><td>Yield at the Lowest Accepted Price</td><td>1.238%</td></tr>
    </table></body></html>"""

    r = parse_result_page(page).iloc[0]

    assert (r["tenor"], r["auction_date"]) == ("5Y", tokyo("2026-03-04"))
    assert r["bid_to_cover"] == pytest.approx(3.5)
    assert r["tail_jpy"] == pytest.approx(0.02)
    assert r["tail_bp"] == pytest.approx(0.4)


def _two_year(fixture_bytes: Bytes) -> bytes:
    return fixture_bytes(DIR + "eresul20150129_SYNTHETIC.htm")


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda b: b"", "empty payload"),
        (
            lambda b: (
                b"<html><body><h1>404 Not Found</h1><p>The page was not found.</p></body></html>"
            ),
            "no auction result table",
        ),
        (lambda b: b[: b.index(b"<td>100.180</td>")], "truncated"),
        (lambda b: b[: b.index(b"<td>2-year</td>")], "no rows"),
        (lambda b: b.replace(b"Competitive Bids", b"Tendered Amounts"), "no auction result table"),
        (
            lambda b: b.replace(b"<th>Lowest Accepted Price", b"<th>Minimum Price").replace(
                b"Yield at the Lowest Accepted Price", b"Minimum Price Yield"
            ),
            "lacks lowest price or highest yield",
        ),
        (lambda b: b.replace(b"<td>1/29/2015</td>", b"<td>29 January</td>"), "no rows"),
        (lambda b: b.replace(b"10,871.8", b"10.871,8!"), "unreadable number"),
        (lambda b: b.replace(b"2,558.0", b"-"), "without bid amounts"),
        (lambda b: b.replace(b"2-year", "２年債".encode("cp932")), "not valid utf-8 text"),
    ],
    ids=[
        "empty",
        "error-page",
        "truncated-mid-row",
        "truncated-before-row",
        "header-renamed",
        "price-columns-renamed",
        "date-unreadable",
        "bad-number",
        "missing-amount",
        "wrong-encoding",
    ],
)
def test_bad_result_pages_raise_payload_error(
    fixture_bytes: Bytes, mangle: Callable[[bytes], bytes], message: str
) -> None:
    with pytest.raises(PayloadError, match=message) as caught:
        parse_result_page(mangle(_two_year(fixture_bytes)))
    assert caught.value.source == "mof_auctions"
    assert str(caught.value).startswith("mof_auctions: ")


def test_schema_columns_and_dtypes(fixture_bytes: Bytes) -> None:
    for frame in (
        parse_result_page(_two_year(fixture_bytes)),
        parse_workbook(fixture_bytes(WORKBOOK)),
        results_frame([]),
    ):
        assert tuple(frame.columns) == RESULT_COLUMNS
        for field in ("auction_date", "issue_date", "maturity_date"):
            assert str(frame[field].dtype) == "datetime64[ns, Asia/Tokyo]"
        assert str(frame["issue_number"].dtype) == "Int64"
        for field in RESULT_COLUMNS[6:16]:
            assert frame[field].dtype == "float64", field


# --------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------


def test_calendar_rows_links_and_tenors(fixture_bytes: Bytes) -> None:
    frame = parse_calendar(fixture_bytes(DIR + "2610e_SYNTHETIC.htm"), url=calendar_url(2026, 10))

    assert tuple(frame.columns) == CALENDAR_COLUMNS
    assert str(frame["auction_date"].dtype) == "datetime64[ns, Asia/Tokyo]"
    assert [d.day for d in frame["auction_date"]] == [1, 5, 7, 8, 8, 15, 20, 27, 28]
    assert frame["tenor"].tolist() == [
        "10Y", "30Y", "5Y", "TB3M", "LE", "TB6M", "20Y", "LE", "2Y",
    ]  # fmt: skip
    ten = frame.iloc[0]
    assert ten["security"] == "10-year"
    assert ten["result_url"] == CAL + "eresul/eresul20261001.htm"
    assert ten["announcement_url"] == CAL + "announcement/auct20260924e.htm"
    # The doc's row `Oct. 20, 2026 | 20-year`; its link is site-absolute on the page.
    twenty = frame.iloc[6]
    assert (twenty["auction_date"], twenty["security"]) == (tokyo("2026-10-20"), "20-year")
    assert twenty["result_url"] == CAL + "eresul/eresul20261020.htm"
    # The second auction of Oct. 8 sits under a rowspan date cell.
    assert frame.iloc[4]["security"].startswith("Liquidity Enhancement Auction")
    assert frame.iloc[3]["result_url"] == CAL + "etbill/etbillresul/eresul20261008.htm"
    # Not yet held: announced but no result link.
    two = frame.iloc[8]
    assert two["result_url"] is None
    assert two["announcement_url"] == CAL + "announcement/auct20261021e.htm"


def test_calendar_date_formats_and_unknown_security() -> None:
    page = b"""<html><body><table>
      <tr><th>Auction Date</th><th>Security</th><th>Results</th></tr>
      <tr><td>May 12, 2026</td><td>30-year</td><td>-</td></tr>
      <tr><td>June 2, 2026 (Tue.)</td><td>10-year</td><td>-</td></tr>
      <tr><td>Sep. 1, 2026</td><td>10-year</td>
          <td><a href="eresul/eresul20260901.htm">Detail</a></td></tr>
      <tr><td>Sept. 3, 2026</td><td>Climate Transition Bonds (10-year)</td><td>-</td></tr>
      <tr><td>Oct. 20, 2026</td><td>20-year (Maturity: Sep. 20, 2046)</td><td>-</td></tr>
      <tr><td>Nov. 12, 2026</td><td>Auction for Retail Investors</td><td>-</td></tr>
      <tr><td>Dec. 3, 2026</td><td>10-year Inflation-Indexed</td><td>-</td></tr>
      <tr><td colspan="3">Note: issue amounts are announced about one week before.</td></tr>
    </table></body></html>"""

    frame = parse_calendar(page, url=calendar_url(2026, 9))

    assert [d.date() for d in frame["auction_date"]] == [
        date(2026, 5, 12), date(2026, 6, 2), date(2026, 9, 1), date(2026, 9, 3),
        date(2026, 10, 20), date(2026, 11, 12), date(2026, 12, 3),
    ]  # fmt: skip
    assert frame["tenor"].tolist() == ["30Y", "10Y", "10Y", "GX10Y", "20Y", None, "10Y JGBi"]
    assert frame.iloc[5]["security"] == "Auction for Retail Investors"  # kept, not dropped
    assert frame.iloc[2]["result_url"] == CAL + "eresul/eresul20260901.htm"


@pytest.mark.parametrize(
    "text",
    [
        "2-year", "5-year", "10-year", "20-Year", "30-year", "40-year",
        "10-year Inflation-Indexed", "Liquidity Enhancement Auction (11-39 years)",
        "3-Month Treasury Discount Bills", "6-Month Treasury Discount Bills",
        "1-Year Treasury Discount Bills", "5-year Climate Transition", "Something else",
    ],
)  # fmt: skip
def test_classify_security(text: str) -> None:
    expected = {
        "2-year": "2Y", "5-year": "5Y", "10-year": "10Y", "20-Year": "20Y", "30-year": "30Y",
        "40-year": "40Y", "10-year Inflation-Indexed": "10Y JGBi",
        "Liquidity Enhancement Auction (11-39 years)": "LE",
        "3-Month Treasury Discount Bills": "TB3M", "6-Month Treasury Discount Bills": "TB6M",
        "1-Year Treasury Discount Bills": "TB1Y", "5-year Climate Transition": "GX5Y",
        "Something else": None,
    }  # fmt: skip
    assert classify_security(text) == expected[text]


def test_calendar_error_pages_raise_payload_error(fixture_bytes: Bytes) -> None:
    with pytest.raises(PayloadError, match="no auction rows"):
        parse_calendar(b"<html><body><h1>Not Found</h1></body></html>")
    with pytest.raises(PayloadError, match=r"mof_auctions: .*not valid"):
        parse_calendar(fixture_bytes(WORKBOOK))
    with pytest.raises(PayloadError, match="empty"):
        parse_calendar(b"  \n")


# --------------------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_workbook() -> tuple[bytes, pd.DataFrame]:
    """The real workbook's bytes and its parsed frame (parsed once: 2,000+ auctions)."""
    path = REAL_DIR / REAL_WORKBOOK
    if not path.exists():
        pytest.skip(f"real data file {REAL_WORKBOOK} not available (expected in {REAL_DIR})")
    raw = path.read_bytes()
    return raw, parse_workbook(raw)


def raw_sheet_row(raw: bytes, sheet: str, auction: date) -> list[object]:
    """The row of ``sheet`` whose auction date (column 1, an Excel serial) is ``auction``."""
    import xlrd

    book = xlrd.open_workbook(file_contents=raw, logfile=io.StringIO())
    table = book.sheet_by_name(sheet)
    for index in range(table.nrows):
        cells = table.row_values(index)
        if isinstance(cells[1], float) and cells[1] > 0:
            when = xlrd.xldate.xldate_as_datetime(cells[1], book.datemode).date()
            if when == auction:
                return cells
    raise AssertionError(f"no {auction} row in sheet {sheet}")


def test_workbook_sheets_units_and_values(real_workbook: tuple[bytes, pd.DataFrame]) -> None:
    raw, frame = real_workbook
    counts = frame.groupby("tenor").size().to_dict()
    # Every coupon sheet MoF keeps, discontinued ones included (15Y FRN, 4Y, 6Y).
    assert set(counts) == {
        "2Y", "4Y", "5Y", "6Y", "10Y", "20Y", "30Y", "40Y",
        "10Y JGBi", "15Y FRN", "GX5Y", "GX10Y",
    }  # fmt: skip
    assert counts["10Y"] == 447 and counts["2Y"] == 481
    assert set(frame["origin"]) == {"workbook"} and set(frame["url"]) == {WORKBOOK_URL}
    assert frame["auction_date"].is_monotonic_increasing
    assert not frame.duplicated(["auction_date", "tenor"]).any()

    # The 10Y of 2 June 2026, against the sheet read directly: 100 million yen in the
    # workbook -> billion yen in the frame; prices and yields exactly as published.
    cells = raw_sheet_row(raw, "10年債", date(2026, 6, 2))
    r = row(frame, "2026-06-02", "10Y")
    assert (
        (r["competitive_bids_jpy_bn"], r["accepted_jpy_bn"])
        == (
            cells[6] / 10,
            cells[7] / 10,
        )
        == (7003.1, 1983.9)
    )
    assert (r["issue_number"], r["coupon_pct"], r["security"]) == (
        int(cells[0]),
        cells[4],
        "10-year",
    )
    assert r["issue_date"] == tokyo("2026-06-03") and r["maturity_date"] == tokyo("2036-03-20")
    assert (r["avg_price_jpy"], r["avg_yield_pct"]) == (cells[8], cells[9]) == (98.06, 2.649)
    assert (r["lowest_price_jpy"], r["lowest_yield_pct"]) == (cells[10], cells[11])
    assert round(r["bid_to_cover"], 2) == 3.53
    assert r["tail_jpy"] == pytest.approx(0.05) and r["tail_bp"] == pytest.approx(0.7)
    assert r["method"] == "price"

    # The 2Y of 30 June 2026: a price to three places, 99.985, kept as published.
    two = row(frame, "2026-06-30", "2Y")
    assert (two["avg_price_jpy"], two["lowest_price_jpy"]) == (99.985, 99.98)
    assert two["tail_jpy"] == pytest.approx(0.005)


def test_workbook_thirty_year_2012_cross_check(real_workbook: tuple[bytes, pd.DataFrame]) -> None:
    # Doc §2c: 30Y on 2012-03-06, 2,544.90 / 641.60 = 3.97 (Bloomberg's 応札倍率).
    r = row(real_workbook[1], "2012-03-06", "30Y")

    assert (r["competitive_bids_jpy_bn"], r["accepted_jpy_bn"]) == (2544.9, 641.6)
    assert round(r["bid_to_cover"], 2) == 3.97


def test_workbook_forty_year_is_single_price(real_workbook: tuple[bytes, pd.DataFrame]) -> None:
    raw, frame = real_workbook
    forty = frame.query("tenor == '40Y'")

    assert set(forty["method"]) == {"yield"}
    assert forty["avg_price_jpy"].isna().all() and forty["tail_bp"].isna().all()
    assert forty["lowest_yield_pct"].notna().all()  # "Highest Accepted Yield"
    assert forty["lowest_price_jpy"].notna().all()  # "Price at the Highest Accepted Yield"
    r = row(forty, "2026-05-27", "40Y")
    cells = raw_sheet_row(raw, "40年債", date(2026, 5, 27))
    assert (r["lowest_yield_pct"], r["accepted_jpy_bn"]) == (3.84, 299.6)
    assert r["lowest_yield_pct"] in cells and r["lowest_price_jpy"] in cells


def test_workbook_planted_weak_ten_year(fixture_bytes: Bytes) -> None:
    """The fixture's anomaly: 10Y 2026-09-01 covers 3.13x, weakest since 2025-06-02."""
    ten = parse_workbook(fixture_bytes(WORKBOOK)).query("tenor == '10Y'")
    last = ten.iloc[-1]
    earlier = ten.iloc[:-1]
    weaker = earlier[earlier["bid_to_cover"] < last["bid_to_cover"]]

    assert last["auction_date"] == tokyo("2026-09-01")
    assert weaker["auction_date"].max() == tokyo("2025-06-02")
    assert (last["auction_date"] - weaker["auction_date"].max()).days > 365
    assert ten["bid_to_cover"].between(2.5, 4.5).all()


def _xls(build: Callable[[object], None]) -> bytes:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    build(book)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_bad_workbooks_raise_payload_error(fixture_bytes: Bytes) -> None:
    with pytest.raises(PayloadError, match="HTML page"):
        parse_workbook(b"<!DOCTYPE html><html><body>Service unavailable</body></html>")
    with pytest.raises(PayloadError, match=r"not a readable \.xls workbook"):
        parse_workbook(b"Issue Number,Auction Date\n1,2\n")
    with pytest.raises(PayloadError, match="not a readable"):
        parse_workbook(fixture_bytes(WORKBOOK)[:5000])  # truncated download
    real = REAL_DIR / REAL_WORKBOOK
    if real.exists():
        with pytest.raises(PayloadError, match="not a readable"):
            parse_workbook(real.read_bytes()[:100_000])  # the real one, cut short

    def no_tenor_sheets(book: object) -> None:
        book.add_sheet("Sheet1").write(0, 0, "Issue Number")  # type: ignore[attr-defined]

    with pytest.raises(PayloadError, match="none of the tenor sheets"):
        parse_workbook(_xls(no_tenor_sheets))

    def no_header(book: object) -> None:
        sheet = book.add_sheet("10年債")  # type: ignore[attr-defined]
        for i in range(11):
            sheet.write(i, 0, f"title row {i}")
        sheet.write(11, 0, "Issue Number")  # beyond the scanned rows

    with pytest.raises(PayloadError, match="sheet 10年債: no 'Issue Number' header"):
        parse_workbook(_xls(no_header))

    def renamed_amounts(book: object) -> None:
        sheet = book.add_sheet("2年債")  # type: ignore[attr-defined]
        for col, text in enumerate(("Issue Number", "Auction Date", "Tendered", "Allotted")):
            sheet.write(0, col, text)

    with pytest.raises(PayloadError, match="no column for competitive_bids_jpy_bn"):
        parse_workbook(_xls(renamed_amounts))

    def header_only(book: object) -> None:
        sheet = book.add_sheet("2年債")  # type: ignore[attr-defined]
        for col, text in enumerate(
            (
                "Issue Number",
                "Auction Date",
                "Amounts of Competitive Bids",
                "Amounts of Bids Accepted",
            )
        ):
            sheet.write(0, col, text)

    with pytest.raises(PayloadError, match="no auction rows"):
        parse_workbook(_xls(header_only))


def _generator() -> ModuleType:
    path = FIXTURE_DIR / "make_workbook_SYNTHETIC.py"
    spec = importlib.util.spec_from_file_location("make_workbook_SYNTHETIC", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_fixtures(tmp_path: Path) -> None:
    pytest.importorskip("xlwt")
    _generator().main(tmp_path)

    written = sorted(p.name for p in tmp_path.iterdir())
    assert "Auction_Results_for_JGBs_SYNTHETIC.xls" in written
    for name in written:
        assert (tmp_path / name).read_bytes() == (FIXTURE_DIR / name).read_bytes(), name


# --------------------------------------------------------------------------------------
# Merge
# --------------------------------------------------------------------------------------


def test_merge_page_wins_on_same_date_and_tenor(fixture_bytes: Bytes) -> None:
    workbook = parse_workbook(fixture_bytes(WORKBOOK))
    page = workbook[
        (workbook["auction_date"] == tokyo("2026-09-01")) & (workbook["tenor"] == "10Y")
    ].copy()
    page["origin"], page["url"] = "page", CAL + "eresul/eresul20260901.htm"
    page["accepted_jpy_bn"] = 2100.1

    merged = merge_results(page, workbook)

    assert len(merged) == len(workbook)
    r = row(merged, "2026-09-01", "10Y")
    assert (r["origin"], r["accepted_jpy_bn"]) == ("page", 2100.1)
    assert tuple(merged.columns) == RESULT_COLUMNS
    assert merge_results(results_frame([]), results_frame([])).empty


# --------------------------------------------------------------------------------------
# collect
# --------------------------------------------------------------------------------------


class Recorder:
    """MockTransport routes that remember which URLs were requested."""

    def __init__(self, fixture_bytes: Bytes, **overrides: bytes | int) -> None:
        self.requested: list[str] = []
        bodies: dict[str, bytes | int] = {
            WORKBOOK_URL: fixture_bytes(WORKBOOK),
            calendar_url(2026, 9): fixture_bytes(DIR + "2609e_SYNTHETIC.htm"),
            calendar_url(2026, 10): fixture_bytes(DIR + "2610e_SYNTHETIC.htm"),
            calendar_url(2026, 11): fixture_bytes(DIR + "2611e_SYNTHETIC.htm"),
            calendar_url(2026, 12): 404,  # not announced yet
        }
        for day in WORKBOOK_ONLY_DAYS:  # published, but the workbook already has them
            bodies[f"{CAL}eresul/eresul{day}.htm"] = 404
        for day in PAGE_DAYS:
            bodies[f"{CAL}eresul/eresul{day}.htm"] = fixture_bytes(
                f"{DIR}eresul{day}_SYNTHETIC.htm"
            )
        bodies.update(overrides)
        self.routes = {url: self._handler(body) for url, body in bodies.items()}

    def _handler(self, body: bytes | int) -> Callable[[httpx.Request], httpx.Response]:
        def handle(request: httpx.Request) -> httpx.Response:
            self.requested.append(str(request.url))
            if isinstance(body, int):
                return httpx.Response(body, text="error")
            return httpx.Response(200, content=body)

        return handle


async def test_collect_merges_workbook_and_new_result_pages(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    recorder = Recorder(fixture_bytes)
    collected = await MofAuctions().collect(make_fetcher(recorder.routes, now=NOW))

    results = collected.frames["results"]
    assert tuple(results.columns) == RESULT_COLUMNS
    assert not results.duplicated(["auction_date", "tenor"]).any()
    assert results["auction_date"].is_monotonic_increasing
    pages = results[results["origin"] == "page"]
    assert [d.strftime("%Y%m%d") for d in pages["auction_date"]] == list(PAGE_DAYS)
    assert pages["tenor"].tolist() == ["2Y", "10Y", "30Y", "5Y", "20Y"]
    assert pages["url"].tolist() == [f"{CAL}eresul/eresul{d}.htm" for d in PAGE_DAYS]
    assert len(results) == len(parse_workbook(fixture_bytes(WORKBOOK))) + len(PAGE_DAYS)
    assert row(results, "2026-09-01", "10Y")["origin"] == "workbook"
    assert collected.as_of == date(2026, 10, 20)

    # Pages the workbook already carries, T-bills and liquidity enhancement are not fetched.
    for day in WORKBOOK_ONLY_DAYS:
        assert f"{CAL}eresul/eresul{day}.htm" not in recorder.requested
    assert not any("etbill" in url or "20261008" in url for url in recorder.requested)
    # The unannounced December calendar was asked for, 404'd, and is not an error.
    assert calendar_url(2026, 12) in recorder.requested
    fetched = [f.url for f in collected.fetches]
    assert calendar_url(2026, 12) not in fetched
    assert fetched[:4] == [WORKBOOK_URL, *(calendar_url(2026, m) for m in (9, 10, 11))]
    assert sorted(fetched[4:]) == [f"{CAL}eresul/eresul{d}.htm" for d in PAGE_DAYS]
    assert not any(f.is_stale for f in collected.fetches)
    assert collected.detail == "5 result pages + workbook"

    calendar = collected.frames["calendar"]
    assert tuple(calendar.columns) == CALENDAR_COLUMNS
    assert len(calendar) == 7 + 9 + 8
    assert calendar["auction_date"].is_monotonic_increasing


async def test_refresh_is_ok_and_on_time(fixture_bytes: Bytes, make_fetcher: MakeFetcher) -> None:
    result = await refresh(
        MofAuctions(), make_fetcher(Recorder(fixture_bytes).routes, now=NOW), NOW
    )

    assert result.status == "ok" and result.error is None
    assert result.late is False
    assert result.next_release == datetime(2026, 10, 28, 12, 35, tzinfo=TOKYO)
    assert result.as_of == date(2026, 10, 20)


async def test_failing_workbook_without_cache_still_returns_pages(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    recorder = Recorder(fixture_bytes, **{WORKBOOK_URL: 500})
    source = MofAuctions()
    collected = await source.collect(make_fetcher(recorder.routes, now=NOW))

    results = collected.frames["results"]
    assert set(results["origin"]) == {"page"}
    assert len(results) == len(PAGE_DAYS)
    # Without the workbook, every published coupon result of the calendars is tried.
    for day in WORKBOOK_ONLY_DAYS:
        assert f"{CAL}eresul/eresul{day}.htm" in recorder.requested
    assert collected.detail.startswith("5 result pages; workbook unavailable (")
    assert "HTTP 500" in collected.detail
    # September's results cannot be shown: the source says so.
    assert source.is_late(NOW, collected) is True


async def test_failing_result_pages_still_return_the_workbook(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    pages_down: dict[str, bytes | int] = {f"{CAL}eresul/eresul{d}.htm": 404 for d in PAGE_DAYS}
    recorder = Recorder(fixture_bytes, **pages_down)
    collected = await MofAuctions().collect(make_fetcher(recorder.routes, now=NOW))

    assert set(collected.frames["results"]["origin"]) == {"workbook"}
    assert collected.as_of == date(2026, 9, 17)
    assert "result page eresul20261020.htm unavailable" in collected.detail
    assert MofAuctions().is_late(NOW, collected) is True


async def test_missing_current_calendar_is_reported_not_fatal(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    recorder = Recorder(fixture_bytes, **{calendar_url(2026, 10): 404})
    collected = await MofAuctions().collect(make_fetcher(recorder.routes, now=NOW))

    assert "calendar 2610e.htm unavailable" in collected.detail
    assert calendar_url(2026, 10) not in [f.url for f in collected.fetches]
    assert collected.as_of == date(2026, 9, 28)  # September's last result, from its page


async def test_stale_workbook_from_warm_cache(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher, tmp_path: Path
) -> None:
    cache = tmp_path / "warm"
    first = await refresh(
        MofAuctions(),
        make_fetcher(Recorder(fixture_bytes).routes, now=NOW, cache_dir=cache),
        NOW,
    )
    assert first.status == "ok"

    later = NOW + timedelta(days=2)  # past the workbook's one-day max age
    recorder = Recorder(fixture_bytes, **{WORKBOOK_URL: 500})
    second = await refresh(
        MofAuctions(), make_fetcher(recorder.routes, now=later, cache_dir=cache), later
    )

    assert second.status == "stale"
    assert second.error is not None and "HTTP 500" in second.error
    assert second.fetched_at == NOW  # the age of the workbook we fell back to
    results = second.frames["results"]
    assert len(results) == len(first.frames["results"])
    # Result pages are immutable: served from cache without asking the MoF again.
    assert not any("eresul/" in url for url in recorder.requested)


async def test_everything_down_is_an_error(fixture_bytes: Bytes, make_fetcher: MakeFetcher) -> None:
    source = MofAuctions()
    with pytest.raises(NoDataError, match="no auction results"):
        await source.collect(make_fetcher({}, now=NOW))

    result = await refresh(source, make_fetcher({}, now=NOW), NOW)
    assert result.status == "error"
    assert result.error is not None and "workbook unavailable" in result.error
    assert result.next_release is None


# --------------------------------------------------------------------------------------
# Schedule hooks
# --------------------------------------------------------------------------------------


def _collected(fixture_bytes: Bytes, drop: tuple[str, str] | None = None) -> Collected:
    calendar = parse_calendar(
        fixture_bytes(DIR + "2610e_SYNTHETIC.htm"), url=calendar_url(2026, 10)
    )
    pages = [
        parse_result_page(fixture_bytes(f"{DIR}eresul{d}_SYNTHETIC.htm")) for d in PAGE_DAYS[1:]
    ]
    results = pd.concat(pages, ignore_index=True)
    if drop is not None:
        results = results[
            ~((results["auction_date"] == tokyo(drop[0])) & (results["tenor"] == drop[1]))
        ]
    return Collected(frames={"results": results, "calendar": calendar}, as_of=None)


def test_next_release_uses_the_calendar(fixture_bytes: Bytes) -> None:
    source = MofAuctions()
    collected = _collected(fixture_bytes)

    before = datetime(2026, 10, 20, 10, 0, tzinfo=TOKYO)
    assert source.next_release(before, collected) == datetime(2026, 10, 20, 12, 35, tzinfo=TOKYO)
    # T-bills (10-08, 10-15) and liquidity enhancement (10-27) are not this pane's releases.
    after = datetime(2026, 10, 20, 13, 0, tzinfo=TOKYO)
    assert source.next_release(after, collected) == datetime(2026, 10, 28, 12, 35, tzinfo=TOKYO)
    assert source.next_release(datetime(2026, 10, 29, tzinfo=TOKYO), collected) is None
    assert source.next_release(after, None) is None


def test_is_late_thirty_minutes_after_the_release(fixture_bytes: Bytes) -> None:
    source = MofAuctions()
    missing_20y = _collected(fixture_bytes, drop=("2026-10-20", "20Y"))

    assert source.is_late(datetime(2026, 10, 20, 13, 4, tzinfo=TOKYO), missing_20y) is False
    assert source.is_late(datetime(2026, 10, 20, 13, 6, tzinfo=TOKYO), missing_20y) is True
    complete = _collected(fixture_bytes)
    assert source.is_late(datetime(2026, 10, 21, 14, 0, tzinfo=TOKYO), complete) is False
    assert source.is_late(datetime(2026, 10, 21, 14, 0, tzinfo=TOKYO), None) is False


# --------------------------------------------------------------------------------------
# DEMO
# --------------------------------------------------------------------------------------


def test_collect_demo_parses_the_packaged_synthetic_payloads() -> None:
    source = MofAuctions()
    collected = source.collect_demo()

    results, calendar = collected.frames["results"], collected.frames["calendar"]
    assert tuple(results.columns) == RESULT_COLUMNS
    assert tuple(calendar.columns) == CALENDAR_COLUMNS
    assert collected.as_of == date(2026, 11, 19)
    assert {"2Y", "5Y", "10Y", "20Y", "30Y", "40Y"} <= set(results["tenor"])
    upcoming = calendar[calendar["auction_date"] > tokyo("2026-11-20")]
    assert {"2Y", "10Y", "20Y"} <= set(upcoming["tenor"])
    assert upcoming["result_url"].isna().all()

    result = demo_result(source, datetime(2026, 11, 20, 3, 0, tzinfo=UTC))
    assert result.status == "demo" and result.has_data
    assert result.detail.startswith("DEMO (synthetic)")


def test_demo_auctions_clear_next_to_the_demo_yields() -> None:
    """One story: each DEMO auction's yield sits within a few bp of the DEMO secondary-market
    yield of its tenor that day (the 10Y auctions near the 10Y in pane 1)."""
    from jgbtui.sources.mof_jgb_yields import MofJgbYields

    results = MofAuctions().collect_demo().frames["results"]
    yields = MofJgbYields().collect_demo().frames["yields"]
    yields.index = pd.DatetimeIndex(yields.index).tz_localize(None)
    checked = 0
    for tenor in ("2Y", "5Y", "10Y", "20Y", "30Y", "40Y"):
        history = results[results["tenor"] == tenor]
        for _, auction in history.iterrows():
            day = pd.Timestamp(auction["auction_date"]).tz_localize(None)
            before = yields[tenor][yields.index <= day]
            if before.empty:
                continue  # auctions before the DEMO yield history starts
            cleared = auction[
                "lowest_yield_pct" if auction["method"] == "yield" else "avg_yield_pct"
            ]
            assert abs(cleared - before.iloc[-1]) < 0.05, (tenor, day, cleared, before.iloc[-1])
            checked += 1
    assert checked > 60
