"""``jgbtui config path`` and ``jgbtui config init [--force]``."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from jgbtui.runtime.config import config_path, user_themes_dir
from jgbtui.runtime.config_template import default_config_text


def write_default(path: Path, *, force: bool) -> None:
    """Write the commented default config to ``path`` (atomically; parents created).

    Raises:
        FileExistsError: when ``path`` exists and ``force`` is false.
        OSError: when it cannot be written.
    """
    if path.exists() and not force:
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(default_config_text())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_config(action: str, explicit: Path | None, *, force: bool = False) -> int:
    """Run ``config ACTION``; return the exit status."""
    path, _ = config_path(explicit)
    if action == "path":
        print(path)
        return 0
    try:
        write_default(path, force=force)
    except FileExistsError:
        print(
            f"jgbtui: {path} exists; keeping it (use `jgbtui config init --force` to replace it)",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(f"jgbtui: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    print(f"user themes: put *.toml theme files in {user_themes_dir(path)}")
    return 0
