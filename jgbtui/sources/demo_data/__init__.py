"""Synthetic DEMO payloads in the publishers' formats (not real data)."""
