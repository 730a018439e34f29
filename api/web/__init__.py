"""The web front: server-rendered pages for people who do not write GraphQL (issue 12).

Each area of the front is one module with a ``routes()`` function; :func:`routes` gathers them for
:func:`scpkg.api.app.create_app`. Pages read the store through the same statements the API uses
(``scpkg.api.policies.loaders`` and friends) and render with :mod:`scpkg.api.web.render`.

- :mod:`.search`: the home page, full-text search, facets with counts, CSV / XLSX export of lists;
- :mod:`.pages`: policy, country, region and case-study pages (the HTML of an IRI), country lists, compare;
- :mod:`.reports`: gap reports in the browser and their downloads;
- :mod:`.maps`: the world map of a gap question or instrument category.
"""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """Every page route of the front, in the order Starlette should try them."""
    from scpkg.api.web import maps, pages, reports, search

    return [*search.routes(), *pages.routes(), *reports.routes(), *maps.routes()]
