"""Text from the network never drives the terminal: strip control and escape characters.

Publishers' text (security names, currency-pair labels, API error messages, header cells, zip
member names, links) reaches widgets, toasts, the status line, ``snapshot``, stderr, CSV
exports and the log. A payload carrying ``ESC ] 52 ; c ; ... BEL`` would write the user's
clipboard, ``ESC [ 2 J`` would clear the screen, ``ESC ] 0 ; ... BEL`` would retitle the window.
:func:`clean_text` removes whole escape sequences (not just the ESC byte, which would leave
``]52;c;...`` on screen), every other C0 and C1 control character, DEL, and the Unicode bidi
overrides that reorder what is displayed. It is applied at the parse boundary: to every string
cell of every frame a parser returns (:func:`clean_frame`, :func:`clean_value`), and to every
:class:`~jgbtui.sources.base.SourceError` message.

Written here rather than taken from a library: the candidates (``strip-ansi``, ``rich``'s
``Text.from_ansi``) either keep C1 controls and OSC payloads or belong to the UI layer, which
:mod:`jgbtui.sources` must not import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

#: ESC or C1 introducers and what follows them, as one sequence:
#: * OSC / DCS / SOS / PM / APC (``ESC ]``, ``ESC P``, ``ESC X``, ``ESC ^``, ``ESC _`` and their
#:   C1 forms) run to the string terminator (BEL, ``ESC \\`` or C1 ST), or to the end of the
#:   text when the terminator is missing, so no payload text (a clipboard write) survives;
#: * CSI (``ESC [`` or C1 ``0x9b``) runs to its final byte (``@`` to ``~``);
#: * any other ``ESC x`` is a two-byte sequence (``ESC c`` resets the terminal).
_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)"
    r"|(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
#: Controls left after the sequences are gone: C0 except TAB/LF/CR, DEL, C1, and the bidi
#: embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Line breaks and tabs become one space: every cleaned string is shown on one line.
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029\x85]+")
#: A cheap test first: most text holds none of these and is returned unchanged.
_SUSPECT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """``text`` without escape sequences or control characters, on one line.

    Whole ESC/CSI/OSC/DCS sequences go (their parameters and payloads too); any other C0/C1
    control, DEL and bidi override goes; tabs and line breaks become a space.
    """
    if not _SUSPECT.search(text):
        return text
    text = _SEQUENCE.sub("", text)
    text = _BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


def is_clean(text: str) -> bool:
    """Whether :func:`clean_text` would leave ``text`` unchanged."""
    return clean_text(text) == text


def clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every string cell, column label and index label cleaned.

    Only object and string columns are scanned (numbers cannot carry text), so a numeric
    frame of any size costs nothing. The frame is copied only when something changes.
    """
    import pandas as pd

    changed: dict[Any, pd.Series] = {}
    for label in frame.columns:
        column = frame[label]
        if not isinstance(column, pd.Series):
            continue  # a duplicated label: both copies are cleaned through their position
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            values = [_clean_cell(v) for v in column]
            if any(a is not b for a, b in zip(values, column, strict=True)):
                changed[label] = pd.Series(values, index=column.index, dtype=column.dtype)
    renamed = {c: clean_text(c) for c in frame.columns if isinstance(c, str) and not is_clean(c)}
    index_is_text = frame.index.dtype == object or isinstance(frame.index.dtype, pd.StringDtype)
    index_dirty = index_is_text and any(isinstance(v, str) and not is_clean(v) for v in frame.index)
    if not changed and not renamed and not index_dirty:
        return frame
    frame = frame.copy()
    for label, cleaned in changed.items():
        frame[label] = cleaned
    if index_dirty:
        frame.index = pd.Index([_clean_cell(v) for v in frame.index], name=frame.index.name)
    return frame.rename(columns=renamed) if renamed else frame


def _clean_cell(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


def clean_value(value: T) -> T:
    """Clean whatever a parser returned: a frame, a string, or tuples/lists/dicts of them.

    Used by the fetcher on every parse result, so a parser that forgets to clean a column
    still cannot hand raw publisher text to the rest of the app.
    """
    import pandas as pd

    result: Any
    if isinstance(value, str):
        result = clean_text(value)
    elif isinstance(value, pd.DataFrame):
        result = clean_frame(value)
    elif isinstance(value, pd.Series):
        result = clean_frame(value.to_frame()).iloc[:, 0] if value.dtype == object else value
    elif isinstance(value, tuple):
        result = tuple(clean_value(v) for v in value)
    elif isinstance(value, list):
        result = [clean_value(v) for v in value]
    elif isinstance(value, Mapping):
        result = {clean_value(k): clean_value(v) for k, v in value.items()}
    else:
        result = value
    return result  # type: ignore[no-any-return]
