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

It also enforces the limits a shared public endpoint needs (:class:`scpkg.api.limits.ApiSettings`):
a body over ``max_body_bytes`` is 413 as soon as it is declared or read that far; JSON nested deeper
than ``max_json_depth`` and query text over ``max_query_chars`` are refused before parsing; the whole
request (reading, execution, serialisation) runs under the ``timeout_s`` deadline and is cancelled at
it; a response lists at most ``max_errors`` errors and is at most ``max_response_bytes`` long.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
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

from scpkg.api.errors import (
    BAD_REQUEST,
    BODY_TOO_LARGE,
    LOG,
    QUERY_TOO_LARGE,
    RESPONSE_TOO_LARGE,
    TIMEOUT,
    TOO_MANY_ERRORS,
)
from scpkg.api.limits import ApiSettings, bad_text

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


def _dumps(body: dict[str, Any]) -> bytes:
    """UTF-8 JSON; text that is not valid Unicode (a lone surrogate echoed in a message) is escaped."""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(body, separators=(",", ":")).encode("ascii")


_ENCODER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="scpkg-api-json")
"""Where responses are encoded to JSON."""


def _json(body: dict[str, Any], status: int, media: str) -> Response:
    return Response(_dumps(body), status_code=status, media_type=f"{media}; charset=utf-8")


def _error(message: str, code: str | None = None, **extra: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if code is not None:
        error["extensions"] = {"code": code, **extra}
    return error


def request_error(message: str, media: str, code: str | None = None, **extra: Any) -> Response:
    """A GraphQL request error (no ``data`` key): 400 with graphql-response+json, 200 with legacy JSON."""
    status = 400 if media == GRAPHQL_RESPONSE else 200
    return _json({"errors": [_error(message, code, **extra)]}, status, media)


def bad_request(
    message: str, media: str, code: str = BAD_REQUEST, status: int = 400, **extra: Any
) -> Response:
    """Not a well-formed GraphQL-over-HTTP request: 400 (or ``status``) whatever the media type."""
    return _json({"errors": [_error(message, code, **extra)]}, status, media)


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in parsed JSON (iteratively: no recursion limit to hit)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item)
    return deepest


