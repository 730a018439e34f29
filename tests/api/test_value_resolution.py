"""GraphQL arguments resolve as ingest resolves them, and a value naming nothing is BAD_INPUT (issue 9).

Before, a filter value was pasted into an IRI unchecked: "End of life", "plastic", "029" or "XYZ"
answered an empty page (read as "no policy"), "Ghana" and "GH" were refused although case studies may
say them, and "Africa" answered a Python message. These run on the bundled examples with the reference
data loaded (tests/api/conftest.py).
"""

import asyncio
import logging
from typing import Any

import pytest

from scpkg.api.schema import build_schema, make_context
from scpkg.ingest.vocab import default_resolver
from scpkg.store import GraphStore


def execute(store: Any, query: str) -> Any:
    return asyncio.run(build_schema().execute(query, context_value=make_context(store)))


def count(store: GraphStore, filter_text: str) -> int:
    result = execute(store, f"{{ policies(filter: {{{filter_text}}}) {{ totalCount }} }}")
    assert result.errors is None, [e.message for e in result.errors]
    return int(result.data["policies"]["totalCount"])


def bad_input(store: GraphStore, query: str) -> dict[str, Any]:
    """The one error of a query that must fail with BAD_INPUT, as a client sees it."""
    result = execute(store, query)
    assert result.errors, f"no error for {query}: {result.data}"
    assert len(result.errors) == 1, [e.message for e in result.errors]
    error = result.errors[0].formatted
    assert error["extensions"]["code"] == "BAD_INPUT", error
    return error


@pytest.mark.parametrize("region", ["029", "29", "Caribbean", "https://w3id.org/scpkg/id/region/029"])
def test_region_filter_for_intermediate_region_answers_its_countries(
    example_store: GraphStore, region: str
) -> None:
    # Issue 10: an intermediate region is a scope; before, 029 was refused as not held.
    assert count(example_store, f'region: "{region}"') == count(example_store, 'region: "029"')


def test_region_filter_for_an_sdg_grouping_is_held(example_store: GraphStore) -> None:
    result = execute(example_store, '{ policies(filter: {region: "513"}) { totalCount } }')
    assert result.errors is None, [e.message for e in result.errors]
    error = bad_input(
        example_store, '{ policies(filter: {region: "Europe and North America"}) { totalCount } }'
    )
    assert "513 Europe and Northern America (SDG grouping)" in error["extensions"]["suggestions"]
    assert "002 Africa (M49 region)" in error["extensions"]["allowed"]


def test_unknown_country_filter_is_bad_input_with_suggestions(example_store: GraphStore) -> None:
    error = bad_input(example_store, '{ policies(filter: {country: "Ghanna"}) { totalCount } }')
    assert error["extensions"]["argument"] == "filter.country"
    assert "Ghana (GHA)" in error["extensions"]["suggestions"]
    error = bad_input(example_store, '{ policies(filter: {country: "XYZ"}) { totalCount } }')
    assert "XYZ" in error["message"] and "alpha-2" in error["message"]


def test_country_filter_accepts_name_and_alpha2(example_store: GraphStore) -> None:
    by_code = count(example_store, 'country: "GHA"')
    assert by_code > 0
    for spelling in ("Ghana", "GH", "gh", "288", "https://w3id.org/scpkg/id/country/GHA"):
        assert count(example_store, f'country: "{spelling}"') == by_code, spelling


def test_country_lookup_by_name_and_unknown_code(example_store: GraphStore) -> None:
    result = execute(
        example_store, '{ a: country(code: "Germany") { iso3 } b: country(code: "DEU") { iso3 } }'
    )
    assert result.errors is None
    assert result.data == {"a": {"iso3": "DEU"}, "b": {"iso3": "DEU"}}
    error = bad_input(example_store, '{ country(code: "XYZ") { iso3 } }')
    assert error["path"] == ["country"] and error["extensions"]["argument"] == "code"


def test_country_lookup_answers_a_reference_country_without_policies(example_store: GraphStore) -> None:
    result = execute(example_store, '{ country(code: "NOR") { iso3 policies { totalCount } } }')
    assert result.errors is None
    assert result.data == {"country": {"iso3": "NOR", "policies": {"totalCount": 0}}}


def _labels(vocabulary: str, code: str) -> dict[str, str]:
    vocab = default_resolver().vocabulary(vocabulary)
    iri = next(i for i, c in vocab.codes.items() if c == code)
    return vocab.labels[iri]


def test_stage_filter_accepts_label(example_store: GraphStore) -> None:
    by_code = count(example_store, 'stage: "end-of-life"')
    assert by_code > 0
    labels = _labels("life-cycle-stage", "end-of-life")
    for spelling in ("End of life", "END  OF LIFE", labels["fr"], labels["zh"]):
        assert count(example_store, f'stage: "{spelling}"') == by_code, spelling


def test_sector_filter_unknown_value_suggests(example_store: GraphStore) -> None:
    error = bad_input(example_store, '{ policies(filter: {sector: "plastic"}) { totalCount } }')
    assert error["extensions"]["argument"] == "filter.sector"
    assert error["extensions"]["suggestions"] == ["plastics"]
    assert "plastics" in error["extensions"]["allowed"]
    assert count(example_store, 'sector: "Plastics"') == count(example_store, 'sector: "plastics"') > 0


