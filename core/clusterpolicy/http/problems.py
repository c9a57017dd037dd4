"""The API's client errors, shared by the endpoint table and the handlers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InputError

#: Name used for the request body in error messages (the CLI names the file).
BODY_SOURCE = "<request body>"

#: How the error of a query with problems starts.
BAD_QUERY = "bad query: "


class HTTPProblem(Exception):
    """A client error (or a 300 Multiple Choices) with its status: rendered as ``{"error": ..., "problems": [...]}``
    and ``error_zh``, ``problems_zh``: the same in Chinese, as ``--lang zh`` prints it."""

    def __init__(self, status: int, error: str, problems: Sequence[str] = (), body: dict[str, Any] | None = None):
        self.status = status
        self.error = error
        self.problems = list(problems)
        self.body = body  #: a document other than ``{"error", "problems"}`` (300: the choices)
        self.joined = False  #: ``error`` is :data:`BAD_QUERY` and the problems joined: said one by one
        super().__init__(error)

    @classmethod
    def from_input(cls, status: int, exc: InputError) -> HTTPProblem:
        """Same text as the CLI prints for this error, and the same field-path lines."""
        return cls(status, str(exc), exc.problems)

    @classmethod
    def bad_query(cls, problems: Sequence[str]) -> HTTPProblem:
        """A 400 naming each of the query's problems (``bad query: a; b``)."""
        problem = cls(400, BAD_QUERY + "; ".join(problems), problems)
        problem.joined = True
        return problem

    def document(self) -> dict[str, Any]:
        if self.body is not None:
            return self.body
        from ..messages import said

        zh = [said(p, "zh") for p in self.problems]
        joined = self.joined and self.problems
        error_zh = said(BAD_QUERY + self.problems[0], "zh") + "".join(";" + p for p in zh[1:]) if joined else said(self.error, "zh")
        return {"error": self.error, "problems": self.problems, "error_zh": error_zh, "problems_zh": zh}
