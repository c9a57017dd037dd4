"""The compiled code of the methods attrs and cattrs write for clusterpolicy's classes, kept between runs.

attrs writes each class's ``__init__`` as Python source when the class is created, cattrs each
structuring function the first time a class is read; compiling that source was a tenth of
``clusterpolicy compare``. The code depends only on the source text, its file name, the compiler
flags and the interpreter, so it is kept as Python keeps a module's bytecode in ``__pycache__``: in
the cache directory (:mod:`clusterpolicy.cachedir`), one file per interpreter version, a table
from (file name, flags, source) to code. Only the sources generated for clusterpolicy's own classes
are kept (their file names say so); any other source is compiled as usual.

:func:`install` has attrs (``attr._make``) and cattrs (``cattrs.gen``) call :func:`compile_generated`
instead of the built-in ``compile``; if a later attrs or cattrs compiles some other way, nothing is
found in the table and everything works as before, only slower. A missing, unreadable, corrupt or
foreign file is ignored; :func:`save` (the command line calls it after each command) writes new
code atomically, keeping only what this process used once the table grows past :data:`MOST`.
"""

from __future__ import annotations

import __future__
import builtins
import marshal
import os
import sys
from types import CodeType
from typing import Any

#: Sources cached: those attrs and cattrs generate for a class of clusterpolicy.
_OURS = (" clusterpolicy.", "generated ")
#: Entries kept at most before the ones this process did not use are dropped.
MOST = 2000
_HEADER = f"clusterpolicy generated code 1\0{sys.version}\0{sys.flags.optimize}\n".encode()
#: The compiler flags of ``from __future__`` imports (inherited from the code that calls ``compile``).
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag

_table: dict[tuple[str, int, str], CodeType] | None = None  #: loaded on first use
_used: set[tuple[str, int, str]] = set()
_new = False


def install(module_name: str) -> None:
    """Have the module, if it is loaded, compile through :func:`compile_generated`."""
    module = sys.modules.get(module_name)
    if module is not None:
        module.compile = compile_generated  # found before the built-in by the module's code


def compile_generated(source: Any, filename: str, mode: str, flags: int = 0, dont_inherit: bool = False, optimize: int = -1):
    """``compile``, answered from the table for a source generated for one of clusterpolicy's classes."""
    global _new
    if flags or dont_inherit or optimize != -1 or mode != "exec" or not isinstance(source, str) or not all(m in filename for m in _OURS):
        return builtins.compile(source, filename, mode, flags, dont_inherit, optimize)
    inherited = sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS  # what the built-in would inherit
    key = (filename, inherited, source)
    table = _load()
    code = table.get(key)
    if type(code) is not CodeType:
        code = table[key] = builtins.compile(source, filename, mode, inherited, True)
        _new = True
    _used.add(key)
    return code


def save() -> None:
    """Write the table if this process compiled anything new (silently skipped if it cannot be)."""
    global _new
    path = _path()
    if not _new or _table is None or path is None:
        return
    table = _table if len(_table) <= MOST else {k: v for k, v in _table.items() if k in _used}
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(_HEADER + marshal.dumps(table))
        os.replace(partial, path)
        _new = False
    except (OSError, ValueError):
        try:
            partial.unlink()
        except OSError:
            pass


def _path():
    from .cachedir import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / f"generated-code-{sys.implementation.cache_tag}.marshal"


def _load() -> dict[tuple[str, int, str], CodeType]:
    global _table
    if _table is None:
        _table = {}
        path = _path()
        try:
            data = path.read_bytes() if path is not None else b""
            if data.startswith(_HEADER):
                found = marshal.loads(data[len(_HEADER) :])
                if isinstance(found, dict):
                    _table = found
        except (OSError, ValueError, EOFError, TypeError):  # unreadable or corrupt: compiled afresh, and rewritten
            pass
    return _table
