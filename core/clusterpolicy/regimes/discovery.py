"""Plugin discovery: what would be registered, listed before anything is imported or parsed.

Built-in jurisdictions are declared under the ``clusterpolicy`` entry-point group in our own
``pyproject.toml``, exactly as a province's package would declare them, and the core never
imports them by name. :func:`discover` lists the entry points, rule files and plugins passed in;
the list is what the cache of built regimes is keyed on (:mod:`clusterpolicy.regimes.cache`), and
:func:`clusterpolicy.regimes.plugins.plugin_manager` registers it. Entry points are read from the
installed distributions' ``entry_points.txt`` directly: the same files :mod:`importlib.metadata`
reads, without its ~30 ms import on every command; pluggy is not imported here either, so a
command whose regimes come from the cache never imports it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, LoadError, shorten
from ..files import note_input
from ..model import frozen

ENTRY_POINT_GROUP = "clusterpolicy"
#: Directories (``os.pathsep``-separated) whose ``*.toml`` rule files every command loads.
RULES_DIR_ENV = "CLUSTERPOLICY_RULES_DIR"
#: Comma-separated plugin names not to load (built-ins included), e.g. ``anhui``.
BLOCK_ENV = "CLUSTERPOLICY_BLOCK_PLUGINS"


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
    #: Names of the rule files given to this run (``rules``, ``--rules``), as opposed to the installed
    #: ones (entry points, ``$CLUSTERPOLICY_RULES_DIR``): a given file takes the place of an installed
    #: rule file that declares the same jurisdiction (:func:`clusterpolicy.regimes.plugins.plugin_manager`).
    given: frozenset[str] = frozenset()


@frozen(kw_only=True)
class Replaced:
    """An installed rule file left out: a rule file given to the run declares its jurisdiction."""

    plugin: str  #: the installed plugin's name
    source: str  #: where it comes from (entry point and distribution, or a rules-directory file)
    jurisdiction: str
    by: str  #: the given rule file's plugin name

    def note(self) -> str:
        return f"rule file {self.by} is loaded in place of the installed plugin {self.plugin!r} ({self.source}), which also declares {self.jurisdiction!r}"


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
    given: set[str] = set()
    paths = list(rules)
    if paths or (entry_points and os.environ.get(RULES_DIR_ENV, "").strip()):
        seen: dict[str, str | None] = {}  # resolved path → plugin name (None: blocked)
        listed = [(p, False) for p in (env_rule_paths(os.environ) if entry_points else [])]
        for path, mine in listed + [(p, True) for p in rule_paths(paths)]:
            try:
                resolved = str(path.resolve())
            except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
                raise InputError(str(path), [f"cannot resolve the path: {getattr(exc, 'strerror', None) or 'symlink loop'}"]) from None
            if resolved in seen:  # the same file twice (given, and in the rules directory)
                if mine and seen[resolved] is not None:
                    given.add(seen[resolved])  # type: ignore[arg-type]
                continue
            known |= {path.name, str(path), resolved}
            # Named by file name (``--block-plugin zhejiang.toml``); by full path if two share a name.
            name = path.name if path.name not in taken and path.name not in blocked else resolved
            if path.name in blocked or name in blocked:
                seen[resolved] = None
                continue
            seen[resolved] = name
            taken.add(name)
            files.append((name, path))
            if mine:
                given.add(name)
            note_input(path)  # read by this run (built, or hashed for the cache): never an output
    unknown = sorted(asked - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise InputError("--block-plugin", [f"no plugin named {shorten(n)} (known: {listed})" for n in unknown])
    return Discovery(
        blocked=blocked,
        entry_points=eps,
        rule_files=tuple(files),
        extra=tuple((n, p) for n, p in extra if n not in blocked),
        given=frozenset(given),
    )


def rule_paths(paths: Iterable[str | Path], empty_ok: bool = False) -> list[Path]:
    """Expand the given files and directories (a directory gives its ``*.toml`` files, sorted); a
    directory without any is an :class:`InputError` unless ``empty_ok``."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(x for x in p.glob("*.toml") if x.is_file())
            if not found and not empty_ok:
                raise InputError(str(p), ["no rule files (*.toml) in this folder"])
            out += found
        else:
            out.append(p)
    return out


def env_rule_paths(environ: Mapping[str, str]) -> list[Path]:
    """Rule files from ``$CLUSTERPOLICY_RULES_DIR`` (one or more directories)."""
    value = environ.get(RULES_DIR_ENV, "").strip()
    if not value:
        return []
    dirs = [Path(d) for d in value.split(os.pathsep) if d.strip()]
    for d in dirs:
        if not d.is_dir():
            raise InputError(f"${RULES_DIR_ENV}", [f"{d} is not a directory"])
    return rule_paths(dirs, empty_ok=True)


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
