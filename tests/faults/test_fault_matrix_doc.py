"""``docs/fault-matrix.md`` is the case table the fault tests run, rendered."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_published_fault_matrix_is_current() -> None:
    spec = importlib.util.spec_from_file_location("fault_matrix", ROOT / "scripts/fault_matrix.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    document = (ROOT / "docs" / "fault-matrix.md").read_text(encoding="utf-8")
    assert document == script.render(), "run: python scripts/fault_matrix.py"
    assert "| `hang` |" in document and "| `gzip-bomb` |" in document


def test_the_readme_links_the_fault_matrix() -> None:
    assert "docs/fault-matrix.md" in (ROOT / "README.md").read_text(encoding="utf-8")
