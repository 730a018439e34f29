"""GraphQL errors with a machine-readable code, and the masking of everything else.

Clients (the explorer, scripts) branch on ``extensions.code`` rather than on message text, so every
error the API raises on purpose carries one. Errors the validators of strawberry / graphql-core raise
(depth, aliases, tokens, introspection) carry none of their own: :class:`ErrorCodes` recognises them
and adds one. Anything else is an unexpected failure: its message could leak internals (Cypher, file
paths, a stack), so it is replaced by a fixed text with the code ``INTERNAL``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

DEPTH_LIMIT = "DEPTH_LIMIT"
ALIAS_LIMIT = "ALIAS_LIMIT"
TOKEN_LIMIT = "TOKEN_LIMIT"  # noqa: S105 - an error code, not a credential
OPERATION_LIMIT = "OPERATION_LIMIT"
COMPLEXITY_LIMIT = "COMPLEXITY_LIMIT"
QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
BODY_TOO_LARGE = "BODY_TOO_LARGE"
RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
TOO_MANY_ERRORS = "TOO_MANY_ERRORS"
BAD_REQUEST = "BAD_REQUEST"
PAGE_SIZE = "PAGE_SIZE"
TIMEOUT = "TIMEOUT"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
BAD_INPUT = "BAD_INPUT"
UNKNOWN_QUESTION = "UNKNOWN_QUESTION"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL"

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
"""graphql-core's hint at names the schema has ("Did you mean 'policies'?"): with introspection off,
the schema is not to be browsed by misspelling, so production drops it."""

_RECOGNISED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"exceeds maximum operation depth"), DEPTH_LIMIT),
    (re.compile(r"aliases found\. Allowed"), ALIAS_LIMIT),
    (re.compile(r"more than \d+ (tokens|comments)|maximum allowed tokens", re.I), TOKEN_LIMIT),
    (re.compile(r"Source contains more than \d+ code points"), QUERY_TOO_LARGE),
    (re.compile(r"operations in one document", re.I), OPERATION_LIMIT),
    (re.compile(r"introspection", re.I), INTROSPECTION_DISABLED),
]


LOG = logging.getLogger("scpkg.api")
"""Where the client's errors are logged: one line each, no traceback (nothing on our side failed)."""


class ApiError(GraphQLError):
    """An error the API raises on purpose: safe to show, with a code in ``extensions``."""

    def __init__(self, message: str, code: str, **extra: Any) -> None:
        super().__init__(message, extensions={"code": code, **extra})


def _is_ours(error: GraphQLError) -> bool:
    original = error.original_error
    return isinstance(error, ApiError) or isinstance(original, ApiError)


def _code_for(error: GraphQLError) -> str | None:
    for pattern, code in _RECOGNISED:
        if pattern.search(error.message):
            return code
    return None


class ErrorCodes(MaskErrors):
    """Mask unexpected errors (no messages or traces from the store or Python leak out) and give every
    error an ``extensions.code``: ours keep theirs, the validators' get one by their message, other
    validation and syntax errors get ``GRAPHQL_VALIDATION_FAILED``."""

    def __init__(self, *, hide_suggestions: bool = False) -> None:
        super().__init__(error_message="Unexpected error: the request could not be answered.")
        self.hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        out: list[GraphQLError] = []
        for error in errors:
            if _is_ours(error):
                source = error if isinstance(error, ApiError) else error.original_error
                assert isinstance(source, GraphQLError)
                out.append(
                    GraphQLError(
                        error.message,
                        nodes=error.nodes,
                        source=error.source,
                        positions=error.positions,
                        path=error.path,
                        extensions=dict(source.extensions or {}),
                    )
                )
            elif error.original_error is None:
                # Raised by the parser or a validation rule: the text is about the document, safe to show.
                code = _code_for(error) or GRAPHQL_VALIDATION_FAILED
                error.extensions = {**(error.extensions or {}), "code": code}
                if self.hide_suggestions:
                    error.message = _SUGGESTION.sub("", error.message)
                out.append(error)
            else:
                masked = self.anonymise_error(error)
                masked.extensions = {"code": INTERNAL}
                out.append(masked)
        return out


def log_errors(errors: list[GraphQLError]) -> None:
    """One WARNING line per client error (ours, or the parser's and validators'); unexpected errors
    keep strawberry's log record with the traceback, which is what an operator needs to fix them."""
    from strawberry.utils.logging import StrawberryLogger

    for error in errors:
        if _is_ours(error):
            source = error if isinstance(error, ApiError) else error.original_error
            code = (getattr(source, "extensions", None) or {}).get("code")
        elif error.original_error is None:
            code = _code_for(error) or GRAPHQL_VALIDATION_FAILED
        else:
            StrawberryLogger.error(error)
            continue
        where = ".".join(str(p) for p in error.path) if error.path else "request"
        LOG.warning("%s at %s: %s", code, where, error.message)
