"""Turn the values clients type into the IRIs the graph uses, with ingest's own resolvers.

A filter value that resolves to nothing must never become an IRI no node has (that answers an empty
page, which reads as "no policy"), nor a Python error: it is ``BAD_INPUT`` naming the argument and
the closest allowed values. Countries and vocabulary values go through the resolvers ingest uses
(:mod:`scpkg.ingest.countries`, :mod:`scpkg.ingest.vocab`), so whatever a case study may say, a
query may say too; regions go through :mod:`scpkg.ingest.regions`, which the CLI's scopes and the
reference graph use as well.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, URIRef

from scpkg.api.errors import BAD_INPUT, ApiError
from scpkg.ingest import countries, regions
from scpkg.ingest.vocab import UnknownValueError, Vocabulary, default_resolver, ontology_graph
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
        if code not in _codes():
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
def _codes() -> frozenset[str]:
    return frozenset(countries.all_codes())


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


def region(value: str, argument: str) -> str:
    """The IRI of a region the graph holds, given by M49 code, IRI or English name ('World' too): the
    World, M49 regions, sub-regions and intermediate regions, and the SDG regional groupings, by the
    resolver the CLI uses (:func:`scpkg.ingest.regions.resolve`)."""
    text = value.strip()
    prefix = ID + "region/"
    try:
        code = regions.resolve(text.removeprefix(prefix) if text.startswith(prefix) else text)
    except regions.UnknownRegionError as exc:
        allowed = [r.describe() for r in regions.regions().values()]
        raise bad_input(argument, value, str(exc), exc.suggestions, allowed) from None
    return str(region_iri(code))
