"""``python -m salesdw.generate``: see :func:`salesdw.generate.cli.main`."""

import sys

from .cli import main

sys.exit(main())
