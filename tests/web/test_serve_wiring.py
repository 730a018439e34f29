"""`scpkg serve` and `scpkg demo` point people to the web front first, and production keeps it on.

The front is read-only HTML, so ``--production`` switches off only what it says (introspection and
the GraphiQL explorer); the search page at ``/`` and the assets it loads stay.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from scpkg.cli.app import app as cli
from scpkg.cli.commands.serve import addresses
from scpkg.store import GraphStore

HTML = {"Accept": "text/html"}


class _Ids(HTMLParser):
    """The ``(tag, id)`` pairs of a page, to find the hooks the browser test relies on."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add((tag, value))


def _ids(body: str) -> set[tuple[str, str]]:
    parser = _Ids()
    parser.feed(body)
    return parser.ids


@pytest.mark.parametrize("production", [False, True])
def test_web_front_address_not_printed_first(production: bool) -> None:
    lines = addresses("127.0.0.1", 8000, production=production)
    assert lines[0].startswith("Browse and search: [bold]http://127.0.0.1:8000/[/bold]"), lines
    assert any("/graphql" in line for line in lines[1:]), lines
    explorer = any(line.startswith("Open the query explorer") for line in lines)
    assert explorer is not production, lines


def test_ipv6_host_not_bracketed_in_web_address() -> None:
    assert addresses("::1", 8080, production=False)[0].startswith(
        "Browse and search: [bold]http://[::1]:8080/"
    )


def test_serve_prints_web_front_after_graphql_or_serves_wrong_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command itself, up to the point uvicorn would start: what it prints, and the app it serves."""
    import uvicorn

    served: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        served["app"], served["kwargs"] = app, kwargs

    monkeypatch.setattr(uvicorn, "run", fake_run)
    url = "falkordb://" + str(tmp_path / "serve.db")
    result = CliRunner().invoke(cli, ["serve", "--store", url, "--port", "8123", "--production"])
    assert result.exit_code == 0, result.output
    out = [line for line in result.output.splitlines() if line.strip()]
    web = next(
        i for i, line in enumerate(out) if line.startswith("Browse and search: http://127.0.0.1:8123/")
    )
    graphql = next(i for i, line in enumerate(out) if "http://127.0.0.1:8123/graphql" in line)
    assert web < graphql, out
    assert served["kwargs"]["port"] == 8123
    assert served["app"].state.explorer is False
    assert served["app"].state.store is not None


@pytest.fixture(scope="module")
def production_client(web_store: GraphStore) -> Any:
    from scpkg.api.app import app_for_store

    with TestClient(app_for_store(web_store, introspection=False, explorer=False)) as client:
        yield client


def test_production_switches_off_web_front(production_client: TestClient) -> None:
    home = production_client.get("/", headers=HTML)
    assert home.status_code == 200, home.text[:500]
    assert home.headers["content-type"].startswith("text/html")
    assert ("form", "search") in _ids(home.text), (
        "the search page (form#search) is not served at / in production"
    )
    assert production_client.get("/static/web/web.css").status_code == 200


def test_production_still_serves_graphiql_explorer(production_client: TestClient) -> None:
    page = production_client.get("/graphql", headers=HTML)
    assert "graphiql" not in page.text.lower(), page.text[:300]


def test_home_not_search_page_when_explorer_on(web_client: TestClient) -> None:
    home = web_client.get("/", headers=HTML, follow_redirects=False)
    assert home.status_code == 200, (
        f"/ answers {home.status_code} (a redirect to GraphQL?), not the search page"
    )
    assert ("form", "search") in _ids(home.text)
