"""The frames every view of the market starts from, taken once from the sources' results.

The report (``jgbtui snapshot``), the main screen's view model and the drill-down screens all
read the same frames out of :class:`~jgbtui.sources.base.SourceResult` objects; this module
is the one place that knows which source holds which frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from jgbtui.analytics.anomalies import Anomaly, AnomalyConfig, find_anomalies
from jgbtui.analytics.fx import PRIORITY
from jgbtui.analytics.signals import Board, board
from jgbtui.sources.base import SourceResult


def result_frame(results: Mapping[str, SourceResult], name: str, key: str) -> pd.DataFrame | None:
    """Frame ``key`` of source ``name`` when that source has data (``None`` otherwise)."""
    result = results.get(name)
    if result is None or not result.has_data:
        return None
    frame = result.frames.get(key)
    return None if frame is None or frame.empty else frame


def usdjpy_frames(results: Mapping[str, SourceResult]) -> dict[str, pd.DataFrame]:
    """Source name -> USD/JPY frame, for every FX source that has data."""
    frames = {}
    for name in PRIORITY:
        frame = result_frame(results, name, "usdjpy")
        if frame is not None:
            frames[name] = frame
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
    interventions: pd.DataFrame | None = None

    @classmethod
    def from_results(cls, results: Mapping[str, SourceResult]) -> MarketFrames:
        """Pick each frame out of the results of the source that publishes it."""
        return cls(
            yields=result_frame(results, "mof_yields", "yields"),
            ust=result_frame(results, "ust_curve", "curve"),
            auctions=result_frame(results, "mof_auctions", "results"),
            calendar=result_frame(results, "mof_auctions", "calendar"),
            weekly=result_frame(results, "mof_flows_weekly", "weekly"),
            monthly=result_frame(results, "mof_flows_monthly", "monthly"),
            usdjpy=usdjpy_frames(results),
            interventions=result_frame(results, "mof_intervention", "interventions"),
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
        )
