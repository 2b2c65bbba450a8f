"""``jgbtui snapshot``: fetch every source once, print Rich tables, JSON or CSV.

Tables are laid out for the terminal's width; when stdout is not a terminal (a pipe, cron)
nothing is cut, so ``jgbtui snapshot | grep 10Y`` sees every number whole.
"""

from __future__ import annotations

import asyncio
import csv
import json
import logging
import sys
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jgbtui.present.report import build_report
from jgbtui.present.saved import save_view, saved_view_path
from jgbtui.present.view import build_view
from jgbtui.runtime.alert_log import AlertLog
from jgbtui.runtime.monitor import Monitor
from jgbtui.runtime.notify import notify_all
from jgbtui.runtime.options import Options
from jgbtui.runtime.rule_book import RuleBook
from jgbtui.sources.base import UTC, SourceResult

#: Exit statuses: data, nothing could be had, the data shown is stale (see ``jgbtui --help``).
EXIT_OK, EXIT_NO_DATA, EXIT_STALE = 0, 1, 3
#: Width of the tables when stdout is not a terminal: wide enough that nothing is cut.
UNLIMITED_WIDTH = 10_000
#: A yields table column: the widest figure (``-0.123``) plus padding.
TENOR_COLUMN_WIDTH = 9


async def collect_results(
    options: Options, names: Collection[str] | None = None
) -> dict[str, SourceResult]:
    """Refresh every source (or only those in ``names``) once through the monitor (cache
    pass, network, acceptance gate)."""
    sources = None
    if names is not None:
        from jgbtui.sources.load import build_all

        sources = [source for source in build_all() if source.name in names]
    monitor = Monitor(options, sources=sources)
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
        # As many tenors per table as fit the width, so no yield is ever cut to "1…".
        tenors = list(yields["tenors"].items())
        per_table = max(1, (console.width - 1) // TENOR_COLUMN_WIDTH)
        for start in range(0, len(tenors), per_table):
            title = f"JGB yields (%) as of {yields['as_of']}" if start == 0 else None
            table = Table(title=title, title_justify="left")
            for tenor, _ in tenors[start : start + per_table]:
                table.add_column(tenor, justify="right", no_wrap=True)
            table.add_row(*(Text(_fmt(v)) for _, v in tenors[start : start + per_table]))
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
    render_board(report, console)
    render_events(report, console)
    notices = {n for block in report["sources"].values() for n in block["notices"]}
    for notice in sorted(notices):
        console.print(Text(notice, style="dim"))


def render_board(report: Mapping[str, Any], console: Console) -> None:
    """The sell-Japan board and the headlines, every sentence whole (cells wrap, never cut)."""
    signals = report["signals"]
    if signals["board"]:
        flashing = signals["flashing"]
        table = Table(
            title=f"Sell-Japan board: {flashing} flashing", title_justify="left", show_lines=False
        )
        table.add_column("signal", no_wrap=True)
        table.add_column("state", no_wrap=True)
        table.add_column("as of", no_wrap=True)
        table.add_column("reason", overflow="fold")
        for name, block in signals["board"].items():
            state = block["state"]
            table.add_row(
                Text(name.replace("_", " ")),
                Text(state.upper() if state == "red" else state),
                Text(_fmt(block["as_of"])),
                Text(block["reason"]),
            )
        console.print(table)
        console.print(Text(signals["hedge_note"], style="dim"))
    headlines = report["anomalies"]
    if headlines:
        table = Table(title="Headlines (newest first)", title_justify="left")
        table.add_column("date", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("headline", overflow="fold")
        for item in headlines:
            table.add_row(Text(item["date"]), Text(item["severity"]), Text(item["text"]))
        console.print(table)


def check_rules(
    options: Options, results: Mapping[str, SourceResult], now: datetime
) -> list[dict[str, Any]]:
    """Check the trader's rules once, as the app does, and say where each stands.

    A firing is written to the alert log (and the notify command runs), and the rules file
    remembers it, so the next run, or the app, does not fire it again. DEMO data is never
    judged. Each rule's JSON says ``fired_now`` when this run fired it.
    """
    book = RuleBook(options.rules, options.rules_file)
    log = AlertLog(options.alert_log)
    demo = any(r.status == "demo" for r in results.values())
    fired = [] if demo else book.evaluate(results, now)
    ringing = log.record(fired)
    if ringing and options.alerts.notify:
        asyncio.run(notify_all(options.alerts.notify, ringing, options.alerts.notify_timeout))
    keys = {alert.key for alert in fired}
    out = []
    for status in book.statuses(log):
        block = status.to_json()
        if demo and not status.paused:
            block["status"] = "demo"  # synthetic numbers are never judged
        block["fired_now"] = f"rule:{status.rule.id}" in keys
        out.append(block)
    return out


def render_rules(rules: list[dict[str, Any]], console: Console) -> None:
    """Your rules: state, the latest value judged and the last firing."""
    if not rules:
        return
    table = Table(title="Your rules", title_justify="left")
    for column in ("rule", "state", "latest", "last fired"):
        table.add_column(column, overflow="fold")
    for rule in rules:
        current = rule["current"] or {}
        latest = f"{current.get('value')} ({current.get('as_of')})" if current else "—"
        firing = rule["last_firing"]
        fired = "never"
        if firing:
            fired = f"{firing['value']} ({firing['as_of']}) at {firing['fired_at'][:16]}"
            fired += " NEW" if rule["fired_now"] else f" [{rule['alert'] or 'read'}]"
        table.add_row(Text(rule["rule"]), Text(rule["status"]), Text(latest), Text(fired))
    console.print(table)


def render_events(report: Mapping[str, Any], console: Console, limit: int = 10) -> None:
    """The BOJ's rate, CPI, the homecoming flows and the next events (JST, with offsets)."""
    lines = Table.grid(padding=(0, 2))
    lines.add_column(no_wrap=True)
    lines.add_column(justify="right", no_wrap=True)
    lines.add_column(overflow="fold")
    boj = report.get("boj")
    if boj and boj["policy_rate_pct"] is not None:
        decided = f", decided {boj['decided']}" if boj["decided"] else ""
        lines.add_row(
            "BOJ policy rate (%)",
            _fmt(boj["policy_rate_pct"], ".2f"),
            f"since {boj['since']}{decided}; next meeting {_fmt(boj['next_meeting'])}",
        )
    if boj and boj["call_rate_pct"] is not None:
        lines.add_row("O/N call rate (%)", _fmt(boj["call_rate_pct"], ".3f"), str(boj["as_of"]))
    for area in ("tokyo", "national"):
        block = (report.get("cpi") or {}).get(area)
        if block:
            lines.add_row(
                f"CPI {area}, core y/y (%)", _fmt(block["core_yoy_pct"], "+.1f"), block["text"]
            )
    home = report.get("homecoming")
    if home:
        lines.add_row(
            "Life insurers abroad (¥100m)",
            _fmt(home["life_insurers_net_jpy_100m"], "+,.0f"),
            f"{home['month']}; pension trusts {_fmt(home['trust_accounts_net_jpy_100m'], '+,.0f')}"
            f", banks {_fmt(home['banks_net_jpy_100m'], '+,.0f')}",
        )
    if lines.rows:
        console.print(lines)
    calendar = report.get("calendar") or []
    if calendar:
        table = Table(title="Next events (JST)", title_justify="left")
        table.add_column("when", no_wrap=True)
        table.add_column("what", overflow="fold")
        for item in calendar[:limit]:
            table.add_row(Text(item["when"][:16].replace("T", " ")), Text(item["what"]))
        console.print(table)


def make_console(width: int | None) -> Console:
    """A console ``width`` columns wide; unlimited when stdout is not a terminal."""
    if width is not None:
        return Console(width=max(width, 20))
    if not sys.stdout.isatty():
        return Console(width=UNLIMITED_WIDTH)
    return Console()


def exit_status(results: Mapping[str, SourceResult]) -> int:
    """0 with data, 1 when no source gave data, 3 when any data shown is stale."""
    with_data = [r for r in results.values() if r.has_data]
    if not with_data:
        return EXIT_NO_DATA
    return EXIT_STALE if any(r.status == "stale" for r in with_data) else EXIT_OK


def write_csv(results: Mapping[str, SourceResult]) -> None:
    """One line per series id that has data: its latest date and value (see ``export``)."""
    from jgbtui.present import series

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["series", "date", "value", "unit", "status", "title"])
    for definition in series.all_series():
        data = series.load(results, definition.id)
        if data.rows.empty:
            continue
        last = data.rows.iloc[-1]
        states = {results[name].status for name in data.used if name in results}
        status = next((s for s in ("stale", "demo", "ok") if s in states), "ok")
        out.writerow(
            [
                definition.id,
                last["date"].date().isoformat(),
                series.format_value(last["value"], definition.decimals),
                definition.unit,
                status,
                definition.title,
            ]
        )


def run_snapshot(
    options: Options,
    *,
    form: Literal["table", "json", "csv"] = "table",
    width: int | None = None,
) -> int:
    """Run the command; return the process exit status (see :func:`exit_status`)."""
    results = asyncio.run(collect_results(options))
    # Stamp the report after the fetches, so ages are never negative.
    now = datetime.now(UTC)
    try:
        rules = check_rules(options, results, now)
    except Exception as exc:  # a broken rules file must not cost the figures
        logging.getLogger(__name__).exception("checking the rules failed")
        print(f"jgbtui: rules not checked: {type(exc).__name__}: {exc}", file=sys.stderr)
        rules = []
    view = build_view(results, now, options.anomaly_config())
    demo = any(r.status == "demo" for r in results.values())
    if not demo and any(r.has_data for r in results.values()):
        # The next `jgbtui` paints this view first, as it paints its own last one.
        save_view(saved_view_path(options.cache_dir), view, results)
    if form == "csv":
        write_csv(results)
    else:
        report = build_report(view, now, rules)
        if form == "json":
            sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        else:
            console = make_console(width)
            render_tables(report, console)
            render_rules(rules, console)
    status = exit_status(results)
    if status == EXIT_NO_DATA:
        for name, result in results.items():
            print(f"{name}: {result.error or result.status}", file=sys.stderr)
    elif status == EXIT_STALE:
        stale = [n for n, r in results.items() if r.status == "stale"]
        print(f"jgbtui: stale data from {', '.join(stale)}", file=sys.stderr)
    return status
