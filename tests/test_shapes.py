"""Shape tests as data: each file under tests/data/shapes/ declares the results it must raise.

Every fixture is validated together with tests/data/shapes/context.ttl (its valid neighbours). The
comment lines `# expect:`, `# expect-warning:` and `# expect-info:` list the (focus node,
sh:sourceConstraintComponent) pairs expected at each severity; the test compares the whole set at
every severity, so a valid file with no such line must raise nothing. See tests/data/README.md.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from scpkg.resources import shapes_dir
from scpkg.shapes.validate import ValidationResult, shapes_graph, validate

DATA = Path(__file__).parent / "data" / "shapes"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))
SHACL_SHACL = Path(__import__("pyshacl").__file__).parent / "assets" / "shacl-shacl.ttl"

_EXPECT = re.compile(r"^#\s*expect(?:-(warning|info))?:\s*<([^>]+)>\s+sh:(\w+)\s*$")
_SEVERITY = {None: SH.Violation, "warning": SH.Warning, "info": SH.Info}

Pairs = set[tuple[URIRef, URIRef]]


@cache
def _context() -> Graph:
    return Graph().parse(DATA / "context.ttl")


def _expected(path: Path) -> dict[URIRef, Pairs]:
    """The expectations a fixture declares about itself, by severity."""
    expected: dict[URIRef, Pairs] = {severity: set() for severity in _SEVERITY.values()}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect"):
            match = _EXPECT.match(line)
            assert match, f"{path.name}: malformed expectation line {line!r}"
            severity, focus, component = match.groups()
            expected[_SEVERITY[severity]].add((URIRef(focus), SH[component]))
    return expected


def _actual(result: ValidationResult) -> dict[URIRef, Pairs]:
    actual: dict[URIRef, Pairs] = {severity: set() for severity in _SEVERITY.values()}
    for p in result.problems:
        actual[p.severity].add((p.focus_node, p.source_constraint_component))
    return actual


def _validate_fixture(path: Path) -> ValidationResult:
    data = Graph()
    data += _context()
    data.parse(path)
    return validate(data)


def _describe(result: ValidationResult) -> str:
    return "\n".join(
        f"  {p.severity_name} {p.focus_node} {p.source_constraint_component} ({p.source_shape}): {p.message}"
        for p in result.problems
    )


def _shape_name(path: Path) -> str:
    return path.name.split("-", 1)[0]


def test_fixture_lists_are_not_empty() -> None:
    """A glob that silently matches nothing must fail, not pass."""
    assert VALID, "no valid shape fixtures found"
    assert INVALID, "no invalid shape fixtures found"


def test_context_alone_raises_nothing() -> None:
    result = validate(_context())
    assert result.problems == [], _describe(result)


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fixture(path: Path) -> None:
    expected = _expected(path)
    assert not expected[SH.Violation], f"{path.name} is in valid/ but expects Violations"
    result = _validate_fixture(path)
    assert result.conforms, _describe(result)
    assert _actual(result) == expected, _describe(result)


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture(path: Path) -> None:
    expected = _expected(path)
    assert any(expected.values()), f"{path.name} is in invalid/ but declares no expected result"
    result = _validate_fixture(path)
    actual = _actual(result)
    assert result.conforms == (not expected[SH.Violation])
    for severity in _SEVERITY.values():
        assert actual[severity] == expected[severity], f"{severity}:\n{_describe(result)}"


def _node_shapes(shapes: Graph) -> set[URIRef]:
    return {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def test_every_node_shape_has_valid_and_invalid_examples() -> None:
    names = {str(s).rsplit("/", 1)[-1] for s in _node_shapes(shapes_graph())}
    assert names
    for kind, paths in (("valid", VALID), ("invalid", INVALID)):
        covered = {_shape_name(p) for p in paths}
        assert names <= covered, f"node shapes without a {kind} example: {sorted(names - covered)}"
        assert covered <= names, f"{kind} fixtures named after no node shape: {sorted(covered - names)}"


def test_every_severity_is_exercised() -> None:
    declared = set()
    for path in INVALID:
        declared |= {severity for severity, pairs in _expected(path).items() if pairs}
    assert declared == set(_SEVERITY.values())


def test_shapes_file_conforms_to_shacl_shacl() -> None:
    """The shapes themselves are well-formed SHACL (the W3C SHACL-for-SHACL shapes shipped by pySHACL)."""
    import pyshacl

    assert SHACL_SHACL.is_file(), SHACL_SHACL
    shapes = Graph().parse(
        data=(shapes_dir() / "scp-shapes.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    conforms, _report, text = pyshacl.validate(shapes, shacl_graph=Graph().parse(SHACL_SHACL))
    assert conforms, text


def _constraint_shapes(shapes: Graph) -> set:
    """Every shape that can raise a result of its own: node shapes, property shapes, SPARQL constraints.

    Shapes inside sh:or / sh:xone / sh:not / sh:qualifiedValueShape lists only feed their parent's result,
    but they get messages too so a report's sh:detail reads well; only plain `[ sh:class X ]` /
    `[ sh:datatype X ]` / `[ sh:in (...) ]` alternatives are exempt.
    """
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    found |= set(shapes.subjects(SH.path, None))
    for lst in shapes.objects(None, SH["or"]):
        found |= {m for m in Collection(shapes, lst) if (m, SH.path, None) in shapes}
    return found


def test_every_constraint_has_an_english_message() -> None:
    shapes = shapes_graph()
    missing = [
        str(s)
        for s in _constraint_shapes(shapes)
        if not any(getattr(m, "language", None) == "en" for m in shapes.objects(s, SH.message))
    ]
    assert not missing, f"shapes without an English sh:message: {missing}"


def test_named_shapes_have_chinese_messages() -> None:
    shapes = shapes_graph()
    named = {s for s in _constraint_shapes(shapes) if isinstance(s, URIRef)}
    missing = [
        str(s)
        for s in named
        if not any(getattr(m, "language", None) == "zh" for m in shapes.objects(s, SH.message))
    ]
    assert not missing, f"named shapes without a Chinese sh:message: {missing}"


def test_every_property_shape_is_used_by_a_node_shape() -> None:
    """A named property shape no node shape lists would silently never run."""
    shapes = shapes_graph()
    used = set(shapes.objects(None, SH.property))
    unused = [str(s) for s in shapes.subjects(RDF.type, SH.PropertyShape) if s not in used]
    assert not unused, unused


# The fast route (RDFS inference in Python, shapes parsed once) against the reference route (pySHACL's
# own `inference="rdfs"` over data + ontology): the same results, down to path, value and message.


def _results(result: ValidationResult) -> set[tuple]:
    return {
        (p.focus_node, p.source_constraint_component, p.severity, p.path, p.value, p.source_shape, p.message)
        for p in result.problems
    }


@pytest.mark.parametrize("path", VALID + INVALID, ids=[p.name for p in VALID + INVALID])
def test_fast_route_matches_reference_route(path: Path) -> None:
    data = Graph()
    data += _context()
    data.parse(path)
    before = set(data)
    fast, reference = validate(data), validate(data, reference=True)
    assert set(data) == before, "validation modified the caller's graph"
    assert fast.conforms == reference.conforms
    assert _results(fast) == _results(reference), (
        f"fast:\n{_describe(fast)}\nreference:\n{_describe(reference)}"
    )


@pytest.mark.parametrize("path", VALID + INVALID, ids=[p.name for p in VALID + INVALID])
def test_fast_inference_is_pyshacls_rdfs_closure(path: Path) -> None:
    """Stronger than equal results: the graph validated is the one pySHACL's RDFS inference would build."""
    import owlrl
    from pyshacl.inference import CustomRDFSSemantics

    from scpkg.shapes.validate import _default_engine, _lean_ontology, ontology_graph

    data = Graph()
    data += _context()
    data.parse(path)
    reference = Graph()
    reference += data
    reference += _lean_ontology(ontology_graph())
    owlrl.DeductiveClosure(CustomRDFSSemantics).expand(reference)
    closure = _default_engine().closure
    assert set(reference) == set(closure.triples) | closure.extend(data).triples


