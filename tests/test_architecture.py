"""Layering: sources and analytics never import Textual or Rich."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
    code = (
        "import importlib, pkgutil, sys\n"
        "import jgbtui.sources, jgbtui.analytics, jgbtui.present.report, jgbtui.runtime.refresh\n"
        "for pkg in (jgbtui.sources, jgbtui.analytics):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "from jgbtui.sources.registry import all_sources\n"
        "all_sources()\n"
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
