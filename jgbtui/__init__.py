"""jgbtui: a terminal monitor for the Japanese government bond market.

Importing the package is cheap on purpose (start-up time): heavy modules load on use.
"""

__version__ = "0.1.0"
