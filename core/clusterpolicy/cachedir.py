"""Where clusterpolicy keeps what it can always rebuild: built regimes (:mod:`clusterpolicy.regimes.cache`)
and the compiled code of its classes' generated methods (:mod:`clusterpolicy.codecache`).

``$CLUSTERPOLICY_CACHE_DIR``, else the user's cache directory (``$XDG_CACHE_HOME`` or ``~/.cache``,
``%LOCALAPPDATA%`` on Windows) under ``clusterpolicy``. ``CLUSTERPOLICY_NO_CACHE=1`` turns caching off.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_DIR_ENV = "CLUSTERPOLICY_CACHE_DIR"
NO_CACHE_ENV = "CLUSTERPOLICY_NO_CACHE"


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
