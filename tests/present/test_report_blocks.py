"""``jgbtui snapshot --json`` gains "anomalies" and "signals"; missing sources degrade."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pandas as pd

from jgbtui.analytics.carry import HEDGE_NOTE
from jgbtui.analytics.signals import SIGNALS
from jgbtui.present.report import build_report
from jgbtui.present.view import build_view
from jgbtui.sources.base import UTC, SourceResult

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_no_sources_give_an_empty_list_and_unknown_signals() -> None:
    failed = {"mof_yields": SourceResult("mof_yields", "MoF JGB yields", "error", error="x")}
    for results in ({}, failed):
        report = json.loads(json.dumps(build_report(build_view(results, NOW), NOW)))
        assert report["anomalies"] == []
        assert report["signals"]["flashing"] == 0
        assert list(report["signals"]["board"]) == list(SIGNALS)
        for block in report["signals"]["board"].values():
            assert block["state"] == "unknown" and block["as_of"] is None and block["reason"]
        assert report["signals"]["hedge_note"] == HEDGE_NOTE


def test_auction_workbook_alone() -> None:
    from jgbtui.sources.mof_auctions import parse_workbook

    results = parse_workbook(
        (FIXTURES / "mof_auctions/Auction_Results_for_JGBs_SYNTHETIC.xls").read_bytes()
    )
    source = SourceResult("mof_auctions", "MoF auctions", "ok", frames={"results": results})
    report = json.loads(json.dumps(build_report(build_view({"mof_auctions": source}, NOW), NOW)))

    ten = [a for a in report["anomalies"] if a["text"].startswith("10Y auction bid-to-cover")]
    assert ten == [
        {
            "series": "10Y auction bid-to-cover",
            "date": "2026-09-01",
            "value": 3.13,
            "text": "10Y auction bid-to-cover 3.13, weakest since June 2025; "
            "tail 1.4bp, widest on record (since January 2024)",
            "severity": "alert",
            "key": "auction:10Y:2026-09-01",
        }
    ]
    pairs = [(a["key"], a["date"]) for a in report["anomalies"]]
    assert len(pairs) == len(set(pairs)), "one headline per target and date"
    board = report["signals"]["board"]
    assert board["auction_demand"]["state"] == "red"
    assert board["auction_demand"]["as_of"] == "2026-09-01"
    assert report["signals"]["flashing"] == 1


def test_a_rebuild_recalls_the_scans_of_frames_that_did_not_change() -> None:
    from jgbtui.present.memo import PartMemo

    memo = PartMemo()
    frame = pd.DataFrame({"x": [1.0, 2.0]})
    calls: list[int] = []

    def scan() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert memo("scan", (frame, "cfg"), scan) == [1]
    assert memo("scan", (frame, "cfg"), scan) == [1] and len(calls) == 1  # recalled
    assert memo("scan", (frame, "other cfg"), scan) == [2]  # another config: scanned
    copy = frame.copy()
    assert memo("scan", (copy, "cfg"), scan) == [3]  # an equal but new frame: scanned
    del frame
    assert memo.hits == 1 and memo.misses == 3
