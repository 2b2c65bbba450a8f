"""What is shown: one view built from the last good results and the user's settings.

The main screen, ``jgbtui snapshot``, the drill-down screens, the desk line and exports all
read what this package builds. Pure: no Textual, no I/O.
"""
