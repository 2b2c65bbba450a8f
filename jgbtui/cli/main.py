"""Command line: ``jgbtui`` runs the monitor; sub-commands print, export, serve and configure.

Heavy imports (pandas, Textual) happen inside the commands, so ``--help`` is instant. The
config file is read and checked before any screen opens: a bad key exits 2 naming it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jgbtui import __version__

if TYPE_CHECKING:
    from jgbtui.runtime.config import Config
    from jgbtui.runtime.options import Options

#: Exit statuses (also in the README): 2 is a usage or config error (argparse's own), 3 means
#: the data printed is stale, so a cron job can tell.
EXIT_OK, EXIT_NO_DATA, EXIT_USAGE, EXIT_STALE = 0, 1, 2, 3
LOG_LEVELS = ("debug", "info", "warning", "error")

_MAIN_EXAMPLES = """\
examples:
  jgbtui                                   the monitor, fetching from the publishers
  jgbtui --mirror http://proxy.desk:8080   through a desk's shared caching proxy
  jgbtui --demo                            packaged synthetic DEMO data, no network
  jgbtui snapshot --json | jq .yields      the latest figures for a script
  jgbtui export jgb:10Y --start 2026-09-01 --format csv
  jgbtui serve --port 8000                 the monitor in a web browser (loopback only)
  jgbtui config init                       write a commented config file with every key
  jgbtui journal --date 2026-12-01 --at 10:05   what the panes showed at 10:05 that day

