"""``python -m jgbtui``: the same as the ``jgbtui`` command (see :mod:`jgbtui.cli.main`)."""

import sys

from jgbtui.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
