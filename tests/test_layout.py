"""The package's shape: one room per purpose, imports flowing one way, modules of readable size."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "core" / "clusterpolicy"
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports, anywhere in the file (lazy imports count),
    except under ``if TYPE_CHECKING:``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package.split(".") if package else []
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        target = ".".join([*base, *(node.module.split(".") if node.module else [])])
        if node.module is None:  # from . import x: x is a module
            found |= {".".join([*base, a.name]).strip(".") for a in node.names}
        else:
            found.add(target.strip("."))
    return {m for m in found if m}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for target in _imports(path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                deps.add(target)
        graph[name] = deps
    return graph


def _room(module: str) -> str:
    """The folder a module sits in; a module at the package root is a room of its own."""
    head, _, rest = module.partition(".")
    return head if rest or (PACKAGE / head).is_dir() else module


def test_no_module_is_longer_than_about_600_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_circle_between_modules():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(" → ".join(path[path.index(dep):] + [node, dep]) if dep in path else f"{node} → {dep}")
            elif dep not in state:
                visit(dep, path + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


def test_no_two_rooms_import_each_other():
    graph = _graph()
    rooms: dict[str, set[str]] = {}
    for module, deps in graph.items():
        rooms.setdefault(_room(module), set()).update(_room(d) for d in deps if _room(d) != _room(module))
    pairs = sorted({tuple(sorted((a, b))) for a, deps in rooms.items() for b in deps if a in rooms.get(b, ())})
    assert pairs == []


def test_the_core_never_imports_a_jurisdiction():
    offenders = sorted(
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if any(f"clusterpolicy_{j}" in p.read_text(encoding="utf-8") for j in ("national", "hainan", "anhui"))
    )
    assert offenders == []


def test_every_folder_of_the_package_is_in_the_wheel():
    """pyproject lists the packages: a new folder left out installs from the source tree but not from a wheel."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {"clusterpolicy." + ".".join(p.parent.relative_to(PACKAGE).parts) for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE}
    assert folders - listed == set()


def test_every_attrs_class_is_declared_with_model_frozen():
    """``clusterpolicy.model.frozen`` shares repr, eq and hash between classes; a class made with
    ``attrs.frozen``/``attrs.define`` directly compiles its own at every start (tests/test_frozen_classes.py)."""
    direct = re.compile(r"^\s*from attrs import [^\n]*\b(frozen|define|mutable)\b|\battrs?\.(frozen|define|mutable|s)\(|^\s*@attrs?\.(frozen|define|mutable|s)\b", re.M)
    offenders = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "model.py" and direct.search(p.read_text(encoding="utf-8"))
    )
    assert offenders == []
