"""The frames every view of the market starts from, taken once from the sources' results.

The view model, the report and the drill-down data all read frames out of
:class:`~jgbtui.sources.base.SourceResult` objects through the catalog's
:class:`~jgbtui.sources.catalog.FrameRef` constants; this module is the one place that does it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jgbtui.sources import catalog
from jgbtui.sources.base import SourceResult
from jgbtui.sources.catalog import FrameRef

if TYPE_CHECKING:
    # Annotations only: the view's dataclasses name MarketFrames, and a saved view is read
    # back before pandas loads. The scans below import what they run.
    import pandas as pd

    from jgbtui.analytics.anomalies import AnomalyConfig
    from jgbtui.analytics.types import Anomaly, Board


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
    cpi_national: pd.DataFrame | None = None
    """All-Japan CPI indices, 2025 base."""
    cpi_national_2020: pd.DataFrame | None = None
    """All-Japan CPI indices, 2020 base (history before the switch)."""
    cpi_tokyo: pd.DataFrame | None = None
    cpi_releases: pd.DataFrame | None = None
    investors: pd.DataFrame | None = None
    """Residents' foreign long-term bond flows by investor type (monthly)."""
    policy: pd.DataFrame | None = None
    """The BOJ's policy rate by effective date, with decision dates."""
    decisions: pd.DataFrame | None = None
    call_rate: pd.DataFrame | None = None
    boj_meetings: pd.DataFrame | None = None
    fomc_meetings: pd.DataFrame | None = None

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
            cpi_national=result_frame(results, catalog.CPI_NATIONAL),
            cpi_national_2020=result_frame(results, catalog.CPI_NATIONAL_2020),
            cpi_tokyo=result_frame(results, catalog.CPI_TOKYO),
            cpi_releases=result_frame(results, catalog.CPI_RELEASES),
            investors=result_frame(results, catalog.FLOWS_INVESTORS),
            policy=result_frame(results, catalog.POLICY_RATE),
            decisions=result_frame(results, catalog.POLICY_DECISIONS),
            call_rate=result_frame(results, catalog.CALL_RATE),
            boj_meetings=result_frame(results, catalog.BOJ_MEETINGS),
            fomc_meetings=result_frame(results, catalog.FOMC_MEETINGS),
        )

    def cpi_areas(self) -> dict[str, tuple[pd.DataFrame | None, ...]]:
        """CPI area -> its index frames (every base), for areas with data."""
        areas = {
            "tokyo": (self.cpi_tokyo,),
            "national": (self.cpi_national, self.cpi_national_2020),
        }
        return {
            area: frames for area, frames in areas.items() if any(f is not None for f in frames)
        }

    def anomalies(self, config: AnomalyConfig | None = None) -> list[Anomaly]:
        """Every current anomaly, newest first."""
        from jgbtui.analytics.anomalies import find_anomalies
        from jgbtui.present.memo import PARTS

        return find_anomalies(
            yields=self.yields,
            auctions=self.auctions,
            weekly=self.weekly,
            monthly=self.monthly,
            usdjpy=self.usdjpy,
            cpi_frames=self.cpi_areas(),
            investors=self.investors,
            config=config,
            parts=PARTS,
        )

    def board(self) -> Board:
        """The sell-Japan board."""
        from jgbtui.analytics.signals import board
        from jgbtui.present.memo import PARTS

        return board(
            yields=self.yields,
            ust=self.ust,
            auctions=self.auctions,
            weekly=self.weekly,
            monthly=self.monthly,
            usdjpy=self.usdjpy,
            interventions=self.interventions,
            investors=self.investors,
            parts=PARTS,
        )
