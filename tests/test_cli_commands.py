"""Each command's module is imported only when that command runs; help still lists every command."""

from __future__ import annotations

import argparse

from clusterpolicy.cli import app


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_the_command_table_names_every_command_each_module_adds():
    full = _commands(app.build_parser())
    core = {"regimes", "evaluate", "compare", "schema", "plugins"}
    assert set(app.BUILT_IN_COMMANDS) == core
    assert full == core | {c for commands in app.COMMAND_MODULES.values() for c in commands}
    for module, commands in app.COMMAND_MODULES.items():
        for command in commands:
            assert _commands(app.build_parser(command)) == set(commands), (module, command)


def test_a_core_command_builds_no_other_command_and_help_builds_all():
    assert _commands(app.build_parser("compare")) == {"compare"}
    assert _commands(app.build_parser("schema")) == {"schema"}
    assert "timeline" in _commands(app.build_parser("--help"))
    assert "batch" in _commands(app.build_parser("no-such-command"))
