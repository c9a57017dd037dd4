"""The ``clusterpolicy`` command line: ``app`` parses and dispatches; each family's commands have a module."""

from .app import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
