"""Repaint some rows of a widget, not all of it, when only they changed.

Textual's setters (a border subtitle, a table cell, a Static's text) refresh the whole
widget: every row is rendered and written to the terminal again. On an idle screen the
rows that move each minute are few (a countdown, the clocks, a "STALE 12 min"), so the
widgets that own them say which rows to repaint (Textual has no public way to do this but
``refresh`` with regions, which its setters do not pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Self

from textual.geometry import Region

if TYPE_CHECKING:
    from textual.widget import Widget

    _Mixin = Widget
else:
    # A plain mixin at run time: Textual takes a widget's CSS (and its component classes)
    # from its first base that is a DOM node, which must stay the Textual class it extends.
    _Mixin = object


class PartialRefresh(_Mixin):
    """Mixin, listed first, for widgets whose setters may repaint some rows only (see
    :meth:`repainting`)."""

    _only: tuple[Region, ...] | None = None

    @contextmanager
    def repainting(self, *regions: Region) -> Iterator[None]:
        """Within: a refresh of the whole widget repaints ``regions`` only, in content
        coordinates (none: nothing, and the caller refreshes what changed itself).

        A refresh that asks for a new layout or a recompose is never narrowed.
        """
        self._only = regions
        try:
            yield
        finally:
            self._only = None

    def outer_row(self, y: int) -> Region:
        """Row ``y`` of the widget's outer box (0: the top border, if any), whole width, in
        the content coordinates that :meth:`repainting` takes."""
        left, top = self.content_offset
        return Region(-left, y - top, self.outer_size.width, 1)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """As Textual's; inside :meth:`repainting`, only the rows it names."""
        only = self._only
        if only is not None and not regions and repaint and not layout and not recompose:
            if not only:
                return self
            regions = only
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
