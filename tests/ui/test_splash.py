"""The last screen as drawn is the next start's first frame, at the same size only.

Real files through the mock transport; the second start has no network and no demo, so
whatever it shows comes from what the first run left in its cache directory.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from jgbtui.present.saved import saved_view_path
from jgbtui.runtime.config import AlertConfig
from jgbtui.ui.screens.main import MainScreen
from jgbtui.ui.splash import SavedFrame, SplashScreen, frame_path, load_frame

from .conftest import (
    FROZEN,
    main_screen,
    make_app,
    screen_text,
    wait_for,
    wait_until_loaded,
)

SIZE = (120, 40)


def _frame_text(path: Path) -> str:
    """Every character of the frame kept at ``path`` ("" while there is none)."""
    if not path.exists():
        return ""
    document = json.loads(path.read_text(encoding="utf-8"))
    return "".join(text for line in document["lines"] for text, _ in line)


async def _first_run(routes: dict[str, Any], folder: Path) -> Path:
    """Run the app once on the real files until it kept the frame of the loaded view; the
    cache directory.

    The views before every source answered are kept too, so wait for the 10Y's 2.987. No
    alerts: a frame is not kept while a toast is up (it would wait for the toast to go).
    """
    app = make_app(routes, folder, alerts=AlertConfig(enabled=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        path = frame_path(app.options.cache_dir)
        await wait_for(pilot, lambda: "2.987" in _frame_text(path), "the loaded frame kept")
    return app.options.cache_dir


def _second_cache(cache: Path, folder: Path) -> Path:
    """A fresh cache directory holding only the saved view and the saved frame."""
    second = folder / "cache"
    second.mkdir(parents=True)
    for path in (saved_view_path(cache), frame_path(cache)):
        shutil.copy(path, second / path.name)
    return second


@pytest.fixture
def splashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every splash screen mounted (the first frame of a start)."""
    seen: list[str] = []
    record = lambda self: seen.append(self.text)  # noqa: E731
    monkeypatch.setattr(SplashScreen, "on_mount", record, raising=False)
    return seen


async def test_the_last_screen_is_the_next_first_frame_and_keys_typed_on_it_count(
    real_routes, tmp_path, splashes
) -> None:
    cache = await _first_run(real_routes, tmp_path / "first")
    document = json.loads(frame_path(cache).read_text(encoding="utf-8"))
    assert document["size"] == list(SIZE)

    _second_cache(cache, tmp_path / "second")
    second = make_app({}, tmp_path / "second", offline=True)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # typed at once: on the saved frame or just after it
        await wait_for(pilot, lambda: second.main_screen() is not None, "the main screen")
        screen = main_screen(second)
        await wait_for(pilot, lambda: second.screen is screen, "the main screen on top")
        await wait_for(pilot, lambda: screen.active == 1, "the key typed early, answered")
    assert len(splashes) == 1
    first_line, *_ = splashes[0].splitlines()
    assert first_line.startswith("jgbtui SAVED VIEW (")  # its age, then the tabs
    assert "2.987" in splashes[0]


async def test_another_size_starts_on_the_saved_view_without_a_frame(
    real_routes, tmp_path, splashes
) -> None:
    cache = await _first_run(real_routes, tmp_path / "first")
    _second_cache(cache, tmp_path / "second")
    second = make_app({}, tmp_path / "second", offline=True)
    async with second.run_test(size=(SIZE[0] + 1, SIZE[1])) as pilot:
        assert isinstance(second.screen, MainScreen)
        await wait_for(pilot, lambda: "SAVED VIEW" in screen_text(second), "the saved view")
        assert "2.987" in screen_text(second)
    assert splashes == []


def test_the_banner_drops_whole_tabs_that_no_longer_fit() -> None:
    title = "jgbtui [1 JGB]  2 Auctions   3 Flows   4 USD/JPY   5 Signals   6 Calendar"
    frame = SavedFrame((80, 1), "jgb-dark", "colour", FROZEN, [[(title, "bold")]])
    line = frame.strips(FROZEN + timedelta(minutes=4))[0].text
    assert len(line) == 80
    assert line.rstrip() == "jgbtui SAVED VIEW (4 min old; loading) [1 JGB]  2 Auctions   3 Flows"


def _frame_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": 1,
        "size": [2, 2],
        "theme": "jgb-dark",
        "colours": "colour",
        "saved_at": FROZEN.isoformat(),
        "lines": [[["jgbtui", "bold #d8dee9 on #1e2733"]], [["2.987", ""]]],
    }
    document.update(changes)
    return document


@pytest.mark.parametrize(
    ("what", "changes"),
    [
        ("another version", {"format": 2}),
        ("a line missing", {"lines": [[["jgbtui", ""]]]}),
        ("a style that does not read", {"lines": [[["jgbtui", "bold nonsense-colour"]], []]}),
        ("no time zone", {"saved_at": "2026-11-24T03:00:00"}),
        ("another theme", {"theme": "jgb-light"}),
        ("another size", {"size": [3, 2], "lines": [[], []]}),
    ],
)
def test_a_frame_that_does_not_fit_is_not_shown(
    tmp_path, monkeypatch: pytest.MonkeyPatch, what: str, changes: dict[str, Any]
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "last-frame.json"
    path.write_text(json.dumps(_frame_document()), encoding="utf-8")
    assert load_frame(path, (2, 2), "jgb-dark") is not None  # the good one reads
    path.write_text(json.dumps(_frame_document(**changes)), encoding="utf-8")
    assert load_frame(path, (2, 2), "jgb-dark") is None, what


def test_control_characters_in_a_saved_frame_never_reach_the_terminal(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "last-frame.json"
    lines = [[["jgbtui", ""]], [["\x1b]52;c;aGk=\x07 2.987\x1b[2J", ""]]]
    path.write_text(json.dumps(_frame_document(lines=lines)), encoding="utf-8")
    frame = load_frame(path, (2, 2), "jgb-dark")
    assert frame is not None
    text = "".join(piece for line in frame.lines for piece, _ in line)
    assert "\x1b" not in text and "\x07" not in text and "2.987" in text


def test_a_cut_file_or_another_colour_mode_is_not_shown(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "last-frame.json"
    text = json.dumps(_frame_document())
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    assert load_frame(path, (2, 2), "jgb-dark") is None
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")  # drawn in colour, asked for none
    assert load_frame(path, (2, 2), "jgb-dark") is None
