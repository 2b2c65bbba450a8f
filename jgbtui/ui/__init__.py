"""The Textual UI: the app, its screens and widgets, themes and messages.

It renders the view that :mod:`jgbtui.present` builds and sends intents down; it never
fetches or computes market figures itself.
"""
