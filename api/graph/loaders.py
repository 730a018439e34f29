"""Batched access to nodes and relationships, shared by every domain.

Each nested field of the API goes through one of these DataLoaders, so a page of N items costs the
same number of store round trips as a page of one: one per loader and nesting level, never one per
item. Loading a node's outgoing relationships also returns the nodes they point to, and primes the
node loader with them, so ``policy { country { label } }`` is one round trip for the whole page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, LiteralString

from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from scpkg.api.context import Context

NODES: LiteralString = (
    "UNWIND $iris AS iri MATCH (n:Resource {iri: iri}) "
    "RETURN n.iri AS iri, properties(n) AS props, labels(n) AS labels"
)
OUT_EDGES: LiteralString = (
    "UNWIND $iris AS iri MATCH (a:Resource {iri: iri})-[r]->(b:Resource) "
    "RETURN iri, type(r) AS type, b.iri AS target, r.asserted_by AS asserted_by, "
    "properties(b) AS props, labels(b) AS labels"
)
IN_EDGES: LiteralString = (
    "UNWIND $keys AS k MATCH (a:Resource)-[r]->(b:Resource {iri: k.iri}) WHERE type(r) = k.type "
    "RETURN k.iri AS iri, k.type AS type, a.iri AS source, r.asserted_by AS asserted_by, "
    "properties(a) AS props, labels(a) AS labels"
)

STATEMENTS: dict[str, tuple[LiteralString, dict[str, Any]]] = {
    "NODES": (NODES, {"iris": ["x"]}),
    "OUT_EDGES": (OUT_EDGES, {"iris": ["x"]}),
    "IN_EDGES": (IN_EDGES, {"keys": [{"iri": "x", "type": "LED_BY"}]}),
}


@dataclass(frozen=True)
class NodeRow:
    """A node as the store returns it: IRI, properties, labels."""

    iri: str
    props: dict[str, Any]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Edge:
    """A relationship seen from one end: the other node, and the case studies asserting the link."""

    type: str
    node: NodeRow
    asserted_by: tuple[str, ...]


def _row(iri: str, props: dict[str, Any] | None, labels: list[str] | None) -> NodeRow:
    return NodeRow(iri, dict(props or {}), tuple(labels or ()))


class Loaders:
    """The DataLoaders of one request (a cache shared across requests would serve stale data)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.nodes: DataLoader[str, NodeRow | None] = DataLoader(self._load_nodes)
        self.out_edges: DataLoader[str, list[Edge]] = DataLoader(self._load_out)
        self.in_edges: DataLoader[tuple[str, str], list[Edge]] = DataLoader(self._load_in)

    async def _load_nodes(self, iris: list[str]) -> list[NodeRow | None]:
        rows = await self.ctx.run(NODES, {"iris": list(iris)})
        found = {r["iri"]: _row(r["iri"], r["props"], r["labels"]) for r in rows}
        return [found.get(i) for i in iris]

    async def _load_out(self, iris: list[str]) -> list[list[Edge]]:
        rows = await self.ctx.run(OUT_EDGES, {"iris": list(iris)})
        out: dict[str, list[Edge]] = defaultdict(list)
        for r in rows:
            node = _row(r["target"], r["props"], r["labels"])
            self.nodes.prime(node.iri, node)
            out[r["iri"]].append(Edge(r["type"], node, tuple(r["asserted_by"] or ())))
        for edges in out.values():
            edges.sort(key=lambda e: (e.type, e.node.iri))
        return [out.get(i, []) for i in iris]

    async def _load_in(self, keys: list[tuple[str, str]]) -> list[list[Edge]]:
        rows = await self.ctx.run(IN_EDGES, {"keys": [{"iri": i, "type": t} for i, t in keys]})
        out: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        for r in rows:
            node = _row(r["source"], r["props"], r["labels"])
            self.nodes.prime(node.iri, node)
            out[(r["iri"], r["type"])].append(Edge(r["type"], node, tuple(r["asserted_by"] or ())))
        for edges in out.values():
            edges.sort(key=lambda e: e.node.iri)
        return [out.get(k, []) for k in keys]

    async def out(self, iri: str, rel_type: str) -> list[Edge]:
        """Outgoing relationships of one type (all types of the node are fetched and cached at once)."""
        return [e for e in await self.out_edges.load(iri) if e.type == rel_type]

    async def into(self, iri: str, rel_type: str) -> list[Edge]:
        """Incoming relationships of one type."""
        return await self.in_edges.load((iri, rel_type))


def _list(match: LiteralString) -> tuple[LiteralString, LiteralString]:
    return (
        match + " WITH n ORDER BY n.iri SKIP $skip LIMIT $limit "
        "RETURN n.iri AS iri, properties(n) AS props, labels(n) AS labels",
        match + " RETURN count(n) AS total",
    )


_NAMED = (
    "($text IS NULL OR any(k IN keys(n) WHERE (k STARTS WITH 'prefLabel_' OR k STARTS WITH 'label_' "
    "OR k STARTS WITH 'title_') AND toLower(toString(n[k])) CONTAINS $text))"
)

LISTS: dict[str, tuple[LiteralString, LiteralString]] = {
    "Country": _list(
        "MATCH (n:Country) WHERE ($region IS NULL OR "
        "(n)-[:IN_REGION]->(:Resource)-[:SUB_REGION_OF*0..4]->(:Resource {iri: $region})) AND " + _NAMED
    ),
    "Region": _list("MATCH (n:Region) WHERE " + _NAMED),
    "GovernmentBody": _list(
        "MATCH (n:GovernmentBody) WHERE ($country IS NULL OR (n)-[:COUNTRY]->(:Resource {iri: $country})) "
        "AND ($ministry_type IS NULL OR (n)-[:MINISTRY_TYPE]->(:Resource {iri: $ministry_type})) AND "
        + _NAMED
    ),
    "CaseStudy": _list("MATCH (n:CaseStudy) WHERE " + _NAMED),
    "Programme": _list("MATCH (n:Programme) WHERE " + _NAMED),
    "MultilateralEnvironmentalAgreement": _list(
        "MATCH (n:MultilateralEnvironmentalAgreement) WHERE " + _NAMED
    ),
    "ValueChainHotspot": _list(
        "MATCH (n:ValueChainHotspot) WHERE ($sector IS NULL OR "
        "(n)-[:COVERS_SECTOR]->(:Resource)-[:BROADER*0..3]->(:Resource {iri: $sector})) AND "
        "($country IS NULL OR (n)-[:COUNTRY]->(:Resource {iri: $country}))"
    ),
}
"""Per-label list and count statements for the root list fields; unset filters are passed as null."""

LIST_PARAMS: dict[str, tuple[str, ...]] = {
    "Country": ("region", "text"),
    "Region": ("text",),
    "GovernmentBody": ("country", "ministry_type", "text"),
    "CaseStudy": ("text",),
    "Programme": ("text",),
    "MultilateralEnvironmentalAgreement": ("text",),
    "ValueChainHotspot": ("sector", "country"),
}

for _label, (_page, _count) in LISTS.items():
    _params = dict.fromkeys(LIST_PARAMS[_label])
    STATEMENTS[f"list {_label}"] = (_page, {**_params, "skip": 0, "limit": 1})
    STATEMENTS[f"count {_label}"] = (_count, _params)
