"""The synthetic corpus: realistic shares, reproducible for a seed, valid against the published schema."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import URIRef
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.ingest import reference, synthetic

N = 2000
SEED = 7


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return list(synthetic.iter_case_studies(N, seed=SEED, per_case=3))


@pytest.fixture(scope="module")
def policies(corpus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for case in corpus for p in case["policies"]]


def _share(policies: list[dict[str, Any]], test: Any) -> float:
    return sum(1 for p in policies if test(p)) / len(policies)


def test_corpus_has_the_asked_number_of_policies(corpus, policies) -> None:
    assert len(policies) == N
    assert len(corpus) == synthetic.case_count(N, 3) == 667
    assert len(corpus[-1]["policies"]) == N - 666 * 3


def test_most_policies_act_at_end_of_life(policies) -> None:
    share = _share(policies, lambda p: "end-of-life" in p["life_cycle_stages"])
    assert 0.5 < share < 0.7
    for stage in ("design", "use", "production", "extraction", "distribution"):
        assert _share(policies, lambda p, s=stage: s in p["life_cycle_stages"]) < share


def test_about_a_quarter_have_a_quantified_target(policies) -> None:
    share = _share(policies, lambda p: any("value" in t for t in p.get("targets", [])))
    assert share == pytest.approx(synthetic.SHARE_QUANTIFIED_TARGET, abs=0.03)


def test_about_a_tenth_are_led_by_an_economic_ministry(policies) -> None:
    share = _share(
        policies, lambda p: any(b["ministry_type"] in synthetic.ECONOMIC_MINISTRIES for b in p["lead_bodies"])
    )
    assert share == pytest.approx(synthetic.SHARE_ECONOMIC_LEAD, abs=0.025)


def test_about_a_seventh_are_overarching_frameworks(policies) -> None:
    share = _share(policies, lambda p: p.get("framework_level") == "overarching")
    assert share == pytest.approx(synthetic.SHARE_OVERARCHING, abs=0.025)
    frameworks = [p for p in policies if p["instrument_type"] == synthetic.CODES[synthetic.FRAMEWORK]]
    assert all("framework_level" in p for p in frameworks)


def test_mercury_instruments_only_in_minamata_parties(corpus) -> None:
    parties = reference.parties("minamata")
    mercury = [
        (case, p)
        for case in corpus
        for p in case["policies"]
        if synthetic.MERCURY_OBLIGATION in p.get("mea_obligations", [])
    ]
    assert len(mercury) > 10
    assert all(case["policies"][0]["country"] for case, _ in mercury)
    iso3s = {synthetic.countries.resolve(p["country"]) for _, p in mercury}
    assert iso3s <= parties


def test_countries_are_real_and_many(policies) -> None:
    iso3s = {synthetic.countries.resolve(p["country"]) for p in policies}
    assert len(iso3s) > 150
    assert all(len(p["sdg"]) >= 1 for p in policies)
    assert _share(policies, lambda p: len(p["sdg"]) > 1) == pytest.approx(synthetic.SHARE_OTHER_SDG, abs=0.04)


def test_framework_links_stay_inside_the_case_study(corpus) -> None:
    for case in corpus:
        ids = {
            p["id"] for p in case["policies"] if p["instrument_type"] == synthetic.CODES[synthetic.FRAMEWORK]
        }
        for p in case["policies"]:
            if "part_of_framework" in p:
                assert p["part_of_framework"] in ids


def test_every_case_study_is_marked_illustrative(corpus) -> None:
    assert all(case["illustrative"] is True for case in corpus)


def test_same_seed_same_corpus_other_seed_other_corpus(corpus) -> None:
    again = list(synthetic.iter_case_studies(N, seed=SEED, per_case=3))
    assert again == corpus
    other = list(synthetic.iter_case_studies(N, seed=SEED + 1, per_case=3))
    assert other != corpus


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(corpus) -> None:
    assert list(synthetic.iter_case_studies(300, seed=SEED, per_case=3)) == corpus[:100]


def test_ids_are_unique(corpus, policies) -> None:
    assert len({c["id"] for c in corpus}) == len(corpus)
    assert len({p["id"] for p in policies}) == len(policies)


def test_generated_files_validate_against_the_json_schema(tmp_path: Path) -> None:
    read_structured = pytest.importorskip("scpkg.ingest.read_structured")
    files = synthetic.write_corpus(tmp_path, 300, seed=SEED, per_case=4)
    assert len(files) == 75
    for path in files:
        data = read_structured.parse_structured(path, 1_000_000)
        assert read_structured.schema_problems(data, str(path), path.name) == []


def test_records_are_the_same_corpus_in_memory() -> None:
    pytest.importorskip("scpkg.ingest.read_structured")
    records = list(synthetic.iter_records(5, seed=SEED, per_case=2))
    assert [r.id for r in records] == [c["id"] for c in synthetic.iter_cases(5, seed=SEED, per_case=2)]
    assert all(r.illustrative and len(r.policies) == 2 for r in records)


def test_cli_writes_the_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = CliRunner().invoke(
        app, ["generate", "--policies", "10", "--seed", "3", "--out", str(out), "--per-case", "4"]
    )
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 3
    first = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert first["illustrative"] is True
    expected = {c["id"] for c in synthetic.iter_case_studies(10, seed=3, per_case=4)}
    assert {f.stem for f in files} == expected


def test_vocabulary_values_resolve_against_the_ontology() -> None:
    vocab = pytest.importorskip("scpkg.ingest.vocab")
    try:
        resolver = vocab.default_resolver()
    except (FileNotFoundError, OSError) as exc:
        pytest.skip(f"the ontology is not there yet: {exc}")
    from scpkg.iris import ONT

    for cls, code in synthetic.CODES.items():
        assert resolver.resolve(vocab.INSTRUMENT_TYPE, code) == URIRef(ONT + cls)
    assert resolver.resolve(vocab.MEA_OBLIGATION, synthetic.MERCURY_OBLIGATION)
    assert resolver.resolve(vocab.PROGRAMME, synthetic.SPP_PROGRAMME)
    unresolved = set()
    for case in synthetic.iter_case_studies(600, seed=SEED):
        for p in case["policies"]:
            for scheme, values in (
                ("framework-level", [p["framework_level"]] if "framework_level" in p else []),
                ("life-cycle-stage", p["life_cycle_stages"]),
                ("sector", p["sectors"]),
                ("sdg", p["sdg"]),
                ("policy-status", [p["status"]]),
                ("jurisdiction-level", [p["jurisdiction_level"]]),
                ("ministry-type", [b["ministry_type"] for b in p["lead_bodies"]]),
            ):
                for value in values:
                    try:
                        resolver.resolve(scheme, value)
                    except ValueError:
                        unresolved.add((scheme, value))
    assert unresolved == set()


def test_corpus_maps_to_rdf_without_problems() -> None:
    pytest.importorskip("scpkg.ingest.mapping")
    pairs = list(synthetic.iter_graphs(20, seed=SEED))
    assert len(pairs) == 20
    assert all(len(graph) > 20 for _, graph in pairs)
    assert len({iri for iri, _ in pairs}) == 20


def test_a_sample_of_the_corpus_conforms_to_the_shapes() -> None:
    validate = pytest.importorskip("scpkg.shapes.validate")
    from rdflib import RDF, Graph

    from scpkg.ingest.pipeline import _context
    from scpkg.ingest.reference import SCP

    graphs = [g for _, g in synthetic.iter_graphs(12, seed=SEED)]
    data = Graph()
    for g in graphs:
        data += g
    frameworks = set(data.subjects(RDF.type, SCP.PolicyFramework))
    result = validate.validate(data + _context(data, frameworks))
    assert result.violations == []