def cap_errors(errors: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` errors and, if there were more, one error saying how many were left out
    (a timed-out list of 14,500 items must not answer with 14,500 copies of one error)."""
    if len(errors) <= limit:
        return errors
    rest = len(errors) - limit
    return [*errors[:limit], _error(f"and {rest} more errors", TOO_MANY_ERRORS, omitted=rest)]


class _IntrospectionFinder(Visitor):
    """Finds ``__schema`` and ``__type`` fields (``__typename`` stays allowed, as in graphql-js's rule)."""

    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            self.found = True


def asks_introspection(query: str, max_tokens: int | None = None) -> bool:
    """Whether a query uses schema introspection; a query that does not parse (or is over the parser's
    token limit) is left to the schema, whose limits then answer. A query naming neither field is not
    parsed at all."""
    if "__schema" not in query and "__type" not in query:
        return False
    try:
        document = parse(query, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return False
    finder = _IntrospectionFinder()
    visit(document, finder)
    return finder.found


def explorer_page() -> str:
    """The GraphiQL page (``api/static/graphiql.html``), whose assets the app serves itself, with the
    example queries as tabs (:mod:`scpkg.api.web.explorer_tabs`)."""
    from scpkg.api.web.explorer_tabs import explorer_page as with_tabs

    return with_tabs(
        resources.files("scpkg.api").joinpath("static", "graphiql.html").read_text(encoding="utf-8")
    )


class GraphQLHTTP:
    """The ``/graphql`` endpoint as an ASGI-style Starlette endpoint (``await endpoint(request)``)."""

    def __init__(
        self,
        schema: Any,
        context_getter: ContextGetter | None = None,
        *,
        introspection: bool = True,
        explorer: bool = True,
        limits: ApiSettings | None = None,
    ) -> None:
        self.schema = schema
        self.context_getter = context_getter
        self.introspection = introspection
        self.explorer = explorer
        self.limits = limits or ApiSettings(introspection=introspection)

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
        deadline = asyncio.timeout(self.limits.timeout_s)
        try:
            async with deadline:
                return await self._answer(request, media)
        except TimeoutError:
            if not deadline.expired():
                raise
            # Everything still running for this request was cancelled (store calls already sent finish
            # in their worker thread, their results unused).
            message = f"the request took longer than {self.limits.timeout_s:g} s"
            LOG.warning("%s at request: %s", TIMEOUT, message)
            status = 503 if media == GRAPHQL_RESPONSE else 200
            return _json({"errors": [_error(message, TIMEOUT)]}, status, media)

    async def _answer(self, request: Request, media: str) -> Response:
        """Read, check, execute and serialise one request (under the caller's deadline)."""
        params = await self._params(request, media)
        if isinstance(params, Response):
            return params
        query, variables, operation_name, extensions = params
        if len(query) > self.limits.max_query_chars:
            return request_error(
                f"the query is {len(query)} characters long; at most {self.limits.max_query_chars} allowed",
                media,
                QUERY_TOO_LARGE,
                max_query_chars=self.limits.max_query_chars,
            )
        if (reason := bad_text(query)) is not None:
            return bad_request(f"the query {reason}", media)
        if not self.introspection and asks_introspection(query, self.limits.max_tokens):
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
            body["errors"] = cap_errors([e.formatted for e in result.errors], self.limits.max_errors)
        if result.extensions:
            body["extensions"] = result.extensions
        status = 400 if request_failed and media == GRAPHQL_RESPONSE else 200
        # Off the event loop (a page of 500 items under 30 aliases takes a while to encode), in threads of
        # its own: the default pool may be full of a slow request's store calls.
        text = await asyncio.get_running_loop().run_in_executor(_ENCODER, _dumps, body)
        if len(text) > self.limits.max_response_bytes:
            limit = self.limits.max_response_bytes
            message = (
                f"the response would be {len(text)} bytes; at most {limit} allowed: "
                "ask for fewer fields or smaller pages"
            )
            status = 400 if media == GRAPHQL_RESPONSE else 200
            return _json(
                {"errors": [_error(message, RESPONSE_TOO_LARGE, max_response_bytes=limit)]}, status, media
            )
        return Response(text, status_code=status, media_type=f"{media}; charset=utf-8")

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
                    except RecursionError:
                        return bad_request(f"the {key} parameter nests JSON too deeply", media)
                    except ValueError:
                        return request_error(f"the {key} parameter is not JSON", media)
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != JSON:
                return PlainTextResponse(
                    f"send the request as {JSON} (got {content_type or 'no content type'})", status_code=415
                )
            body = await self._body(request, media)
            if isinstance(body, Response):
                return body
            try:
                raw = json.loads(body)
            except RecursionError:
                return bad_request("the request body nests JSON too deeply", media)
            except ValueError:
                return _json({"errors": [{"message": "the request body is not JSON"}]}, 400, media)
            if not isinstance(raw, dict):
                return _json({"errors": [{"message": "the request body must be a JSON object"}]}, 400, media)
        if json_depth(raw) > self.limits.max_json_depth + 1:
            return bad_request(
                f"the request nests JSON more than {self.limits.max_json_depth} levels deep", media
            )
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

    async def _body(self, request: Request, media: str) -> bytes | Response:
        """The body, read no further than ``max_body_bytes`` (declared or chunked): 413 past it."""
        limit = self.limits.max_body_bytes
        too_large = bad_request(
            f"the request body is larger than {limit} bytes",
            media,
            BODY_TOO_LARGE,
            status=413,
            max_body_bytes=limit,
        )
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                return bad_request(f"Content-Length {declared!r} is not a number of bytes", media)
            if int(declared) > limit:
                return too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return too_large
            chunks.append(chunk)
        return b"".join(chunks)
