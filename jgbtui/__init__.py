"""jgbtui: a terminal monitor for the Japanese government bond market.

Importing the package is cheap on purpose (start-up time): heavy modules load on use.
"""

__version__ = "0.1.0"

import logging as _logging

# A library stays quiet unless the application configures logging (the CLI does, into a
# rotating file): without this, Python's last-resort handler would print warnings to stderr.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
