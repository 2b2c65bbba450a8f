"""The architecture holds: imports run one way, source identity lives in the catalog only.

* import-linter checks the contracts in ``pyproject.toml`` (layers
  ``cli -> ui -> runtime -> present -> analytics -> sources``, analytics never imports a
  source, no cycles between siblings);
* no source name is written as a string literal outside ``jgbtui/sources``;
* every catalog entry is wired: a pane, a status label, a schedule, an implementation whose
  frames are the ones the entry declares;
* the tests folder mirrors the packages;
* the headless layers never load Textual or Rich; colours live only in themes.
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from jgbtui.sources import catalog

PACKAGE = Path(__file__).resolve().parent.parent / "jgbtui"
HEADLESS = ("sources", "analytics")
FORBIDDEN = ("textual", "rich", "textual_plotext", "plotext")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_headless_modules_do_not_import_ui_packages() -> None:
    offenders = []
    for layer in HEADLESS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            bad = _imports(path) & set(FORBIDDEN)
            if bad:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    assert offenders == []


def test_loading_every_headless_module_leaves_ui_unloaded() -> None:
    # httpx imports its optional command line (click, rich, pygments) when click is installed,
    # as it is beside import-linter in the test environment; block click so that what is
    # measured is jgbtui's own imports.
    code = (
        "import importlib, pkgutil, sys\n"
        "sys.modules['click'] = None\n"
        "import jgbtui.sources, jgbtui.analytics, jgbtui.present.report, jgbtui.runtime.refresh\n"
        "for pkg in (jgbtui.sources, jgbtui.analytics):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "from jgbtui.sources.load import build_all\n"
        "build_all()\n"
        "loaded = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich'))\n"
        "print(loaded)\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_colours_live_only_in_themes() -> None:
    """No colour literals in Python or stylesheets outside themes/.

    Hex and rgb() are refused anywhere in a string; named colours ("red", "bold cyan") are
    refused where they are used as a style (``style=``, ``color=``, ``bgcolor=``,
    ``Style(...)``/``Color(...)`` arguments) — elsewhere "red" is a traffic-light state.
    """
    import io
    import re
    import tokenize

    literal = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\(")
    named = re.compile(r"\b(?:red|green|yellow|blue|magenta|cyan|white|black|grey\d*|gray\d*)\b")
    style_keywords = {"style", "color", "bgcolor"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        recent: list[str] = []
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING:
                text = tok.string.strip("\"'")
                as_style = (
                    len(recent) >= 2 and recent[-1] == "=" and recent[-2] in style_keywords
                ) or (len(recent) >= 2 and recent[-1] == "(" and recent[-2] in {"Style", "Color"})
                if literal.search(text) or (as_style and named.search(text)):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{tok.start[0]}: {tok.string}")
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                recent = [*recent[-3:], tok.string]
    for path in sorted(PACKAGE.rglob("*.tcss")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for number, line in enumerate(text.splitlines(), 1):
            if literal.search(line) or re.search(r":\s*(?:[a-z-]+\s+)*" + named.pattern, line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") >= 3


def _string_literals(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING:
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):  # f-strings: look at their text
                value = tok.string
            if isinstance(value, str):
                found.append((tok.start[0], value))
    return found


def test_no_source_name_literal_outside_the_sources_package() -> None:
    names = set(catalog.names())
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "sources") in path.parents:
            continue
        for line, value in _string_literals(path):
            if value.strip("\"'") in names:
                offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {value!r}")
    assert offenders == []


def test_the_check_above_can_fail() -> None:
    """The literal scanner finds a source name where one is written."""
    probe = PACKAGE.parent / "tests" / "fixtures" / "SYNTHETIC_literal_probe.txt"
    assert _string_literals(probe) == [(1, catalog.names()[0])]


@pytest.mark.parametrize("entry", catalog.CATALOG, ids=lambda e: e.name)
def test_every_catalog_entry_is_wired(entry: catalog.SourceSpec) -> None:
    from jgbtui.present.panes import PANE_SOURCES
    from jgbtui.sources.load import build
    from jgbtui.ui.widgets.status_line import ABBREVIATIONS

    assert entry.panes and set(entry.panes) <= set(catalog.PANES)
    assert all(entry.name in PANE_SOURCES[pane] for pane in entry.panes)
    assert ABBREVIATIONS[entry.name] == entry.label
    assert entry.schedule.description
    assert entry.refresh.total_seconds() >= 60
    source = build(entry)
    assert source.name == entry.name and source.spec is entry
    demo = source.collect_demo()
    declared = {spec.key for spec in entry.frames}
    required = {spec.key for spec in entry.frames if not spec.optional}
    assert required <= set(demo.frames) <= declared


def test_labels_and_names_are_unique() -> None:
    assert len(set(catalog.names())) == len(catalog.CATALOG)
    assert len({entry.label for entry in catalog.CATALOG}) == len(catalog.CATALOG)


def test_tests_mirror_the_packages() -> None:
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    tests = PACKAGE.parent / "tests"
    missing = [name for name in packages if not (tests / name).is_dir()]
    assert packages and missing == []


def test_the_app_module_stays_thin() -> None:
    """The app renders and listens; polling and merging live in runtime/monitor.py."""
    lines = (PACKAGE / "ui" / "app.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200
