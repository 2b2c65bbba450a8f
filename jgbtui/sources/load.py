"""Turn catalog entries into source instances (this imports pandas and the parsers)."""

from __future__ import annotations

import importlib

from jgbtui.sources.catalog import CATALOG, SourceSpec
from jgbtui.sources.source import Source


def build(spec: SourceSpec) -> Source:
    """Import the implementation named by ``spec.factory`` and make an instance."""
    module_name, _, class_name = spec.factory.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    source = cls()
    if not isinstance(source, Source) or source.spec is not spec:
        raise TypeError(f"{spec.factory} is not the Source for catalog entry {spec.name!r}")
    return source


def build_all() -> list[Source]:
    """One instance of every source, in catalog order."""
    return [build(spec) for spec in CATALOG]
