"""Turn the values clients type into the IRIs the graph uses, with ingest's own resolvers.

A filter value that resolves to nothing must never become an IRI no node has (that answers an empty
page, which reads as "no policy"), nor a Python error: it is ``BAD_INPUT`` naming the argument and
the closest allowed values. Countries and vocabulary values go through the resolvers ingest uses
(:mod:`scpkg.ingest.countries`, :mod:`scpkg.ingest.vocab`), so whatever a case study may say, a
query may say too. Regions are the ones :func:`scpkg.ingest.reference.add_regions` puts in the graph;
other M49 groupings the reference table knows are refused with the region to use instead.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, URIRef

from scpkg.api.errors import BAD_INPUT, ApiError
from scpkg.ingest import countries
from scpkg.ingest.vocab import UnknownValueError, Vocabulary, default_resolver, normalise, ontology_graph
from scpkg.iris import ID, ONT, VOCAB
from scpkg.iris import country as country_iri
from scpkg.iris import region as region_iri

MEA = "mea"
"""The pseudo-vocabulary of the MEA individuals of the ontology (``id/mea/minamata``...)."""

_MAX_ALLOWED = 30


def bad_input(
    argument: str, value: str, message: str, suggestions: list[str], allowed: list[str], **extra: Any
) -> ApiError:
    """The client's error, naming the argument; suggestions and allowed values for tools to offer."""
    return ApiError(
        f"{argument}: {message}",
        BAD_INPUT,
        argument=argument,
        value=value,
        suggestions=suggestions,
        allowed=allowed[:_MAX_ALLOWED],
        **extra,
    )


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://"))


# --- countries --------------------------------------------------------------------------------------


def country(value: str, argument: str) -> str:
    """The IRI of a country given as ISO alpha-3, alpha-2, numeric code, name or IRI (as in case studies)."""
    text = value.strip()
    if _is_iri(text):
        prefix = ID + "country/"
        code = text.removeprefix(prefix) if text.startswith(prefix) else ""
        if code not in _iso3():
            raise bad_input(
                argument,
                value,
                f"{value!r} is not the IRI of a country: expected {prefix}<ISO 3166-1 alpha-3>",
                countries.suggest(code) if code else [],
                [],
            )
        return text
    try:
        return str(country_iri(countries.resolve(text)))
    except countries.UnknownCountryError as exc:
        hint = "" if exc.suggestions else _COUNTRY_FORMS
        raise bad_input(argument, value, f"{exc}{hint}", exc.suggestions, []) from None


_COUNTRY_FORMS = " Give an ISO 3166-1 alpha-3 (GHA), alpha-2 (GH) or numeric (288) code, or a name (Ghana)."


@cache
def _iso3() -> frozenset[str]:
    return frozenset(countries.all_iso3())


# --- controlled vocabularies ------------------------------------------------------------------------


def concept(vocabulary: str, value: str, argument: str) -> str:
    """The IRI of a concept (or MEA) given by code, IRI or label in any UN language, any case."""
    try:
        if vocabulary == MEA:
            return str(_meas().resolve(value))
        return str(default_resolver().resolve(vocabulary, value))
    except UnknownValueError as exc:
        raise bad_input(argument, value, str(exc), exc.suggestions, exc.allowed) from None


