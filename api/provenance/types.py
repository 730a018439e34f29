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

    @strawberry.field
    def source_url(self) -> str | None:
        return self.row.props.get("sourceUrl")

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

    @strawberry.field
    def identifier(self) -> str | None:
        value = self.row.props.get("identifier")
        return None if value is None else str(value)


def _factory(cls: Any) -> Any:
    return lambda row: cls(iri=row.iri, row=row)


register("CaseStudy", _factory(CaseStudy))
register("SourceDocument", _factory(SourceDocument))
