"""A cache of built regimes, so that a command does not parse and check every rule file each time.

Only regimes built from rule files alone are cached (the built-ins, rule-file packages, ``--rules``
and ``$CLUSTERPOLICY_RULES_DIR``): Python plugins run code, which no key can vouch for. The key is a
hash of everything the result depends on — the content of every rule file, which plugins are
registered under which names and sources, and clusterpolicy's own code (the size and modification
time of every module, so an upgrade or an edit invalidates it). A missing, stale, unreadable or
corrupt entry is ignored and replaced; a cache directory that cannot be written is not an error.

Where: ``$CLUSTERPOLICY_CACHE_DIR``, else the user's cache directory (``$XDG_CACHE_HOME`` or
``~/.cache``, ``%LOCALAPPDATA%`` on Windows) under ``clusterpolicy``. ``CLUSTERPOLICY_NO_CACHE=1``
turns it off.

Families other than criteria are unpickled on first use (:class:`LazyRules`), so a command that
only evaluates criteria never builds the lifecycle and typical-case classes.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import note_input
from ..limits import MAX_DOCUMENT_BYTES

try:  # the hash alone, without loading OpenSSL as ``import hashlib`` does (a cost at every start)
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b

if TYPE_CHECKING:
    from .build import Regimes
    from .discovery import Discovery

CACHE_DIR_ENV = "CLUSTERPOLICY_CACHE_DIR"
NO_CACHE_ENV = "CLUSTERPOLICY_NO_CACHE"
_FORMAT = 4  #: bump when the layout of a cache entry changes
_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """The directory cache entries are kept in, or None when caching is off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    if os.environ.get(CACHE_DIR_ENV, "").strip():
        return Path(os.environ[CACHE_DIR_ENV])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "clusterpolicy" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clusterpolicy"


def key(found: Discovery) -> str | None:
    """The cache key of what ``found`` would build, or None if it cannot be cached."""
    if found.extra or any(not ep.is_rule_file for ep in found.entry_points):
        return None
    h = blake2b(f"{_FORMAT}\0{sys.version}\0".encode())
    _code_fingerprint(h)
    h.update(repr(sorted(found.blocked)).encode())
    h.update(repr(sorted(found.given)).encode())  # a given file replaces an installed one of its jurisdiction
    for ep in found.entry_points:
        content = _resource_bytes(ep.module, ep.attr)
        if content is None:
            return None
        h.update(f"\0ep\0{ep.name}\0{ep.value}\0{ep.dist}\0".encode())
        h.update(content)
    for name, path in found.rule_files:
        try:
            with open(path, "rb") as fh:
                content = fh.read(MAX_DOCUMENT_BYTES + 1)
        except OSError:
            return None  # building reports the unreadable file
        if len(content) > MAX_DOCUMENT_BYTES:
            return None  # and the one too large
        h.update(f"\0file\0{name}\0{path}\0".encode())
        h.update(content)
    return h.hexdigest()


def load(entry: str) -> Regimes | None:
    """The cached regimes for a key, or None (absent, unreadable or corrupt: never an error)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"regimes-{entry}.pickle"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return _thaw(pickle.loads(data))
    except Exception:  # corrupt or from an incompatible build: rebuild, and drop the entry
        try:
            path.unlink()
        except OSError:
            pass
        return None


def store(entry: str, regimes: Regimes) -> None:
    """Keep built regimes under a key (atomically; silently skipped if the directory is not writable)."""
    folder = cache_dir()
    if folder is None:
        return
    from ..errors import InputError
    from ..files import AtomicFile

    data = pickle.dumps(_freeze(regimes), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with AtomicFile(folder / f"regimes-{entry}.pickle", binary=True, durable=False) as fh:
            fh.write(data)
        _prune(folder, keep=f"regimes-{entry}.pickle")
    except (OSError, InputError):
        pass


class LazyRules(Sequence):
    """A family's resolved rules, unpickled the first time they are read."""

    __slots__ = ("_data", "_len", "_rules")

    def __init__(self, data: bytes, length: int):
        self._data, self._len, self._rules = data, length, None

    def _get(self) -> tuple:
        if self._rules is None:
            self._rules = pickle.loads(self._data)
        return self._rules

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index):  # type: ignore[override]
        return self._get()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._get())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        return (tuple, (self._get(),))

    def __repr__(self) -> str:
        return repr(self._get())


# --- what an entry holds -----------------------------------------------------------------------


def _freeze(regimes: Regimes) -> list[dict[str, Any]]:
    from .families import FAMILIES

    out = []
    for regime in regimes.values():
        compiled = regime._compiled
        out.append(
            {
                "jurisdiction": regime.jurisdiction,
                "lineage": regime.lineage,
                "plugins": regime.plugins,
                "removed": tuple(regime.removed),
                "not_inherited": tuple(regime.not_inherited),
                "source_files": regime.source_files,
                "replaces": regime.replaces,
                "omissions": tuple(compiled.removed),
                "criteria": tuple(regime.criteria),
                "lazy": {
                    fam: (pickle.dumps(tuple(getattr(regime, fam)), protocol=pickle.HIGHEST_PROTOCOL), len(getattr(regime, fam)))
                    for fam in FAMILIES
                    if fam != "criteria"
                },
            }
        )
    return out


def _thaw(items: list[dict[str, Any]]) -> Regimes:
    from ..criteria.evaluate import compile_criteria
    from .build import Regime, Regimes

    regimes = {}
    for item in items:
        j = item["jurisdiction"]
        regimes[j.id] = Regime(
            jurisdiction=j,
            lineage=item["lineage"],
            plugins=item["plugins"],
            removed=item["removed"],
            not_inherited=item["not_inherited"],
            source_files=item["source_files"],
            replaces=item["replaces"],
            criteria=item["criteria"],
            compiled=compile_criteria(
                j, item["criteria"], item["omissions"], tuple(x for x in item["not_inherited"] if x.family == "criteria")
            ),
            **{fam: LazyRules(data, n) for fam, (data, n) in item["lazy"].items()},
        )
    return Regimes(regimes)


def _code_fingerprint(h: Any) -> None:
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(root, name))
                h.update(f"{os.path.relpath(os.path.join(root, name), _PACKAGE)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


def _resource_bytes(package: str, name: str) -> bytes | None:
    """A package's data file, found without importing the package (None if it cannot be found)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        try:
            content = (Path(folder) / name).read_bytes()
        except OSError:
            continue
        note_input(Path(folder) / name)
        return content
    return None


def _prune(folder: Path, keep: str, most: int = 8) -> None:
    """Keep the newest entries only: each rule-file change leaves an entry behind."""
    entries = sorted(folder.glob("regimes-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in entries if p.name != keep][most - 1 :]:
        try:
            old.unlink()
        except OSError:
            pass
