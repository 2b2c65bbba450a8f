"""Record context, z-scores, carry, the sell-Japan board and anomalies on known answers.

A package (like ``tests/ui``) so its module names never clash with other test folders.
"""
