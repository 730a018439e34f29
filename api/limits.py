"""Limits on what one request may ask for, and the settings that set them.

The API runs researchers' ad-hoc queries against one shared store, so a single request must not be
able to monopolise it: depth, aliases, tokens and operations are checked before anything runs (the
validators see through fragments, including cyclic ones: strawberry >= 0.315.7), page size when a list
field resolves, and time by a deadline every store call honours. Before those validators,
:class:`RequestLimits` bounds what they would walk (fragments expanded) and refuses strings no store
can hold; the HTTP layer (:mod:`scpkg.api.http`) enforces body, JSON nesting, query length, the
deadline around the whole request, and the number of errors and bytes in a response.
See docs/decisions/20261202-api-limits.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    visit,
)
from graphql.language import Visitor
from graphql.validation import ValidationContext, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from scpkg.api.errors import BAD_INPUT, COMPLEXITY_LIMIT, ApiError, ErrorCodes


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
    """Wall-clock budget for one request: around the whole of it (reading, execution, serialisation),
    and on every store call."""
    max_query_chars: int = 100_000
    """Longest query text; refused before it is parsed, in every mode (tokens bound only what parses)."""
    max_expanded_fields: int = 10_000
    """Fields a document may select once its fragments are expanded: fragments that spread the next one
    twice reach 2^30 in 700 bytes, and the depth limiter walks every one of them."""
    max_body_bytes: int = 1_000_000
    """Largest request body, counted while it is read (Content-Length or chunked)."""
    max_json_depth: int = 32
    """Deepest nesting of a request's JSON (variables, extensions)."""
    max_errors: int = 100
    """Errors listed in one response; the rest are summed up in one last error."""
    max_response_bytes: int = 8_000_000
    """Largest response body; a larger one is replaced by an error asking for less."""


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


def _own_selections(selection_set: SelectionSetNode | None) -> tuple[int, Counter[str]]:
    """Fields selected directly (inline fragments included) and how often each fragment is spread."""
    fields = 0
    spreads: Counter[str] = Counter()
    stack = [selection_set] if selection_set is not None else []
    while stack:
        current = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                fields += 1
                if selection.selection_set is not None:
                    stack.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                spreads[selection.name.value] += 1
    return fields, spreads


def expanded_fields(document: DocumentNode, cap: int) -> int:
    """The most fields any operation selects once fragments are expanded, counted once per fragment
    (memoised, without recursion), so the count costs the document's size, not the expansion's.

    Counts stop at ``cap + 1``; a cyclic or unknown fragment counts as empty (validation refuses it).
    """
    own: dict[str, tuple[int, Counter[str]]] = {
        d.name.value: _own_selections(d.selection_set)
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    size: dict[str, int] = {}
    for root in own:
        stack: list[tuple[str, bool]] = [(root, False)]
        visiting: set[str] = set()
        while stack:
            name, done = stack.pop()
            if done:
                fields, spreads = own[name]
                total = fields + sum(n * size.get(f, 0) for f, n in spreads.items())
                size[name] = min(total, cap + 1)
                visiting.discard(name)
                continue
            if name in size or name in visiting or name not in own:
                continue
            visiting.add(name)
            stack.append((name, True))
            stack.extend((f, False) for f in own[name][1] if f not in size and f not in visiting)
    most = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            fields, spreads = _own_selections(definition.selection_set)
            most = max(most, fields + sum(n * size.get(f, 0) for f, n in spreads.items()))
    return min(most, cap + 1)


def bad_text(value: str) -> str | None:
    """Why a string cannot be stored or looked up (a NUL, a lone surrogate), or None if it can."""
    if "\x00" in value:
        return "contains a NUL character (U+0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text (a lone surrogate)"
    return None


def _bad_value(value: Any) -> str | None:
    """The first unusable string anywhere in a variable's value, as a reason."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if (reason := bad_text(item)) is not None:
                return reason
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class _StringArguments(Visitor):
    """Finds the first string literal that no store can hold, with the argument it is given to."""

    def __init__(self) -> None:
        super().__init__()
        self.problem: tuple[str, str] | None = None
        self._argument = "?"

    def enter_argument(self, node: Any, *_args: Any) -> None:
        self._argument = node.name.value

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> Any:
        if self.problem is None and (reason := bad_text(node.value)) is not None:
            self.problem = (self._argument, reason)
            return Visitor.BREAK
        return None


class RequestLimits(SchemaExtension):
    """Checks that must run before strawberry's validators: the parser's size limits, the fragment
    expansion (the depth limiter would walk all of it), and strings no store can hold (a NUL reaches
    FalkorDB as an internal error). Answering here skips validation altogether."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_source_length"] = self.settings.max_query_chars
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            error = self._check(document, context.variables or {})
            if error is not None:
                context.pre_execution_errors = [error]
        yield

    def _check(self, document: DocumentNode, variables: dict[str, Any]) -> GraphQLError | None:
        cap = self.settings.max_expanded_fields
        if expanded_fields(document, cap) > cap:
            return ApiError(
                f"the query selects more than {cap} fields once its fragments are expanded; "
                "spread each fragment fewer times",
                COMPLEXITY_LIMIT,
                max_expanded_fields=cap,
            )
        finder = _StringArguments()
        visit(document, finder)
        if finder.problem is not None:
            argument, reason = finder.problem
            return ApiError(f"the value of `{argument}` {reason}", BAD_INPUT, argument=argument)
        for name, value in variables.items():
            if (reason := _bad_value(value)) is not None:
                return ApiError(f"the variable `${name}` {reason}", BAD_INPUT, variable=name)
        return None


def extensions(settings: ApiSettings) -> list[SchemaExtension | type[SchemaExtension]]:
    """Factories of the schema extensions that enforce ``settings`` (fresh instances per request).

    ``RequestLimits`` comes right after the error codes, so its ``on_validate`` runs before any rule.
    """
    operations = max_operations_rule(settings.max_operations)
    out: list[Any] = [
        (lambda: ErrorCodes(hide_suggestions=not settings.introspection)),
        lambda: RequestLimits(settings),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: AddValidationRules([operations]),
    ]
    if not settings.introspection:
        out.append(DisableIntrospection)
    return out
