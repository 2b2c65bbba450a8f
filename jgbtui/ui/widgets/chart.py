"""A plotext chart that takes its colours from the app theme and redraws itself.

Screens describe a chart as a :class:`ChartSpec` (traces, vertical markers, date ticks) built
by a callback that receives the chart's size, so a long series is downsampled to what the
chart can show. The chart calls it again whenever it is resized or the theme changes. Colours
are theme variable names (``"primary"``, ``"jgb-up"`` ...) turned into RGB at draw time: no
colour is ever written in code.

Lines are never drawn across a gap in the data (a trace lists its gaps, see
``jgbtui.analytics.history.gap_spans``): a missing month is a break, not a straight ramp.
Nothing is drawn outside the frame: with a fixed x range, points and markers outside it are
left out, and marker labels near the right edge are written leftwards.

Drawing is plotext's, but its finished character matrix is turned into Textual strips
directly: printing it as ANSI text and parsing that back cost about two thirds of a draw.
The strips of the last few (size, theme, spec) are kept, so going back to a range or a size
seen before costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import plotext._utility as plotext_utility
from rich.color import Color as RichColor
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.events import Resize
from textual.strip import Strip
from textual_plotext import PlotextPlot

EPOCH = date(1970, 1, 1)

RGB = tuple[int, int, int]
Colour = RGB | str


@dataclass(frozen=True)
class Trace:
    """One series on the chart; ``x`` in days since 1970-01-01 (see :func:`date_ticks`)."""

    x: Sequence[float]
    y: Sequence[float]
    label: str = ""
    colour: str = "primary"
    """A theme variable name."""
    kind: Literal["line", "scatter", "bar"] = "line"
    right: bool = False
    """Plot against the right-hand y axis (a second unit, e.g. bp beside %)."""
    marker: str | None = None
    """A plotext marker; default: braille dots for lines, ``◆`` for scatter, blocks for bars."""
    gaps: tuple[tuple[float, float], ...] = ()
    """``(last x before, first x after)`` of each gap in the data: a line is not drawn
    across one (however the points were downsampled)."""


@dataclass(frozen=True)
class VLine:
    """A vertical marker at ``x`` with an optional label at the top of the plot."""

    x: float
    label: str = ""
    colour: str = "jgb-muted"


@dataclass(frozen=True)
class ChartSpec:
    """Everything one chart draws."""

    traces: tuple[Trace, ...] = ()
    vlines: tuple[VLine, ...] = ()
    xticks: tuple[tuple[float, str], ...] = ()
    title: str = ""
    zero_line: bool = False
    bar_width: float = 0.8
    """Fraction of the gap between two bars that a bar fills."""
    xlim: tuple[float, float] | None = None
    """Fixed x range (e.g. to line up two charts); default: the data's."""


Builder = Callable[[int, int], ChartSpec]


def theme_rgb(variables: Mapping[str, str], name: str, fallback: str = "foreground") -> Colour:
    """The RGB triple of theme variable ``name`` (``fallback`` when missing or unparsable).

    Only when the theme defines neither does it return plotext's ``"default"`` (the
    terminal's own colour).
    """
    for key in (name, fallback, "foreground"):
        value = variables.get(key)
        if not value:
            continue
        try:
            return Color.parse(value).rgb
        except ColorParseError:
            continue
    return "default"


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def date_ticks(lo: float, hi: float, max_ticks: int) -> tuple[tuple[float, str], ...]:
    """Evenly spaced calendar ticks between day numbers ``lo`` and ``hi``.

    Picks the finest of days, weeks, months, quarters or years that yields at most
    ``max_ticks`` ticks; labels read ``11 Sep``, ``Sep 26`` or ``2026`` accordingly.
    """
    if hi < lo or max_ticks < 1:
        return ()
    start, end = EPOCH + timedelta(days=lo), EPOCH + timedelta(days=hi)
    # Each candidate spacing is counted before any date is made: listing every day of a
    # 40-year history just to find it has too many ticks cost 20 ms per chart draw.
    for step in (1, 2, 7, 14):
        first = start if step < 7 else start + timedelta(days=(7 - start.weekday()) % 7)
        span = (end - first).days
        count = span // step + 1 if span >= 0 else 0
        if 0 < count <= max_ticks:
            days = [first + timedelta(days=n) for n in range(0, span + 1, step)]
            return tuple(((d - EPOCH).days, f"{d.day} {d:%b}") for d in days)
    for months in (1, 2, 3, 6, 12, 24, 60, 120, 240):
        anchor = _add_months(date(start.year, start.month, 1), 0 if start.day == 1 else 1)
        offset = (anchor.year * 12 + anchor.month - 1) % months
        first = _add_months(anchor, (months - offset) % months)
        # Months from the first tick to the last month that can hold one (ticks are on 1sts).
        span = (end.year - first.year) * 12 + end.month - first.month
        count = span // months + 1 if first <= end else 0
        if count <= max_ticks:
            ticks = [_add_months(first, n * months) for n in range(count)]
            style = "%Y" if months >= 12 else "%b %y"
            return tuple(((d - EPOCH).days, f"{d:{style}}") for d in ticks)
    return ()


