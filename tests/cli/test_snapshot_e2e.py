"""End to end: ``jgbtui snapshot --json --mirror`` against a real HTTP server on 127.0.0.1.

The server holds the real published files (``../shared/data/real``) under their official
paths plus the SYNTHETIC fixtures for sources with no real file. Expected values are read
from the files here with the csv module, independently of the parsers under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlrd
from conftest import REAL_DIR
from mirror import MirrorServer, real_payloads, synthetic_payloads, write_mirror

from jgbtui.analytics.signals import SIGNALS

pytestmark = pytest.mark.slow

HTML_ERROR = b"<!DOCTYPE html><html><head><title>503</title></head><body>busy</body></html>"


def run_snapshot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jgbtui", "snapshot", "--json", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot_json(*args: str, status: int = 0) -> dict[str, Any]:
    result = run_snapshot(*args)
    assert result.returncode == status, result.stderr
    return json.loads(result.stdout)


def csv_rows(name: str, encoding: str = "ascii") -> list[list[str]]:
    text = (REAL_DIR / name).read_bytes().decode(encoding, errors="replace")
    return list(csv.reader(io.StringIO(text)))


def expected_latest_jgb() -> tuple[str, dict[str, float]]:
    """Last data row of the real English current-month file."""
    rows = csv_rows("mof_jgbcme_current_en_2026-09.csv")
    header = next(r for r in rows if r and r[0] == "Date")
    data = [r for r in rows if r and r[0][:4].isdigit()]
    year, month, day = (int(x) for x in data[-1][0].split("/"))
    return f"{year:04d}-{month:02d}-{day:02d}", dict(
        zip(header[1:], (float(x) for x in data[-1][1:]), strict=True)
    )


def expected_usdjpy() -> tuple[str, float]:
    """FRED's last non-empty value (fresher than the ECB file's newest row here)."""
    rows = [r for r in csv_rows("fred_DEXJPUS_newformat_2015-2025.csv")[1:] if r[1]]
    return rows[-1][0], float(rows[-1][1])


def expected_ust10y() -> tuple[str, float]:
    rows = csv_rows("ust_daily_par_yield_curve_2025.csv")
    column = rows[0].index("10 Yr")
    month, day, year = rows[1][0].split("/")
    return f"{year}-{month}-{day}", float(rows[1][column])


def expected_spread_bp() -> tuple[str, float]:
    """UST 10Y minus JGB 10Y on the newest date both files have."""
    ust = csv_rows("ust_daily_par_yield_curve_2025.csv")
    column = ust[0].index("10 Yr")
    us = {}
    for row in ust[1:]:
        month, day, year = row[0].split("/")
        if row[column]:
            us[f"{year}-{month}-{day}"] = float(row[column])
    jgb = {}
    for row in csv_rows("mof_jgbcme_all_en.csv"):
        if row and row[0][:4].isdigit() and row[10] != "-":
            y, m, d = (int(x) for x in row[0].split("/"))
            jgb[f"{y:04d}-{m:02d}-{d:02d}"] = float(row[10])
    common = max(set(us) & set(jgb))
    return common, round((us[common] - jgb[common]) * 100, 1)


def _number(cell: str) -> float:
    return float(cell.strip().replace(",", ""))


def expected_latest_week() -> tuple[str, float]:
    """(week end, non-residents' net purchases of long-term debt) of week.csv's last week.

    Column 17: the period, then residents' 11 columns, then non-residents' equity (12-14)
    and long-term debt (15-17: acquisition, disposition, net).
    """
    rows = csv_rows("mof_itn_week_cp932_2026-08-06.csv", "cp932")
    period = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})~(?:(\d{4})\.)?(\d{1,2})\.(\d{1,2})")
    weeks = []
    for row in rows:
        label = unicodedata.normalize("NFKC", row[0]).replace(" ", "") if row else ""
        found = period.fullmatch(label)
        if found:
            year = int(found[4] or found[1])
            end = date(year, int(found[5]), int(found[6]))
            weeks.append((end.isoformat(), _number(row[17])))
    return weeks[-1]


def expected_latest_month() -> tuple[str, float]:
    """(YYYY-MM, non-residents' net long-term debt) of montha1.csv's last published month.

    Three label columns (year on January rows, Japanese month, English month), then the
    residents' 11 columns; non-residents' long-term debt net is column 19.
    """
    rows = csv_rows("mof_itn_montha1_cp932_2026-08.csv", "cp932")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    year, found = 0, []
    for row in rows:
        if len(row) > 19 and row[2].strip()[:3] in months:
            if re.fullmatch(r"\d{4}", row[0].strip()):
                year = int(row[0])
            if row[19].strip():
                month = months.index(row[2].strip()[:3]) + 1
                found.append((f"{year:04d}-{month:02d}", _number(row[19])))
    return found[-1]


def expected_2y_auction() -> dict[str, Any]:
    """The last row of the workbook's 2-year sheet, read with xlrd (prices per 100 yen)."""
    book = xlrd.open_workbook(str(REAL_DIR / "mof_Auction_Results_for_JGBs_2026-06.xls"))
    sheet = book.sheet_by_name("2年債")
    row = sheet.row_values(sheet.nrows - 1)
    when = xlrd.xldate.xldate_as_datetime(row[1], book.datemode).date()
    return {
        "date": when.isoformat(),
        "issue_number": int(row[0]),
        "avg_price_jpy": row[8],
        "avg_yield_pct": row[9],
        "lowest_price_jpy": row[10],
        "lowest_yield_pct": row[11],
        # Bid-to-cover = competitive bids / bids accepted (100 million yen each).
        "bid_to_cover": round(row[6] / row[7], 2),
    }


def _require_real() -> None:
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")


@pytest.fixture
def mirror_root(tmp_path: Path) -> Path:
    """Only the real published files, under their official paths."""
    _require_real()
    root = tmp_path / "mirror"
    write_mirror(root, real_payloads(REAL_DIR))
    return root


REAL_SOURCES = ("mof_yields", "fred_usdjpy", "ecb_usdjpy", "ust_curve")


def test_snapshot_against_local_server_then_stale_when_it_stops(
    mirror_root: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with MirrorServer(mirror_root) as server:
        fresh = snapshot_json("--mirror", server.base_url, "--cache-dir", str(cache))

    for name in REAL_SOURCES:
        assert fresh["sources"][name]["status"] == "ok", fresh["sources"][name]
    as_of, tenors = expected_latest_jgb()
    assert fresh["yields"]["as_of"] == as_of == "2026-09-11"
    assert fresh["yields"]["tenors"] == tenors
    assert fresh["yields"]["tenors"]["10Y"] == 2.987
    fx_date, fx_value = expected_usdjpy()
    assert fresh["usdjpy"] == {
        "as_of": fx_date,
        "value": fx_value,
        "source": "fred_usdjpy",
        "source_label": fresh["usdjpy"]["source_label"],
    }
    assert fresh["ust10y"] == dict(zip(("as_of", "value_pct"), expected_ust10y(), strict=True))
    assert fresh["us_jp_10y_spread"] == dict(
        zip(("as_of", "bp"), expected_spread_bp(), strict=True)
    )
    # The real MoF flows and auction workbook, as published.
    week_end, week_net = expected_latest_week()
    assert (week_end, week_net) == ("2026-08-01", 5589.0)
    assert fresh["flows"]["weekly"]["week_end"] == week_end
    assert fresh["flows"]["weekly"]["bonds_net_jpy_100m"] == week_net
    month, month_net = expected_latest_month()
    assert (month, month_net) == ("2026-07", -13167.0)
    assert fresh["flows"]["monthly"]["month"] == month
    assert fresh["flows"]["monthly"]["bonds_net_jpy_100m"] == month_net
    two_year = next(a for a in fresh["auctions"] if a["tenor"] == "2Y")
    expected = expected_2y_auction()
    assert expected["avg_price_jpy"] == 99.985
    assert {k: two_year[k] for k in expected} == expected
    # Sources with no real file on this server say so; they never invent numbers.
    for name in ("boj_usdjpy", "mof_intervention"):
        assert fresh["sources"][name]["status"] == "error"
        assert "404" in fresh["sources"][name]["error"]
    assert fresh["intervention"] is None
    # The real history's multi-year high (checked against a csv scan in tests/analytics).
    texts = [a["text"] for a in fresh["anomalies"]]
    assert "JGB 10Y 3.006%, highest since 6 September 1996 (29 years)" in texts
    assert fresh["signals"]["board"]["hedged_carry"]["state"] != "unknown"
    assert fresh["signals"]["board"]["auction_demand"]["state"] != "unknown"

    # Server gone, cache warm: the same numbers, every source stale.
    # Exit 3: the numbers printed are stale, so a cron job can tell.
    offline = snapshot_json("--mirror", server.base_url, "--cache-dir", str(cache), status=3)
    for name, block in offline["sources"].items():
        if fresh["sources"][name]["status"] == "ok":
            # The Treasury's previous-year file (7 days) and MoF's auction workbook (1 day)
            # are reused from the cache by policy, so only the other requests fail: "ok",
            # with those failures in the error or the detail.
            expected = {"stale", "ok"} if name in ("ust_curve", "mof_auctions") else {"stale"}
            assert block["status"] in expected, (name, block)
            assert "cannot reach" in (block["error"] or block["detail"])
    for key in ("yields", "usdjpy", "ust10y", "us_jp_10y_spread", "auctions", "flows"):
        assert offline[key] == fresh[key], key


def test_bad_payloads_keep_the_cache_and_mark_stale(mirror_root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with MirrorServer(mirror_root) as server:
        fresh = snapshot_json("--mirror", server.base_url, "--cache-dir", str(cache))
    damaged = (
        "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv",
        "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/historical/jgbcme_all.csv",
        "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS",
        "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip",
    )
    before = {url: _cached_bytes(cache, url) for url in damaged}

    host = mirror_root / "www.mof.go.jp/english/policy/jgbs/reference/interest_rate"
    (host / "jgbcme.csv").write_bytes(HTML_ERROR)  # an error page instead of the CSV
    history = host / "historical/jgbcme_all.csv"
    history.write_bytes(history.read_bytes()[:5000])  # cut mid-row
    fred = mirror_root / "fred.stlouisfed.org/graph/fredgraph.csv"
    fred.write_bytes(fred.read_bytes()[:3005])  # cut inside a date
    ecb = mirror_root / "www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
    ecb.write_bytes(ecb.read_bytes()[:20000])  # a truncated zip
    # The Japanese fallback must not rescue the yields with a different month either.
    (mirror_root / "www.mof.go.jp/jgbs/reference/interest_rate/jgbcm.csv").write_bytes(HTML_ERROR)
    # The CPI and the investor flows (issue 14): an error page and a file cut mid-row.
    (mirror_root / "www.stat.go.jp/data/cpi/2025/csv/zmi2025aa.csv").write_bytes(HTML_ERROR)
    investors = mirror_root / (
        "www.mof.go.jp/policy/international_policy/reference/itn_transactions_in_securities/"
        "monthb3.csv"
    )
    investors.write_bytes(investors.read_bytes()[:60_000])

    with MirrorServer(mirror_root) as server:
        bad = snapshot_json("--mirror", server.base_url, "--cache-dir", str(cache), status=3)

    for name in ("mof_yields", "fred_usdjpy", "ecb_usdjpy", "statjp_cpi", "mof_flows_investors"):
        block = bad["sources"][name]
        assert block["status"] == "stale", (name, block)
        assert "bad payload" in block["error"], block["error"]
    assert "HTML" in bad["sources"]["mof_yields"]["error"]
    assert bad["yields"] == fresh["yields"]
    assert bad["usdjpy"] == fresh["usdjpy"]
    assert bad["cpi"] == fresh["cpi"] and bad["homecoming"] == fresh["homecoming"]
    # The cached payloads are the good ones still (a 304 elsewhere may re-stamp other entries).
    assert all(before.values()), "the cache holds the good payloads to compare"
    changed = {url for url in damaged if _cached_bytes(cache, url) != before[url]}
    assert changed == set(), f"bad payloads replaced cached bytes: {changed}"


def _cached_bytes(cache: Path, url: str) -> bytes | None:
    from jgbtui.sources.cache import PayloadCache

    cached = PayloadCache(cache).load(url)
    return None if cached is None else cached.content


def test_synthetic_fixtures_end_to_end(tmp_path: Path) -> None:
    """The sources with no real file (BOJ CSV, MoF intervention CSV, auction pages), fed
    SYNTHETIC fixtures through the same server, beside the real files of the others."""
    _require_real()
    root = tmp_path / "mirror"
    write_mirror(root, {**synthetic_payloads(), **real_payloads(REAL_DIR)})
    with MirrorServer(root) as server:
        report = snapshot_json("--mirror", server.base_url, "--cache-dir", str(tmp_path / "c"))
    for name in (
        "mof_flows_weekly",
        "mof_flows_monthly",
        "mof_auctions",
        "boj_usdjpy",
        "mof_intervention",
    ):
        assert report["sources"][name]["status"] == "ok", report["sources"][name]
    assert report["flows"]["weekly"]["bonds_net_jpy_100m"] == expected_latest_week()[1]
    assert report["usdjpy"]["source"] == "boj_usdjpy"
    assert report["auctions"], "the workbook should give results"
    assert report["intervention"]["amount_jpy_100m"] is not None
    # June 2026's foreign selling in the real montha1.csv is a headline, in desk words.
    rows = csv_rows("mof_itn_montha1_cp932_2026-08.csv", "cp932")
    june = [_number(r[19]) for r in rows if len(r) > 19 and r[2] == "Jun" and r[19].strip()]
    monthly = [a for a in report["anomalies"] if a["key"] == "flows:monthly"]
    assert len(monthly) == 1 and monthly[0]["date"] == "2026-06-30"
    assert monthly[0]["value"] == june[-1] == -24894.0
    assert monthly[0]["text"].startswith("foreign selling of Japanese long-term bonds ¥2.49tn")
    assert set(monthly[0]) >= {"series", "date", "value", "text", "severity"}
    dates = [a["date"] for a in report["anomalies"]]
    assert dates == sorted(dates, reverse=True), "newest first"
    signals = report["signals"]
    assert len(signals["board"]) == len(SIGNALS)
    for block in signals["board"].values():
        assert block["state"] in ("green", "amber", "red", "unknown") and block["reason"]
    assert signals["flashing"] == sum(b["state"] == "red" for b in signals["board"].values())
    # The real yields have no observation a month before 11 Sep 2026 (the history file
    # ends on 30 Apr): the curve signal says so rather than guess.
    assert signals["board"]["curve"]["state"] == "unknown"
    assert "gap" in signals["board"]["curve"]["reason"]
    assert signals["board"]["hedged_carry"]["as_of"] == "2025-09-25"
    assert "basis" in signals["hedge_note"]


def test_no_network_no_cache_exits_non_zero_with_one_line_per_source(tmp_path: Path) -> None:
    with MirrorServer(tmp_path) as server:
        base = server.base_url
    result = run_snapshot("--mirror", base, "--cache-dir", str(tmp_path / "empty"))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    names = [line.split(":", 1)[0] for line in lines]
    assert "mof_yields" in names and "fred_usdjpy" in names
    assert len(names) == len(set(names)) == len(json.loads(result.stdout)["sources"])


def test_demo_snapshot_is_labelled(tmp_path: Path) -> None:
    report = snapshot_json("--demo", "--cache-dir", str(tmp_path / "c"))
    assert report["demo"] is True
    assert {b["status"] for b in report["sources"].values()} == {"demo"}
    assert report["yields"]["tenors"]["10Y"] is not None


def test_calendar_boj_cpi_and_homecoming_end_to_end(tmp_path: Path) -> None:
    """Issue 14's must-show, through ``snapshot --json`` against the mirror: national CPI
    July 2026 (2025 base) +1.9% y/y all items and +1.8% less fresh food; homecoming July
    2026 life insurers -106 and trust accounts +8,957 (100 million yen), both from the real
    files; the calendar in time order with offsets (SYNTHETIC schedules where no real copy
    exists)."""
    _require_real()
    root = tmp_path / "mirror"
    write_mirror(root, {**synthetic_payloads(), **real_payloads(REAL_DIR)})
    with MirrorServer(root) as server:
        report = snapshot_json("--mirror", server.base_url, "--cache-dir", str(tmp_path / "c"))
        tables = subprocess.run(
            [
                *(sys.executable, "-m", "jgbtui", "snapshot", "--width", "120"),
                *("--mirror", server.base_url, "--cache-dir", str(tmp_path / "c")),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert "Tokyo core CPI +2.1% y/y, first rise in eight months" in tables.stdout
    assert "Next events (JST)" in tables.stdout
    for name in ("statjp_cpi", "mof_flows_investors", "boj_policy", "boj_mpm", "fed_fomc"):
        assert report["sources"][name]["status"] == "ok", report["sources"][name]

    national = report["cpi"]["national"]
    assert (national["month"], national["base"]) == ("2026-07", 2025)
    assert national["all_items_yoy_pct"] == 1.9
    assert national["core_yoy_pct"] == 1.8
    # The same rates from the real file's indices, read here with the csv module.
    rows = csv_rows("statjp_cpi_zmi2025aa_national_cp932.csv", "cp932")
    codes, months = rows[2], {r[0]: r for r in rows[6:]}
    for code, key in (("0001", "all_items_yoy_pct"), ("0161", "core_yoy_pct")):
        at = codes.index(code)
        ratio = float(months["202607"][at]) / float(months["202507"][at])
        assert round((ratio - 1) * 100, 1) == national[key]

    home = report["homecoming"]
    assert home["month"] == "2026-07"
    assert home["life_insurers_net_jpy_100m"] == -106
    assert home["trust_accounts_net_jpy_100m"] == 8957

    calendar = report["calendar"]
    assert calendar, "upcoming events"
    times = [datetime.fromisoformat(item["when"]) for item in calendar]
    assert all(t.utcoffset() is not None for t in times)
    assert times == sorted(times)
    assert {"flows_weekly", "boj_decision", "fomc"} <= {item["kind"] for item in calendar}
    assert report["boj"]["policy_rate_pct"] == 1.25
