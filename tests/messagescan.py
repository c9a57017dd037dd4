"""The messages the core words for its users, found in its source (for tests/test_messages_coverage.py).

A static scan of ``core/clusterpolicy``: every string or f-string given to an error (``InputError``,
``LoadError``, ``LimitError``, ``ValueError``, ``FieldValueError``, argparse's ``ArgumentTypeError``, …),
to a validator (``Constraint``, ``matches``, a ``message=``), appended to a list of problems, assigned to
``problem`` or returned by a function that words a problem. Each message is a list of alternatives (an
``if … else`` in it gives two); an alternative is a list of its literal parts and ``None`` for each value
put in. Module constants named in a message (``TOO_LARGE``, ``DATE_RANGE``) and local ones are put in.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "core" / "clusterpolicy"

#: Calls whose arguments are messages (InputError: after its source; FieldValueError: after inst, field).
ERRORS = {"InputError", "LoadError", "LimitError", "ValueError", "TypeError", "FieldValueError", "ArgumentTypeError", "LookupError",
          "UnknownRegimeError", "MissingExtraError", "WorkerError", "CalendarRangeError", "UnknownCallError", "ClusterPolicyError"}  # fmt: skip
#: Validators whose second argument (or ``message=``) is their message.
VALIDATORS = {"Constraint", "matches", "unknown_is_not_encoded"}
#: Functions whose return value is a problem's words.
WORDING = {"unknown_field", "_path_problem", "row_problems", "_scan", "_message", "note", "_part_message"}

Message = list  # of str | None


def _parts(node: ast.AST, names: dict[str, ast.AST]) -> list[Message]:
    if isinstance(node, ast.Constant):
        return [[node.value]] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        alternatives: list[Message] = [[]]
        for value in node.values:
            if isinstance(value, ast.Constant):
                inner = [[value.value]]
            else:
                inner = _parts(value.value, names) if isinstance(value.value, (ast.IfExp, ast.JoinedStr, ast.Constant, ast.Name)) else []
            alternatives = [a + b for a in alternatives for b in (inner or [[None]])]
        return alternatives
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _parts(node.left, names) or [[None]], _parts(node.right, names) or [[None]]
        return [a + b for a in left for b in right]
    if isinstance(node, (ast.IfExp, ast.BoolOp)):  # each branch a message, if every branch is text
        branches = [_parts(v, names) for v in ((node.body, node.orelse) if isinstance(node, ast.IfExp) else node.values)]
        return [a for b in branches for a in b] if all(branches) else []
    if isinstance(node, ast.Lambda):
        return _parts(node.body, names)
    if isinstance(node, ast.Name) and node.id in names:
        return _parts(names[node.id], {k: v for k, v in names.items() if k != node.id})
    return []


def _messages(node: ast.AST, names: dict[str, ast.AST]) -> list[Message]:
    if isinstance(node, (ast.List, ast.Tuple)):
        return [m for e in node.elts for m in _messages(e, names)]
    if isinstance(node, ast.Starred):
        return _messages(node.value, names)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return _messages(node.elt, names)
    return _parts(node, names)


def _said(node: ast.AST) -> list[ast.AST]:
    """The expressions of ``node`` that are messages."""
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name in VALIDATORS:
            return [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "message")]
        if name in ERRORS:
            return node.args[2:] if name == "FieldValueError" else node.args[1:] if name == "InputError" else node.args
        if name in ("together", "exactly_one", "excludes", "required_when"):
            return [k.value for k in node.keywords if k.arg == "message"]
        if name in ("append", "extend") and isinstance(f.value, ast.Name) and "problem" in f.value.id:
            return node.args
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and "problem" in node.target.id:
        return [node.value]
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "problem" for t in node.targets):
        return [node.value]
    return []


@functools.cache
def scan(root: Path = CORE) -> tuple[tuple[str, int, Message], ...]:
    """Every message of the modules under ``root``: (module, line, alternative)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.parent.name == "messages":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        seen: set[int] = set()
        functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for scope in [*reversed(functions), tree]:  # the innermost scope first: its names
            names = dict(module)
            if scope is not tree:
                names.update({t.id: n.value for n in ast.walk(scope) if isinstance(n, ast.Assign) for t in n.targets
                              if isinstance(t, ast.Name) and isinstance(n.value, (ast.Constant, ast.JoinedStr, ast.BoolOp, ast.IfExp, ast.BinOp))})  # fmt: skip
            for node in ast.walk(scope):
                if id(node) in seen:
                    continue
                seen.add(id(node))
                exprs = _said(node)
                if scope is not tree and scope.name in WORDING and isinstance(node, ast.Return) and node.value is not None:
                    exprs = [node.value]
                for expr in exprs:
                    found += [(path.relative_to(root).as_posix(), node.lineno, m) for m in _messages(expr, names)]
    return tuple(found)
