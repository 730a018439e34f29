"""Map a case-study record to one rdflib Graph in the ontology's terms (term sheet, IRI scheme).

One graph per case study is the unit of validation, loading, hashing and retraction: the store keeps
which case studies assert each node and relationship, so everything a case study says must be in its
graph, and nothing else. Every resolution error is collected with the field it came from rather than
raised, so an author sees all of a file's problems in one run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from scpkg.ingest import countries
from scpkg.ingest.records import BodyRecord, CaseStudyRecord, PolicyRecord, Problem
from scpkg.ingest.vocab import INSTRUMENT_TYPE, MEA_OBLIGATION, PROGRAMME, Resolver, UnknownValueError
from scpkg.iris import country as country_iri
from scpkg.iris import instance, slug
from scpkg.ontology.namespace import SCP

INTERNATIONAL = "int"
"""Policy key used in place of a country code for policies of no one country (IRI scheme)."""
_INTERNATIONAL_NAMES = {"int", "international", "intl"}


def field_path(record: str, field: str) -> str:
    """Field path under a policy: 'policies[2].sectors' in a YAML file, 'row 5, sectors' in a sheet."""
    return f"{record}, {field}" if record.startswith("row ") else f"{record}.{field}"


def case_study_iri(case_id: str) -> URIRef:
    return instance("case-study", slug(case_id))


def resolve_country(text: str) -> str:
    """ISO alpha-3 of a country name or code; kept behind one function so the resolver can be swapped."""
    return countries.resolve(text)


@dataclass
class Mapped:
    """The case study's graph, the problems met while building it, and the countries it points at."""

    case_iri: URIRef
    graph: Graph
    problems: list[Problem] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)


