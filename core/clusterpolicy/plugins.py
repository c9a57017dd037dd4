"""Plugin discovery: one loader for built-in and third-party jurisdictions alike.

Built-in jurisdictions are declared under the ``clusterpolicy`` entry-point group in our own
``pyproject.toml``, exactly as a province's package would declare them, and the core never
imports them by name. There is no module-global manager: each caller builds its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.metadata import entry_points

import pluggy

from . import hookspecs
from .errors import LoadError

ENTRY_POINT_GROUP = "clusterpolicy"
#: Comma-separated plugin names not to load (built-ins included), e.g. ``anhui``.
BLOCK_ENV = "CLUSTERPOLICY_BLOCK_PLUGINS"


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
) -> PluginManager:
    """Return a fresh plugin manager with the hook specs and the requested plugins registered.

    :param entry_points: load plugins from the ``clusterpolicy`` entry-point group.
    :param extra: further ``(name, plugin)`` pairs, e.g. test plugins or rule files.
    :param blocked: plugin names not to load (added to those in ``$CLUSTERPOLICY_BLOCK_PLUGINS``).
    """
    pm = PluginManager()
    blocked = set(blocked) | {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}
    for name in blocked:
        pm.set_blocked(name)
    if entry_points:
        _load_entry_points(pm)
    for name, plugin in extra:
        if not pm.is_blocked(name):
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


def _load_entry_points(pm: PluginManager) -> None:
    seen: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if pm.is_blocked(ep.name):
            continue
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist is not None else "unknown distribution"
        source = f"entry point {ep.name} = {ep.value} ({dist})"
        if ep.name in seen:
            if seen[ep.name] == source:
                continue  # the same distribution found twice on sys.path
            raise LoadError([f"two plugins are named {ep.name!r}: {seen[ep.name]} and {source}"])
        seen[ep.name] = source
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party plugin must not crash with a traceback
            raise LoadError([f"plugin {ep.name!r} ({source}) failed to import: {type(exc).__name__}: {exc}"]) from None
        _register(pm, plugin, ep.name, source)


def _register(pm: PluginManager, plugin: object, name: str, source: str) -> None:
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise LoadError([f"plugin {name!r} ({source}) could not be registered: {exc}"]) from None
    pm.sources[name] = source