commands:
  snapshot   fetch every source once and print the latest figures (table, JSON or CSV)
  export     print one series (jgb:10Y, usdjpy, ...) as CSV or JSON; --list shows every id
  serve      serve the monitor to web browsers (needs the `serve` extra)
  config     show where the config file is (path) or write a default one (init)
  journal    print what the panes showed at a time of a day (the app's journal)

exit status: 0 data, 1 no data could be had, 2 usage or config error, 3 data is stale.
"""

_SNAPSHOT_EXAMPLES = """\
examples:
  jgbtui snapshot                          tables: sources, yields, board, headlines ...
  jgbtui snapshot | cat                    piped or under cron: full numbers, no colour
  jgbtui snapshot --width 200              tables laid out for 200 columns
  jgbtui snapshot --json > latest.json
  jgbtui snapshot --csv --offline          one line per series from the cache only

exit status: 0 data, 1 no source gave data (one line per source on stderr),
3 some data shown is stale (the last fetch failed and a cached copy was used).
"""

_EXPORT_EXAMPLES = """\
examples:
  jgbtui export --list
  jgbtui export jgb:10Y --start 2026-09-01 --end 2026-09-11
  jgbtui export usdjpy --format json
  jgbtui export spread:us-jp-10y --offline
  jgbtui export auction:10Y:btc --start 2025-01-01
  jgbtui export flows:weekly:bonds --mirror http://127.0.0.1:8765

exit status: 0 rows printed, 1 no data (message on stderr), 2 unknown series or bad date,
3 rows printed but their source is stale.
"""

_SERVE_EXAMPLES = """\
examples:
  jgbtui serve                             http://127.0.0.1:8000, this machine only
  jgbtui serve --port 9000 --mirror http://proxy.desk:8080
  jgbtui serve --host 0.0.0.0 --public-url http://desk-pc:8000
                                           reachable from other machines (read the warning)

Each browser tab runs its own jgbtui process; e (CSV) and s (SVG) on drill-down screens
download the file in the browser. There is no authentication: keep it on loopback, or put
it behind a reverse proxy that authenticates.
"""

_JOURNAL_EXAMPLES = """\
examples:
  jgbtui journal                           today: the views recorded, and the last one
  jgbtui journal --date 2026-12-01 --at 10:05
  jgbtui journal --list                    the days the journal holds

Times are local (this machine's time zone). The app writes the journal while it runs; see
[journal] in the config for how many days (retention_days) and megabytes it keeps.
exit status: 0 printed, 1 nothing recorded for that day or before that time.
"""

_CONFIG_EXAMPLES = """\
examples:
  jgbtui config path                       where jgbtui reads its config
  jgbtui config init                       write a commented default there
  jgbtui --config ./desk.toml config init --force
"""


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options shared by the monitor and the sub-commands that fetch.

    On a sub-command they default to SUPPRESS so that an option given before the
    sub-command name is not overwritten by the sub-command's default.
    """

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--mirror",
        metavar="BASE",
        default=default(None),
        help="fetch https://HOST/PATH?QUERY from BASE/HOST/PATH?QUERY instead "
        "(a mirror, proxy cache or local test server)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=default(False),
        help="never use the network; show cached data (marked stale)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        type=Path,
        default=default(None),
        help="where payloads are cached (default: the user cache directory)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help="use the packaged synthetic DEMO data (no network, no cache)",
    )


def _add_export_dir(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    parser.add_argument(
        "--export-dir",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS if suppress else None,
        help="where e (CSV) and s (SVG) on drill-down screens write files "
        "(default: the config file's export_dir, else ./jgbtui-exports)",
    )


def _iso_date(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``jgbtui``."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="jgbtui",
        description="Terminal monitor for the JGB market: yields, auctions, foreign flows, "
        "USD/JPY, from the official publishers.",
        epilog=_MAIN_EXAMPLES,
        formatter_class=raw,
    )
    parser.add_argument("-V", "--version", action="version", version=f"jgbtui {__version__}")
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        default=None,
        help="read this config file (default: $JGBTUI_CONFIG, else the user config "
        "directory; see `jgbtui config path`); it must exist",
    )
    parser.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        default=None,
        help="detail of the log file (default: the config's log_level, else info)",
    )
    _add_common(parser, suppress=False)
    _add_export_dir(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    snapshot = commands.add_parser(
        "snapshot",
        help="fetch every source once and print the latest figures",
        description="Fetch every source once and print the latest figures: tables (the "
        "sources, yields, the sell-Japan board and the headlines), or JSON, or CSV.",
        epilog=_SNAPSHOT_EXAMPLES,
        formatter_class=raw,
    )
    form = snapshot.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON instead of tables")
    form.add_argument(
        "--csv",
        action="store_true",
        help="print CSV: one line per series id with its latest value (see `export --list`)",
    )
    snapshot.add_argument(
        "--width",
        type=int,
        metavar="COLUMNS",
        default=None,
        help="lay the tables out for this many columns (default: the terminal's width; "
        "unlimited when not a terminal, so numbers are never cut)",
    )
    _add_common(snapshot, suppress=True)

    export = commands.add_parser(
        "export",
        help="print one series as CSV or JSON",
        description="Fetch what one series needs and print its rows with the publisher's "
        "decimals. SERIES is an id such as jgb:10Y, ust:10Y, usdjpy, spread:2s10s, "
        "spread:us-jp-10y, flows:weekly:bonds, flows:monthly:bonds, auction:10Y:btc.",
        epilog=_EXPORT_EXAMPLES,
        formatter_class=raw,
    )
    export.add_argument("series", nargs="?", metavar="SERIES", help="the series id")
    export.add_argument("--list", action="store_true", help="list every series id and exit")
    export.add_argument("--start", type=_iso_date, metavar="YYYY-MM-DD", help="first date")
    export.add_argument("--end", type=_iso_date, metavar="YYYY-MM-DD", help="last date")
    export.add_argument("--format", choices=("csv", "json"), default="csv", help="default csv")
    _add_common(export, suppress=True)

    serve = commands.add_parser(
        "serve",
        help="serve the monitor to web browsers (textual-serve)",
        description="Serve the monitor over HTTP with textual-serve: each browser tab runs "
        "its own jgbtui with the options given here.",
        epilog=_SERVE_EXAMPLES,
        formatter_class=raw,
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="the URL browsers use to reach this server, when it is not http://HOST:PORT",
    )
    _add_common(serve, suppress=True)
    _add_export_dir(serve, suppress=True)

    config = commands.add_parser(
        "config",
        help="show or create the config file",
        description="Show where jgbtui reads its config file, or write a commented default "
        "with every key.",
        epilog=_CONFIG_EXAMPLES,
        formatter_class=raw,
    )
    actions = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    actions.add_parser(
        "path",
        help="print the config file's path",
        description="Print the config file jgbtui reads: --config, else $JGBTUI_CONFIG, else "
        "config.toml in the platform's user config directory (it may not exist yet).",
    )
    init = actions.add_parser(
        "init",
        help="write a commented default config with every key",
        description="Write a commented default config (every key, with its default) to the "
        "path `jgbtui config path` prints. An existing file is kept unless --force.",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing file")

    journal = commands.add_parser(
        "journal",
        help="print what the panes showed at a time of a day",
        description="Print what the app's panes showed at a time of a day, from the journal "
        "the app writes in the user state directory (read-only; nothing is fetched).",
        epilog=_JOURNAL_EXAMPLES,
        formatter_class=raw,
    )
    journal.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: today)"
    )
    journal.add_argument(
        "--at",
        type=_clock_time,
        metavar="HH:MM",
        help="the local time (default: the last view of the day)",
    )
    journal.add_argument("--list", action="store_true", help="list the days the journal holds")
    journal.add_argument(
        "--width", type=int, metavar="COLUMNS", default=None, help="as for snapshot"
    )
    return parser


def _clock_time(text: str) -> Any:
    from datetime import time

    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a time (HH:MM): {text!r}") from exc


