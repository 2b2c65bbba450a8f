"""Pure pandas analytics over source frames: latest values, changes, spreads, anomalies.

Nothing here imports Textual or Rich, or does I/O (``tests/test_layers.py`` checks).
"""