def segments(
    x: Sequence[float], y: Sequence[float], gaps: Sequence[tuple[float, float]]
) -> list[tuple[list[float], list[float]]]:
    """``(x, y)`` cut into runs that do not cross a gap: two consecutive points are joined
    only when no gap lies between them."""
    runs: list[tuple[list[float], list[float]]] = []
    xs: list[float] = []
    ys: list[float] = []
    for index, (px, py) in enumerate(zip(x, y, strict=True)):
        if xs and any(x[index - 1] <= lo and hi <= px for lo, hi in gaps):
            runs.append((xs, ys))
            xs, ys = [], []
        xs.append(px)
        ys.append(py)
    if xs:
        runs.append((xs, ys))
    return runs


def clip(
    x: Sequence[float], y: Sequence[float], xlim: tuple[float, float] | None
) -> tuple[list[float], list[float]]:
    """The points of ``(x, y)`` within ``xlim`` (all of them when there is none)."""
    if xlim is None:
        return list(x), list(y)
    lo, hi = xlim
    kept = [(a, b) for a, b in zip(x, y, strict=True) if lo <= a <= hi]
    return [a for a, _ in kept], [b for _, b in kept]


def legend(variables: Mapping[str, str], traces: Sequence[Trace], width: int) -> Text:
    """One line naming each labelled trace in its colour.

    Traces on the right axis say ``(right)`` when there is room; otherwise the line is
    shortened and ends with an ellipsis.
    """
    both_sides = len({t.right for t in traces if t.x}) == 2
    for say_side in (both_sides, False):
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for trace in traces:
            if not trace.label:
                continue
            glyph = {"line": "──", "bar": "▇", "scatter": trace.marker or "◆"}[trace.kind]
            colour = theme_rgb(variables, trace.colour)
            style = Style(color=RichColor.from_rgb(*colour) if isinstance(colour, tuple) else None)
            if line:
                line.append("  ")
            line.append(glyph, style=style)
            line.append(f" {trace.label}{' (right)' if trace.right and say_side else ''}")
        if line.cell_len <= width:
            return line
    line.truncate(width, overflow="ellipsis")
    return line


#: Styles of plotext cells by (foreground, style, background): a chart has a handful.
_CELL_STYLES: dict[tuple[object, object, object], Style] = {}


def _hashable(colour: object) -> object:
    return tuple(colour) if isinstance(colour, list) else colour


def cell_style(foreground: object, style: object, background: object) -> Style:
    """The Rich style of a plotext cell with these colours and style.

    Goes through plotext's own ANSI codes and Rich's ANSI decoder, so a cell looks exactly
    as it would in plotext's printed output; remembered, as a chart uses only a few.
    """
    key = (_hashable(foreground), _hashable(style), _hashable(background))
    found = _CELL_STYLES.get(key)
    if found is None:
        codes = plotext_utility.colors_to_ansi(foreground, style, background)
        spans = Text.from_ansi(codes + " ").spans
        decoded = spans[0].style if spans else Style.null()
        found = decoded if isinstance(decoded, Style) else Style.parse(decoded)
        _CELL_STYLES[key] = found
    return found


