"""The wheel carries what a non-editable install needs: themes, demo data, the stylesheet, the
licence. It is built offline: no build dependency is downloaded (hatchling comes with the
``test`` extra); without hatchling the test skips and says why."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_themes_demo_data_styles_and_licence(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is not installed (pip install -e '.[test]' brings it)")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",  # use the installed hatchling: nothing is downloaded
            "--no-deps",
            "--no-index",
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
    assert any(name.endswith("licenses/LICENSE") for name in names), "the MIT licence ships"
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert "Requires-Python: >=3.11" in metadata and "License-Expression: MIT" in metadata
    assert "Project-URL:" in metadata


def test_licence_readme_and_pyproject_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert project["urls"]
    assert project["requires-python"] == ">=3.11"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11" in readme and "MIT" in readme


def test_themes_load_and_define_every_jgbtui_variable() -> None:
    from jgbtui.ui.themes import THEME_VARIABLES, load_themes

    themes = load_themes()
    assert {t.name for t in themes} >= {"jgb-dark", "jgb-light", "jgb-high-contrast"}
    assert {t.dark for t in themes} == {True, False}
    for theme in themes:
        assert set(THEME_VARIABLES) <= set(theme.variables), theme.name
