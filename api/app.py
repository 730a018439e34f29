"""The ASGI application: the GraphQL endpoint, its query explorer and the linked-data IRIs.

``create_app`` takes any ``strawberry.Schema`` (so the HTTP layer is tested on its own);
``app_for_store`` wires in the project's schema and per-request context for a store, which is what
``scpkg serve`` runs. Routes:

- ``/graphql``: GraphQL over HTTP (:mod:`scpkg.api.http`); a browser asking for HTML gets GraphiQL;
- ``/static/...``: the explorer's scripts and styles, vendored (``api/static/README.md``): no CDN;
  ``/static/web/...``: the web front's styles and scripts (served in production too);
- ``/context.jsonld``: the JSON-LD context built from the ontology;
- ``/id/...``, ``/vocab/...``, ``/ont``, ``/ont/...``: the IRIs under ``https://w3id.org/scpkg/``;
  in a browser, an IRI with a page of the web front (a policy, a country...) is that page;
- ``/``, ``/countries``, ``/reports``, ...: the web front (:mod:`scpkg.api.web`), when a store is served.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from scpkg import BASE_IRI
from scpkg.api import linked_data as ld
from scpkg.api.http import ContextGetter, GraphQLHTTP, negotiate
from scpkg.api.limits import ApiSettings
from scpkg.store import Vocabulary

EXPLORER_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:"
)
"""The explorer page may load and call nothing but this server: a browser enforces what the vendored
assets promise (no CDN, no telemetry), and a stray external reference shows up as a console error."""


def create_app(
    schema: Any | None = None,
    *,
    context_getter: ContextGetter | None = None,
    store: Any | None = None,
    ontology: Graph | None = None,
    introspection: bool = True,
    explorer: bool = True,
    limits: ApiSettings | None = None,
) -> Starlette:
    """The ASGI app. ``schema`` None serves linked data only; ``store`` None resolves ontology terms
    and vocabularies from the ontology alone; ``explorer`` False (production) serves no GraphiQL page
    and no static files. ``limits`` bound what one GraphQL request may cost (body, deadline, response)."""
    if ontology is None:
        from scpkg.ontology import load_graph

        ontology = load_graph()
    vocab = store.vocab if store is not None else Vocabulary.from_ontology(ontology)
    resolver = ld.Resolver(store, ontology, vocab)

    routes: list[BaseRoute] = []
    if schema is not None:
        endpoint = GraphQLHTTP(
            schema, context_getter, introspection=introspection, explorer=explorer, limits=limits
        )

        async def graphql(request: Request) -> Response:
            response = await endpoint(request)
            if response.media_type == "text/html":
                response.headers["Content-Security-Policy"] = EXPLORER_CSP
            return response

        routes.append(Route("/graphql", graphql, methods=["GET", "POST"]))
    if store is not None and schema is not None:
        from scpkg.api import web

        routes += web.routes()
    # The web front's own assets always; the explorer's vendored scripts only where the explorer is on.
    routes.append(
        Mount("/static/web", StaticFiles(packages=[("scpkg.api", "static/web")]), name="web-static")
    )
    if explorer:
        routes.append(Mount("/static", StaticFiles(packages=[("scpkg.api", "static")]), name="static"))

    async def context(_: Request) -> Response:
        return Response(ld.context_json(resolver), media_type="application/ld+json")

    async def entity(request: Request) -> Response:
        return await _entity(request, resolver)

    async def home(_: Request) -> Response:
        if schema is not None and explorer:
            return RedirectResponse("/graphql", status_code=307)
        return PlainTextResponse(
            f"scpkg: GraphQL at /graphql; every IRI under {BASE_IRI} resolves here below /id, /vocab, /ont.\n"
        )

    routes += [
        Route("/", home),
        Route("/context.jsonld", context),
        Route("/ont", entity),
        Route("/ont/{rest:path}", entity),
        Route("/vocab/{rest:path}", entity),
        Route("/id/{rest:path}", entity),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(GZipMiddleware, minimum_size=2048)])
    app.state.resolver = resolver
    app.state.store = store
    app.state.explorer = explorer
    return app


async def _entity(request: Request, resolver: ld.Resolver) -> Response:
    """Content negotiation for one IRI: ``?format=`` first, then ``Accept``; 406 if nothing fits."""
    iri = BASE_IRI + request.url.path.lstrip("/")
    if (reason := ld.invalid_iri(iri)) is not None:
        return PlainTextResponse(f"not an IRI: {iri!r} {reason}", status_code=400)
    fmt = request.query_params.get("format")
    if fmt is not None:
        media = ld.FORMATS.get(fmt.lower())
        if media is None:
            return PlainTextResponse(
                f"unknown format {fmt!r}; use one of {sorted(ld.FORMATS)}", status_code=400
            )
    else:
        media = negotiate(request.headers.get("accept"), ld.OFFERS, wildcard_default=ld.TURTLE)
        if media is None:
            offers = ", ".join(ld.OFFERS)
            return PlainTextResponse(
                f"{iri} is available as {offers}", status_code=406, headers={"Vary": "Accept"}
            )
    if (moved := await run_in_threadpool(resolver.moved_to, iri)) is not None:  # a corrected IRI
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(ld.local_href(moved) + query, status_code=301, headers={"Vary": "Accept"})
    description = await run_in_threadpool(resolver.describe, iri)
    headers = {"Vary": "Accept", "Link": '</context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"'}
    if description is None:
        return PlainTextResponse(f"no such IRI: {iri}", status_code=404, headers={"Vary": "Accept"})
    if media == ld.HTML:
        if resolver.store is not None:
            from scpkg.api.web import pages

            if (page := await pages.entity_page(request, iri)) is not None:
                return page
        return HTMLResponse(ld.render_html(description, resolver.prefixes), headers=headers)
    body = ld.serialize(description, media, resolver.prefixes)
    return Response(body, media_type=media, headers=headers)


def app_for_store(
    store: Any, *, introspection: bool = True, explorer: bool = True, settings: ApiSettings | None = None
) -> Starlette:
    """The app ``scpkg serve`` runs: the project's GraphQL schema on ``store``, one fresh context (data
    loaders, deadline) per request, and the linked-data routes on the same store. ``settings`` (their
    ``introspection`` is overridden by the argument) set the limits."""
    from dataclasses import replace

    from scpkg.api.context import make_context
    from scpkg.api.schema import build_schema

    settings = replace(settings or ApiSettings(), introspection=introspection)
    schema = build_schema(settings)

    def context_getter(_: Request) -> Any:
        return make_context(store, settings)

    return create_app(
        schema,
        context_getter=context_getter,
        store=store,
        introspection=introspection,
        explorer=explorer,
        limits=settings,
    )
