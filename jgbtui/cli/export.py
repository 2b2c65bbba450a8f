"""``jgbtui export SERIES``: one series as CSV or JSON, for scripts and cron.

Only the sources the series needs are fetched (through the cache, as everywhere). Values are
written with the publisher's decimals (:func:`jgbtui.present.series.format_value`).
"""

from __future__ import annotations

import asyncio
import csv
import json
import sys
from datetime import date
from typing import Any, Literal

import pandas as pd

from jgbtui.cli.snapshot import EXIT_NO_DATA, EXIT_OK, EXIT_STALE, collect_results
from jgbtui.present import series
from jgbtui.runtime.export import neutralise_cell
from jgbtui.runtime.options import Options
from jgbtui.sources.base import SourceResult

EXIT_USAGE = 2


def print_list() -> None:
    """Every series id with its unit and title, aligned."""
    definitions = series.all_series()
    width = max(len(d.id) for d in definitions) + 2
    unit_width = max(len(d.unit) for d in definitions) + 2
    for d in definitions:
        print(f"{d.id.ljust(width)}{d.unit.ljust(unit_width)}{d.title}")


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    # Text (a security name, a currency pair) never becomes a spreadsheet formula.
    return str(neutralise_cell(value))


def write_csv(data: series.SeriesData) -> None:
    """Header ``date,value[,extras]``, one row per date, ISO dates, publisher's decimals."""
    out = csv.writer(sys.stdout, lineterminator="\n")
    columns = list(data.rows.columns)
    out.writerow(columns)
    decimals = data.definition.decimals
    for row in data.rows.itertuples(index=False):
        values = dict(zip(columns, row, strict=True))
        cells = [values["date"].date().isoformat(), series.format_value(values["value"], decimals)]
        cells += [_cell(values[c]) for c in columns[2:]]
        out.writerow(cells)


def _source_block(result: SourceResult) -> dict[str, Any]:
    as_of = result.as_of
    return {
        "status": result.status,
        "as_of": as_of.isoformat() if as_of is not None else None,
        "error": result.error,
    }


def to_json(data: series.SeriesData, results: dict[str, SourceResult]) -> dict[str, Any]:
    """The series, its sources' states and its rows as one JSON-ready dict."""
    definition = data.definition
    columns = list(data.rows.columns)
    rows = []
    for row in data.rows.itertuples(index=False):
        values = dict(zip(columns, row, strict=True))
        item: dict[str, Any] = {
            "date": values["date"].date().isoformat(),
            "value": series.json_value(values["value"], definition.decimals),
        }
        for column in columns[2:]:
            cell = values[column]
            item[column] = (
                None if pd.isna(cell) else (int(cell) if column == "issue_number" else cell)
            )
        rows.append(item)
    return {
        "series": definition.id,
        "title": definition.title,
        "unit": definition.unit,
        "decimals": definition.decimals,
        "sources": {name: _source_block(results[name]) for name in data.used if name in results},
        "rows": rows,
    }


def run_export(
    options: Options,
    series_id: str | None,
    *,
    list_only: bool = False,
    start: date | None = None,
    end: date | None = None,
    form: Literal["csv", "json"] = "csv",
) -> int:
    """Run the command; return 0 with rows, 1 with none, 2 for a usage error, 3 when stale."""
    if list_only:
        print_list()
        return EXIT_OK
    if not series_id:
        print("jgbtui: export needs a SERIES id (see `jgbtui export --list`)", file=sys.stderr)
        return EXIT_USAGE
    try:
        definition = series.lookup(series_id)
    except series.UnknownSeries as exc:
        print(f"jgbtui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if start is not None and end is not None and start > end:
        print(f"jgbtui: --start {start} is after --end {end}", file=sys.stderr)
        return EXIT_USAGE
    results = asyncio.run(collect_results(options, definition.sources))
    data = series.between(series.load(results, definition.id), start, end)
    if data.rows.empty:
        reasons = [
            f"{name}: {results[name].error or results[name].status}"
            for name in definition.sources
            if name in results and not results[name].has_data
        ]
        span = f" between {start or 'the start'} and {end or 'the end'}" if start or end else ""
        print(f"jgbtui: no data for {definition.id}{span}", file=sys.stderr)
        for reason in reasons:
            print(f"  {reason}", file=sys.stderr)
        return EXIT_NO_DATA
    if form == "json":
        sys.stdout.write(json.dumps(to_json(data, results), indent=2, ensure_ascii=False) + "\n")
    else:
        write_csv(data)
    stale = [name for name in data.used if name in results and results[name].status == "stale"]
    if stale:
        errors = "; ".join(f"{n}: {results[n].error}" for n in stale)
        print(f"jgbtui: stale data ({errors})", file=sys.stderr)
        return EXIT_STALE
    return EXIT_OK
