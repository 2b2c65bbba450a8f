"""Publisher datasets: one module each, with a thin async fetch and a pure ``parse``.

Nothing in this package imports Textual or Rich (``tests/test_layers.py`` checks).
Every source is declared once in :mod:`jgbtui.sources.catalog`.
"""
