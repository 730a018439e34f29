"""The full-text index over policy titles and descriptions, in every language the store holds.

One index per store, on ``Policy`` nodes, over ``title_<lang>``, ``description_<lang>`` and
``originalTitle_<lang>`` (the projection's keys for language-tagged literals): always the six UN
languages, plus every other language a stored policy uses. :func:`ensure` creates it, and adds a
language's keys when a load brings a new one; it runs when the schema is set up and after every load
(hooks in :class:`scpkg.store.base.GraphStore`), so a store opened after an upgrade gets it too.

- FalkorDB: RediSearch through ``db.idx.fulltext.*``; the key is a parameter of the DDL, never text.
  Titles weigh twice a description in the ranking.
- Neo4j: ``CREATE FULLTEXT INDEX scpkg_policy_text ... ON EACH [...]``: keys must be written into the
  statement, so only keys matching :data:`KEY_RE` (an ontology key, ``_`` and a language tag) are; an
  index that lacks a key is dropped and created again (Neo4j cannot alter one).

User text never reaches either query language as syntax: :func:`parse` keeps words only (letters,
digits, marks) and :func:`render` writes them as plain terms (RediSearch) or quoted terms (Lucene),
all of which must occur. Words in scripts written without spaces (Chinese, Japanese, Korean, Thai...)
are not in the index as words (RediSearch keeps a run of Han characters as one token, so 电子 would not
find 电子废物管理条例): they are matched as substrings of the same properties instead (:data:`CONTAINS`),
on both backends, so both give the same answers.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, LiteralString, cast

from scpkg.store.cypher import Statement

if TYPE_CHECKING:
    from scpkg.store.base import GraphStore
    from scpkg.store.projection import Projection

LABEL = "Policy"
INDEX_NAME = "scpkg_policy_text"
"""The Neo4j index's name (FalkorDB has one full-text index per label, named by the label)."""
BASES = ("title", "description", "originalTitle")
"""Ontology keys of the indexed texts (dcterms:title, dcterms:description, scp:originalTitle)."""
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""Always indexed, so a new store's index covers the six UN languages before any data is loaded."""
KEY_RE = re.compile(r"^(title|description|originalTitle)_[a-z]{2,3}(_[a-z0-9]{1,8})*$")
"""What a key must look like to be indexed (and, on Neo4j, written into the DDL)."""
TITLE_WEIGHT = 2.0
READY_TIMEOUT_S = 300

TEXT_KEYS: LiteralString = (
    "MATCH (p:Policy) UNWIND keys(p) AS k WITH DISTINCT k "
    "WHERE k STARTS WITH 'title_' OR k STARTS WITH 'description_' OR k STARTS WITH 'originalTitle_' "
    "RETURN k ORDER BY k"
)
"""The text keys stored policies have (one scan: run at set-up and after loads, never per page)."""

FALKORDB_INDEXES: LiteralString = (
    "CALL db.indexes() YIELD label, properties, types, status RETURN label, properties, types, status"
)
FALKORDB_CREATE: LiteralString = (
    "CALL db.idx.fulltext.createNodeIndex('Policy', {field: $key, weight: $weight})"
)
"""Adds one key to the label's full-text index (creating it first if need be)."""
FALKORDB_QUERY: LiteralString = (
    "CALL db.idx.fulltext.queryNodes('Policy', $fulltext) YIELD node, score WITH node AS p, score"
)
NEO4J_INDEXES: LiteralString = (
    "SHOW FULLTEXT INDEXES YIELD name, properties, state RETURN name, properties, state"
)
NEO4J_DROP: LiteralString = "DROP INDEX scpkg_policy_text IF EXISTS"
NEO4J_AWAIT: LiteralString = "CALL db.awaitIndex('scpkg_policy_text', 300)"
NEO4J_QUERY: LiteralString = (
    "CALL db.index.fulltext.queryNodes('scpkg_policy_text', $fulltext) YIELD node, score "
    "WITH node AS p, score"
)
CONTAINS: LiteralString = (
    "all(term IN $contains WHERE any(k IN keys(p) WHERE (k STARTS WITH 'title_' "
    "OR k STARTS WITH 'description_' OR k STARTS WITH 'originalTitle_') "
    "AND toLower(toString(p[k])) CONTAINS term))"
)
"""Every substring term (lower-cased) occurs in one of the policy's titles or descriptions."""

_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
"""Thai, Lao, Myanmar, Khmer, kana, bopomofo, Han and Hangul: scripts with no spaces between words."""


@dataclass(frozen=True)
class SearchText:
    """A user's search, as words: ``terms`` go to the full-text index, ``substrings`` (lower-cased
    words in scripts without spaces) are matched with :data:`CONTAINS`. Both empty: no text search."""

    terms: tuple[str, ...] = ()
    substrings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.substrings)


def parse(text: str | None) -> SearchText:
    """Words of ``text``: runs of letters, digits and combining marks; anything else (spaces,
    punctuation, every operator of either query syntax) only separates words."""
    if not text:
        return SearchText()
    words: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if unicodedata.category(ch)[0] in "LNM":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    terms, substrings = [], []
    for w in words:
        if _UNSPACED.search(w):
            if w.lower() not in substrings:
                substrings.append(w.lower())
        elif w not in terms:
            terms.append(w)
    return SearchText(tuple(terms), tuple(substrings))


def render(terms: tuple[str, ...], backend: str) -> str:
    """The index query for ``terms`` (all must occur): plain words for RediSearch (words carry no
    operator character), quoted words joined by AND for Lucene (quotes also disarm AND/OR/NOT)."""
    if backend == "neo4j":
        return " AND ".join(f'"{t}"' for t in terms)
    return " ".join(terms)