class _Mapper:
    def __init__(self, record: CaseStudyRecord, file: str, resolver: Resolver) -> None:
        self.record, self.file, self.resolver = record, file, resolver
        self.case = case_study_iri(record.id)
        self.graph = Graph()
        for prefix, ns in (("scp", SCP), ("dcterms", DCTERMS), ("prov", PROV)):
            self.graph.bind(prefix, ns)
        self.problems: list[Problem] = []
        self.countries: set[str] = set()

    # -- helpers that turn raw values into RDF terms or record a problem --------------------------------
    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.record.id, where, message))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def concept(self, vocabulary: str, value: str | None, where: str) -> URIRef | None:
        if value is None:
            return None
        try:
            return self.resolver.resolve(vocabulary, value)
        except UnknownValueError as exc:
            self.problem(where, str(exc))
            return None

    def country(self, value: str, where: str) -> str | None:
        try:
            iso3 = resolve_country(value)
        except ValueError as exc:
            self.problem(where, str(exc))
            return None
        self.countries.add(iso3)
        return iso3

    def texts(self, s: URIRef, p: URIRef, texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            self.graph.add((s, p, Literal(text, lang=lang)))

    def date(self, value: str | None, where: str) -> Literal | None:
        if value is None:
            return None
        try:
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            self.problem(where, f"date {value!r} is not a date in the form YYYY-MM-DD (no such day)")
            return None

    def year_or_date(self, value: str | None, where: str) -> Literal | None:
        if value is not None and len(value) == 4 and value.isdigit():
            return Literal(value, datatype=XSD.gYear)
        return self.date(value, where)

    def decimal(self, value: float | int | None, where: str) -> Literal | None:
        if value is None:
            return None
        try:
            return Literal(Decimal(str(value)), datatype=XSD.decimal)
        except InvalidOperation:
            self.problem(where, f"{value!r} is not a number")
            return None

    def each(self, values: list[str], where: str, make: Callable[[str, str], URIRef | None]) -> list[URIRef]:
        out = []
        for i, value in enumerate(values):
            term = make(value, f"{where}[{i}]" if len(values) > 1 else where)
            if term is not None:
                out.append(term)
        return out

    # -- the case study --------------------------------------------------------------------------------
    def run(self) -> Mapped:
        rec, g, cs = self.record, self.graph, self.case
        g.add((cs, RDF.type, SCP.CaseStudy))
        g.add((cs, DCTERMS.identifier, Literal(rec.id)))
        self.texts(cs, DCTERMS.title, rec.title)
        self.texts(cs, DCTERMS.description, rec.description)
        g.add((cs, SCP.illustrative, Literal(rec.illustrative)))
        src = rec.source
        if src.locator:
            g.add((cs, SCP.locator, Literal(src.locator)))
        if src.url:
            g.add((cs, SCP.sourceUrl, Literal(src.url, datatype=XSD.anyURI)))
        self.add(cs, DCTERMS.created, self.date(src.entered_on, "source.entered_on"))
        if src.entered_by:
            g.add((cs, DCTERMS.creator, Literal(src.entered_by)))
        key = src.symbol or src.document.get("en") or next(iter(src.document.values()))
        source = instance("source", slug(key))
        g.add((cs, SCP.caseStudySource, source))
        g.add((source, RDF.type, SCP.SourceDocument))
        self.texts(source, DCTERMS.title, src.document)
        if src.symbol:
            g.add((source, DCTERMS.identifier, Literal(src.symbol)))
        self.add(source, DCTERMS.date, self.date(src.date, "source.date"))

        hotspots = {h.id.casefold(): self.hotspot(i) for i, h in enumerate(rec.hotspots)}
        policy_keys = {p.id.casefold(): p for p in rec.policies}
        for policy in rec.policies:
            self.policy(policy, hotspots, policy_keys)
        return Mapped(cs, g, self.problems, self.countries)

    def hotspot(self, i: int) -> URIRef | None:
        h, where = self.record.hotspots[i], f"hotspots[{i}]"
        sector = self.concept("sector", h.sector, f"{where}.sector")
        if sector is None:
            return None
        node = URIRef(f"{sector}/hotspot/{slug(h.id)}")
        g = self.graph
        g.add((node, RDF.type, SCP.ValueChainHotspot))
        g.add((node, SCP.coversSector, sector))
        g.add((node, PROV.wasDerivedFrom, self.case))
        self.texts(node, DCTERMS.description, h.description)
        for stage in self.each(h.life_cycle_stages, f"{where}.life_cycle_stages", self._stage):
            g.add((node, SCP.targetsStage, stage))
        if h.country and (iso3 := self.country(h.country, f"{where}.country")):
            g.add((node, SCP.country, country_iri(iso3)))
        return node

    def _stage(self, value: str, where: str) -> URIRef | None:
        return self.concept("life-cycle-stage", value, where)

    def policy_key(self, p: PolicyRecord, where: str) -> str | None:
        if p.country.strip().casefold() in _INTERNATIONAL_NAMES:
            return INTERNATIONAL
        return self.country(p.country, where)

    def policy(
        self, p: PolicyRecord, hotspots: dict[str, URIRef | None], policy_keys: dict[str, PolicyRecord]
    ) -> None:
        g, w = self.graph, p.label
        key = self.policy_key(p, field_path(w, "country"))
        cls = self.concept(INSTRUMENT_TYPE, p.instrument_type, field_path(w, "instrument_type"))
        if key is None:  # keep going with a stand-in key: the author should see every problem at once
            key = "unresolved"
        node = instance("policy", key, slug(p.id))
        if cls is not None:
            g.add((node, RDF.type, cls))
        g.add((node, PROV.wasDerivedFrom, self.case))
        g.add((node, DCTERMS.identifier, Literal(p.id)))
        self.texts(node, DCTERMS.title, p.title)
        self.texts(node, DCTERMS.description, p.description)
        if key not in (INTERNATIONAL, "unresolved"):
            g.add((node, SCP.country, country_iri(key)))
        level_value = p.jurisdiction_level or ("international" if key == INTERNATIONAL else None)
        self.add(
            node,
            SCP.jurisdictionLevel,
            self.concept("jurisdiction-level", level_value, field_path(w, "jurisdiction_level")),
        )
        if p.framework_level is not None:
            level = self.concept("framework-level", p.framework_level, field_path(w, "framework_level"))
            if cls is not None and not self.resolver.is_framework(cls):
                self.problem(
                    field_path(w, "framework_level"),
                    "only a policy framework has a framework level; "
                    f"instrument type {p.instrument_type!r} is not a framework",
                )
            self.add(node, SCP.frameworkLevel, level)
        if p.part_of_framework:
            g.add(
                (
                    node,
                    SCP.partOfFramework,
                    self.framework_ref(p.part_of_framework, key, node, policy_keys, w),
                )
            )
        for stage in self.each(p.life_cycle_stages, field_path(w, "life_cycle_stages"), self._stage):
            g.add((node, SCP.targetsStage, stage))
        for value in self.each(
            p.sectors, field_path(w, "sectors"), lambda v, at: self.concept("sector", v, at)
        ):
            g.add((node, SCP.coversSector, value))
        for i, body in enumerate(p.lead_bodies):
            self.add(node, SCP.ledBy, self.body(body, key, field_path(w, f"lead_bodies[{i}]")))
        for i, body in enumerate(p.participating_bodies):
            self.add(
                node, SCP.involvesBody, self.body(body, key, field_path(w, f"participating_bodies[{i}]"))
            )
        for value in self.each(
            p.mea_obligations,
            field_path(w, "mea_obligations"),
            lambda v, at: self.concept(MEA_OBLIGATION, v, at),
        ):
            g.add((node, SCP.implementsObligation, value))
        for value in self.each(p.sdg, field_path(w, "sdg"), lambda v, at: self.concept("sdg", v, at)):
            g.add((node, SCP.contributesTo, value))
        for value in self.each(
            p.programmes, field_path(w, "programmes"), lambda v, at: self.concept(PROGRAMME, v, at)
        ):
            g.add((node, SCP.partOfProgramme, value))
        for i, t in enumerate(p.targets):
            target = URIRef(f"{node}/target/{i + 1}")
            at = field_path(w, f"targets[{i}]")
            g.add((node, SCP.hasTarget, target))
            g.add((target, RDF.type, SCP.QuantifiedTarget if t.value is not None else SCP.QualitativeTarget))
            self.texts(target, DCTERMS.description, t.description)
            self.add(target, SCP.targetValue, self.decimal(t.value, f"{at}.value"))
            if t.unit:
                g.add((target, SCP.unit, Literal(t.unit)))
            self.add(target, SCP.deadline, self.year_or_date(t.deadline, f"{at}.deadline"))
        for i, o in enumerate(p.outcomes):
            outcome = URIRef(f"{node}/outcome/{i + 1}")
            at = field_path(w, f"outcomes[{i}]")
            g.add((node, SCP.hasOutcome, outcome))
            g.add((outcome, RDF.type, SCP.Outcome))
            self.texts(outcome, SCP.indicator, o.indicator)
            self.texts(outcome, DCTERMS.description, o.description)
            self.add(outcome, SCP.baselineValue, self.decimal(o.baseline, f"{at}.baseline"))
            self.add(outcome, SCP.measuredValue, self.decimal(o.value, f"{at}.value"))
            if o.unit:
                g.add((outcome, SCP.unit, Literal(o.unit)))
            self.add(outcome, SCP.measuredOn, self.date(o.date, f"{at}.date"))
        if p.adoption_year:
            g.add((node, SCP.adoptionYear, Literal(p.adoption_year, datatype=XSD.gYear)))
        self.add(node, SCP.status, self.concept("policy-status", p.status, field_path(w, "status")))
        self.add(node, SCP.launchedOn, self.date(p.launched_on, field_path(w, "launched_on")))
        for i, ref in enumerate(p.addresses_hotspots):
            at = field_path(w, f"addresses_hotspots[{i}]")
            if ref.casefold() not in hotspots:
                known = ", ".join(h.id for h in self.record.hotspots) or "none"
                self.problem(at, f"no hotspot with id {ref!r} in this case study (its hotspots: {known})")
            elif (hotspot := hotspots[ref.casefold()]) is not None:
                g.add((node, SCP.addressesHotspot, hotspot))

    def framework_ref(
        self, ref: str, key: str, node: URIRef, policy_keys: dict[str, PolicyRecord], where: str
    ) -> URIRef:
        """A framework named by IRI, or by the id of a policy of the same country (in this file or not)."""
        if ref.startswith(("http://", "https://")):
            return URIRef(ref)
        target = instance("policy", key, slug(ref))
        if target == node:
            self.problem(f"{where}.part_of_framework", "a policy cannot be part of itself")
        return target

    def body(self, body: BodyRecord, key: str, where: str) -> URIRef | None:
        iso3 = self.country(body.country, f"{where}.country") if body.country else key
        if iso3 is None:
            return None
        if iso3 == INTERNATIONAL:
            self.problem(f"{where}.country", "a government body needs a country; give one for this body")
            return None
        if iso3 == "unresolved":  # the policy's country is unknown: still check the ministry type
            self.concept("ministry-type", body.ministry_type, f"{where}.ministry_type")
            return None
        node = instance("body", iso3, slug(body.name))
        g = self.graph
        g.add((node, RDF.type, SCP.GovernmentBody))
        g.add((node, SKOS.prefLabel, Literal(body.name, lang="en")))
        g.add((node, SCP.country, country_iri(iso3)))
        self.add(
            node,
            SCP.ministryType,
            self.concept("ministry-type", body.ministry_type, f"{where}.ministry_type"),
        )
        return node


def map_case_study(record: CaseStudyRecord, file: str, resolver: Resolver) -> Mapped:
    """The case study as RDF, with every value that could not be resolved reported by field."""
    return _Mapper(record, file, resolver).run()
