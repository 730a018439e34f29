"""Policy IRIs that survive corrections, and references to policies outside a case study.

A policy's IRI holds its country (id/policy/{ISO3}/{slug}). When a case study is re-ingested with a
policy's country corrected, the new version's graph says `old owl:sameAs new` (stored and exported
with the case study, so the old IRI still resolves: the linked-data server redirects it), and earlier
corrections are carried forward, so a file re-ingested unchanged stays unchanged. The rule is in
docs/decisions/20261202-iri-corrections.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL

from scpkg.iris import ID
from scpkg.store.cypher import POLICIES_IN_STORE

POLICY_PREFIX = ID + "policy/"


class _Store(Protocol):
    def case_study_graph(self, case_iri: str) -> Graph | None: ...

    def run(self, query: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Move:
    """A policy whose IRI changed between two versions of one case study (its country corrected)."""

    old: URIRef
    new: URIRef

    def sentence(self) -> str:
        old_key, new_key = self.old[len(POLICY_PREFIX) :].split("/")[0], self.new[len(POLICY_PREFIX) :]
        country, _, ident = new_key.partition("/")
        return (
            f"policy {ident!r} moved from {old_key} to {country}; the old IRI {self.old} redirects "
            f"to {self.new} (owl:sameAs)"
        )


def _policies(graph: Graph) -> dict[str, URIRef]:
    """slug -> IRI of the policies a case-study graph describes (one slug per case study: duplicates
    are refused at read time)."""
    out: dict[str, URIRef] = {}
    for s in set(graph.subjects(DCTERMS.identifier, None)):
        depth = POLICY_PREFIX.count("/") + 1
        if isinstance(s, URIRef) and s.startswith(POLICY_PREFIX) and s.count("/") == depth:
            out[s.rsplit("/", 1)[1]] = s
    return out


def carry_iris(new: Graph, old: Graph) -> list[Move]:
    """Add to `new` the owl:sameAs links that keep the old version's policy IRIs resolving: one per
    policy whose IRI changed, and every earlier link re-pointed to where its policy is now. Returns
    the moves this version makes (not the carried ones)."""
    before, now = _policies(old), _policies(new)
    current = set(now.values())
    moves = [Move(iri, now[key]) for key, iri in before.items() if key in now and now[key] != iri]
    where = {m.old: m.new for m in moves}
    for m in moves:
        new.add((m.old, OWL.sameAs, m.new))
    for s, o in old.subject_objects(OWL.sameAs):
        target = where.get(o, o)  # type: ignore[arg-type]
        if isinstance(s, URIRef) and target in current and s not in current:
            new.add((s, OWL.sameAs, target))
    return moves


def missing_references(
    references: Iterable[tuple[str, URIRef]], run_policies: set[URIRef], store: _Store | None
) -> list[tuple[str, URIRef]]:
    """The amends / repeals targets that neither this run nor the store holds as a policy."""
    wanted = [(where, iri) for where, iri in references if iri not in run_policies]
    if not wanted or store is None or not hasattr(store, "run"):
        return wanted
    iris = sorted({str(i) for _, i in wanted})
    found = {row["iri"] for row in store.run(POLICIES_IN_STORE, {"iris": iris})}
    return [(where, iri) for where, iri in wanted if str(iri) not in found]


def policies_in(graph: Graph) -> set[URIRef]:
    return set(_policies(graph).values())
