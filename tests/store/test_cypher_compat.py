"""Every Cypher statement of the project runs on FalkorDB and passes Neo4j's parser and linter.

Statements come from `scpkg.store.cypher.all_statements` (dynamic ones generated for every
allow-listed label and type) and from `queries/*.cypher`. The linter is Neo4j's
`@neo4j-cypher/language-support`, installed by `make npm` into tests/cypher_lint.
"""

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from scpkg.store import cypher
from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import NameNotAllowedError, Vocabulary

ROOT = Path(__file__).parents[2]
LINT_DIR = ROOT / "tests" / "cypher_lint"
QUERIES = sorted((ROOT / "queries").glob("*.cypher"))
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _queries_dir_statements() -> list[cypher.Statement]:
    out = []
    for path in QUERIES:
        for i, text in enumerate(s.strip() for s in path.read_text("utf-8").split(";")):
            body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//")).strip()
            if body:
                params = dict.fromkeys(PARAM.findall(body))
                out.append(cypher.Statement(f"{path.name}#{i}", body, params))  # type: ignore[arg-type]
    return out


def _lint(statements: list[tuple[str, str, list[str]]]) -> dict[str, list[dict]]:
    """Lint in one Node process per core: the linter's cost grows faster than a statement's length, and
    the all-labels load statement alone takes most of a minute on a quiet core."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not found: install Node.js >= 18 and npm, then run `make npm`")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("Neo4j Cypher linter not installed: run `make npm` (npm ci --prefix tests/cypher_lint)")
    bins: list[list[tuple[str, str, list[str]]]] = [[] for _ in range(max(2, os.cpu_count() or 2))]
    cost = [0.0] * len(bins)
    for statement in sorted(statements, key=lambda s: -len(s[1])):
        i = cost.index(min(cost))
        bins[i].append(statement)
        cost[i] += len(statement[1]) ** 1.5

    def lint(chunk: list[tuple[str, str, list[str]]]) -> list[dict]:
        payload = json.dumps([{"name": n, "query": q, "parameters": p} for n, q, p in chunk])
        command = [node, "lint.mjs"]
        done = subprocess.run(
            command, input=payload, capture_output=True, text=True, cwd=LINT_DIR, check=True, timeout=900
        )
        return json.loads(done.stdout)

    with ThreadPoolExecutor(len(bins)) as pool:
        outputs = [r for rows in pool.map(lint, [c for c in bins if c]) for r in rows]
    return {r["name"]: r["diagnostics"] for r in outputs}


def _errors(diagnostics: list[dict]) -> list[str]:
    return [f"{d['version']}: {d['message']}" for d in diagnostics if d["severity"] == 1]


@pytest.fixture(scope="module")
def statements(vocab: Vocabulary) -> list[cypher.Statement]:
    from scpkg.api.statements import all_statements as api_statements

    found = cypher.all_statements(vocab) + _queries_dir_statements() + api_statements()
    assert len(found) > 20, "the statement registry shrank: a glob or generator matches too little"
    return found


@pytest.mark.node
def test_every_statement_passes_neo4j_lint(statements: list[cypher.Statement]) -> None:
    # FalkorDB-only statements (its full-text procedures) are run below, not linted as Neo4j's.
    results = _lint([(s.name, s.query, sorted(s.params)) for s in statements if "neo4j" in s.backends])
    failures = {name: _errors(d) for name, d in results.items() if _errors(d)}
    assert failures == {}


def test_every_statement_runs_on_falkordb(
    statements: list[cypher.Statement], falkordb_session: FalkorDBStore
) -> None:
    graph = falkordb_session._db.select_graph("scpkg_statement_check")  # a fresh graph: indexes included
    ran = 0
    for s in statements:
        if "falkordb" in s.backends:
            graph.query(s.query, s.params)
            ran += 1
    graph.delete()
    assert ran > 20


@pytest.mark.node
@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("MATCH (n:Resource) RETRN n", "syntax error"),
        ("MATCH (n:Resource) RETURN toJSON(n) AS j", "FalkorDB-only function"),
        ("MATCH (n:Resource) RETURN tolower(n.iri) AS x, sizee(n.rdf_type) AS y", "misspelt function"),
        ("MATCH (n:Resource {iri: $iri}) RETURN n", "undeclared parameter"),
    ],
)
def test_lint_rejects_what_neo4j_would_reject(query: str, why: str) -> None:
    results = _lint([(why, query, [])])
    assert _errors(results[why]), f"{why} was not flagged"


def test_labels_and_types_outside_the_allow_list_are_refused(vocab: Vocabulary) -> None:
    for bad in ("Ban) DETACH DELETE (m", "NotInOntology", "1abc"):
        with pytest.raises(NameNotAllowedError):
            vocab.check_label(bad)
        with pytest.raises(NameNotAllowedError):
            vocab.check_rel_type(bad)
    with pytest.raises(NameNotAllowedError):
        cypher.index_statement(vocab, "Country", "iso3}) DETACH DELETE n //", neo4j=True)
    assert vocab.check_label("RegulatoryInstrument") == "RegulatoryInstrument"