def test_sparql_constraint_message_is_english() -> None:
    """pySHACL drops the language tag of SPARQL-constraint messages; the English one is still picked."""
    result = _validate_fixture(DATA / "invalid" / "OutcomeShape-value-without-unit.ttl")
    sparql = [p for p in result.problems if p.source_constraint_component == SH.SPARQLConstraintComponent]
    assert sparql
    assert all(p.message.startswith("A measured or baseline value needs its unit") for p in sparql)


def test_dataset_input_is_validated_as_one_graph() -> None:
    from rdflib import Dataset

    path = DATA / "invalid" / "PolicyShape-missing-title.ttl"
    dataset = Dataset()
    dataset.graph(URIRef("urn:test:context")).__iadd__(_context())
    dataset.graph(URIRef("urn:test:fixture")).parse(path)
    assert _results(validate(dataset)) == _results(_validate_fixture(path))


def test_policy_instrument_is_not_its_own_subclass_in_the_closure() -> None:
    """scpsh:PolicyTypeShape reads rdf:type/rdfs:subClassOf as "a type strictly below scp:PolicyInstrument".

    That holds while the RDFS closure of the ontology does not make scp:PolicyInstrument a subclass of
    itself (it would if the ontology typed it rdfs:Class, or put it on a subclass cycle).
    """
    from rdflib import RDFS

    from scpkg.shapes.validate import _default_engine

    scp = "https://w3id.org/scpkg/ont/"
    instrument = URIRef(scp + "PolicyInstrument")
    closure = _default_engine().closure.triples
    assert (instrument, RDFS.subClassOf, URIRef(scp + "Policy")) in closure
    assert (instrument, RDFS.subClassOf, instrument) not in closure


