"""``jgbtui journal``: what the panes showed at a time of a day, from the app's journal.

The journal (:mod:`jgbtui.runtime.journal`) keeps each view the app showed; this command
rebuilds the one on screen at ``--at`` (local time) and prints the panes' figures with the
panes' own formatting (yields to 3 decimals as MoF prints them, changes in bp with a sign),
so what is printed is what the trader saw. Text that came from the network is printed as
``rich.text.Text``, never as markup.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jgbtui.cli.snapshot import make_console
from jgbtui.present.format import DASH, bp, num, pct, yen_100m
from jgbtui.present.journal import view_from_parts
from jgbtui.runtime.journal import JournalEntry, entry_at, journal_days, read_day
from jgbtui.runtime.options import Options

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView

EXIT_OK, EXIT_NOTHING = 0, 1
SIDES = {"sell_usd_buy_jpy": "yen-buying", "buy_usd_sell_jpy": "yen-selling"}


def _day(value: date | None) -> str:
    return DASH if value is None else value.isoformat()


def render_view(view: MarketView, console: Console) -> None:
    """Print the panes of ``view``: sources, yields, spreads, auctions, flows, USD/JPY, board,
    headlines."""
    sources = Table(title="Sources", title_justify="left")
    for column in ("source", "status", "as of", "error"):
        sources.add_column(column)
    for result in view.results.values():
        sources.add_row(
            Text(result.title),
            Text(result.status),
            Text(_day(result.as_of)),
            Text(result.error or ""),
        )
    console.print(sources)
    if view.yields:
        table = Table(
            title=f"1 JGB yields (%) as of {_day(view.yields_as_of)}", title_justify="left"
        )
        for column in ("Tenor", "Yld %", "1d", "1w", "1m"):
            table.add_column(column, justify="right")
        for row in view.yields:
            table.add_row(row.label, pct(row.value), bp(row.chg_1d), bp(row.chg_1w), bp(row.chg_1m))
        console.print(table)
    if view.spreads:
        table = Table(title="Spreads (bp)", title_justify="left")
        for column in ("Spread", "Level", "1d", "as of"):
            table.add_column(column, justify="right")
        for spread in view.spreads:
            table.add_row(spread.label, num(spread.value, 1), bp(spread.chg_1d), _day(spread.as_of))
        console.print(table)
    if view.auctions:
        table = Table(title="2 Auctions (latest per tenor)", title_justify="left")
        for column in ("Tenor", "Date", "BTC", "Tail ¥", "Tail bp", "Avg yld"):
            table.add_column(column, justify="right")
        for auction in view.auctions:
            average = (
                auction.avg_yield_pct if auction.method != "yield" else auction.lowest_yield_pct
            )
            table.add_row(
                auction.tenor,
                _day(auction.auction_date),
                num(auction.bid_to_cover, 2),
                num(auction.tail_jpy, 3 if auction.tenor == "2Y" else 2),
                num(auction.tail_bp, 1),
                pct(average),
            )
        console.print(table)
    _render_flows_fx(view, console)
    _render_board(view, console)


def _render_flows_fx(view: MarketView, console: Console) -> None:
    flows = view.flows
    if flows.weekly:
        table = Table(
            title=f"3 Foreign flows (weekly; 4-week sum {yen_100m(flows.sum_4w)})",
            title_justify="left",
        )
        for column in ("Week", "LT bonds", "Bills", "Equity"):
            table.add_column(column, justify="right")
        for week in flows.weekly:
            table.add_row(
                f"{week.period_start:%b %d}-{week.period_end:%b %d %Y}"
                if week.period_start and week.period_end
                else DASH,
                yen_100m(week.bonds),
                yen_100m(week.bills),
                yen_100m(week.equity),
            )
        console.print(table)
    fx = view.fx
    if fx.latest is not None:
        latest = fx.latest
        console.print(
            Text(
                f"4 USD/JPY {num(latest.value, 2)} as of {_day(latest.as_of)} ({fx.source_label}); "
                f"1d {bp(latest.chg_1d, 2)}  1w {bp(latest.chg_1w, 2)}  1m {bp(latest.chg_1m, 2)}"
            )
        )
    if fx.interventions:
        last = fx.interventions[0]
        side = SIDES.get(last.side, last.side)
        console.print(
            Text(
                f"  Last MoF intervention {_day(last.day)}: "
                f"{yen_100m(last.amount_jpy_100m, signed=False)} {side}"
            )
        )


def _render_board(view: MarketView, console: Console) -> None:
    if view.board is not None:
        table = Table(
            title=f"5 Sell-Japan board: {view.board.flashing} flashing", title_justify="left"
        )
        table.add_column("signal", no_wrap=True)
        table.add_column("state", no_wrap=True)
        table.add_column("reason", overflow="fold")
        for signal in view.board.signals:
            state = str(signal.state)
            table.add_row(
                Text(signal.title),
                Text(state.upper() if state == "red" else state),
                Text(signal.reason),
            )
        console.print(table)
    if view.anomalies:
        table = Table(title="Headlines (newest first)", title_justify="left")
        table.add_column("date", no_wrap=True)
        table.add_column("headline", overflow="fold")
        for anomaly in view.anomalies:
            table.add_row(Text(anomaly.date.isoformat()), Text(anomaly.text))
        console.print(table)


def _summary(day: date, entries: list[JournalEntry]) -> str:
    first, last = entries[0].at, entries[-1].at
    zone = first.strftime("%Z") or first.strftime("UTC%z")
    return (
        f"Journal {day.isoformat()}: {len(entries)} view{'s' if len(entries) != 1 else ''} "
        f"recorded from {first:%H:%M:%S} to {last:%H:%M:%S} ({zone})"
    )


def run_journal(
    options: Options,
    *,
    day: date | None = None,
    at: time | None = None,
    list_days: bool = False,
    width: int | None = None,
) -> int:
    """Run the command; 0 when something was printed, 1 when nothing was recorded."""
    import sys

    folder = options.journal_dir
    days = journal_days(folder)
    if list_days:
        if not days:
            print(f"jgbtui: the journal in {folder} is empty", file=sys.stderr)
            return EXIT_NOTHING
        for known in days:
            print(f"{known.isoformat()}  {len(read_day(folder, known))} views")
        return EXIT_OK
    day = day or datetime.now().astimezone().date()
    entries = read_day(folder, day)
    if not entries:
        held = ", ".join(d.isoformat() for d in days[-10:]) or "none"
        print(
            f"jgbtui: no journal for {day.isoformat()} in {folder} (days held: {held})",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    console = make_console(width)
    console.print(Text(_summary(day, entries)))
    if at is None:
        entry = entries[-1]
        asked = "at the end of the day"
    else:
        zone = entries[0].at.tzinfo
        when = datetime.combine(day, at, tzinfo=zone)
        found = entry_at(entries, when)
        if found is None:
            print(
                f"jgbtui: nothing recorded before {at:%H:%M} on {day.isoformat()} "
                f"(first view at {entries[0].at:%H:%M:%S})",
                file=sys.stderr,
            )
            return EXIT_NOTHING
        entry = found
        asked = f"at {at:%H:%M}"
    how = "the app started" if entry.full else f"changed: {', '.join(entry.changed)}"
    console.print(
        Text(f"What the screen showed {asked}: the view recorded at {entry.at:%H:%M:%S} ({how})")
    )
    render_view(view_from_parts(entry.parts, entry.at), console)
    return EXIT_OK