@pytest.mark.parametrize(
    ("filter_text", "argument"),
    [
        ('leadMinistryType: "finanse"', "filter.leadMinistryType"),
        ('mea: "minamta"', "filter.mea"),
        ('sdg: "12.99"', "filter.sdg"),
        ('stage: "https://w3id.org/scpkg/vocab/life-cycle-stage/nowhere"', "filter.stage"),
    ],
)
def test_every_code_filter_refuses_unknown_values(
    example_store: GraphStore, filter_text: str, argument: str
) -> None:
    error = bad_input(example_store, f"{{ policies(filter: {{{filter_text}}}) {{ totalCount }} }}")
    assert error["extensions"]["argument"] == argument


def test_mea_filter_accepts_the_convention_name(example_store: GraphStore) -> None:
    by_code = count(example_store, 'mea: "minamata"')
    assert by_code > 0
    assert count(example_store, 'mea: "Minamata Convention on Mercury"') == by_code


def test_region_name_filter_gives_no_python_message(example_store: GraphStore) -> None:
    by_code = count(example_store, 'region: "002"')
    assert by_code > 0
    assert count(example_store, 'region: "Africa"') == count(example_store, 'region: "2"') == by_code
    assert count(example_store, 'region: "World"') == count(example_store, 'region: "001"') > by_code
    error = bad_input(example_store, '{ policies(filter: {region: "Afrika"}) { totalCount } }')
    assert "int()" not in error["message"] and "002 Africa (M49 region)" in error["extensions"]["suggestions"]


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ('{ policyFacets(filter: {sector: "plastic"}) { bySector { key } } }', "filter.sector"),
        ('{ countries(region: "999") { totalCount } }', "region"),
        ('{ region(code: "Atlantis") { m49 } }', "code"),
        ('{ bodies(ministryType: "finanse") { totalCount } }', "ministryType"),
        ('{ bodies(country: "XYZ") { totalCount } }', "country"),
        ('{ hotspots(sector: "fod") { totalCount } }', "sector"),
        ('{ vocabulary(scheme: "sectr") { slug } }', "scheme"),
        ('{ concept(scheme: "sector", notation: "plastic") { iri } }', "notation"),
        ('{ concept(iri: "https://w3id.org/scpkg/vocab/sector/plastix") { iri } }', "iri"),
    ],
)
def test_every_root_field_taking_a_code_refuses_unknown_values(
    example_store: GraphStore, query: str, argument: str
) -> None:
    error = bad_input(example_store, query)
    assert error["extensions"]["argument"] == argument


def test_concept_lookup_accepts_a_label(example_store: GraphStore) -> None:
    result = execute(
        example_store, '{ concept(scheme: "life-cycle-stage", notation: "End of life") { notation } }'
    )
    assert result.errors is None
    assert result.data == {"concept": {"notation": "end-of-life"}}


def test_bad_alias_keeps_other_root_fields(example_store: GraphStore) -> None:
    result = execute(
        example_store,
        '{ good: policies(filter: {country: "GHA"}) { totalCount } '
        'bad: policies(filter: {stage: "nowhere"}) { totalCount } '
        'facets: policyFacets(filter: {country: "XYZ"}) { byStage { key } } }',
    )
    assert result.data["good"]["totalCount"] > 0
    assert result.data["bad"] is None and result.data["facets"] is None
    assert sorted(tuple(e.path) for e in result.errors) == [("bad",), ("facets",)]


def test_user_input_error_logs_one_line(example_store: GraphStore, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        execute(example_store, '{ policies(filter: {sector: "plastic"}) { totalCount } }')
        execute(example_store, "{ nope }")
    records = [r for r in caplog.records if r.levelno >= logging.INFO]  # not asyncio's debug lines
    assert len(records) == 2, [r.getMessage() for r in records]
    for record, code in zip(records, ("BAD_INPUT", "GRAPHQL_VALIDATION_FAILED"), strict=True):
        assert record.levelno == logging.WARNING
        assert record.exc_info is None and "\n" not in record.getMessage()
        assert code in record.getMessage()


def test_internal_error_still_logs_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def run(self, *_: Any) -> Any:
            raise RuntimeError("the store broke")

    with caplog.at_level(logging.DEBUG):
        execute(Broken(), "{ policies { totalCount } }")
    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert [r.levelno for r in records] == [logging.ERROR]
    assert records[0].exc_info is not None


def test_bad_alias_over_http_is_200_with_the_good_data(
    example_store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    from starlette.testclient import TestClient

    from scpkg.api.app import app_for_store
    from scpkg.api.http import GRAPHQL_RESPONSE

    query = (
        '{ good: policies(filter: {country: "Ghana"}) { totalCount } '
        'bad: policies(filter: {region: "999"}) { totalCount } }'
    )
    with caplog.at_level(logging.INFO):
        r = TestClient(app_for_store(example_store)).post(
            "/graphql", json={"query": query}, headers={"accept": GRAPHQL_RESPONSE}
        )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["data"]["good"]["totalCount"] > 0 and body["data"]["bad"] is None
    assert [e["path"] for e in body["errors"]] == [["bad"]]
    assert [r.exc_info for r in caplog.records if r.levelno >= logging.WARNING] == [None]
