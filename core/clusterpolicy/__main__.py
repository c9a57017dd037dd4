"""``python -m clusterpolicy`` is the ``clusterpolicy`` command."""

from .cli import run

run()
