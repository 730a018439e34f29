"""The GraphQL schema of scpkg, combined from the domain packages.

Contract for serving (``scpkg serve``, :mod:`scpkg.api.app`)::

    from strawberry.asgi import GraphQL
    from scpkg.api.schema import build_schema, make_context
    from scpkg.api.limits import ApiSettings

    settings = ApiSettings(introspection=False)
    schema = build_schema(settings)

    class App(GraphQL):
        async def get_context(self, request, response):
            return make_context(store, settings)   # one per request: fresh DataLoaders and deadline

- ``store`` is any :class:`scpkg.store.GraphStore`; calls run in worker threads.
- Limits (depth, aliases, tokens, operations, page size, timeout) come from the settings; errors carry
  ``extensions.code`` (see :mod:`scpkg.api.errors`) and unexpected ones are masked.
- Batched HTTP requests (a JSON list of operations) are off in strawberry unless its ``batching``
  config is enabled; keep it off, or the per-document operation limit could be sidestepped.
- The SDL is committed in ``api/schema.graphql``; regenerate with ``python -m scpkg.api.schema``
  (or call :func:`write_sdl`); a test fails when it drifts.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError

from scpkg.api.context import Context, make_context
from scpkg.api.document_cache import document_cache
from scpkg.api.errors import log_errors
from scpkg.api.execution import ListExecutor
from scpkg.api.gaps.queries import GapQuery
from scpkg.api.graph.queries import GraphQuery
from scpkg.api.limits import ApiSettings, extensions
from scpkg.api.places import types as _places
from scpkg.api.places.queries import PlaceQuery
from scpkg.api.policies.queries import PolicyQuery
from scpkg.api.provenance import types as _provenance
from scpkg.api.provenance.queries import ProvenanceQuery
from scpkg.api.vocabulary import types as vocabulary_types
from scpkg.api.vocabulary.queries import VocabularyQuery

SDL_FILE = Path(__file__).with_name("schema.graphql")

__all__ = ["SDL_FILE", "ApiSettings", "Context", "build_schema", "make_context", "sdl", "write_sdl"]


@strawberry.type(description="Read-only access to the SCP product-policy knowledge graph.")
class Query(GraphQuery, PolicyQuery, PlaceQuery, VocabularyQuery, ProvenanceQuery, GapQuery):
    pass


# Types only reachable through interfaces must be listed, or the schema would not know them.
_CONCRETE = [
    vocabulary_types.LifeCycleStage,
    vocabulary_types.Sector,
    vocabulary_types.MinistryType,
    vocabulary_types.FrameworkLevel,
    vocabulary_types.JurisdictionLevel,
    vocabulary_types.PolicyStatus,
    vocabulary_types.VocabularyConcept,
    vocabulary_types.SDGGoal,
    vocabulary_types.SDGTarget,
    vocabulary_types.SDGIndicator,
    _places.Country,
    _places.Region,
    _places.GovernmentBody,
    _places.Organization,
    _provenance.CaseStudy,
    _provenance.SourceDocument,
]


class Schema(strawberry.Schema):
    """A schema whose console log shows a client's error as one line, and only real failures with a
    traceback (strawberry logs every error with its stack, burying the ones that matter)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        log_errors(errors)


def build_schema(settings: ApiSettings | None = None, *, fast: bool = True) -> strawberry.Schema:
    """The schema with the limits of ``settings`` (defaults: :class:`ApiSettings`).

    ``fast`` (the default) completes lists through per-list plans (:mod:`scpkg.api.execution`) and
    reuses validated documents (:mod:`scpkg.api.document_cache`); off, it is strawberry's own
    execution, which the tests compare responses with."""
    from scpkg.api.graph.types import Resource
    from scpkg.api.policies import types as policy_types

    types = [
        *_CONCRETE,
        Resource,
        policy_types.Policy,
        policy_types.Target,
        policy_types.Outcome,
        policy_types.ValueChainHotspot,
        policy_types.Programme,
        policy_types.MEA,
        policy_types.MEAObligation,
    ]
    limits = extensions(settings or ApiSettings())
    # The document cache last: the limits' own validation hook runs before it, on every request.
    return Schema(
        query=Query,
        types=types,
        extensions=[*limits, document_cache()] if fast else limits,
        execution_context_class=ListExecutor if fast else None,
    )


def sdl() -> str:
    """The schema in SDL (the limits do not change it)."""
    return build_schema().as_str() + "\n"


def write_sdl(path: Path = SDL_FILE) -> Path:
    """Regenerate the committed SDL file."""
    header = "# GENERATED from scpkg/api by `python -m scpkg.api.schema`: do not edit.\n\n"
    path.write_text(header + sdl(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write_sdl(Path(sys.argv[1]) if len(sys.argv) > 1 else SDL_FILE)}")
