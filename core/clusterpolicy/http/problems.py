"""The API's client errors, shared by the endpoint table and the handlers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InputError

#: Name used for the request body in error messages (the CLI names the file).
BODY_SOURCE = "<request body>"


class HTTPProblem(Exception):
    """A client error (or a 300 Multiple Choices) with its status: rendered as ``{"error": ..., "problems": [...]}``
    (an input error adds ``error_zh`` and ``problems_zh``: the same in Chinese, as ``--lang zh`` prints it)."""

    def __init__(self, status: int, error: str, problems: Sequence[str] = (), body: dict[str, Any] | None = None, zh: bool = False):
        self.status = status
        self.error = error
        self.problems = list(problems)
        self.body = body  #: a document other than ``{"error", "problems"}`` (300: the choices)
        self.zh = zh  #: add the Chinese (:mod:`clusterpolicy.messages`)
        super().__init__(error)

    @classmethod
    def from_input(cls, status: int, exc: InputError) -> HTTPProblem:
        """Same text as the CLI prints for this error, and the same field-path lines."""
        return cls(status, str(exc), exc.problems, zh=True)

    def document(self) -> dict[str, Any]:
        if self.body is not None:
            return self.body
        if not self.zh:
            return {"error": self.error, "problems": self.problems}
        from ..messages import said

        return {"error": self.error, "problems": self.problems, "error_zh": said(self.error, "zh"), "problems_zh": [said(p, "zh") for p in self.problems]}