def scheme_slug(value: str, argument: str) -> str:
    """The slug of a concept scheme given by slug or IRI (``life-cycle-stage``)."""
    from scpkg.api.vocabulary.loaders import concept_schemes

    slugs = sorted(info.slug for info in concept_schemes().values())
    slug = value.strip().removeprefix(VOCAB).strip("/")
    if slug in slugs:
        return slug
    close = difflib.get_close_matches(slug.casefold(), slugs, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else f"allowed: {', '.join(slugs)}"
    raise bad_input(argument, value, f"unknown vocabulary {value!r}; {hint}", close, slugs)


@cache
def _meas() -> Vocabulary:
    """MEAs are ontology individuals keyed by ``dcterms:identifier``, not SKOS concepts."""
    graph: Graph = ontology_graph()
    meas = Vocabulary(MEA)
    for node in sorted(set(graph.subjects(RDF.type, URIRef(ONT + "MultilateralEnvironmentalAgreement")))):
        if not isinstance(node, URIRef):
            continue
        labels = {
            f"{getattr(o, 'language', '') or ''}#{i}": str(o)
            for i, o in enumerate([*graph.objects(node, RDFS.label), *graph.objects(node, SKOS.altLabel)])
        }
        code = graph.value(node, DCTERMS.identifier)
        meas.add(node, str(code) if code else None, labels)
    return meas


# --- regions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Regions:
    held: dict[str, str]
    """M49 code -> English name of every region the graph holds as a node."""
    known: dict[str, countries.RegionInfo]
    """Every M49 grouping of the reference table (regions, sub-regions, intermediate regions)."""
    names: dict[str, str]
    """Normalised name -> M49 code, for held and known groupings."""


@cache
def _regions() -> _Regions:
    from scpkg.ingest.reference import add_regions

    graph = Graph()
    add_regions(graph)  # the regions as the reference data loads them, so the two cannot drift apart
    held: dict[str, str] = {}
    for node in graph.subjects(RDF.type, URIRef(ONT + "Region")):
        code = str(graph.value(node, URIRef(ONT + "m49")))
        english = [str(o) for o in graph.objects(node, RDFS.label) if getattr(o, "language", None) == "en"]
        held[code] = english[0] if english else code
    known = countries.m49_regions()
    names = {normalise(info.name): code for code, info in known.items()}
    names.update({normalise(name): code for code, name in held.items()})
    return _Regions(dict(sorted(held.items())), known, names)


def _members() -> list[countries.M49Membership]:
    return [countries.m49_membership(i) for i in countries.all_iso3()]


def _region_code(text: str) -> str | None:
    """The M49 code a value names (code, zero-padded or not, IRI or name), or None."""
    regions = _regions()
    if text.startswith(ID + "region/"):
        text = text.removeprefix(ID + "region/")
    if text.isdigit() and len(text) <= 3:
        return text.zfill(3)
    return regions.names.get(normalise(text))


def region(value: str, argument: str) -> str:
    """The IRI of a region the graph holds, given by M49 code, IRI or English name ('World' too).

    A grouping the reference table knows but the graph does not hold (an intermediate region such as
    029 Caribbean) is refused naming the held region that contains it: answering through it would
    give an empty page, not its countries' policies.
    """
    regions = _regions()
    text = value.strip()
    code = _region_code(text)
    allowed = [f"{c} ({n})" for c, n in regions.held.items()]
    if code in regions.held:
        return str(region_iri(code))
    if code is not None and code in regions.known:
        info = regions.known[code]
        parent = info.parent
        while parent not in regions.held and parent in regions.known:
            parent = regions.known[parent].parent
        use = f"{parent} ({regions.held.get(parent, parent)})"
        raise bad_input(
            argument,
            value,
            f"region {code} ({info.name}) is a UN M49 intermediate region, which the graph does not hold "
            f"as a region yet; use the region containing it, {use}, or filter by its countries",
            [use],
            allowed,
            countries=sorted(m.iso3 for m in _members() if m.intermediate_region == code),
        )
    held_keys = {normalise(n): c for c, n in regions.held.items()}
    # Only names are compared: codes one digit apart name unrelated regions (513 is not 151).
    close = (
        [] if text.isdigit() else difflib.get_close_matches(normalise(text), list(held_keys), n=3, cutoff=0.6)
    )
    suggestions = list(dict.fromkeys(f"{held_keys[k]} ({regions.held[held_keys[k]]})" for k in close))
    hint = f"did you mean {' or '.join(suggestions)}?" if suggestions else "`allowed` lists the regions held"
    raise bad_input(
        argument,
        value,
        f"unknown region {value!r}: not a UN M49 code or name of the World, a region or a sub-region the "
        f"graph holds (other groupings, such as the SDG regional groupings, are not held); {hint}",
        suggestions,
        allowed,
    )