def matrix_strips(matrix: Any) -> list[Strip]:
    """A built plotext matrix (``figure.monitor.matrix``) as strips, top line first.

    Each run of cells with the same colours becomes one segment, as in plotext's own
    printing (its row 0 is the bottom line).
    """
    strips = []
    for row in range(len(matrix.marker) - 1, -1, -1):
        chars = matrix.marker[row]
        looks = list(
            zip(matrix.fullground[row], matrix.style[row], matrix.background[row], strict=True)
        )
        line = []
        start = 0
        for col in range(1, len(looks) + 1):
            if col == len(looks) or looks[col] != looks[start]:
                line.append(Segment("".join(chars[start:col]), cell_style(*looks[start])))
                start = col
        strips.append(Strip(line))
    return strips


def ansi_strips(canvas: str, width: int, console: Console) -> list[Strip]:
    """plotext's printed (ANSI) output as strips: the slow way, kept as a fallback and as the
    reference :func:`plot_strips` is tested against."""
    text = Text.from_ansi(canvas.removesuffix("\n"), no_wrap=True, overflow="crop")
    lines = console.render_lines(text, console.options.update_width(width), pad=False)
    return [Strip(line) for line in lines]


def plot_strips(plt: Any, width: int, console: Console) -> list[Strip]:
    """Build plotext figure ``plt`` (a ``textual_plotext`` Plot) into strips, top line first.

    This is ``plt.build()`` without its last step, turning the matrix into ANSI text; should
    a plotext version lack the internals it relies on, it parses the ANSI text instead.
    """
    if not all(hasattr(plt, name) for name in ("_set_sizes", "_build_matrix", "monitor")):
        return ansi_strips(plt.build(), width, console)
    plt._set_sizes()
    plt._build_matrix()
    return matrix_strips(plt.monitor.matrix)


def _same_spec(a: ChartSpec, b: ChartSpec) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # e.g. a trace given as an array: just not reused
        return False


