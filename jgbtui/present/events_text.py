"""Event times and countdowns as the desk reads them; the pieces of the events strip.

Pure (no Textual, no Rich). Times are shown in JST with the local time beside them when the
terminal's zone differs ("Thu 03 Dec 12:35 JST (03:35 UTC)"); a date outside the current
year always shows its year ("Fri 22 Jan 2027"). Countdowns: "in 1d 20h", "in 5h 07m",
"in 42m 10s", "now", "2h 05m ago".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from jgbtui.present.model import BojView, CalendarView, Event
from jgbtui.sources.base import TOKYO

#: Within this long of an event the strip ticks every second (else once a minute).
CLOSE = timedelta(hours=1)


def countdown(delta: timedelta, *, fine: bool = True) -> str:
    """``in 1d 20h 05m`` / ``in 3d 04h`` / ``in 5h 07m`` / ``in 42m 10s`` / ``now`` /
    ``3h 05m ago``.

    ``fine`` shows the minutes up to two days out, so a countdown on screen moves every
    minute; a narrow column passes ``False`` (``in 1d 20h``).
    """
    seconds = delta.total_seconds()
    if abs(seconds) < 60:
        return "now"
    total = int(abs(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days >= 10:
        body = f"{days}d"
    elif days:
        body = f"{days}d {hours:02d}h" + (f" {minutes:02d}m" if fine and days < 2 else "")
    elif hours:
        body = f"{hours}h {minutes:02d}m"
    else:
        body = f"{minutes}m {secs:02d}s"
    return f"in {body}" if seconds > 0 else f"{body} ago"


def day_text(when: datetime, now: datetime) -> str:
    """``Thu 03 Dec``, with the year when it is not ``now``'s year (``Fri 22 Jan 2027``)."""
    text = f"{when:%a %d %b}"
    return text if when.year == now.year else f"{text} {when.year}"


def local_text(when: datetime, local: tzinfo | None) -> str:
    """The local time beside a JST time (empty when the local zone is JST's offset)."""
    if local is None:
        return ""
    there = when.astimezone(local)
    if there.utcoffset() == when.astimezone(TOKYO).utcoffset():
        return ""
    name = there.tzname() or "local"
    same_day = there.date() == when.astimezone(TOKYO).date()
    return f"{there:%H:%M} {name}" if same_day else f"{there:%a %H:%M} {name}"


def when_text(event: Event, now: datetime, local: tzinfo | None = None) -> str:
    """``Thu 03 Dec 12:35 JST (03:35 UTC)``; ``~12:00`` when the time is not fixed."""
    at = event.when.astimezone(TOKYO)
    approx = "~" if event.approximate else ""
    text = f"{day_text(at, now.astimezone(TOKYO))} {approx}{at:%H:%M} JST"
    beside = local_text(at, local)
    return f"{text} ({beside})" if beside else text


def short_when(event: Event, now: datetime) -> str:
    """For the strip: ``Thu 12:35`` within six days, else ``18 Dec ~12:00`` (year if not
    this year)."""
    at, today = event.when.astimezone(TOKYO), now.astimezone(TOKYO)
    approx = "~" if event.approximate else ""
    if timedelta(0) <= at - today < timedelta(days=6):
        day = "today" if at.date() == today.date() else f"{at:%a}"
    else:
        day = f"{at.day} {at:%b}" + ("" if at.year == today.year else f" {at.year}")
    return f"{day} {approx}{at:%H:%M}"


def next_tick(calendar: CalendarView, now: datetime) -> float:
    """Seconds until the strip must next be drawn: every second within :data:`CLOSE` of an
    event, else at the next whole minute."""
    upcoming = calendar.upcoming(now, 1)
    if upcoming and upcoming[0].when - now <= CLOSE:
        return 1.0
    return 60.0 - now.second - now.microsecond / 1e6


@dataclass(frozen=True)
class Piece:
    """A part of the strip that is shown whole or not at all."""

    text: str
    style: str
    """A theme variable name (``""``: the default colour)."""
    priority: int
    """Lower is kept first when the line is too narrow."""
    lead: str = ""
    """A label in front ("Next:", "Last:"), shown muted."""
    short: str = ""
    """A shorter text for narrow terminals (empty: the same text)."""

    def narrow(self) -> Piece:
        """The piece with its shorter text."""
        return Piece(self.short or self.text, self.style, self.priority, self.lead)


def boj_text(boj: BojView | None) -> str:
    """``BOJ 1.25% · call 1.227%`` (whichever is known)."""
    if boj is None:
        return ""
    parts = []
    if not math.isnan(boj.policy_rate_pct):
        parts.append(f"BOJ {boj.policy_rate_pct:.2f}%")
    if not math.isnan(boj.call_rate_pct):
        parts.append(f"call {boj.call_rate_pct:.3f}%")
    return " · ".join(parts)


