"""Publisher datasets: one module each, with a thin async fetch and a pure ``parse``.

Nothing in this package imports Textual or Rich (``tests/test_layers.py`` checks).
The list of sources lives in :mod:`jgbtui.sources.registry`.
"""
