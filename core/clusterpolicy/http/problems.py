"""The API's client errors, shared by the endpoint table and the handlers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InputError

#: Name used for the request body in error messages (the CLI names the file).
BODY_SOURCE = "<request body>"


class HTTPProblem(Exception):
    """A client error (or a 300 Multiple Choices) with its status: rendered as ``{"error": ..., "problems": [...]}``."""

    def __init__(self, status: int, error: str, problems: Sequence[str] = (), body: dict[str, Any] | None = None):
        self.status = status
        self.error = error
        self.problems = list(problems)
        self.body = body  #: a document other than ``{"error", "problems"}`` (300: the choices)
        super().__init__(error)

    @classmethod
    def from_input(cls, status: int, exc: InputError) -> HTTPProblem:
        """Same text as the CLI prints for this error, and the same field-path lines."""
        return cls(status, str(exc), exc.problems)

    def document(self) -> dict[str, Any]:
        return self.body if self.body is not None else {"error": self.error, "problems": self.problems}
