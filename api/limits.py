"""Limits on what one request may ask for, and the settings that set them.

The API runs researchers' ad-hoc queries against one shared store, so a single request must not be
able to monopolise it: depth, aliases, tokens and operations are checked before anything runs (the
validators see through fragments, including cyclic ones: strawberry >= 0.315.7), page size when a list
field resolves, and time by a deadline every store call honours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode
from graphql.validation import ValidationContext, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from scpkg.api.errors import ErrorCodes


@dataclass(frozen=True)
class ApiSettings:
    """What one request may cost. The defaults suit a public endpoint; tests and benchmarks raise them."""

    introspection: bool = True
    """Off in production if the schema should not be browsable (the explorer needs it on)."""
    max_depth: int = 10
    max_aliases: int = 30
    max_tokens: int = 2000
    max_operations: int = 1
    """Operations per document; several let one request multiply the work past every other limit."""
    max_page_size: int = 500
    """Largest ``first`` a connection accepts; a larger one is an error, not silently cut."""
    default_page_size: int = 20
    timeout_s: float = 10.0
    """Wall-clock budget for one request, enforced on every store call."""


def max_operations_rule(limit: int) -> type[ValidationRule]:
    """A validation rule refusing documents with more than ``limit`` operations."""

    class MaxOperations(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            ops = [d for d in context.document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(ops) > limit:
                context.report_error(
                    GraphQLError(f"{len(ops)} operations in one document; at most {limit} allowed")
                )

    return MaxOperations


def extensions(settings: ApiSettings) -> list[SchemaExtension | type[SchemaExtension]]:
    """Factories of the schema extensions that enforce ``settings`` (fresh instances per request)."""
    operations = max_operations_rule(settings.max_operations)
    out: list[Any] = [
        ErrorCodes,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: AddValidationRules([operations]),
    ]
    if not settings.introspection:
        out.append(DisableIntrospection)
    return out
