"""The headless side of the app: refreshing sources, the config file, options, the alert log
and exports. No Textual here: the UI and the CLI drive it.
"""
