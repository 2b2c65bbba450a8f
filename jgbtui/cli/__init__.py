"""The command line: argument parsing and the subcommands (``snapshot`` and the monitor)."""
