"""A view as the journal keeps it: the figures the panes showed, as plain JSON, and back.

:func:`view_parts` turns a :class:`~jgbtui.present.view.MarketView` into JSON-ready parts,
one per field of the view (``yields``, ``spreads``, ``auctions``, ``flows``, ``fx``,
``board``, ``anomalies`` ...) plus ``sources`` (each source's state as the status line and
the pane borders showed it). The journal writes only the parts that changed since its last
line. :func:`view_from_parts` rebuilds a view from merged parts, for the read-only journal
screen and ``jgbtui journal``: the same rows, so the same widgets draw the same numbers.

The codec walks the view's dataclasses by their type hints, so a field added to the view
later is journalled without a change here. A journalled view has no frames (drill-downs need
live data) and its sources are :class:`RecordedResult` (states without data).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from jgbtui.present.model import MarketView
from jgbtui.sources.base import SourceResult

log = logging.getLogger(__name__)
#: View fields that are not what the panes show (or are journalled another way).
_NOT_PARTS = frozenset({"built_at", "results", "frames"})
SOURCES = "sources"


@dataclass(frozen=True, eq=False)
class RecordedResult(SourceResult):
    """A source's state as the journal recorded it: no frames, but whether it had data."""

    had_data: bool = False

    @property
    def has_data(self) -> bool:
        """Whether the source had data to show at the time."""
        return self.had_data


# --------------------------------------------------------------------------- encoding


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    return float(value) if hasattr(value, "__float__") else str(value)


def source_part(result: SourceResult) -> dict[str, Any]:
    """What the status line and the pane borders show of one source.

    The confirmation time is kept only for stale data (its age is shown); for fresh data it
    changes at every poll and is not shown, so it is left out.
    """
    return {
        "name": result.name,
        "title": result.title,
        "status": result.status,
        "as_of": _encode(result.as_of),
        "fetched_at": _encode(result.fetched_at) if result.status == "stale" else None,
        "error": result.error,
        "detail": result.detail,
        "notices": list(result.notices),
        "next_release": _encode(result.next_release),
        "late": result.late,
        "had_data": result.has_data,
    }


def view_parts(
    view: MarketView, results: Mapping[str, SourceResult] | None = None
) -> dict[str, Any]:
    """The parts of ``view`` as JSON-ready values; ``results`` (default: the view's) give
    the sources' states, which may be newer than the view."""
    parts: dict[str, Any] = {SOURCES: [source_part(r) for r in (results or view.results).values()]}
    for spec in dataclasses.fields(view):
        if spec.name not in _NOT_PARTS:
            parts[spec.name] = _encode(getattr(view, spec.name))
    return parts


# --------------------------------------------------------------------------- decoding


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _decode(options[0], value) if len(options) == 1 else value
    if hint is float:
        return math.nan if value is None else float(value)
    if value is None:
        return None
    if origin is tuple:
        args = typing.get_args(hint)
        item = args[0] if args else Any
        return tuple(_decode(item, v) for v in value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, value)
    if hint in (int, str, bool):
        return hint(value)
    return value


def _decode_dataclass(cls: type[Any], value: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {
        f.name: _decode(hints[f.name], value[f.name])
        for f in dataclasses.fields(cls)
        if f.init and f.name in value
    }
    return cls(**kwargs)


def _recorded(part: Mapping[str, Any]) -> RecordedResult:
    return RecordedResult(
        name=str(part["name"]),
        title=str(part.get("title") or part["name"]),
        status=part.get("status", "error"),
        as_of=_decode(date | None, part.get("as_of")),
        fetched_at=_decode(datetime | None, part.get("fetched_at")),
        error=part.get("error"),
        detail=str(part.get("detail") or ""),
        notices=tuple(part.get("notices") or ()),
        next_release=_decode(datetime | None, part.get("next_release")),
        late=bool(part.get("late")),
        had_data=bool(part.get("had_data")),
    )


def view_from_parts(parts: Mapping[str, Any], at: datetime) -> MarketView:
    """The view that ``parts`` (merged up to time ``at``) describe; read-only, no frames."""
    hints = typing.get_type_hints(MarketView)
    kwargs: dict[str, Any] = {}
    for spec in dataclasses.fields(MarketView):
        if spec.name in _NOT_PARTS or spec.name not in parts:
            continue
        try:
            kwargs[spec.name] = _decode(hints[spec.name], parts[spec.name])
        except (TypeError, ValueError, KeyError) as exc:  # an older journal's shape
            log.warning("journal part %s not readable: %s", spec.name, exc)
    results = {str(p["name"]): _recorded(p) for p in parts.get(SOURCES, [])}
    return MarketView(built_at=at, results=results, **kwargs)
