"""The GraphQL endpoint, following the GraphQL-over-HTTP specification (https://graphql.github.io/graphql-over-http/).

Strawberry's own ASGI view answers everything with ``application/json`` and status 200, refuses a
mutation sent by GET with 400 and ignores ``Accept``. Partner tools written against the specification
expect more, so this module implements the transport itself on top of :meth:`strawberry.Schema.execute`
(which keeps every schema extension: limits, error masking):

- ``GET`` (queries only; a mutation is 405 with ``Allow: POST``) and ``POST`` with ``application/json``;
- ``Accept: application/graphql-response+json`` is answered with that media type and a request error
  (syntax, validation, unknown operation, bad variables) gets status 400 and a body without ``data``;
- ``Accept: application/json`` (or no ``Accept``, or only wildcards: legacy clients such as curl) gets
  ``application/json`` and status 200 for every well-formed request, as the specification asks;
- an ``Accept`` that names neither is 406; a body that is not a GraphQL request is 400 (415 for a
  content type other than JSON).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Iterable
from importlib import resources
from typing import Any

from graphql import FieldNode, GraphQLError, parse, visit
from graphql.language import Visitor
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"

ContextGetter = Callable[[Request], Any | Awaitable[Any]]
"""Builds the per-request context the resolvers see (e.g. the store and fresh data loaders)."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an ``Accept`` header with their q-values, best first (stable for equal q)."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


def negotiate(header: str | None, offers: Iterable[str], wildcard_default: str | None = None) -> str | None:
    """The offered media type the client prefers, or None if it accepts none of them.

    An explicitly named type wins over a wildcard at the same q-value; a request with no ``Accept`` or
    one that only matches through wildcards gets ``wildcard_default`` (if offered), else the first offer.
    """
    offers = list(offers)
    ranges = parse_accept(header)
    if not ranges:
        return wildcard_default if wildcard_default in offers else offers[0]
    best: tuple[tuple[float, int], str] | None = None
    for media, q in ranges:
        if q <= 0:
            continue
        for offer in offers:
            if media == offer:
                key, chosen = (q, 2), offer
            elif media in (offer.split("/")[0] + "/*", "*/*"):
                fits = wildcard_default in offers and (
                    media == "*/*" or wildcard_default.startswith(media[:-1])
                )
                key, chosen = (q, 1 if media != "*/*" else 0), (wildcard_default if fits else offer)
            else:
                continue
            if best is None or key > best[0]:
                best = (key, chosen)
    return best[1] if best else None


def _json(body: dict[str, Any], status: int, media: str) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status_code=status, media_type=f"{media}; charset=utf-8")


def request_error(message: str, media: str) -> Response:
    """A GraphQL request error (no ``data`` key): 400 with graphql-response+json, 200 with legacy JSON."""
    status = 400 if media == GRAPHQL_RESPONSE else 200
    return _json({"errors": [{"message": message}]}, status, media)


class _IntrospectionFinder(Visitor):
    """Finds ``__schema`` and ``__type`` fields (``__typename`` stays allowed, as in graphql-js's rule)."""

    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            self.found = True


def asks_introspection(query: str) -> bool:
    """Whether a query uses schema introspection; a query that does not parse is left to the schema."""
    try:
        document = parse(query)
    except GraphQLError:
        return False
    finder = _IntrospectionFinder()
    visit(document, finder)
    return finder.found


def explorer_page() -> str:
    """The GraphiQL page (``api/static/graphiql.html``), whose assets the app serves itself."""
    return resources.files("scpkg.api").joinpath("static", "graphiql.html").read_text(encoding="utf-8")


