"""Parsed frames on disk round-trip exactly, load without pickle, and never read a stale parser."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.sources import mof_jgb_yields
from jgbtui.sources.catalog import CATALOG
from jgbtui.sources.framestore import FrameStore
from jgbtui.sources.load import build
from jgbtui.sources.mof_auction_workbook import parse_workbook
from jgbtui.sources.mof_flows_weekly import parse_week_csv

REAL = {
    "mof_jgbcme_all_en.csv": mof_jgb_yields.parse,
    "mof_itn_week_cp932_2026-08-06.csv": parse_week_csv,
    "mof_Auction_Results_for_JGBs_2026-06.xls": parse_workbook,
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_frames_round_trip_exactly(
    name: str, real_file: Callable[[str], Path], tmp_path: Path
) -> None:
    raw = real_file(name).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    parse = REAL[name]
    frame = parse(raw)
    store = FrameStore(tmp_path)
    assert store.load(digest, parse) is None
    assert store.save(digest, parse, frame)
    pd.testing.assert_frame_equal(store.load(digest, parse), frame, check_exact=True)


def test_every_demo_frame_round_trips(tmp_path: Path) -> None:
    store = FrameStore(tmp_path)
    for spec in CATALOG:
        for key, frame in build(spec).collect_demo().frames.items():
            digest = hashlib.sha256(f"{spec.name}/{key}".encode()).hexdigest()
            assert store.save(digest, build, frame), (spec.name, key)
            back = store.load(digest, build)
            pd.testing.assert_frame_equal(back, frame, check_exact=True)


def test_a_damaged_file_is_ignored_and_other_values_are_not_stored(tmp_path: Path) -> None:
    store = FrameStore(tmp_path)
    digest = "ab" * 32
    frame = pd.DataFrame({"x": [1.0]})
    assert store.save(digest, parse_week_csv, frame)
    store.path(digest, parse_week_csv).write_bytes(b"not an npz")
    assert store.load(digest, parse_week_csv) is None
    assert not store.save(digest, parse_week_csv, ("a", "tuple"))
    # Another parser never reads this parser's frame.
    assert store.save(digest, parse_week_csv, frame)
    assert store.load(digest, parse_workbook) is None


def test_a_partial_parser_has_the_same_identity_in_every_process() -> None:
    from functools import partial

    from jgbtui.sources.framestore import parser_identity
    from jgbtui.sources.mof_auction_pages import parse_calendar

    url = "https://www.mof.go.jp/english/policy/jgbs/auction/calendar/2612e.htm"
    first = parser_identity(partial(parse_calendar, url=url))
    # No memory address in it: the next start must find the frames this one stored.
    assert first == parser_identity(partial(parse_calendar, url=url))
    assert "0x" not in first and url in first
    assert first != parser_identity(partial(parse_calendar, url=url.replace("2612", "2701")))
