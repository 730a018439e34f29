"""Every Cypher statement the API sends, for ``tests/store/test_cypher_compat.py`` to lint and run."""

from __future__ import annotations

from scpkg.store.cypher import Statement


def all_statements() -> list[Statement]:
    """The generic loaders', list and linked-data statements, and the policy-list fragments."""
    from scpkg.api.graph.loaders import STATEMENTS
    from scpkg.api.linked_data import STATEMENTS as LINKED_DATA
    from scpkg.api.policies.loaders import statements

    found = {**STATEMENTS, **statements(), **{f"linked data {k}": v for k, v in LINKED_DATA.items()}}
    return [Statement(f"api: {name}", query, params) for name, (query, params) in found.items()]