def query_start(backend: str) -> LiteralString:
    """The first clause of a ranked search: the index's matches as ``p`` with their ``score``."""
    return NEO4J_QUERY if backend == "neo4j" else FALKORDB_QUERY


def wanted_keys(present: list[str]) -> list[str]:
    """The keys the index should cover: the six UN languages' and every well-formed present one."""
    base = {f"{b}_{lang}" for b in BASES for lang in LANGUAGES}
    return sorted(base | {k for k in present if KEY_RE.fullmatch(k)})


def neo4j_create(keys: list[str]) -> LiteralString:
    """The Neo4j DDL for ``keys`` (each checked against :data:`KEY_RE` before it is written)."""
    for k in keys:
        if not KEY_RE.fullmatch(k):
            raise ValueError(f"not a text key that may be indexed: {k!r}")
    fields = ", ".join(f"n.{k}" for k in keys)
    return cast(
        LiteralString,
        f"CREATE FULLTEXT INDEX scpkg_policy_text IF NOT EXISTS FOR (n:Policy) ON EACH [{fields}]",
    )


def indexed_keys(store: GraphStore) -> set[str] | None:
    """The keys the store's full-text index covers; None if it has none."""
    if store.backend == "neo4j":
        rows = [r for r in store.run(NEO4J_INDEXES) if r["name"] == INDEX_NAME]
        return set(rows[0]["properties"] or []) if rows else None
    for row in store.run(FALKORDB_INDEXES):
        if row["label"] == LABEL:
            types = row["types"] or {}
            keys = {k for k in row["properties"] or [] if "FULLTEXT" in (types.get(k) or [])}
            return keys or None
    return None


def keys_of(projections: Iterable[Projection]) -> set[str]:
    """The text keys (:data:`KEY_RE`) of the nodes of some projections: what a load may add."""
    return {
        k for proj in projections for node in proj.nodes.values() for k in node.props if KEY_RE.fullmatch(k)
    }


def cover(store: GraphStore, keys: set[str]) -> None:
    """After a load: make the index cover ``keys`` (one look-up at most per new key set; nothing when
    this connection already saw them indexed)."""
    known: set[str] | None = getattr(store, _KNOWN, None)
    if known is not None and keys <= known:
        return
    ensure(store)


def ready(store: GraphStore) -> None:
    """Before the first search through this connection: the index exists and covers the store."""
    if getattr(store, _KNOWN, None) is None:
        ensure(store)


_KNOWN = "_fulltext_keys"
"""Attribute of a store object: the keys its index was last seen to cover (a per-connection cache)."""


def ensure(store: GraphStore) -> list[str]:
    """Create the index or add the keys it lacks; returns the keys added (nothing to do: [])."""
    want = wanted_keys([str(r["k"]) for r in store.run(TEXT_KEYS)])
    have = indexed_keys(store) or set()
    missing = [k for k in want if k not in have]
    setattr(store, _KNOWN, have | set(want))
    if not missing:
        return []
    if store.backend == "neo4j":
        store._write(NEO4J_DROP, {})
        store._write(neo4j_create(sorted(set(want) | have)), {})
        store._write(NEO4J_AWAIT, {})
    else:
        for key in missing:
            weight = TITLE_WEIGHT if not key.startswith("description_") else 1.0
            store._write(FALKORDB_CREATE, {"key": key, "weight": weight})
        _await_falkordb(store)
    return missing


def _await_falkordb(store: GraphStore) -> None:
    """Wait until RediSearch has indexed the existing policies (a query would fail before)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        rows = [r for r in store.run(FALKORDB_INDEXES) if r["label"] == LABEL]
        if not rows or all(str(r["status"]).upper() == "OPERATIONAL" for r in rows):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the full-text index on {LABEL} was not ready within {READY_TIMEOUT_S} s")
        time.sleep(0.05)


def statements() -> list[Statement]:
    """Every statement of this module, for the Cypher compatibility test (index DDL before queries)."""
    keys = wanted_keys([])
    example: dict[str, Any] = {"fulltext": "waste", "contains": ["电子"]}
    return [
        Statement("fulltext TEXT_KEYS", TEXT_KEYS),
        Statement("fulltext FALKORDB_INDEXES", FALKORDB_INDEXES, backends=("falkordb",)),
        Statement(
            "fulltext FALKORDB_CREATE", FALKORDB_CREATE, {"key": "title_en", "weight": 2.0}, ("falkordb",)
        ),
        Statement(
            "fulltext FALKORDB_QUERY",
            cast(LiteralString, FALKORDB_QUERY + " WHERE " + CONTAINS + " RETURN p.iri AS iri, score"),
            example,
            ("falkordb",),
        ),
        Statement("fulltext NEO4J_INDEXES", NEO4J_INDEXES, backends=("neo4j",)),
        Statement("fulltext NEO4J_DROP", NEO4J_DROP, backends=("neo4j",)),
        Statement("fulltext NEO4J_CREATE", neo4j_create(keys), backends=("neo4j",)),
        Statement("fulltext NEO4J_AWAIT", NEO4J_AWAIT, backends=("neo4j",)),
        Statement(
            "fulltext NEO4J_QUERY",
            cast(LiteralString, NEO4J_QUERY + " WHERE " + CONTAINS + " RETURN p.iri AS iri, score"),
            example,
            ("neo4j",),
        ),
    ]
