"""``jgbtui snapshot``: fetch every source once, print a Rich table or JSON."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jgbtui.present.report import build_report
from jgbtui.present.view import build_view
from jgbtui.runtime.monitor import Monitor
from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC, SourceResult


async def collect_results(options: Options) -> dict[str, SourceResult]:
    """Refresh every source once through the monitor (cache pass, network, acceptance gate)."""
    monitor = Monitor(options)
    try:
        return await monitor.once()
    finally:
        await monitor.close()


def _fmt(value: Any, spec: str = "") -> str:
    return "—" if value is None else format(value, spec)


def render_tables(report: Mapping[str, Any], console: Console) -> None:
    """Print the report as Rich tables. Network text is wrapped in ``Text`` (never markup)."""
    if report["demo"]:
        console.print(Text("DEMO — synthetic data, not published figures", style="bold reverse"))
    sources = Table(title="Sources", title_justify="left")
    for column in ("source", "status", "as of", "next release", "detail / error"):
        sources.add_column(column)
    for name, block in report["sources"].items():
        status = block["status"] + (" (late)" if block["late"] else "")
        reason = block["error"] or block["detail"] or ""
        sources.add_row(
            Text(name),
            Text(status),
            Text(_fmt(block["as_of"])),
            Text(_fmt(block["next_release"])[:16].replace("T", " ")),
            Text(reason),
        )
    console.print(sources)

    yields = report["yields"]
    if yields:
        table = Table(title=f"JGB yields (%) as of {yields['as_of']}", title_justify="left")
        for tenor in yields["tenors"]:
            table.add_column(tenor, justify="right")
        table.add_row(*(Text(_fmt(v)) for v in yields["tenors"].values()))
        console.print(table)

    lines = Table.grid(padding=(0, 2))
    lines.add_column()
    lines.add_column(justify="right")
    lines.add_column()
    if report["ust10y"]:
        ust = report["ust10y"]
        lines.add_row("US 10Y (%)", _fmt(ust["value_pct"]), f"as of {ust['as_of']}")
    if report["us_jp_10y_spread"]:
        spread = report["us_jp_10y_spread"]
        lines.add_row("US-JP 10Y (bp)", _fmt(spread["bp"], ".1f"), f"as of {spread['as_of']}")
    if report["usdjpy"]:
        fx = report["usdjpy"]
        lines.add_row(
            "USD/JPY", _fmt(fx["value"], ".2f"), f"as of {fx['as_of']} ({fx['source_label']})"
        )
    if report["intervention"]:
        iv = report["intervention"]
        lines.add_row(
            "Last intervention (¥100m)",
            _fmt(iv["amount_jpy_100m"], ",.0f"),
            f"{iv['date']} {iv['side']}",
        )
    flows = report["flows"]
    if flows["weekly"]:
        week = flows["weekly"]
        lines.add_row(
            "Foreign net, JP long-term bonds (¥100m)",
            _fmt(week["bonds_net_jpy_100m"], "+,.0f"),
            f"week {week['week_start']}..{week['week_end']}",
        )
    if flows["monthly"]:
        month = flows["monthly"]
        lines.add_row(
            "  monthly (¥100m)", _fmt(month["bonds_net_jpy_100m"], "+,.0f"), str(month["month"])
        )
    console.print(lines)

    if report["auctions"]:
        table = Table(title="Latest auction per tenor", title_justify="left")
        for column in ("date", "tenor", "BTC", "tail ¥", "tail bp", "avg yield %"):
            table.add_column(column, justify="right")
        for row in report["auctions"]:
            table.add_row(
                *(
                    Text(_fmt(v))
                    for v in (
                        row["date"],
                        row["tenor"],
                        row["bid_to_cover"],
                        row["tail_yen"],
                        row["tail_bp"],
                        row["avg_yield_pct"],
                    )
                )
            )
        console.print(table)
    notices = {n for block in report["sources"].values() for n in block["notices"]}
    for notice in sorted(notices):
        console.print(Text(notice, style="dim"))


def run_snapshot(options: Options, *, as_json: bool) -> int:
    """Run the command; return the process exit status."""
    results = asyncio.run(collect_results(options))
    # Stamp the report after the fetches, so ages are never negative.
    now = datetime.now(UTC)
    view = build_view(results, now, options.anomaly_config())
    report = build_report(view, now)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        render_tables(report, Console())
    if any(result.has_data for result in results.values()):
        return 0
    for name, result in results.items():
        print(f"{name}: {result.error or result.status}", file=sys.stderr)
    return 1
