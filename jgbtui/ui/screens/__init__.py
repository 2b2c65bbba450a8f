"""Screens: the main monitor, help, and source details."""