#: An event without an outcome this long after it says the data lacks it, not "not yet".
OUTCOME_WAIT = timedelta(days=1)


def outcome_text(event: Event, now: datetime) -> str:
    """The event's outcome, or why there is none."""
    if event.outcome:
        return event.outcome
    if now - event.when > OUTCOME_WAIT:
        return "no result in the data"
    return "result not published yet"


def last_text(event: Event, now: datetime) -> str:
    """``10Y auction 12:35: BTC 3.53, tail 0.7bp``; the day instead of the time when it was
    not today (``Tokyo CPI (Nov) 27 Nov: ...``), with its year outside this year."""
    at, today = event.when.astimezone(TOKYO), now.astimezone(TOKYO)
    if at.date() == today.date():
        stamp = "today" if event.approximate else f"{at:%H:%M}"
    else:
        stamp = f"{at.day} {at:%b}" + ("" if at.year == today.year else f" {at.year}")
    return f"{event.short} {stamp}: {outcome_text(event, now)}"


def strip_pieces(
    calendar: CalendarView, boj: BojView | None, now: datetime, count: int = 3
) -> list[Piece]:
    """The strip's pieces in display order: BOJ, the next ``count`` events, the last one."""
    pieces: list[Piece] = []
    text = boj_text(boj)
    if text:
        pieces.append(Piece(text, "jgb-muted", 3))
    for number, event in enumerate(calendar.upcoming(now, count)):
        close = event.when - now <= CLOSE
        pieces.append(
            Piece(
                f"{event.short} {short_when(event, now)} {countdown(event.when - now)}",
                "jgb-anomaly" if close else "",
                (1, 4, 5)[min(number, 2)],
                "Next:" if number == 0 else "",
                f"{event.short} {countdown(event.when - now)}",
            )
        )
    last = calendar.last(now)
    if last is not None:
        pieces.append(Piece(last_text(last, now), "", 2, "Last:"))
    return pieces


def fit(pieces: list[Piece], width: int, gap: int = 3) -> list[Piece]:
    """The pieces that fit in ``width`` cells, kept by priority, shown in display order.

    When the next and the last event do not both fit, the shorter texts are tried (the
    countdown without the clock time), so a narrow strip still says what is next and what
    just happened.
    """
    chosen = _fit(pieces, width, gap)
    wanted = {i for i, p in enumerate(pieces) if p.priority <= 2}
    if wanted <= {i for i, _ in chosen}:
        return [p for _, p in chosen]
    return [p for _, p in _fit([p.narrow() for p in pieces], width, gap)]


def _fit(pieces: list[Piece], width: int, gap: int) -> list[tuple[int, Piece]]:
    chosen: set[int] = set()
    used = 0
    for index in sorted(range(len(pieces)), key=lambda i: pieces[i].priority):
        piece = pieces[index]
        size = len(piece.text) + (len(piece.lead) + 1 if piece.lead else 0)
        extra = size + (gap if chosen else 0)
        if used + extra <= width:
            chosen.add(index)
            used += extra
    return [(i, p) for i, p in enumerate(pieces) if i in chosen]


def countdown_cell(delta: timedelta) -> str:
    """A countdown for a narrow "In" column: ``1d 06h`` ahead, ``-5d 17h`` behind."""
    text = countdown(delta, fine=False)
    if text.startswith("in "):
        return text[3:]
    return text if text == "now" else "-" + text.removesuffix(" ago")


def clip_words(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells at a word boundary, with "…" when cut (never mid-word)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:·-") + "…"


def local_zone_name(local: tzinfo | None, now: datetime) -> str:
    """The local zone's short name at ``now`` ("UTC", "EST"), for a column header."""
    if local is None:
        return "local"
    return now.astimezone(local).tzname() or "local"


def local_cell(event: Event, local: tzinfo | None) -> str:
    """The local time of an event for a narrow column: ``03:35`` or ``Wed 22:35`` when the
    local day differs from Tokyo's ("—" when the local zone is Tokyo's)."""
    if local is None:
        return "—"
    at = event.when.astimezone(TOKYO)
    there = at.astimezone(local)
    if there.utcoffset() == at.utcoffset():
        return "—"
    return f"{there:%H:%M}" if there.date() == at.date() else f"{there:%a %H:%M}"


def jst_cell(event: Event, now: datetime) -> str:
    """``Thu 03 Dec 12:35``; ``Fri 18 Dec ~12:00`` (not fixed); ``22 Jan 2027 08:30``."""
    at, today = event.when.astimezone(TOKYO), now.astimezone(TOKYO)
    approx = "~" if event.approximate else ""
    day = f"{at:%a %d %b}" if at.year == today.year else f"{at:%d %b %Y}"
    return f"{day} {approx}{at:%H:%M}"
