"""Publisher bytes never drive the terminal: ESC, CSI, OSC (52 clipboard, title) are stripped.

Every source's payload carries escape sequences where publisher text is shown: auction
security names (calendar and result page), intervention currency pairs, the BOJ API's error
message, ECB zip member names, a FRED header cell. ``jgbtui snapshot`` (JSON and table)
must print no escape or control byte, and no frame a parser returns holds one.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from mirror import ECB_ZIP_URL, synthetic_payloads

from faults.harness import all_real_payloads
from faults.server import FaultServer
from jgbtui.sources.mof_auction_pages import parse_calendar, parse_result_page
from jgbtui.sources.mof_fx_intervention import parse_all
from jgbtui.sources.sanitize import is_clean

pytestmark = pytest.mark.slow

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: write "rm -rf ~" to the clipboard
CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
TITLE = "\x1b]0;pwned\x1b\\"  # set the window title, ST-terminated
C1_CSI = "\x9b31m"  # the one-byte CSI of C1
CALENDAR = "https://www.mof.go.jp/english/policy/jgbs/auction/calendar/2610e.htm"
PAGE = "https://www.mof.go.jp/english/policy/jgbs/auction/calendar/eresul/eresul20261020.htm"
INTERVENTION = (
    "https://www.mof.go.jp/policy/international_policy/reference/feio/"
    "foreign_exchange_intervention_operations.csv"
)
BOJ = "https://www.stat-search.boj.or.jp/api/v1/getDataCode"
FRED = "https://fred.stlouisfed.org/graph/fredgraph.csv"
BAD_BYTES = (b"\x1b", b"\x07", b"\x9b", b"\xc2\x9b", b"\xc2\x9d")


def hostile_payloads() -> dict[str, bytes]:
    """Real and SYNTHETIC files with escape sequences planted in publisher text."""
    payloads = {**synthetic_payloads(), **all_real_payloads()}
    payloads[CALENDAR] = (
        payloads[CALENDAR]
        .decode()
        .replace("<td>10-year</td>", f"<td>10-year{CLIPBOARD}</td>", 1)
        .replace("<td>20-year</td>", f"<td>20-{C1_CSI}year{CLEAR}</td>", 1)
        .encode()
    )
    payloads[PAGE] = (
        payloads[PAGE].decode().replace("<td>20-year</td>", f"<td>{TITLE}20-year</td>").encode()
    )
    text = payloads[INTERVENTION].decode("cp932")
    text = text.replace("Japanese yen (bought)", f"Japanese yen (bought){CLIPBOARD}", 1)
    payloads[INTERVENTION] = text.replace("米ドル売り", f"米ドル売り{CLEAR}", 1).encode("cp932")
    payloads[BOJ] = (
        f"STATUS,400\nMESSAGEID,M181005E\nMESSAGE,Invalid{CLEAR}{TITLE} parameter{CLIPBOARD}\n"
    ).encode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"rates{TITLE}.csv", b"Date,USD,JPY\n")
        zipped.writestr(f"old{CLIPBOARD}.csv", b"Date,USD,JPY\n")
    payloads[ECB_ZIP_URL] = archive.getvalue()
    payloads[FRED] = f"observation_date,DEXJPUS{CLEAR}\n2025-07-11,147.29\n".encode()
    return payloads


def strings_of(frame: pd.DataFrame) -> list[str]:
    """Every string a frame holds: cells, column labels, index labels."""
    found = [c for c in frame.columns if isinstance(c, str)]
    found += [v for v in frame.index if isinstance(v, str)]
    for label in frame.columns:
        column = frame[label]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            found += [v for v in column if isinstance(v, str)]
    return found


def test_parsers_return_no_control_characters() -> None:
    payloads = hostile_payloads()
    frames = [
        parse_calendar(payloads[CALENDAR], url=CALENDAR),
        parse_result_page(payloads[PAGE], url=PAGE),
        *parse_all(payloads[INTERVENTION]),
    ]
    texts = [text for frame in frames for text in strings_of(frame)]
    assert "10-year" in texts and "20-year" in texts, "the names survive, cleaned"
    assert all(is_clean(text) for text in texts), [t for t in texts if not is_clean(t)]


def _snapshot(base: str, cache: Path, *extra: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "jgbtui", "snapshot", *extra, "--mirror", base]
    return subprocess.run(
        [*command, "--cache-dir", str(cache)],
        capture_output=True,
        timeout=120,
        env=env,
    )


def test_snapshot_prints_no_escape_sequence_from_any_payload(tmp_path: Path) -> None:
    with FaultServer(hostile_payloads()) as server:
        as_json = _snapshot(server.base_url, tmp_path / "a", "--json")
        as_table = _snapshot(server.base_url, tmp_path / "b")
    for done in (as_json, as_table):
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        for bad in BAD_BYTES:
            assert bad not in done.stdout and bad not in done.stderr, bad
    report = json.loads(as_json.stdout)
    sources = report["sources"]
    # The planted text did reach the report, cleaned: the errors quote the publisher.
    assert "Invalid parameter" in sources["boj_usdjpy"]["error"]
    assert "rates.csv" in sources["ecb_usdjpy"]["error"]
    decoded = json.dumps(report, ensure_ascii=False)
    assert all(ch not in decoded for ch in "\x1b\x07\x9b\x9d")
    assert b"Invalid parameter" in as_table.stdout
