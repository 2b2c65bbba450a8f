"""Command line: ``jgbtui`` runs the monitor, ``jgbtui snapshot`` prints the latest figures.

Heavy imports (pandas, Textual) happen inside the commands, so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jgbtui import __version__

if TYPE_CHECKING:
    from jgbtui.runtime.config import Config
    from jgbtui.runtime.options import Options


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options shared by the monitor and ``snapshot``.

    On the sub-command they default to SUPPRESS so that an option given before the
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``jgbtui``."""
    parser = argparse.ArgumentParser(
        prog="jgbtui",
        description="Terminal monitor for the JGB market: yields, auctions, foreign flows, "
        "USD/JPY, from the official publishers.",
    )
    parser.add_argument("--version", action="version", version=f"jgbtui {__version__}")
    _add_common(parser, suppress=False)
    parser.add_argument(
        "--export-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="where e (CSV) and s (SVG) on drill-down screens write files "
        "(default: the config file's export_dir, else ./jgbtui-exports)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    snapshot = commands.add_parser(
        "snapshot",
        help="fetch every source once and print the latest figures",
        description="Fetch every source once and print the latest figures. Exits 0 when at "
        "least one source gave data, 1 (with one line per source) when none did.",
    )
    snapshot.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_common(snapshot, suppress=True)
    return parser


def options_from(args: argparse.Namespace, config: Config) -> Options:
    """Build :class:`jgbtui.runtime.options.Options` from the config file and the command line.

    The command line wins: ``--mirror`` replaces every per-source mirror of the config.
    """
    from jgbtui.runtime.options import Options

    mirrors = {n: s.mirror for n, s in config.sources.items() if s.mirror}
    refresh = {n: s.refresh_minutes for n, s in config.sources.items() if s.refresh_minutes}
    kwargs: dict[str, Any] = {
        "mirror": args.mirror,
        "mirrors": {} if args.mirror else mirrors,
        "offline": args.offline,
        "demo": args.demo,
        "refresh_minutes": refresh,
        "alerts": config.alerts,
        "theme": config.theme,
        "export_dir": getattr(args, "export_dir", None) or config.export_dir,
    }
    if args.cache_dir is not None:
        kwargs["cache_dir"] = args.cache_dir
    return Options(**kwargs)


def quiet_retry_logging() -> None:
    """Keep stamina's per-retry log lines off stderr.

    They would garble the TUI and pollute ``snapshot``'s error lines; failures surface in
    the sources' status and error text instead.
    """
    import stamina.instrumentation

    stamina.instrumentation.set_on_retry_hooks([])


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jgbtui`` command."""
    args = build_parser().parse_args(argv)
    from jgbtui.present.panes import SOURCE_NAMES
    from jgbtui.runtime.config import ConfigError, load_config

    try:
        config = load_config(known_sources=set(SOURCE_NAMES))
    except ConfigError as exc:
        print(f"jgbtui: config error: {exc}", file=sys.stderr)
        return 2
    options = options_from(args, config)
    quiet_retry_logging()
    if args.command == "snapshot":
        from jgbtui.cli.snapshot import run_snapshot

        return run_snapshot(options, as_json=args.json)
    from jgbtui.ui.app import run_app

    return run_app(options)


if __name__ == "__main__":
    sys.exit(main())
