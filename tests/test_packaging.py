"""The wheel carries what a non-editable install needs: themes, demo data, the stylesheet."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_themes_demo_data_and_styles(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("jgbtui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = {p.name for p in (ROOT / "themes").glob("*.toml")}
    assert len(themes) >= 3
    assert {f"jgbtui/_themes/{name}" for name in themes} <= names
    assert "jgbtui/ui/styles/app.tcss" in names
    demo = {
        p.name for p in (ROOT / "jgbtui/sources/demo_data").iterdir() if p.name.startswith("DEMO_")
    }
    assert demo and {f"jgbtui/sources/demo_data/{name}" for name in demo} <= names


def test_themes_load_and_define_every_jgbtui_variable() -> None:
    from jgbtui.ui.themes import THEME_VARIABLES, load_themes

    themes = load_themes()
    assert {t.name for t in themes} >= {"jgb-dark", "jgb-light", "jgb-high-contrast"}
    assert {t.dark for t in themes} == {True, False}
    for theme in themes:
        assert set(THEME_VARIABLES) <= set(theme.variables), theme.name
