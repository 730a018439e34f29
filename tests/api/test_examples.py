"""The example GraphQL queries in ``queries/examples/`` run on the bundled examples and give the answers
committed beside them (``queries/examples/expected/<name>.json``), so the documented queries cannot rot.

To add an example: write ``queries/examples/<name>.graphql``, run this module once with
``SCPKG_WRITE_EXPECTED=1`` to write its answer, then check that answer by hand against
``ingest/examples/*.yaml`` before committing it: a wrong answer frozen here is a bug kept, not caught.
"""

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from scpkg.api.schema import build_schema, make_context
from scpkg.store import GraphStore

EXAMPLES = Path(__file__).resolve().parents[2] / "queries" / "examples"
EXPECTED = EXAMPLES / "expected"
QUERIES = sorted(EXAMPLES.glob("*.graphql"))


def answer(store: GraphStore, query: str) -> dict[str, Any]:
    schema = build_schema()
    result = asyncio.run(schema.execute(query, context_value=make_context(store)))
    assert result.errors is None, [e.message for e in result.errors]
    # Through JSON, as a client sees it (tuples become lists, keys stay in the query's order).
    return json.loads(json.dumps({"data": result.data}))


def test_there_are_examples_and_each_has_its_answer() -> None:
    assert len(QUERIES) >= 6, f"expected the example queries in {EXAMPLES}"
    missing = [q.stem for q in QUERIES if not (EXPECTED / f"{q.stem}.json").is_file()]
    assert not missing, f"no expected answer for {missing}"
    orphans = {p.stem for p in EXPECTED.glob("*.json")} - {q.stem for q in QUERIES}
    assert not orphans, f"expected answers without a query: {sorted(orphans)}"


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_example_gives_its_expected_answer(example_store: GraphStore, path: Path) -> None:
    got = answer(example_store, path.read_text(encoding="utf-8"))
    expected_file = EXPECTED / f"{path.stem}.json"
    if os.environ.get("SCPKG_WRITE_EXPECTED") == "1":
        expected_file.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert got == expected
