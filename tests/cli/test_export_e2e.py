"""End to end: ``jgbtui export``, ``snapshot --csv`` and ``snapshot`` piped, against a real HTTP
server on 127.0.0.1 serving the real published files under their official paths.

Expected rows are read from the MoF file here with the csv module, independently of the
parsers under test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REAL_DIR
from mirror import MirrorServer, real_payloads, write_mirror

pytestmark = pytest.mark.slow

MOF_CURRENT = "mof_jgbcme_current_en_2026-09.csv"


def jgbtui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jgbtui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def mof_rows(tenor: str, start: str, end: str) -> list[tuple[str, str]]:
    """(ISO date, value exactly as printed) from MoF's current-month English file."""
    text = (REAL_DIR / MOF_CURRENT).read_bytes().decode("ascii", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    header = next(r for r in rows if r and r[0] == "Date")
    column = header.index(tenor)
    out = []
    for row in rows:
        if row and row[0][:4].isdigit():
            y, m, d = (int(x) for x in row[0].split("/"))
            day = f"{y:04d}-{m:02d}-{d:02d}"
            if start <= day <= end:
                out.append((day, row[column]))
    return out


@pytest.fixture
def mirror_url(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")
    root = tmp_path / "mirror"
    write_mirror(root, real_payloads(REAL_DIR))
    with MirrorServer(root) as server:
        yield server.base_url


def test_export_prints_the_rows_of_the_mof_file(mirror_url: str, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    result = jgbtui(
        "export",
        "jgb:10Y",
        "--start",
        "2026-09-01",
        "--end",
        "2026-09-11",
        "--format",
        "csv",
        "--mirror",
        mirror_url,
        "--cache-dir",
        cache,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "date,value"
    expected = mof_rows("10Y", "2026-09-01", "2026-09-11")
    assert [tuple(line.split(",")) for line in lines[1:]] == expected
    assert lines[-1] == "2026-09-11,2.987"

    # JSON: numbers, the sources' states, the same rows.
    result = jgbtui(
        "export",
        "jgb:8Y",
        "--start",
        "2026-09-01",
        "--format",
        "json",
        "--mirror",
        mirror_url,
        "--cache-dir",
        cache,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["series"] == "jgb:8Y" and report["unit"] == "%"
    assert [(r["date"], r["value"]) for r in report["rows"]] == [
        (day, float(value)) for day, value in mof_rows("8Y", "2026-09-01", "2026-09-30")
    ]
    assert report["sources"]["mof_yields"]["status"] == "ok"

    # A spread is derived to 0.1 bp: no float noise.
    result = jgbtui("export", "spread:2s10s", "--offline", "--cache-dir", cache)
    assert result.returncode == 3, "offline: the cached copy is stale"
    last = result.stdout.splitlines()[-1]
    two, ten = (
        float(v) for _, v in (mof_rows(t, "2026-09-11", "2026-09-11")[0] for t in ("2Y", "10Y"))
    )
    assert last == f"2026-09-11,{round((ten - two) * 100, 1):g}"
    assert "stale" in result.stderr


def test_export_exit_codes_and_list(tmp_path: Path) -> None:
    listing = jgbtui("export", "--list")
    assert listing.returncode == 0
    ids = [line.split()[0] for line in listing.stdout.splitlines()]
    for wanted in (
        "jgb:10Y",
        "ust:10Y",
        "usdjpy",
        "spread:2s10s",
        "spread:us-jp-10y",
        "flows:weekly:bonds",
        "flows:monthly:bonds",
        "auction:10Y:btc",
        "auction:40Y:tail_bp",
    ):
        assert wanted in ids
    unknown = jgbtui("export", "jgb:11Y")
    assert unknown.returncode == 2 and "jgb:10Y" in unknown.stderr
    bad_range = jgbtui("export", "jgb:10Y", "--start", "2026-09-11", "--end", "2026-09-01")
    assert bad_range.returncode == 2
    # No network, no cache: exit 1 with the reason.
    with MirrorServer(tmp_path) as server:
        gone = server.base_url
    nothing = jgbtui("export", "usdjpy", "--mirror", gone, "--cache-dir", str(tmp_path / "c"))
    assert nothing.returncode == 1
    assert "no data for usdjpy" in nothing.stderr and "cannot reach" in nothing.stderr
    assert nothing.stdout == ""


def test_snapshot_csv_and_piped_tables(mirror_url: str, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    result = jgbtui("snapshot", "--csv", "--mirror", mirror_url, "--cache-dir", cache)
    assert result.returncode == 0, result.stderr
    rows = {row["series"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["jgb:10Y"]["date"] == "2026-09-11" and rows["jgb:10Y"]["value"] == "2.987"
    assert rows["jgb:8Y"]["value"] == mof_rows("8Y", "2026-09-11", "2026-09-11")[0][1]
    assert rows["jgb:10Y"]["status"] == "ok"
    assert rows["usdjpy"]["unit"] == "JPY per USD"
    # The real auction workbook on this mirror, with MoF's own decimals (its rows are read
    # with xlrd in tests/cli/test_snapshot_e2e.py): the 2Y of 30 Jun 2026 averaged 99.985.
    assert (rows["auction:2Y:avg_price"]["date"], rows["auction:2Y:avg_price"]["value"]) == (
        "2026-06-30",
        "99.985",
    )
    assert (rows["auction:10Y:btc"]["date"], rows["auction:10Y:btc"]["value"]) == (
        "2026-06-02",
        "3.53",
    )

    # Piped (not a terminal): full numbers, the board and the headlines.
    piped = jgbtui("snapshot", "--offline", "--cache-dir", cache)
    assert piped.returncode == 3  # offline: everything shown is the stale cached copy
    assert "2.987" in piped.stdout and "4.027" in piped.stdout
    assert "…" not in piped.stdout.split("Sell-Japan board")[0]
    assert "Sell-Japan board" in piped.stdout and "hedged carry" in piped.stdout
    assert "Headlines" in piped.stdout
    assert "JGB 10Y 3.006%, highest since 6 September 1996 (29 years)" in piped.stdout
    assert "\x1b" not in piped.stdout

    # --width lays the yields out in several tables, never cutting a number.
    narrow = jgbtui("snapshot", "--offline", "--cache-dir", cache, "--width", "60")
    assert "2.987" in narrow.stdout and "4.027" in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60

    # One log line per fetch: source, host, status, bytes, time, outcome.
    log = Path(os.environ["XDG_STATE_HOME"]) / "jgbtui" / "log" / "jgbtui.log"
    text = log.read_text(encoding="utf-8")
    assert "jgbtui.fetch: mof_yields 127.0.0.1:" in text
    fetch = next(
        line for line in text.splitlines() if "mof_yields 127.0.0.1" in line and " 200 " in line
    )
    assert fetch.split(" B ")[0].split()[-1].isdigit() and fetch.endswith(" ok")
    assert "failed: HTTP 404" in text, "a fetch that failed leaves its reason"
