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

from .. import hookspecs
from ..errors import LoadError
from .rulefile import RULES_DIR_ENV

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
    pm = PluginManager()
    blocked = set(blocked) | {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}
    for name in blocked:
        pm.set_blocked(name)
    if entry_points:
        _load_entry_points(pm)
    _load_rule_files(pm, rules, env=entry_points)
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
        if (ep.attr or "").endswith(".toml"):  # a rule file shipped inside a package
            from .rulefile import load_resource

            plugin = load_resource(ep.module, ep.attr, source=f"{ep.module}:{ep.attr}").plugin()
            _register(pm, plugin, ep.name, source)
            continue
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party plugin must not crash with a traceback
            raise LoadError([f"plugin {ep.name!r} ({source}) failed to import: {type(exc).__name__}: {exc}"]) from None
        _register(pm, plugin, ep.name, source)


def _load_rule_files(pm: PluginManager, paths: Iterable[str | os.PathLike], env: bool) -> None:
    """Rule files from ``$CLUSTERPOLICY_RULES_DIR`` (when ``env``) and then ``paths``."""
    paths = list(paths)
    if not paths and not (env and os.environ.get(RULES_DIR_ENV, "").strip()):
        return  # keep start-up free of the rule-file machinery
    from .rulefile import env_rule_paths, load_rule_file, rule_paths

    files = (env_rule_paths(os.environ) if env else []) + rule_paths(paths)
    seen: set[str] = set()
    for path in files:
        if str(path.resolve()) in seen:
            continue  # the same file given twice
        seen.add(str(path.resolve()))
        # Named by file name (``--block-plugin zhejiang.toml``); by path if two share a name.
        name = path.name if pm.get_plugin(path.name) is None and not pm.is_blocked(path.name) else str(path)
        if pm.is_blocked(path.name) or pm.is_blocked(name):
            continue
        _register(pm, load_rule_file(path).plugin(), name, source=f"rule file {path}")


def _register(pm: PluginManager, plugin: object, name: str, source: str) -> None:
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise LoadError([f"plugin {name!r} ({source}) could not be registered: {exc}"]) from None
    pm.sources[name] = source
