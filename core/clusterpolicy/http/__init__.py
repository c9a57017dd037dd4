"""The HTTP API and the comparison page: ``endpoints`` (operations as data, OpenAPI), ``server`` (Starlette)."""
