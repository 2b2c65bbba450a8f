"""Where drill-down screens write their CSV and SVG files, and how.

Files go to the folder given with ``--export-dir`` (default: ``jgbtui-exports`` under the
current directory, created on first use), named ``<what>-<YYYYmmdd-HHMMSS>.<ext>`` from the
app's clock; an existing file is never overwritten (``-2``, ``-3`` ... are appended).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jgbtui.sources.sanitize import clean_text

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DIR_NAME = "jgbtui-exports"


def export_dir(configured: Path | None) -> Path:
    """The absolute export folder: ``configured``, or ``./jgbtui-exports``."""
    folder = configured if configured is not None else Path.cwd() / DEFAULT_DIR_NAME
    return folder.expanduser().resolve()


def slug(text: str) -> str:
    """``text`` made safe for a file name: ``"US-JP 10Y"`` -> ``"us-jp-10y"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "export"


def new_name(stem: str, suffix: str, when: datetime) -> str:
    """``<slug>-<YYYYmmdd-HHMMSS><suffix>``: the name a file gets (in a folder or a browser)."""
    return f"{slug(stem)}-{when:%Y%m%d-%H%M%S}{suffix}"


def new_path(folder: Path, stem: str, suffix: str, when: datetime) -> Path:
    """A path in ``folder`` (created) that does not exist yet, stamped with ``when``."""
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{slug(stem)}-{when:%Y%m%d-%H%M%S}"
    path = folder / f"{base}{suffix}"
    counter = 2
    while path.exists():
        path = folder / f"{base}-{counter}{suffix}"
        counter += 1
    return path


#: A text cell starting with one of these is read as a formula by spreadsheets
#: (``=HYPERLINK(...)``, ``@SUM(...)``, ``+cmd|...``); tab and carriage return start one too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A text cell made inert for spreadsheets: cleaned of control characters, and prefixed
    with ``'`` when it would start a formula. Numbers, dates and missing values pass as is."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return clean_text(value)


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell and column label passed through :func:`neutralise_cell`."""
    import pandas as pd

    safe = frame.copy()
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            cells = pd.Series([neutralise_cell(v) for v in column], index=safe.index, dtype=object)
            safe.isetitem(position, cells.to_numpy())
    safe.columns = pd.Index([neutralise_cell(c) for c in safe.columns])
    return safe


def round_columns(frame: pd.DataFrame, decimals: Mapping[str, int]) -> pd.DataFrame:
    """A copy of ``frame`` with numeric ``decimals`` columns rounded as the screen shows them.

    Published figures keep their own decimals (rounding ``99.985`` to 3 places leaves it);
    derived ratios lose their float noise (a bid-to-cover of ``2.6545514542968935`` is
    written ``2.65``). Columns not in ``frame`` or not numeric are left alone.
    """
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for column, places in decimals.items():
        if column in out.columns and is_numeric_dtype(out[column]):
            out[column] = out[column].round(places)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` (columns in order, no index) as CSV with ISO dates; return ``path``.

    Numbers are written as held: the drill screens round them to the screen's decimals
    first (:func:`round_columns`); missing values are empty cells. Text cells are
    neutralised (:func:`neutralise_cell`): publisher text never becomes a formula in the
    spreadsheet that opens the file.
    """
    safe_for_spreadsheets(frame).to_csv(
        path, index=False, date_format="%Y-%m-%d", lineterminator="\n"
    )
    return path


def csv_text(frame: pd.DataFrame) -> io.StringIO:
    """``frame`` as CSV text in memory, exactly as :func:`write_csv` writes it (for a browser
    download under ``jgbtui serve``)."""
    buffer = io.StringIO()
    safe_for_spreadsheets(frame).to_csv(
        buffer, index=False, date_format="%Y-%m-%d", lineterminator="\n"
    )
    buffer.seek(0)
    return buffer
