"""The plugin manager: one loader for built-in and third-party jurisdictions alike.

There is no module-global manager: each caller builds its own. :func:`plugin_manager` registers
what :func:`clusterpolicy.regimes.discovery.discover` found; :func:`get_plugin_manager` does both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pluggy

from .. import hookspecs
from ..errors import LoadError
from .discovery import Discovery, discover


class PluginManager(pluggy.PluginManager):
    """A pluggy manager with clusterpolicy's hook specs, remembering where each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        #: plugin name → where it came from (entry point and distribution, file, or direct)
        self.sources: dict[str, str] = {}

    def source(self, name: str) -> str:
        return self.sources.get(name, "registered directly")


def get_plugin_manager(
    entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
    blocked: Iterable[str] = (),
    rules: Iterable[str | os.PathLike] = (),
) -> PluginManager:
    """Return a fresh plugin manager with the hook specs and the requested plugins registered.

    :param entry_points: load plugins from the ``clusterpolicy`` entry-point group (an entry point
        whose value is ``package:file.toml`` loads that rule file from the package), and rule files
        from the directories in ``$CLUSTERPOLICY_RULES_DIR``.
    :param extra: further ``(name, plugin)`` pairs, e.g. test plugins.
    :param blocked: plugin names not to load (added to those in ``$CLUSTERPOLICY_BLOCK_PLUGINS``).
    :param rules: TOML rule files (or directories of them) to load as plugins, named by file name
        (see :mod:`clusterpolicy.regimes.rulefile`).
    """
    return plugin_manager(discover(entry_points=entry_points, extra=extra, blocked=blocked, rules=rules))


def plugin_manager(found: Discovery) -> PluginManager:
    """Register what :func:`discover` found on a fresh manager, then check every hook name."""
    pm = PluginManager()
    for name in found.blocked:
        pm.set_blocked(name)
    for ep in found.entry_points:
        if ep.is_rule_file:
            from .rulefile import load_resource

            _register(pm, load_resource(ep.module, ep.attr, source=f"{ep.module}:{ep.attr}").plugin(), ep.name, ep.source)
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party plugin must not crash with a traceback
            raise LoadError([f"plugin {ep.name!r} ({ep.source}) failed to import: {type(exc).__name__}: {exc}"]) from None
        _register(pm, plugin, ep.name, ep.source)
    if found.rule_files:
        from .rulefile import load_rule_file

        for name, path in found.rule_files:
            _register(pm, load_rule_file(path).plugin(), name, source=f"rule file {path}")
    for name, plugin in found.extra:
        _register(pm, plugin, name, source="registered directly")
    _check_hook_names(pm)
    return pm


def _check_hook_names(pm: PluginManager) -> None:
    """Like ``pm.check_pending()``, but naming the plugin and the known hooks."""
    known = sorted(n for n in vars(pm.hook) if getattr(pm.hook, n).has_spec())
    problems = []
    for name, hook in sorted(vars(pm.hook).items()):
        if hook.has_spec():
            continue
        for impl in hook.get_hookimpls():
            if not impl.optionalhook:
                problems.append(f"plugin {impl.plugin_name!r}: unknown hook {name!r} (known: {', '.join(known)})")
    if problems:
        raise LoadError(problems)


def _register(pm: PluginManager, plugin: object, name: str, source: str) -> None:
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise LoadError([f"plugin {name!r} ({source}) could not be registered: {exc}"]) from None
    pm.sources[name] = source
