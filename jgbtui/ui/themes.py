"""Load the TOML themes from the top-level ``themes/`` folder as Textual themes.

A wheel carries that folder as ``jgbtui/_themes`` (see ``pyproject.toml``); a source checkout
or editable install reads ``themes/`` beside the package. Users add their own in a ``themes/``
folder beside their config file (:func:`load_user_themes`); one with a shipped theme's name
replaces it.
"""

from __future__ import annotations

import contextlib
import tomllib
from pathlib import Path
from typing import Any

from textual.app import App
from textual.theme import Theme

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_THEME = "jgb-dark"
#: Variables every jgbtui theme defines (the app supplies fallbacks for other themes).
THEME_VARIABLES = ("jgb-up", "jgb-down", "jgb-anomaly", "jgb-stale", "jgb-demo", "jgb-muted")
_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


class ThemeError(ValueError):
    """A user theme file that cannot be used; the message names the file."""


def themes_dir() -> Path:
    """Where the theme files are: inside the installed package, else the source tree."""
    packaged = PACKAGE_DIR / "_themes"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "themes"


def theme_from_toml(data: dict[str, Any]) -> Theme:
    """Build a Textual :class:`Theme` from a parsed theme file.

    Raises:
        ValueError: when the file lacks a name or primary colour.
    """
    if "name" not in data or "primary" not in data:
        raise ValueError("a theme needs at least 'name' and 'primary'")
    kwargs: dict[str, Any] = {key: data[key] for key in _FIELDS if key in data}
    return Theme(
        name=str(data["name"]),
        dark=bool(data.get("dark", True)),
        luminosity_spread=float(data.get("luminosity_spread", 0.15)),
        text_alpha=float(data.get("text_alpha", 0.95)),
        variables={str(k): str(v) for k, v in data.get("variables", {}).items()},
        **kwargs,
    )


def load_themes(directory: Path | None = None) -> list[Theme]:
    """Every ``*.toml`` theme in ``directory`` (default :func:`themes_dir`), by file name."""
    folder = directory or themes_dir()
    themes = []
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            themes.append(theme_from_toml(tomllib.load(handle)))
    return themes


def variable_defaults(theme: Theme) -> dict[str, str]:
    """jgbtui's variables for a theme that does not define them: the theme's own colours."""
    base = {
        "jgb-up": theme.error,
        "jgb-down": theme.success,
        "jgb-anomaly": theme.warning,
        "jgb-stale": theme.warning,
        "jgb-demo": theme.accent,
        "jgb-muted": theme.secondary,
    }
    return {name: base[name] or theme.primary for name in THEME_VARIABLES}


def load_user_themes(directory: Path) -> list[Theme]:
    """Every ``*.toml`` theme in the user's ``directory`` (none when it does not exist).

    Raises:
        ThemeError: naming the file, for a file that is not a valid theme.
    """
    if not directory.is_dir():
        return []
    themes = []
    for path in sorted(directory.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                themes.append(theme_from_toml(tomllib.load(handle)))
        except (OSError, ValueError, TypeError) as exc:  # TOMLDecodeError is a ValueError
            raise ThemeError(f"{path}: {exc}") from exc
    return themes


def all_themes(user_dir: Path | None = None) -> list[Theme]:
    """The shipped themes, then the user's (a user theme replaces a shipped one of its name).

    A broken user theme is skipped here (the command line refuses it before the app starts).
    """
    themes = {theme.name: theme for theme in load_themes()}
    if user_dir is not None:
        with contextlib.suppress(ThemeError):
            themes.update((theme.name, theme) for theme in load_user_themes(user_dir))
    return list(themes.values())


def install_themes(app: App[Any], user_dir: Path | None, wanted: str | None) -> tuple[str, str]:
    """Register every theme with ``app``: (the name to use, a complaint or ``""``).

    The name is ``wanted`` if known, else the default; an unknown ``wanted`` gives a
    complaint for a toast, so it is not silently replaced. Called before the app runs, so
    the stylesheet is parsed once, in the chosen theme's colours.
    """
    for theme in all_themes(user_dir):
        app.register_theme(theme)
    if wanted and wanted not in app.available_themes:
        return DEFAULT_THEME, f"Unknown theme {wanted!r} in the config; using {DEFAULT_THEME}"
    return wanted or DEFAULT_THEME, ""
