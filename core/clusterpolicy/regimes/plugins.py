"""Plugin discovery: one loader for built-in and third-party jurisdictions alike.

Built-in jurisdictions are declared under the ``clusterpolicy`` entry-point group in our own
``pyproject.toml``, exactly as a province's package would declare them, and the core never
imports them by name. There is no module-global manager: each caller builds its own.

Discovery is two steps: :func:`discover` lists what would be registered (entry points, rule files,
plugins passed in) without importing or parsing anything, and :func:`plugin_manager` registers
them. The list is what the cache of built regimes is keyed on (:mod:`clusterpolicy.regimes.cache`).
Entry points are read from the installed distributions' ``entry_points.txt`` directly: the same
files :mod:`importlib.metadata` reads, without its ~30 ms import on every command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pluggy
from attrs import frozen

from .. import hookspecs
from ..errors import InputError, LoadError, shorten
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


@frozen
class EntryPoint:
    """One ``clusterpolicy`` entry point of an installed distribution (``name = module[:attr]``)."""

    name: str
    value: str
    dist: str  #: "name version" of the distribution that declares it

    @property
    def module(self) -> str:
        return self.value.partition(":")[0].strip()

    @property
    def attr(self) -> str:
        return self.value.partition(":")[2].strip()

    @property
    def is_rule_file(self) -> bool:
        """``package:file.toml``: a rule file shipped inside a package (no Python to import)."""
        return self.attr.endswith(".toml")

    @property
    def source(self) -> str:
        return f"entry point {self.name} = {self.value} ({self.dist})"

    def load(self) -> Any:
        import importlib

        obj: Any = importlib.import_module(self.module)
        for part in filter(None, self.attr.split(".")):
            obj = getattr(obj, part)
        return obj


@frozen
class Discovery:
    """What a plugin manager would register, in order, before anything is imported or parsed."""

    blocked: frozenset[str]
    entry_points: tuple[EntryPoint, ...]
    rule_files: tuple[tuple[str, Path], ...]  #: (plugin name, path)
    extra: tuple[tuple[str, object], ...]


def discover(
    entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
    blocked: Iterable[str] = (),
    rules: Iterable[str | os.PathLike] = (),
) -> Discovery:
    """List the plugins :func:`get_plugin_manager` would register (same parameters).

    A name in ``blocked`` that no plugin has is an :class:`~clusterpolicy.errors.InputError` naming
    the known plugins (names in ``$CLUSTERPOLICY_BLOCK_PLUGINS`` may be plugins not installed here);
    so is a rule file whose path cannot be resolved (a symlink loop)."""
    extra = tuple(extra)
    asked = frozenset(blocked)
    blocked = asked | {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}
    found = find_entry_points() if entry_points else []
    eps = tuple(ep for ep in found if ep.name not in blocked)
    known = {ep.name for ep in found} | {n for n, _ in extra}
    taken = {ep.name for ep in eps}
    files: list[tuple[str, Path]] = []
    paths = list(rules)
    if paths or (entry_points and os.environ.get(RULES_DIR_ENV, "").strip()):
        from .rulefile import env_rule_paths, rule_paths

        seen: set[str] = set()
        for path in (env_rule_paths(os.environ) if entry_points else []) + rule_paths(paths):
            try:
                resolved = str(path.resolve())
            except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
                raise InputError(str(path), [f"cannot resolve the path: {getattr(exc, 'strerror', None) or 'symlink loop'}"]) from None
            if resolved in seen:
                continue  # the same file given twice
            seen.add(resolved)
            known |= {path.name, str(path)}
            # Named by file name (``--block-plugin zhejiang.toml``); by path if two share a name.
            name = path.name if path.name not in taken and path.name not in blocked else str(path)
            if path.name in blocked or name in blocked:
                continue
            taken.add(name)
            files.append((name, path))
    unknown = sorted(asked - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise InputError("--block-plugin", [f"no plugin named {shorten(n)} (known: {listed})" for n in unknown])
    return Discovery(
        blocked=blocked,
        entry_points=eps,
        rule_files=tuple(files),
        extra=tuple((n, p) for n, p in extra if n not in blocked),
    )


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


# --- entry points, read from the distributions' metadata ---------------------------------------


def find_entry_points(group: str = ENTRY_POINT_GROUP) -> list[EntryPoint]:
    """The group's entry points of every distribution on ``sys.path``, in path order.

    A distribution found twice on the path (the same name) counts once, as in :mod:`importlib.metadata`;
    two distributions declaring the same entry-point name are a :class:`LoadError`.
    """
    found: dict[str, EntryPoint] = {}
    dists: set[str] = set()
    for info in _distributions():
        text = _read(info / "entry_points.txt")
        if text is None or f"[{group}]" not in text:
            continue
        dist = _dist_name(info)
        key = dist.split(" ")[0].lower().replace("_", "-")
        if key in dists:
            continue
        dists.add(key)
        for name, value in _section(text, group):
            ep = EntryPoint(name=name, value=value, dist=dist)
            if name in found and found[name] != ep:
                raise LoadError([f"two plugins are named {name!r}: {found[name].source} and {ep.source}"])
            found[name] = ep
    return list(found.values())


def _distributions() -> Iterator[Path]:
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as it:
                names = sorted(e.name for e in it if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue  # a zip file, or a directory that does not exist
        for name in names:
            yield Path(entry or ".") / name


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _dist_name(info: Path) -> str:
    """``name version`` from the METADATA (or PKG-INFO) headers, else from the folder's name."""
    head = _read(info / "METADATA") or _read(info / "PKG-INFO") or ""
    fields: dict[str, str] = {}
    for line in head.splitlines():
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep and key in ("Name", "Version"):
            fields.setdefault(key, value.strip())
    if "Name" in fields:
        return f"{fields['Name']} {fields.get('Version', '')}".strip()
    stem = info.name.rsplit(".", 1)[0]
    name, _, version = stem.partition("-")
    return f"{name} {version}".strip()


def _section(text: str, group: str) -> Iterator[tuple[str, str]]:
    """``name = value`` lines of one ``[group]`` section of an ``entry_points.txt`` (INI syntax)."""
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == group
            continue
        if inside:
            name, sep, value = line.partition("=")
            if sep:
                yield name.strip(), value.strip()
