"""The mirror serves every real published file under its official URL, byte for byte.

Values are read from what the mirror serves, over real HTTP on 127.0.0.1, and checked
against what the publishers state (or against each other), so a file served under the
wrong path or altered on the way would fail here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import REAL_DIR
from mirror import REAL_FILES, MirrorServer, mirror_path, real_payloads, write_mirror

from jgbtui.sources import boj_api, boj_fm08
from jgbtui.sources.base import PayloadError
from jgbtui.sources.mof_auction_workbook import WORKBOOK_URL
from jgbtui.sources.mof_its import MONTHLY_URL, WEEKLY_URL

ITS = WEEKLY_URL.rsplit("/", 1)[0]
CPI_2025 = "https://www.stat.go.jp/data/cpi/2025/csv/zmi2025aa.csv"
BOJ_METADATA = f"{boj_api.API_URL.rsplit('/', 1)[0]}/getMetadata?format=json&lang=en&db=FM08"
BOJ_DATA = (
    f"{boj_api.API_URL}?format=json&lang=en&db=FM08&startDate=202501&endDate=202501&code=FXERD01"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a mirror of the real files."""
    if not REAL_DIR.exists():
        pytest.skip(f"real data files not available (expected in {REAL_DIR})")
    root = tmp_path_factory.mktemp("mirror")
    write_mirror(root, real_payloads(REAL_DIR))
    with MirrorServer(root) as server:
        yield server.base_url


def get(base: str, url: str) -> bytes:
    """``url`` as the app fetches it through ``--mirror base``."""
    path = mirror_path(Path("/"), url).as_posix()
    response = httpx.get(base + path, timeout=10)
    response.raise_for_status()
    return response.content


def cp932_rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("cp932"), newline="")))


def number(cell: str) -> float:
    return float(cell.replace(",", "").strip())


def test_every_real_file_is_served_byte_for_byte(served: str) -> None:
    for url, name in REAL_FILES.items():
        assert get(served, url) == (REAL_DIR / name).read_bytes(), url
    # Each source's own URL is among them (the mirror follows the code, not a copy of it).
    for url in (WEEKLY_URL, MONTHLY_URL, WORKBOOK_URL):
        assert url in REAL_FILES


def test_residents_by_investor_add_up_to_the_monthly_flows(served: str) -> None:
    """monthb3.csv's all-sector net purchases of foreign long-term bonds equal montha1.csv's
    residents' long-term debt net, month by month (two files, one publisher)."""
    by_investor = cp932_rows(get(served, f"{ITS}/monthb3.csv"))
    monthly = cp932_rows(get(served, MONTHLY_URL))

    def nets(rows: list[list[str]], column: int) -> list[float]:
        return [
            number(r[column])
            for r in rows
            if len(r) > column and r[2][:3].isalpha() and r[2][:1].isupper() and r[column].strip()
        ]

    # monthb3: label columns, then the all-sector (acq, disp, net); montha1: residents'
    # equity (3-5), then long-term debt (6-8).
    total = nets(by_investor, 5)
    residents = nets(monthly, 8)
    assert len(total) == len(residents) == 259  # January 2005 to July 2026
    assert total == residents
    assert total[-1] == 3657.0  # July 2026: +¥365.7bn


def test_cpi_2025_base_gives_the_official_year_on_year(served: str) -> None:
    """Statistics Bureau: all items +1.9% y/y in July 2026 (the official e-Stat figure)."""
    rows = list(csv.reader(io.StringIO(get(served, CPI_2025).decode("cp932"), newline="")))
    assert rows[1][1] == "All items"
    index = {r[0]: float(r[1]) for r in rows if r and r[0].isdigit() and len(r[0]) == 6}
    assert round((index["202607"] / index["202507"] - 1) * 100, 1) == 1.9


def test_boj_metadata_lists_the_series_the_app_asks_for(served: str) -> None:
    metadata = json.loads(get(served, BOJ_METADATA))
    assert metadata["STATUS"] == 200 and metadata["DB"] == "FM08"
    series = {r["SERIES_CODE"]: r for r in metadata["RESULTSET"] if r["SERIES_CODE"]}
    ours = series[boj_fm08.SERIES_CODE]
    assert ours["NAME_OF_TIME_SERIES"] == "US.Dollar/Yen Spot Rate at 17:00 in JST, Tokyo Market"
    assert ours["FREQUENCY"] == "DAILY"


def test_a_json_data_answer_is_not_taken_for_the_csv(served: str) -> None:
    """The real JSON answer (09:00 rate, January 2025): holidays are null, never zero; and
    the source, which asks for CSV, refuses a JSON answer rather than misread it."""
    raw = get(served, BOJ_DATA)
    answer = json.loads(raw)
    values = answer["RESULTSET"][0]["VALUES"]
    fixes = dict(zip(values["SURVEY_DATES"], values["VALUES"], strict=True))
    assert fixes[20250101] is None and fixes[20250106] == 157.52
    with pytest.raises(PayloadError, match="JSON"):
        boj_fm08.parse(raw)
