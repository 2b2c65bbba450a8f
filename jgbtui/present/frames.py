"""The frames every view of the market starts from, taken once from the sources' results.

The view model, the report and the drill-down data all read frames out of
:class:`~jgbtui.sources.base.SourceResult` objects through the catalog's
:class:`~jgbtui.sources.catalog.FrameRef` constants; this module is the one place that does it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from jgbtui.analytics.anomalies import Anomaly, AnomalyConfig, find_anomalies
from jgbtui.analytics.signals import Board, board
from jgbtui.present.memo import PARTS
from jgbtui.sources import catalog
from jgbtui.sources.base import SourceResult
from jgbtui.sources.catalog import FrameRef


def result_frame(results: Mapping[str, SourceResult], ref: FrameRef) -> pd.DataFrame | None:
    """Frame ``ref`` when its source has data (``None`` otherwise)."""
    result = results.get(ref.source)
    if result is None or not result.has_data:
        return None
    frame = result.frames.get(ref.key)
    return None if frame is None or frame.empty else frame


def usdjpy_frames(results: Mapping[str, SourceResult]) -> dict[str, pd.DataFrame]:
    """Source name -> USD/JPY frame for every FX source with data, in order of preference."""
    frames = {}
    for ref in catalog.USDJPY:
        frame = result_frame(results, ref)
        if frame is not None:
            frames[ref.source] = frame
    return frames


@dataclass(frozen=True, eq=False)
class MarketFrames:
    """Every frame the analytics use; ``None`` (or empty) where a source has no data."""

    yields: pd.DataFrame | None = None
    ust: pd.DataFrame | None = None
    auctions: pd.DataFrame | None = None
    calendar: pd.DataFrame | None = None
    weekly: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None
    usdjpy: dict[str, pd.DataFrame] = field(default_factory=dict)
    """Source name -> frame, in order of preference (see :data:`catalog.USDJPY`)."""
    interventions: pd.DataFrame | None = None

    @classmethod
    def from_results(cls, results: Mapping[str, SourceResult]) -> MarketFrames:
        """Pick each frame out of the results of the source that publishes it."""
        return cls(
            yields=result_frame(results, catalog.JGB_YIELDS),
            ust=result_frame(results, catalog.UST_CURVE),
            auctions=result_frame(results, catalog.AUCTION_RESULTS),
            calendar=result_frame(results, catalog.AUCTION_CALENDAR),
            weekly=result_frame(results, catalog.FLOWS_WEEKLY),
            monthly=result_frame(results, catalog.FLOWS_MONTHLY),
            usdjpy=usdjpy_frames(results),
            interventions=result_frame(results, catalog.INTERVENTIONS),
        )

    def anomalies(self, config: AnomalyConfig | None = None) -> list[Anomaly]:
        """Every current anomaly, newest first."""
        return find_anomalies(
            yields=self.yields,
            auctions=self.auctions,
            weekly=self.weekly,
            monthly=self.monthly,
            usdjpy=self.usdjpy,
            config=config,
            parts=PARTS,
        )

    def board(self) -> Board:
        """The sell-Japan board."""
        return board(
            yields=self.yields,
            ust=self.ust,
            auctions=self.auctions,
            weekly=self.weekly,
            monthly=self.monthly,
            usdjpy=self.usdjpy,
            interventions=self.interventions,
            parts=PARTS,
        )
