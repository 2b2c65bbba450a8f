"""The list of sources, in display order. Imported lazily by the CLI and the app."""

from __future__ import annotations

from jgbtui.sources.base import Source


def all_sources() -> list[Source]:
    """One instance of every source, in the order the status line lists them."""
    # Imported here, not at module level, so `import jgbtui.sources.registry` stays cheap.
    from jgbtui.sources.boj_fm08 import BojUsdJpy
    from jgbtui.sources.ecb_eurofxref import EcbUsdJpy
    from jgbtui.sources.fred_dexjpus import FredUsdJpy
    from jgbtui.sources.mof_auctions import MofAuctions
    from jgbtui.sources.mof_flows_monthly import MofFlowsMonthly
    from jgbtui.sources.mof_flows_weekly import MofFlowsWeekly
    from jgbtui.sources.mof_fx_intervention import MofIntervention
    from jgbtui.sources.mof_jgb_yields import MofJgbYields
    from jgbtui.sources.ust_par_curve import UstParCurve

    return [
        MofJgbYields(),
        UstParCurve(),
        MofAuctions(),
        MofFlowsWeekly(),
        MofFlowsMonthly(),
        BojUsdJpy(),
        EcbUsdJpy(),
        FredUsdJpy(),
        MofIntervention(),
    ]


def source_names() -> list[str]:
    """The names of all sources, in display order."""
    return [source.name for source in all_sources()]
