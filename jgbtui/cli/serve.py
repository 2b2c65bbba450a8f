"""``jgbtui serve``: the monitor in web browsers, through textual-serve.

textual-serve runs one ``jgbtui`` process per browser tab and relays its screen over a web
socket; downloads (``e``/``s`` on drill-down screens) reach the browser through Textual's
delivery API. It has no authentication, so it listens on loopback unless told otherwise, and
says so loudly when it is not.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace, log_level: str) -> list[str]:
    """The command each browser tab runs: this Python, ``-m jgbtui`` and the app's options."""
    command = [sys.executable, "-m", "jgbtui", "--log-level", log_level]
    if args.config is not None:
        command += ["--config", str(args.config.expanduser().resolve())]
    if args.mirror:
        command += ["--mirror", args.mirror]
    if args.offline:
        command.append("--offline")
    if args.demo:
        command.append("--demo")
    if args.cache_dir is not None:
        command += ["--cache-dir", str(args.cache_dir.expanduser().resolve())]
    if args.export_dir is not None:
        command += ["--export-dir", str(args.export_dir.expanduser().resolve())]
    return command


def loopback_warning(host: str, port: int) -> str:
    """What ``serve`` prints when it listens beyond this machine."""
    return (
        f"WARNING: jgbtui serve is listening on {host}:{port}, not on loopback. Anyone who can "
        "reach this port gets the app, with no password, and each visit starts a process on "
        "this machine. Use it only on a trusted network or behind an authenticating reverse "
        "proxy; the default --host 127.0.0.1 keeps it to this machine."
    )


def run_serve(args: argparse.Namespace, *, log_level: str) -> int:
    """Serve until Ctrl+C; return the exit status."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            "jgbtui: serve needs textual-serve: pip install 'jgbtui[serve]'",
            file=sys.stderr,
        )
        return 1
    if not 0 < args.port < 65536:
        print(f"jgbtui: --port must be 1-65535, got {args.port}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(loopback_warning(args.host, args.port), file=sys.stderr, flush=True)
        if args.public_url is None:
            print(
                f"jgbtui: browsers on other machines need --public-url (the page tells them "
                f"to connect to http://{args.host}:{args.port})",
                file=sys.stderr,
                flush=True,
            )
    server = Server(
        shlex.join(app_command(args, log_level)),
        host=args.host,
        port=args.port,
        title="jgbtui",
        public_url=args.public_url,
    )
    server.serve()
    return 0
