"""Every Cypher statement the API sends, for ``tests/store/test_cypher_compat.py`` to lint and run."""

from __future__ import annotations

from scpkg.store.cypher import Statement


def all_statements() -> list[Statement]:
    """The generic loaders', list and linked-data statements, and the policy-list fragments."""
    from scpkg.api.graph.loaders import STATEMENTS
    from scpkg.api.linked_data import STATEMENTS as LINKED_DATA
    from scpkg.api.policies.loaders import statements
    from scpkg.api.policies.projection import statements as lean_statements

    found = {**STATEMENTS, **statements(), **{f"linked data {k}": v for k, v in LINKED_DATA.items()}}
    found.update(lean_statements())
    from scpkg.api.policies.loaders import search_statements
    from scpkg.store.fulltext import statements as fulltext_statements

    generic = [Statement(f"api: {name}", query, params) for name, (query, params) in found.items()]
    return generic + fulltext_statements() + search_statements()  # full-text DDL before its queries
