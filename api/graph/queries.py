"""Root fields of the graph domain: look-up of anything by IRI; Relay connections and page limits."""

from __future__ import annotations

import base64
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from scpkg.api.errors import BAD_INPUT, PAGE_SIZE, ApiError
from scpkg.api.graph.loaders import LIST_PARAMS, LISTS, NodeRow
from scpkg.api.graph.types import Node, ctx, wrap

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


MAX_OFFSET = 2**31 - 1
"""The last position a cursor may stand for (negative ones are refused as malformed)."""


def cursor(offset: int) -> str:
    """An opaque cursor for a position in a sorted result."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode("ascii")


def offset_of(value: str | None) -> int:
    """The position a cursor stands for (-1 for none); a malformed cursor is the client's error."""
    if value is None:
        return -1
    try:
        kind, _, number = base64.urlsafe_b64decode(value.encode("ascii")).decode().partition(":")
        if kind != "offset" or not number.isascii() or not number.isdigit():
            raise ValueError(kind)
        offset = int(number)
    except (ValueError, UnicodeError) as exc:
        raise ApiError(f"invalid cursor {value!r}: not one this API gave out", BAD_INPUT) from exc
    if offset > MAX_OFFSET:  # the store's integers are 64-bit: 10^31 would wrap round to page 1
        raise ApiError(f"invalid cursor {value!r}: position {offset} is past any result", BAD_INPUT)
    return offset


def page_window(info: Info, first: int | None, after: str | None) -> tuple[int, int]:
    """(skip, limit) for ``first``/``after``, refusing pages over the configured cap."""
    settings = ctx(info).settings
    size = settings.default_page_size if first is None else first
    if size < 0:
        raise ApiError("`first` must not be negative", BAD_INPUT)
    if size > settings.max_page_size:
        raise ApiError(
            f"`first` is {size}; at most {settings.max_page_size} items per page (use `after` to page on)",
            PAGE_SIZE,
            max_page_size=settings.max_page_size,
        )
    return offset_of(after) + 1, size


def edges_and_info(
    rows: list[NodeRow], skip: int, limit: int, make: Any, wrap_row: Any = wrap
) -> tuple[list[Any], PageInfo]:
    """Edges for ``rows`` (fetched with one extra row to know whether another page follows);
    ``wrap_row`` makes each row's object (default: the type its labels say)."""
    edges = [make(cursor(skip + i), wrap_row(r)) for i, r in enumerate(rows[:limit])]
    info = PageInfo(
        has_next_page=len(rows) > limit,
        has_previous_page=skip > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return edges, info


@strawberry.type
class Edge(Generic[T]):  # noqa: UP046 - strawberry names generics from Generic[T]
    cursor: str
    node: T


@strawberry.type(description="A page of results (Relay connection).")
class Connection(Generic[T]):  # noqa: UP046
    edges: list[Edge[T]]
    page_info: PageInfo
    label: strawberry.Private[str]
    params: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="The items of this page (the edges' nodes, for brevity).")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]

    @strawberry.field(description="How many items match (one extra count query; ask only if needed).")
    async def total_count(self, info: Info) -> int:
        rows = await ctx(info).run(LISTS[self.label][1], self.params)
        return int(rows[0]["total"]) if rows else 0


async def list_page(info: Info, label: str, first: int | None, after: str | None, **filters: Any) -> Any:
    """One page of a per-label list (countries, bodies, case studies...)."""
    skip, limit = page_window(info, first, after)
    params = {name: filters.get(name) for name in LIST_PARAMS[label]}
    if params.get("text") is not None:
        params["text"] = params["text"].lower()
    rows = await ctx(info).run(LISTS[label][0], {**params, "skip": skip, "limit": limit + 1})
    nodes = [NodeRow(r["iri"], dict(r["props"]), tuple(r["labels"])) for r in rows]
    edges, page = edges_and_info(nodes, skip, limit, lambda c, n: Edge(cursor=c, node=n))
    return Connection(edges=edges, page_info=page, label=label, params=params)


@strawberry.type
class GraphQuery:
    @strawberry.field(description="Anything in the graph by its IRI (null if the store does not have it).")
    async def node(self, info: Info, iri: str) -> Node | None:
        return wrap(await ctx(info).loaders.nodes.load(iri))
