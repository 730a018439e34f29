"""Provenance types: case studies (where every fact comes from) and the documents they cite."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from scpkg.api.graph.types import Node, in_nodes, out_node, register, text


@strawberry.type(description="A case study or report entry that facts in the graph come from.")
class CaseStudy(Node):
    @strawberry.field
    def title(self, lang: str = "en") -> str | None:
        return text(self.row.props, "title", lang)

    @strawberry.field
    def identifier(self) -> str | None:
        return self.row.props.get("identifier")

    @strawberry.field(description="Where in the source document (paragraph, page).")
    def locator(self) -> str | None:
        return self.row.props.get("locator")

    @strawberry.field(description="Who entered the case study.")
    def creator(self) -> str | None:
        value = self.row.props.get("creator")
        return None if value is None else str(value)

    @strawberry.field(description="When it was entered (ISO date).")
    def created(self) -> str | None:
        return self.row.props.get("created")

    @strawberry.field(description="Whether the case study is invented to exercise the software.")
    def illustrative(self) -> bool | None:
        return self.row.props.get("illustrative")

    @strawberry.field(description="The first of `sourceUrls` (kept for clients of one URL).")
    def source_url(self) -> str | None:
        found = _urls(self.row.props)
        return found[0] if found else None

    @strawberry.field(description="Every web address given for the case study's source.")
    def source_urls(self) -> list[str]:
        return _urls(self.row.props)

    @strawberry.field(description="The document the case study cites.")
    async def source(self, info: Info) -> SourceDocument | None:
        return await out_node(info, self.iri, "CASE_STUDY_SOURCE")

    @strawberry.field(description="Things derived from this case study (prov:wasDerivedFrom).")
    async def derived(self, info: Info) -> list[Node]:
        return await in_nodes(info, self.iri, "WAS_DERIVED_FROM")


@strawberry.type(description="A document a case study cites, such as a UN report.")
class SourceDocument(Node):
    @strawberry.field
    def title(self, lang: str = "en") -> str | None:
        return text(self.row.props, "title", lang)

    @strawberry.field(description="The first of `identifiers`.")
    def identifier(self) -> str | None:
        found = _strings(self.row.props.get("identifier"))
        return found[0] if found else None

    @strawberry.field(description="The document's identifiers: UN symbol, platform or database record id.")
    def identifiers(self) -> list[str]:
        return _strings(self.row.props.get("identifier"))

    @strawberry.field(description="Who publishes the document or record (a platform, a legal database).")
    def publisher(self) -> str | None:
        found = _strings(self.row.props.get("publisher"))
        return found[0] if found else None

    @strawberry.field
    def urls(self) -> list[str]:
        return _urls(self.row.props)

    @strawberry.field(
        description="The record this one was derived from (prov:wasDerivedFrom): a platform record copies "
        "a legal-database record, so the chain reads 'A, from B'."
    )
    async def derived_from(self, info: Info) -> SourceDocument | None:
        found = await out_node(info, self.iri, "WAS_DERIVED_FROM")
        return found if isinstance(found, SourceDocument) else None

    @strawberry.field(
        description="The provenance chain in words: 'Title (record id), from Title (record id)'."
    )
    async def citation(self, info: Info) -> str:
        parts, at, seen = [], self, set()
        while at is not None and at.iri not in seen:  # a chain, never a loop
            seen.add(at.iri)
            ids = _strings(at.row.props.get("identifier"))
            title = text(at.row.props, "title") or at.iri
            parts.append(f"{title} (record {', '.join(ids)})" if ids else title)
            at = await at.derived_from(info)
        return ", from ".join(parts)


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [] if value is None else [str(value)]


def _urls(props: dict[str, Any]) -> list[str]:
    return sorted(_strings(props.get("sourceUrl")))


def _factory(cls: Any) -> Any:
    return lambda row: cls(iri=row.iri, row=row)


register("CaseStudy", _factory(CaseStudy))
register("SourceDocument", _factory(SourceDocument))