class GraphQLHTTP:
    """The ``/graphql`` endpoint as an ASGI-style Starlette endpoint (``await endpoint(request)``)."""

    def __init__(
        self,
        schema: Any,
        context_getter: ContextGetter | None = None,
        *,
        introspection: bool = True,
        explorer: bool = True,
    ) -> None:
        self.schema = schema
        self.context_getter = context_getter
        self.introspection = introspection
        self.explorer = explorer

    async def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return PlainTextResponse("use GET or POST", status_code=405, headers={"Allow": "GET, POST"})
        accept = request.headers.get("accept")
        if (
            request.method == "GET"
            and self.explorer
            and negotiate(accept, [HTML, JSON, GRAPHQL_RESPONSE], wildcard_default=JSON) == HTML
        ):
            return HTMLResponse(explorer_page())
        media = negotiate(accept, [GRAPHQL_RESPONSE, JSON], wildcard_default=JSON)
        if media is None:
            return PlainTextResponse(
                f"cannot answer with any type in Accept: {accept!r}; use {GRAPHQL_RESPONSE} or {JSON}",
                status_code=406,
            )
        params = await self._params(request, media)
        if isinstance(params, Response):
            return params
        query, variables, operation_name, extensions = params
        if not self.introspection and asks_introspection(query):
            return request_error("introspection is switched off on this server", media)
        allowed = (
            {OperationType.QUERY}
            if request.method == "GET"
            else {OperationType.QUERY, OperationType.MUTATION}
        )
        context = None
        if self.context_getter is not None:
            context = self.context_getter(request)
            if inspect.isawaitable(context):
                context = await context
        try:
            result = await self.schema.execute(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
                allowed_operation_types=allowed,
                operation_extensions=extensions,
            )
        except InvalidOperationTypeError as exc:
            if request.method == "GET":
                return PlainTextResponse(
                    "only queries may be sent with GET; send mutations with POST",
                    status_code=405,
                    headers={"Allow": "POST"},
                )
            return request_error(f"{exc.operation_type.value} operations are not supported", media)
        except (CannotGetOperationTypeError, MissingQueryError) as exc:
            return request_error(str(exc) or "no operation to run", media)
        body: dict[str, Any] = {}
        request_failed = result.data is None and (
            isinstance(result, PreExecutionError) or not any(e.path for e in result.errors or [])
        )
        if not request_failed:
            body["data"] = result.data
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        status = 400 if request_failed and media == GRAPHQL_RESPONSE else 200
        return _json(body, status, media)

    async def _params(
        self, request: Request, media: str
    ) -> tuple[str, dict[str, Any] | None, str | None, dict[str, Any] | None] | Response:
        """The request's query, variables, operation name and extensions, or the error response."""
        if request.method == "GET":
            raw: dict[str, Any] = dict(request.query_params)
            for key in ("variables", "extensions"):
                if raw.get(key):
                    try:
                        raw[key] = json.loads(raw[key])
                    except ValueError:
                        return request_error(f"the {key} parameter is not JSON", media)
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != JSON:
                return PlainTextResponse(
                    f"send the request as {JSON} (got {content_type or 'no content type'})", status_code=415
                )
            try:
                raw = json.loads(await request.body())
            except ValueError:
                return _json({"errors": [{"message": "the request body is not JSON"}]}, 400, media)
            if not isinstance(raw, dict):
                return _json({"errors": [{"message": "the request body must be a JSON object"}]}, 400, media)
        query = raw.get("query")
        variables = raw.get("variables") or None
        operation_name = raw.get("operationName") or None
        extensions = raw.get("extensions") or None
        problems = []
        if not isinstance(query, str) or not query.strip():
            problems.append("a non-empty 'query' string is required")
        if variables is not None and not isinstance(variables, dict):
            problems.append("'variables' must be an object")
        if operation_name is not None and not isinstance(operation_name, str):
            problems.append("'operationName' must be a string")
        if extensions is not None and not isinstance(extensions, dict):
            problems.append("'extensions' must be an object")
        if problems:
            # Not a well-formed GraphQL-over-HTTP request: 400 whatever the media type.
            return _json({"errors": [{"message": p} for p in problems]}, 400, media)
        assert isinstance(query, str)
        return query, variables, operation_name, extensions