def options_from(args: argparse.Namespace, config: Config) -> Options:
    """Build :class:`jgbtui.runtime.options.Options` from the config file and the command line.

    The command line wins: ``--mirror`` replaces every per-source mirror of the config.
    """
    from jgbtui.runtime.config import config_path, user_themes_dir
    from jgbtui.runtime.options import Options

    mirrors = {n: s.mirror for n, s in config.sources.items() if s.mirror}
    refresh = {n: s.refresh_minutes for n, s in config.sources.items() if s.refresh_minutes}
    path = config.path or config_path(getattr(args, "config", None))[0]
    kwargs: dict[str, Any] = {
        "mirror": args.mirror,
        "mirrors": {} if args.mirror else mirrors,
        "offline": args.offline,
        "demo": args.demo,
        "refresh_minutes": refresh,
        "alerts": config.alerts,
        "rules": config.rules,
        "journal": config.journal,
        "theme": config.theme,
        "export_dir": getattr(args, "export_dir", None) or config.export_dir,
        "user_themes": user_themes_dir(path),
    }
    if args.cache_dir is not None:
        kwargs["cache_dir"] = args.cache_dir
    return Options(**kwargs)


def retry_logging() -> None:
    """Send stamina's retries to the log file instead of stderr.

    On stderr they would garble the TUI and pollute ``snapshot``'s error lines; in the log
    they are the trace a retry leaves after the status line has moved on.
    """
    import stamina.instrumentation

    logger = logging.getLogger("jgbtui.fetch")

    def on_retry(details: stamina.instrumentation.RetryDetails) -> None:
        logger.info(
            "retry %d in %.1fs after %s: %s",
            details.retry_num,
            details.wait_for,
            type(details.caused_by).__name__,
            details.caused_by,
        )

    stamina.instrumentation.set_on_retry_hooks([on_retry])


#: glibc's ``mallopt`` parameters (malloc.h) and the values this app runs with.
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
MALLOC_ARENAS = 2
MALLOC_MMAP_THRESHOLD = 128 * 1024


def tune_malloc() -> None:
    """Make glibc hand big freed blocks back at once and keep fewer per-thread heaps.

    Parsing, loading and view builds run in worker threads; by default glibc gives each
    busy thread its own heap (up to eight per core) and, after the first large array is
    freed, keeps arrays of up to 32 MiB inside those heaps, where freed space waits for
    ``malloc_trim``. Two heaps and large blocks always mapped on their own lower the peak
    memory of a full load by several MiB (``benchmarks/run.py``); the GIL leaves little
    for more heaps to win. Settings the user gave through ``MALLOC_*`` variables are kept.
    Elsewhere than glibc, a no-op.
    """
    import ctypes
    import os

    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    if "MALLOC_ARENA_MAX" not in os.environ:
        mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        mallopt(_M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD)


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"jgbtui: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jgbtui`` command."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # ``jgbtui snapshot --csv | head``: the reader left; that is not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if argv is None:  # a process of its own (tests calling main() keep their allocator)
        tune_malloc()  # before any worker thread starts
    if args.command == "config":
        from jgbtui.cli.config_cmd import run_config

        return run_config(args.config_command, args.config, force=getattr(args, "force", False))

    from jgbtui.present.panes import SOURCE_NAMES
    from jgbtui.runtime.config import ConfigError, config_path, load_config

    path, explicit = config_path(args.config)
    try:
        config = load_config(path, set(SOURCE_NAMES), explicit=explicit)
    except ConfigError as exc:
        return _fail(f"config error: {exc}")
    options = options_from(args, config)
    if options.user_themes is not None:
        from jgbtui.ui.themes import ThemeError, load_user_themes

        try:
            load_user_themes(options.user_themes)
        except ThemeError as exc:
            return _fail(f"theme error: {exc}")

    from jgbtui.runtime.logs import DEFAULT_LEVEL, setup_logging

    level = args.log_level or config.log_level or DEFAULT_LEVEL
    log_file = setup_logging(level)
    logging.getLogger("jgbtui").info(
        "jgbtui %s %s (config %s)", __version__, args.command or "monitor", config.path or "none"
    )
    if not options.offline:  # offline, nothing is retried: stamina need not load
        retry_logging()
    if args.command == "snapshot":
        from jgbtui.cli.snapshot import run_snapshot

        form: Literal["table", "json", "csv"] = (
            "json" if args.json else "csv" if args.csv else "table"
        )
        return run_snapshot(options, form=form, width=args.width)
    if args.command == "export":
        from jgbtui.cli.export import run_export

        return run_export(
            options,
            args.series,
            list_only=args.list,
            start=args.start,
            end=args.end,
            form=args.format,
        )
    if args.command == "journal":
        from jgbtui.cli.journal import run_journal

        return run_journal(
            options, day=args.date, at=args.at, list_days=args.list, width=args.width
        )
    if args.command == "serve":
        from jgbtui.cli.serve import run_serve

        return run_serve(args, log_level=level)
    from dataclasses import replace

    from jgbtui.ui.app import JgbApp

    app = JgbApp(replace(options, log_file=log_file))
    app.run()
    # Non-zero when the app stopped on an error (128 plus the signal after SIGTERM/SIGHUP).
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
