"""The plugin manager: one loader for built-in and third-party jurisdictions alike.

There is no module-global manager: each caller builds its own. :func:`plugin_manager` registers
what :func:`clusterpolicy.regimes.discovery.discover` found; :func:`get_plugin_manager` does both.

Precedence is one rule, checked on the parsed files, never registration order: a rule file *given*
to the run (``--rules``, a case file's ``rules``, ``rules=`` in Python) takes the place of an
*installed* rule file declaring the same jurisdiction (a package's ``pkg:file.toml`` entry point, a
file of ``$CLUSTERPOLICY_RULES_DIR``) — an official revising the installed version of their rules.
The installed one is not registered, and :attr:`PluginManager.replaced` says so (each regime lists
it, :attr:`clusterpolicy.regimes.build.Regime.replaces`). Any other two plugins declaring one
jurisdiction (two given files, a Python plugin) are a load error naming both.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pluggy

from .. import hookspecs
from ..errors import LoadError
from .discovery import Discovery, Replaced, discover


class PluginManager(pluggy.PluginManager):
    """A pluggy manager with clusterpolicy's hook specs, remembering where each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        #: plugin name → where it came from (entry point and distribution, file, or direct)
        self.sources: dict[str, str] = {}
        #: installed rule files left out because a given rule file declares their jurisdiction
        self.replaced: tuple[Replaced, ...] = ()

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
    """Register what :func:`discover` found on a fresh manager (an installed rule file whose
    jurisdiction a given rule file declares left out: see the module docstring), then check every
    hook name. A rule file with problems is registered with what of it loads: its problems are
    reported with the load-time checks' (:func:`clusterpolicy.regimes.build.build_regimes`)."""
    pm = PluginManager()
    for name in found.blocked:
        pm.set_blocked(name)
    plugins: list[tuple[str, object, str]] = []  # (name, plugin, source), in discovery order
    installed: list[tuple[str, object, str]] = []  # the rule files that a given one may replace
    for ep in found.entry_points:
        if ep.is_rule_file:
            from .rulefile import load_resource

            plugins.append((ep.name, load_resource(ep.module, ep.attr, source=f"{ep.module}:{ep.attr}", partial=True).plugin(), ep.source))
            installed.append(plugins[-1])
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party plugin must not crash with a traceback
            raise LoadError([f"plugin {ep.name!r} ({ep.source}) failed to import: {type(exc).__name__}: {exc}"]) from None
        plugins.append((ep.name, plugin, ep.source))
    given: dict[str, str] = {}  # jurisdiction → the given rule file declaring it
    if found.rule_files:
        from .rulefile import load_rule_files

        for (name, path), rule_file in zip(found.rule_files, load_rule_files([path for _, path in found.rule_files], partial=True)):
            plugins.append((name, rule_file.plugin(), f"rule file {path}"))
            if rule_file.jurisdiction is None:
                continue
            if name in found.given:
                given.setdefault(rule_file.jurisdiction.id, name)
            else:
                installed.append(plugins[-1])
    declared = {name: plugin.rule_file.jurisdiction.id for name, plugin, _ in installed if plugin.rule_file.jurisdiction is not None}  # type: ignore[attr-defined]
    replaced = [
        Replaced(plugin=name, source=source, jurisdiction=declared[name], by=given[declared[name]])
        for name, plugin, source in installed
        if declared.get(name) in given
    ]
    pm.replaced = tuple(replaced)
    left_out = {r.plugin for r in replaced}
    for name, plugin, source in plugins:
        if name not in left_out:
            _register(pm, plugin, name, source)
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