class Chart(PlotextPlot):
    """A themed plotext chart drawn from a :class:`ChartSpec` builder.

    The legend is one line above the plot (plotext's own legend box would hide data on a
    small chart).
    """

    DEFAULT_CSS = """
    Chart {
        width: 1fr;
        height: 1fr;
        min-height: 8;
        background: $surface;
    }
    """

    #: How many drawings (size, theme, spec) a chart keeps for reuse.
    KEEP = 8

    def __init__(
        self,
        builder: Builder | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._builder = builder
        self.spec: ChartSpec | None = None
        """The spec drawn last (tests read it)."""
        self.drawn: ChartSpec | None = None
        """The spec whose plot is on screen: set when its lines are made, not before."""
        self._spec_size: tuple[int, int] | None = None
        # Drawings, oldest first: ((width, height, theme), spec, strips).
        self._kept: list[tuple[tuple[int, int, str], ChartSpec, list[Strip]]] = []

    def on_mount(self) -> None:
        """Redraw with the new colours whenever the theme changes."""
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.redraw()

    def on_unmount(self) -> None:
        """Leave the theme signal (this chart's subscription and textual-plotext's).

        The signal holds its subscribers weakly, but each callback refers to its chart, so
        without this every closed drill-down screen, with its data and drawings, stayed in
        memory until the next theme change.
        """
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, _theme: object) -> None:
        # A theme's variables can change under the same name: nothing drawn is reusable.
        self._kept.clear()
        self.redraw()

    def on_resize(self, _event: Resize) -> None:
        """A new size: rebuild the spec (more or fewer points, ticks) and draw it."""
        # The first frame has usually built the spec for this size already (see render_line).
        if self._spec_size != (self.size.width, self.size.height):
            self.redraw()

    def set_builder(self, builder: Builder) -> None:
        """Draw from ``builder`` from now on."""
        self._builder = builder
        self.redraw()

    def redraw(self) -> None:
        """Build the spec for the current size; it is drawn when the chart is next painted."""
        if self._build_spec():
            self.refresh()

    def _build_spec(self) -> bool:
        width, height = self.size
        if self._builder is None or width < 10 or height < 4:
            return False
        self.spec = self._builder(width, height)
        self._spec_size = (width, height)
        return True

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the chart: the legend, then the plot."""
        lines = self._lines()
        if y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _lines(self) -> list[Strip]:
        width, height = self.size
        if self._spec_size != (width, height):
            # Painted before the Resize event arrives: build the spec now, so the very first
            # frame shows the chart instead of an empty frame to be replaced a moment later.
            self._build_spec()
        spec = self.spec
        if spec is None:
            return []
        key = (width, height, self.app.theme)
        if self._kept and self._kept[-1][0] == key and self._kept[-1][1] is spec:
            return self._kept[-1][2]  # the common case: another line of the same drawing
        found = [i for i, (k, s, _) in enumerate(self._kept) if k == key and _same_spec(s, spec)]
        strips = self._kept.pop(found[0])[2] if found else self._draw(spec, width, height)
        self._kept.append((key, spec, strips))
        del self._kept[: -self.KEEP]
        self.drawn = spec
        return strips

    def _draw(self, spec: ChartSpec, width: int, height: int) -> list[Strip]:
        """Plot ``spec`` at this size: the legend line (when there is room), then the plot."""
        console = self.app.console
        base = self.visual_style.rich_style
        key = legend(self.app.theme_variables, spec.traces, width)
        rows = height - 1 if key and height > 6 else height
        self._draw_spec(spec)
        # The same sizing calls PlotextPlot.render makes (see textual-plotext issue 5).
        self.plt.plotsize(width, rows)
        self.plt._set_size(width, rows)
        self.plt.theme(self._get_plotext_theme_name(self.app.theme))
        lines = plot_strips(self.plt, width, console)
        if rows < height:
            lines.insert(0, Strip(key.render(console)))
        return [line.adjust_cell_length(width).apply_style(base) for line in lines]

    def _draw_spec(self, spec: ChartSpec) -> None:
        variables = self.app.theme_variables
        plt = self.plt
        plt.clear_figure()
        plt.title(spec.title)
        tops: list[float] = []
        for trace in spec.traces:
            x, y = clip(trace.x, trace.y, spec.xlim)
            if not x:
                continue
            colour = theme_rgb(variables, trace.colour)
            side = "right" if trace.right else "left"
            if trace.kind == "bar":
                plt.bar(
                    x,
                    y,
                    color=colour,
                    width=spec.bar_width,
                    minimum=0,
                    yside=side,
                    marker=trace.marker,
                )
            elif trace.kind == "scatter":
                plt.scatter(x, y, color=colour, marker=trace.marker or "◆", yside=side)
            else:
                for run_x, run_y in segments(x, y, trace.gaps):
                    plt.plot(
                        run_x, run_y, color=colour, marker=trace.marker or "braille", yside=side
                    )
            if not trace.right:
                tops.append(max(y))
        if spec.zero_line:
            plt.horizontal_line(0, color=theme_rgb(variables, "jgb-muted"))
        canvas = theme_rgb(variables, "surface", "background")
        shown = [t.x for t in spec.traces if t.x]
        lo = spec.xlim[0] if spec.xlim else min((min(x) for x in shown), default=0.0)
        hi = spec.xlim[1] if spec.xlim else max((max(x) for x in shown), default=0.0)
        for line in spec.vlines:
            if not lo <= line.x <= hi:
                continue  # outside the frame
            colour = theme_rgb(variables, line.colour)
            plt.vertical_line(line.x, color=colour)
            if line.label and tops:
                # Written away from the nearer edge, so it stays inside the frame.
                leftwards = line.x > (lo + hi) / 2
                plt.text(
                    line.label,
                    line.x,
                    max(tops),
                    color=colour,
                    background=canvas,
                    alignment="right" if leftwards else "left",
                )
        if spec.xlim is not None:
            # A hair of room on the right: a marker on the last date stays inside the frame
            # instead of doubling its right edge.
            lo_lim, hi_lim = spec.xlim
            plt.xlim(lo_lim, hi_lim + (hi_lim - lo_lim) * 0.01)
        if spec.xticks:
            ticks, labels = zip(*spec.xticks, strict=True)
            plt.xticks(list(ticks), list(labels))
