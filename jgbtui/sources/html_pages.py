"""Reading publishers' HTML pages: strict decoding, a parsed document, tables as text grids.

Shared by the parsers of schedule pages (BOJ meetings and statements, the Statistics Bureau's
CPI release table, the FOMC calendar). Pure and strict: a payload that does not decode in
the page's declared encoding, or that is not HTML at all, raises
:class:`~jgbtui.sources.base.PayloadError` naming the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from jgbtui.sources.base import PayloadError
from jgbtui.sources.parsing import decode, reject_empty

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_MARK = re.compile(r"<\s*(html|body|table|div|h[1-6])\b", re.IGNORECASE)


def document(raw: bytes, source: str, what: str, encodings: Sequence[str] = ("utf-8",)) -> Any:
    """Decode ``raw`` strictly with the first encoding that works and parse it as HTML.

    Raises:
        PayloadError: empty payload, undecodable bytes, or no HTML in it.
    """
    # lxml (~5 MiB) loads only when a page is parsed: warm starts read stored frames.
    import lxml.html
    from lxml import etree

    reject_empty(raw, source)
    text = decode(raw, source, encodings)
    if not _HTML_MARK.search(text[:20_000]):
        raise PayloadError(source, f"{what} is not an HTML page")
    # lxml refuses str input that still carries an XML encoding declaration.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise PayloadError(source, f"{what} is not readable HTML: {exc}") from exc


def text_of(element: Any) -> str:
    """The element's text with runs of white space (``&nbsp;`` included) made one space."""
    return " ".join(str(element.text_content()).replace("\xa0", " ").split())


def grid(table: Any) -> list[list[str]]:
    """The table's own rows (not nested tables') as cell texts, ``colspan`` repeated."""
    rows = []
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        row: list[str] = []
        for cell in tr.xpath("./th|./td"):
            span = cell.get("colspan", "1")
            row.extend([text_of(cell)] * (int(span) if span.isdigit() and int(span) > 0 else 1))
        rows.append(row)
    return rows


def cells(table: Any) -> list[list[Any]]:
    """The table's own rows as lists of cell elements (for links inside cells)."""
    return [list(tr.xpath("./th|./td")) for tr in table.xpath("./tr|./thead/tr|./tbody/tr")]


#: English month names and the abbreviations publishers print ("Sept.", "June", "Jan.").
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def month_number(word: str) -> int | None:
    """``"Sept."`` -> 9, ``"December"`` -> 12; ``None`` for anything else."""
    return MONTHS.get(word.strip().rstrip(".").lower())
