"""The GraphiQL explorer's example tabs: every query of ``queries/examples/*.graphql`` (the ones
``tests/api/test_examples.py`` runs against their expected answers), for ``api/static/graphiql.html``.

GraphiQL names a tab after its operation, and the examples are anonymous queries, so each tab's query is
named after its file (``gap-for-a-country`` -> ``query GapForACountry``); nothing else changes.
The data goes into the page as JSON inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and
``/`` are escaped so no text of a query can close the script element (or read as a URL to fetch).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from scpkg import BASE_IRI

PLACEHOLDER = "__SCPKG_EXPLORER_DATA__"
"""What ``graphiql.html`` holds where the data goes (the page still works, with no tabs, without it)."""


def _operation_name(stem: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", stem) if part)


def name_query(text: str, name: str) -> str:
    """The query with its first anonymous ``{`` (after the comments) named ``query <name> {``."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped == "{":
            lines[i] = f"query {name} {{"
        break
    return "\n".join(lines) + "\n"


@cache
def example_tabs() -> tuple[dict[str, str], ...]:
    """One tab per example file, in file-name order."""
    folder = resources.files("scpkg.queries") / "examples"
    files = sorted((e for e in folder.iterdir() if e.name.endswith(".graphql")), key=lambda e: e.name)
    return tuple(
        {"query": name_query(e.read_text("utf-8"), _operation_name(e.name.removesuffix(".graphql")))}
        for e in files
    )


def explorer_data() -> str:
    """``{"base": ..., "tabs": [...]}`` as JSON safe inside a script element."""
    text = json.dumps({"base": BASE_IRI, "tabs": list(example_tabs())}, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("/", "\\/")


def explorer_page(template: str) -> str:
    """The GraphiQL page with the example tabs filled in."""
    return template.replace(PLACEHOLDER, explorer_data())
