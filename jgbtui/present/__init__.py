"""What is shown: one view built from the last good results and the user's settings.

The main screen, ``jgbtui snapshot``, the drill-down screens, the desk line and exports all
read what this package builds. Pure: no Textual, and no I/O but the small files of
``saved.py`` and ``files.py`` (the last view, the last screen).
"""
