"""Linked data: every IRI under ``https://w3id.org/scpkg/`` resolves on the server.

``GET /id/...``, ``/vocab/...`` and ``/ont/...`` (the path below the base IRI) answer with Turtle,
JSON-LD, N-Triples or a readable HTML page, chosen by ``Accept`` (or ``?format=ttl|jsonld|nt|html``
for links a browser can follow). When the w3id redirect points at a running server, the published IRIs
therefore dereference as the IRI scheme promises (docs/decisions/20261123-iri-scheme.md).

What an IRI says comes from the store, through the projection's reverse mapping (the same code as
``graph_to_rdf``): the node's properties, its outgoing relationships and the relationships pointing
at it. Ontology terms (classes and properties are the schema, not nodes) and anything the store does
not hold come from the ontology graph, as a concise bounded description. Unknown IRIs are 404.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, LiteralString

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS, XSD

from scpkg import BASE_IRI
from scpkg.store.projection import Vocabulary, node_to_triples, rel_to_triple

TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
HTML = "text/html"
OFFERS = [TURTLE, JSONLD, NTRIPLES, HTML]
"""What an IRI can be had as; a client that accepts anything (``*/*``) gets Turtle."""
FORMATS = {"ttl": TURTLE, "turtle": TURTLE, "jsonld": JSONLD, "json": JSONLD, "nt": NTRIPLES, "html": HTML}
"""``?format=`` values, for links a browser can follow without setting ``Accept``."""

# Three reads per IRI; values only as parameters. A node's neighbours come with their properties so the
# HTML page can show labels rather than bare IRIs.
NODE: LiteralString = "MATCH (n:Resource {iri: $iri}) RETURN properties(n) AS props"
OUTGOING: LiteralString = (
    "MATCH (n:Resource {iri: $iri})-[r]->(b:Resource) "
    "RETURN type(r) AS type, b.iri AS o, properties(b) AS props LIMIT $limit"
)
INCOMING: LiteralString = (
    "MATCH (a:Resource)-[r]->(n:Resource {iri: $iri}) "
    "RETURN a.iri AS s, type(r) AS type, properties(a) AS props LIMIT $limit"
)
MOVED: LiteralString = (
    "MATCH (n:Resource {iri: $iri})-[:SAME_AS]->(m:Policy) WHERE NOT n:Policy RETURN m.iri AS iri LIMIT 1"
)
"""Where a corrected policy IRI went: a node that is no policy itself, only `owl:sameAs` a policy
(docs/decisions/20261202-iri-corrections.md). An old IRI another case study still describes is not moved."""
STATEMENTS: dict[str, tuple[LiteralString, dict[str, object]]] = {
    "MOVED": (MOVED, {"iri": "x"}),
    "NODE": (NODE, {"iri": "x"}),
    "OUTGOING": (OUTGOING, {"iri": "x", "limit": 10}),
    "INCOMING": (INCOMING, {"iri": "x", "limit": 10}),
}
"""The reads above with example parameters, for the Cypher compatibility test (`api.statements`)."""

NEIGHBOUR_LIMIT = 2000
"""Relationships listed per direction: a country has thousands of policies pointing at it; a page about
it must stay readable and cheap. The limit is stated on the HTML page when it is reached."""

_LABEL_KEYS = ("prefLabel_en", "label_en", "title_en", "name_en", "prefLabel", "label", "title", "name")
_LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label)


@dataclass
class Description:
    """What the server knows about one IRI: its triples (outgoing and incoming) and labels to show."""

    iri: URIRef
    graph: Graph
    labels: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


def prefixes(ontology: Graph) -> dict[str, str]:
    """The ontology's own prefixes (``scp:``, ``skos:``, ``prov:``...), plus the standard ones."""
    out = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS)}
    for prefix, ns in ontology.namespace_manager.namespaces():
        if prefix and not prefix.startswith(("ns", "_")) and prefix not in ("brick", "csvw", "schema"):
            out[prefix] = str(ns)
    return dict(sorted(out.items()))


def build_context(ontology: Graph, vocab: Vocabulary) -> dict[str, Any]:
    """The published JSON-LD context (``GET /context.jsonld``), built from the ontology at run time so
    it cannot drift from it: the prefixes, one term per class and one per property, named as in the
    property graph (the local name; on a clash the prefixed form), object properties typed ``@id``,
    typed datatype properties with their datatype."""
    ctx: dict[str, Any] = {"@version": 1.1}
    ctx.update(prefixes(ontology))
    for cls, name in sorted(vocab.labels.items(), key=lambda kv: kv[1]):
        ctx.setdefault(name, str(cls))
    for term in sorted(vocab.properties.values(), key=lambda t: t.key):
        if term.key in ctx:
            continue
        entry: dict[str, Any] = {"@id": str(term.iri)}
        if term.kind == "object":
            entry["@type"] = "@id"
        elif term.range is not None and term.range not in (RDF.langString, XSD.string):
            entry["@type"] = str(term.range)
        ctx[term.key] = entry
    return {"@context": ctx}


_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
"""Characters RFC 3987 does not allow in an IRI (controls, space, and the delimiters it excludes)."""


def invalid_iri(iri: str) -> str | None:
    """Why ``iri`` cannot name anything (a NUL from ``/id/%00`` reaches the store as an internal
    error), or None if it is well formed."""
    if (bad := _NOT_IN_IRI.search(iri)) is not None:
        return f"contains {bad.group()!r}, which an IRI may not"
    try:
        iri.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    return None


def describe_node(
    store: Any, iri: str, vocab: Vocabulary, limit: int = NEIGHBOUR_LIMIT
) -> Description | None:
    """The store's description of ``iri``, or None if no node has it."""
    rows = store.run(NODE, {"iri": iri})
    if not rows:
        return None
    g = Graph()
    labels: dict[str, str] = {}
    props = dict(rows[0]["props"])
    for triple in node_to_triples(props, vocab):
        g.add(triple)
    if label := _label(props):
        labels[iri] = label
    out = store.run(OUTGOING, {"iri": iri, "limit": limit})
    inc = store.run(INCOMING, {"iri": iri, "limit": limit})
    for row in out:
        g.add(rel_to_triple(iri, row["type"], row["o"], vocab))
        if label := _label(dict(row["props"] or {})):
            labels[row["o"]] = label
    for row in inc:
        g.add(rel_to_triple(row["s"], row["type"], iri, vocab))
        if label := _label(dict(row["props"] or {})):
            labels[row["s"]] = label
    return Description(URIRef(iri), g, labels, truncated=len(out) >= limit or len(inc) >= limit)


def describe_term(ontology: Graph, iri: str) -> Description | None:
    """The ontology's concise bounded description of ``iri`` (OWL restrictions included), or None."""
    node = URIRef(iri)
    if (node, None, None) not in ontology:
        return None
    g = ontology.cbd(node)
    labels = {}
    for s in {node} | {o for o in g.objects(node) if isinstance(o, URIRef)}:
        for p in _LABEL_PREDICATES:
            value = _english(ontology.objects(s, p))
            if value:
                labels[str(s)] = value
                break
    return Description(node, g, labels)


class Resolver:
    """Describes IRIs from a store (may be None: then only the ontology answers) and the ontology.

    Store reads happen in Starlette's thread pool; the lock keeps one store connection from being used
    by two threads at once (the embedded store's client is not documented as thread-safe).
    """

    def __init__(self, store: Any | None, ontology: Graph, vocab: Vocabulary) -> None:
        self.store = store
        self.ontology = ontology
        self.vocab = vocab
        self.prefixes = prefixes(ontology)
        self.context = build_context(ontology, vocab)
        self._lock = threading.Lock()

    def moved_to(self, iri: str) -> str | None:
        """The policy IRI a corrected one now is (answered with a 301), or None."""
        if self.store is None:
            return None
        with self._lock:
            rows = self.store.run(MOVED, {"iri": iri})
        return str(rows[0]["iri"]) if rows else None

    def describe(self, iri: str) -> Description | None:
        if self.store is not None:
            with self._lock:
                found = describe_node(self.store, iri, self.vocab)
            if found is not None:
                return found
        return describe_term(self.ontology, iri)


def serialize(description: Description, media: str, prefixes_: dict[str, str]) -> str:
    """Turtle, N-Triples or compact JSON-LD (with the prefixes as its inline context; the full term
    context is published at ``/context.jsonld`` for clients that write JSON-LD)."""
    g = Graph()
    for prefix, ns in prefixes_.items():
        g.bind(prefix, ns, override=True, replace=True)
    g += description.graph
    if media == TURTLE:
        return g.serialize(format="turtle")
    if media == NTRIPLES:
        return g.serialize(format="nt")
    if media == JSONLD:
        return g.serialize(format="json-ld", context=dict(prefixes_), auto_compact=True)
    raise ValueError(f"cannot serialise as {media}")


def local_href(iri: str) -> str:
    """Where to follow an IRI: our own IRIs resolve on this server, so link to its path."""
    return "/" + iri[len(BASE_IRI) :] if iri.startswith(BASE_IRI) else iri


def _curie(iri: str, prefixes_: dict[str, str]) -> str:
    best = ""
    for prefix, ns in prefixes_.items():
        if iri.startswith(ns) and len(ns) > len(best) and "/" not in iri[len(ns) :]:
            best = ns
            name = prefix
    return f"{name}:{iri[len(best) :]}" if best else iri


def _link(node: Any, description: Description, prefixes_: dict[str, str]) -> str:
    if isinstance(node, Literal):
        text = html.escape(str(node))
        if node.language:
            return f'{text} <span class="meta">@{html.escape(node.language)}</span>'
        if node.datatype is not None and node.datatype != XSD.string:
            return f'{text} <span class="meta">{html.escape(_curie(str(node.datatype), prefixes_))}</span>'
        return text
    if isinstance(node, BNode):
        return '<span class="meta">[blank node]</span>'
    iri = str(node)
    label = description.labels.get(iri)
    shown = html.escape(_curie(iri, prefixes_))
    text = f"{html.escape(label)} <span class='meta'>{shown}</span>" if label else shown
    return f'<a href="{html.escape(local_href(iri))}">{text}</a>'


def render_html(description: Description, prefixes_: dict[str, str]) -> str:
    """A plain page listing what the IRI says (properties with links) and what points at it."""
    iri = description.iri
    g = description.graph
    title = description.labels.get(str(iri)) or _curie(str(iri), prefixes_)

    def cell(node: Any) -> str:
        return _link(node, description, prefixes_)

    rows = [
        f"<tr><th>{cell(p)}</th><td>{cell(o)}</td></tr>"
        for p, o in sorted(g.predicate_objects(iri), key=lambda po: (str(po[0]), str(po[1])))
    ]
    incoming = [
        f"<tr><td>{cell(s)}</td><th>{cell(p)}</th></tr>"
        for s, p in sorted(g.subject_predicates(iri), key=lambda sp: (str(sp[1]), str(sp[0])))
        if s != iri
    ]
    blank = [
        f"<tr><td>{cell(s)}</td><th>{cell(p)}</th><td>{cell(o)}</td></tr>"
        for s, p, o in sorted(g, key=lambda t: tuple(map(str, t)))
        if isinstance(s, BNode)
    ]
    here = html.escape(local_href(str(iri)))
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)} — scpkg</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
        "padding:.3rem .5rem;border-bottom:1px solid #ddd}th{font-weight:600;width:30%}"
        ".meta{color:#666;font-size:.85em}code{word-break:break-all}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p><code>{html.escape(str(iri))}</code></p>",
        f'<p class="meta">Also as <a href="{here}?format=ttl">Turtle</a>, '
        f'<a href="{here}?format=jsonld">JSON-LD</a>, <a href="{here}?format=nt">N-Triples</a>; '
        'JSON-LD context: <a href="/context.jsonld">/context.jsonld</a>; '
        'query explorer: <a href="/graphql">/graphql</a>.</p>',
        "<h2>Properties</h2>",
        f"<table>{''.join(rows)}</table>" if rows else "<p>None.</p>",
    ]
    if blank:
        parts += ["<h2>Axioms</h2>", f"<table>{''.join(blank)}</table>"]
    if incoming:
        parts += ["<h2>Referred to by</h2>", f"<table>{''.join(incoming)}</table>"]
    if description.truncated:
        parts.append(
            f'<p class="meta">Only the first {NEIGHBOUR_LIMIT} relationships each way are listed.</p>'
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def context_json(resolver: Resolver) -> str:
    return json.dumps(resolver.context, indent=2, ensure_ascii=False) + "\n"


def _label(props: dict[str, Any]) -> str | None:
    for key in _LABEL_KEYS:
        value = props.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value)
    return None


def _english(values: Iterable[Any]) -> str | None:
    found = None
    for v in values:
        if isinstance(v, Literal) and v.language == "en":
            return str(v)
        found = found or str(v)
    return found


__all__ = [
    "FORMATS",
    "OFFERS",
    "Description",
    "Resolver",
    "build_context",
    "context_json",
    "describe_node",
    "describe_term",
    "invalid_iri",
    "local_href",
    "render_html",
    "serialize",
]