def _fixture_graphs() -> list[Graph]:
    graphs = []
    for path in VALID + INVALID:
        data = Graph()
        data += _context()
        data.parse(path)
        graphs.append(data)
    return graphs


@pytest.mark.parametrize("workers", [1, 2])
def test_validate_many_matches_validate_in_order(workers: int) -> None:
    """validate_many (a process pool for 2 workers: the fixtures are more than PARALLEL_MIN) = validate."""
    from scpkg.shapes.validate import PARALLEL_MIN, validate_many

    graphs = _fixture_graphs()
    assert len(graphs) >= PARALLEL_MIN
    expected = [validate(g) for g in graphs]
    actual = list(validate_many(iter(graphs), workers=workers))
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        assert got.conforms == want.conforms
        assert got.problems == want.problems
        assert len(got.results_graph) == len(want.results_graph)
        assert dict(got.results_graph.namespaces()) == dict(want.results_graph.namespaces())


def test_validate_many_stays_in_process_for_a_few_or_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from scpkg.shapes import validate as module

    def no_pool(*_args, **_kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(module, "_validate_in_pool", no_pool)
    graphs = _fixture_graphs()
    few = graphs[: module.PARALLEL_MIN - 1]
    assert [r.problems for r in module.validate_many(few, workers=4)] == [validate(g).problems for g in few]
    assert len(list(module.validate_many(graphs, workers=1))) == len(graphs)
    assert list(module.validate_many([], workers=2)) == []
    with pytest.raises(ValueError):
        list(module.validate_many(few, workers=0))


def _same_result(got: ValidationResult, want: ValidationResult) -> None:
    from rdflib.compare import to_isomorphic

    assert got.conforms == want.conforms
    assert got.problems == want.problems
    assert to_isomorphic(got.results_graph) == to_isomorphic(want.results_graph)
    assert dict(got.results_graph.namespaces()) == dict(want.results_graph.namespaces())


@pytest.mark.parametrize("workers", [1, 2])
def test_batched_validation_gives_each_fixture_its_own_verdict(workers: int) -> None:
    """validate_batched (fixtures in unions of independent ones, reports split per fixture) = validate:
    the same conforms, problems and (isomorphic) report graph per fixture, in order."""
    from scpkg.shapes.batched import validate_batched

    graphs = _fixture_graphs()
    expected = [validate(g) for g in graphs]
    actual = list(validate_batched(iter(graphs), workers=workers, size=8, window=16))
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected, strict=True):
        _same_result(got, want)


def test_batched_validation_keeps_two_descriptions_of_one_node_apart() -> None:
    """Regression guard: in one union, two case studies each giving a policy one title would make one
    policy with two titles (a maxCount violation neither has); they must not share a pySHACL run."""
    from scpkg.shapes.batched import _member, groups, validate_batched

    title = URIRef("http://purl.org/dc/terms/title")

    def case(text: str) -> Graph:
        g = Graph()
        g += _context()
        g.parse(VALID[0])
        titled = set(g.subjects(title, None))
        assert titled
        for s in titled:
            g.set((s, title, Literal(text, lang="en")))
        return g

    a, b = case("One"), case("Two")
    assert groups([_member(a), _member(b)]) == [[0], [1]]
    assert groups([_member(a), _member(a)]) == [[0, 1]]  # the same description twice can share a run
    for got, want in zip(validate_batched([a, b], workers=1), [validate(a), validate(b)], strict=True):
        _same_result(got, want)
