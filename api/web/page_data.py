"""How the pages of things read the store: the API's own GraphQL schema, run in-process, and the
catalogue and report builders, never a second query layer.

A page asks one GraphQL document (policy, case study, country, region, lists), so labels in the page's
language, fallbacks and provenance are exactly what an API client sees. Gap answers and the stage ×
instrument-type matrix come from :func:`scpkg.queries.report.build_report` and
:mod:`scpkg.queries.catalogue`, which a gap report uses too, so a page and ``scpkg report`` agree.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from scpkg.api.limits import ApiSettings

SETTINGS = ApiSettings(max_page_size=1000, default_page_size=50, timeout_s=30.0)
"""The pages' own limits: a country list holds ~250 rows, a page must not fail on the public cap."""

PAGE_SIZE = 50
"""Policies listed on a country page; the rest are one link away (the search for that country)."""


class PageQueryError(RuntimeError):
    """A page's own GraphQL document failed: a bug of the page, never the visitor's input."""


@cache
def schema() -> Any:
    """The project's schema with :data:`SETTINGS` (built once per process)."""
    from scpkg.api.schema import build_schema

    return build_schema(SETTINGS)


async def graphql(request: Request, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    """Run ``document`` on the served store through the API's schema; its data, or an error."""
    from scpkg.api.context import make_context

    result = await schema().execute(
        document, variable_values=variables, context_value=make_context(request.app.state.store, SETTINGS)
    )
    if result.errors:
        raise PageQueryError("; ".join(str(e) for e in result.errors))
    return dict(result.data or {})


async def in_thread(func: Any, *args: Any) -> Any:
    """A synchronous store reader (catalogue, report builder) off the event loop."""
    return await run_in_threadpool(func, *args)


@cache
def category_of_class() -> dict[str, list[str]]:
    """Instrument class IRI -> the SDG 12.1.1 categories its instruments count in (the crosswalk)."""
    from scpkg.ingest.crosswalk import counted_classes
    from scpkg.ingest.vocab import ontology_graph

    out: dict[str, list[str]] = {}
    for category, classes in counted_classes(ontology_graph()).items():
        for cls in classes:
            out.setdefault(str(cls), []).append(str(category))
    return {k: sorted(v) for k, v in out.items()}


POLICY = """
query Policy($iri: String!, $lang: String!) {
  policy(iri: $iri) {
    iri identifier isFramework adoptionYear adoptedOn amendedOn urls formerIris
    title(lang: $lang) titleEn: title(lang: "en")
    description(lang: $lang) descriptionEn: description(lang: "en")
    originalTitle { lang text }
    instrumentTypes { iri notation label(lang: $lang) }
    typeStated
    status { iri notation label(lang: $lang) }
    stages { iri notation label(lang: $lang) }
    sectors { iri notation label(lang: $lang) }
    sdgs { iri notation label(lang: $lang) }
    leadBodies {
      iri label(lang: $lang) labelEn: label(lang: "en") ministryTypes { iri notation label(lang: $lang) }
    }
    involvedBodies {
      iri label(lang: $lang) labelEn: label(lang: "en") ministryTypes { iri notation label(lang: $lang) }
    }
    targets { iri quantified description(lang: $lang) value unit deadline }
    outcomes { iri indicator(lang: $lang) baselineValue measuredValue unit measuredOn }
    obligations { iri identifier label(lang: $lang) article annex agreement { iri label(lang: $lang) } }
    frameworks { iri title(lang: $lang) }
    parts { iri title(lang: $lang) isFramework }
    amends { iri title(lang: $lang) }
    amendedBy { iri title(lang: $lang) }
    repeals { iri title(lang: $lang) }
    repealedBy { iri title(lang: $lang) }
    unresolvedReferences
    programmes { iri label(lang: $lang) }
    frameworkLevel { iri label(lang: $lang) }
    jurisdictionLevel { iri label(lang: $lang) }
    subdivision { iri label(lang: $lang) code }
    country { iri label(lang: $lang) iso3 kind }
    assertedBy {
      iri title(lang: $lang) titleEn: title(lang: "en") identifier locator illustrative sourceUrls
      source { iri citation urls publisher }
    }
  }
}
"""

CASE_STUDY = """
query CaseStudy($iri: String!, $lang: String!) {
  caseStudy(iri: $iri) {
    iri identifier locator creator created illustrative sourceUrls
    title(lang: $lang) titleEn: title(lang: "en")
    source { iri title(lang: $lang) identifiers publisher urls citation }
  }
}
"""

COUNTRY = """
query Country($code: String!, $lang: String!) {
  country(code: $code) {
    iri label(lang: $lang) iso3 iso2 m49 kind membershipAsOf
    region { iri m49 label(lang: $lang) kinds
      parent { iri m49 label(lang: $lang)
        parent { iri m49 label(lang: $lang) parent { iri m49 label(lang: $lang) } } }
      groupings { iri m49 label(lang: $lang) }
    }
    memberOf { iri label(lang: $lang) iso3 }
    members { iri label(lang: $lang) iso3 }
  }
}
"""

POLICY_ROWS = """
query Rows($country: String!, $lang: String!, $first: Int!, $after: String) {
  policies(filter: {country: $country}, sort: TITLE, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      iri title(lang: $lang) adoptionYear isFramework
      instrumentTypes { notation label(lang: $lang) }
      status { notation label(lang: $lang) }
      assertedBy { iri illustrative }
    }
  }
}
"""

REGION = """
query Region($code: String!, $lang: String!) {
  region(code: $code) {
    iri m49 kind kinds label(lang: $lang) labelEn: label(lang: "en")
    parent { iri m49 label(lang: $lang) }
    groupings { iri m49 label(lang: $lang) }
    subRegions { iri m49 label(lang: $lang) kinds }
    countries { iri iso3 label(lang: $lang) }
  }
}
"""

COUNTRY_LIST = """
query Countries($lang: String!) {
  countries(first: 1000) {
    nodes { iri label(lang: $lang) ... on Country { iso3 kind region { iri m49 label(lang: $lang) } } }
  }
}
"""

REGION_LIST = """
query Regions($lang: String!) {
  regions(first: 1000) {
    nodes {
      iri label(lang: $lang)
      ... on Region { m49 kind kinds parent { iri } groupings { iri } }
    }
  }
}
"""


async def policy_counts_by_country(request: Request, region_iri: str | None = None) -> dict[str, int]:
    """Policies per country IRI (the API's country facet statement), optionally within a region."""
    from scpkg.api.policies.loaders import Where, facet_statement

    query, params = facet_statement(Where(region=region_iri), "country")
    rows = await in_thread(request.app.state.store.run, query, params)
    return {str(r["a"]): int(r["n"]) for r in rows if r["a"] is not None}


def case_study_provenance(store: Any, iri: str) -> tuple[str, str | None] | None:
    """(content hash, source file) the case study was loaded with, or None if it has no named graph."""
    return store.case_study_origins([iri]).get(iri)


def case_study_policies(store: Any, iri: str) -> list[dict[str, Any]]:
    """The policies a case study describes: the subjects of its own named graph that the store holds
    as policies, with their properties (the store's provenance, not a guess from labels)."""
    from scpkg.api.graph.loaders import NODES
    from scpkg.store.cypher import POLICIES_IN_STORE

    graph = store.case_study_graph(iri)
    if graph is None:
        return []
    subjects = sorted({str(s) for s in graph.subjects() if str(s).startswith("https://")})
    if not subjects:
        return []
    policies = [str(r["iri"]) for r in store.run(POLICIES_IN_STORE, {"iris": subjects})]
    if not policies:
        return []
    rows = store.run(NODES, {"iris": policies})
    return sorted(
        ({"iri": str(r["iri"]), "props": dict(r["props"]), "labels": list(r["labels"])} for r in rows),
        key=lambda r: r["iri"],
    )
