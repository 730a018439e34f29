"""The neutral records every reader produces, so mapping to RDF is written once for all input formats.

Readers for YAML/JSON and spreadsheets turn their input into the same plain dictionary shape (the one
`case-study.schema.json` publishes) and then into these dataclasses; values that name vocabulary
concepts or countries stay raw strings here, because resolving them is the mapper's job and its errors
must name the field they came from. RDF input skips the records: it is already in the ontology's terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said so that the person who wrote the file can fix it."""

    file: str
    record: str
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "record": self.record, "field": self.field, "message": self.message}


@dataclass
class SourceRecord:
    """Where a case study's facts come from: the document, the paragraph and who entered them."""

    document: dict[str, str]
    symbol: str | None = None
    locator: str | None = None
    url: str | None = None
    date: str | None = None
    entered_by: str | None = None
    entered_on: str | None = None
    urls: list[str] = field(default_factory=list)
    identifier: str | None = None
    publisher: str | None = None
    derived_from: DerivedSourceRecord | None = None
    """The upstream record this one copies ("platform record A, from legal-database record B")."""


@dataclass
class DerivedSourceRecord:
    """The record a source was derived from: the second level of provenance."""

    document: dict[str, str] = field(default_factory=dict)
    identifier: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass
class BodyRecord:
    """A government body named by a policy, with the type of ministry it is."""

    name: str
    ministry_type: str | None = None
    country: str | None = None


@dataclass
class TargetRecord:
    """A policy target: quantified when it has a value, otherwise qualitative."""

    description: dict[str, str] = field(default_factory=dict)
    value: float | int | None = None
    unit: str | None = None
    deadline: str | None = None


@dataclass
class OutcomeRecord:
    """A measured outcome of a policy."""

    indicator: dict[str, str] = field(default_factory=dict)
    baseline: float | int | None = None
    value: float | int | None = None
    unit: str | None = None
    date: str | None = None
    description: dict[str, str] = field(default_factory=dict)


@dataclass
class HotspotRecord:
    """A hotspot identified for a sector's value chain; policies point at it by id to say they act on it."""

    id: str
    sector: str
    description: dict[str, str] = field(default_factory=dict)
    life_cycle_stages: list[str] = field(default_factory=list)
    country: str | None = None


@dataclass
class PolicyRecord:
    """One product policy (instrument or framework) as a case study reports it."""

    id: str
    country: str
    title: dict[str, str]
    instrument_types: list[str] = field(default_factory=list)
    """Empty (or only 'unspecified'): the type is not stated, which is accepted with a warning."""
    label: str = ""
    """Where the record sits in its file ("policies[2]", "row 5"): prefix for field paths in problems."""
    jurisdiction_level: str | None = None
    subdivision: str | None = None
    """ISO 3166-2 code of the sub-national jurisdiction (CA-QC), checked against the country."""
    description: dict[str, str] = field(default_factory=dict)
    framework_level: str | None = None
    part_of_framework: str | None = None
    life_cycle_stages: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    lead_bodies: list[BodyRecord] = field(default_factory=list)
    participating_bodies: list[BodyRecord] = field(default_factory=list)
    mea_obligations: list[str] = field(default_factory=list)
    sdg: list[str] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    adoption_year: str | None = None
    adopted_on: str | None = None
    amended_on: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)
    repeals: list[str] = field(default_factory=list)
    original_title: dict[str, str] = field(default_factory=dict)
    urls: list[str] = field(default_factory=list)
    status: str | None = None
    launched_on: str | None = None
    programmes: list[str] = field(default_factory=list)
    addresses_hotspots: list[str] = field(default_factory=list)


@dataclass
class CaseStudyRecord:
    """A case study read from a structured file or a group of spreadsheet rows."""

    id: str
    source: SourceRecord
    policies: list[PolicyRecord]
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    illustrative: bool = False
    hotspots: list[HotspotRecord] = field(default_factory=list)
    coordination_mechanisms: list[CoordinationRecord] = field(default_factory=list)


@dataclass
class CoordinationRecord:
    """A coordination mechanism (a body or arrangement, not a framework): what SDG 12.1.1 asks about."""

    name: str
    country: str
    kind: str | None = None
    """A ministry type (inter-ministerial-committee, high-level-body...)."""
    bodies: list[BodyRecord] = field(default_factory=list)


@dataclass
class Unit:
    """What the pipeline validates and loads as one: a single case study from one file.

    Either `record` (to be mapped) or `graph` with `case_iri` (RDF input, already mapped) is set; a unit
    whose file could not be read has neither and carries its `problems`.
    """

    file: Path
    label: str
    record: CaseStudyRecord | None = None
    graph: Graph | None = None
    case_iri: URIRef | None = None
    problems: list[Problem] = field(default_factory=list)
    reference: bool = False
    """The reference pseudo case study's graph from an export: compared with the store's, never loaded."""

    @classmethod
    def refused(cls, path: Path, label: str, field: str, message: str) -> Unit:
        """A record (or a whole file) that could not be read: one problem, counted as quarantined."""
        return cls(path, label, problems=[Problem(str(path), label, field, message)])


SHORT_PREFIXES: tuple[tuple[str, str], ...] = (
    ("https://w3id.org/scpkg/id/", ""),
    ("https://w3id.org/scpkg/ont/", "scp:"),
    ("http://purl.org/dc/terms/", "dcterms:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
)
"""How problem messages shorten the IRIs a researcher reads in them."""


def short_iri(node: object, prefixes: tuple[tuple[str, str], ...] = SHORT_PREFIXES) -> str:
    """An IRI as messages print it: the project's and common prefixes shortened, anything else as is."""
    text = str(node)
    for prefix, short in prefixes:
        if text.startswith(prefix):
            return short + text[len(prefix) :]
    return text
