"""``python -m clusterpolicy`` is the ``clusterpolicy`` command."""

import sys

from .cli import main

sys.exit(main())
