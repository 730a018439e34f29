"""Map a case-study record to one rdflib Graph in the ontology's terms (term sheet, IRI scheme).

One graph per case study is the unit of validation, loading, hashing and retraction: the store keeps
which case studies assert each node and relationship, so everything a case study says must be in its
graph, and nothing else. Every resolution error is collected with the field it came from rather than
raised, so an author sees all of a file's problems in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from scpkg.ingest import countries
from scpkg.ingest.records import BodyRecord, CaseStudyRecord, DerivedSourceRecord, PolicyRecord, Problem
from scpkg.ingest.vocab import INSTRUMENT_TYPE, MEA_OBLIGATION, PROGRAMME, Resolver, UnknownValueError
from scpkg.iris import ID, instance, slug
from scpkg.iris import country as country_iri
from scpkg.iris import subdivision as subdivision_iri
from scpkg.ontology.namespace import SCP

INTERNATIONAL = "int"
"""Policy key used in place of a country code for policies of no one country (IRI scheme)."""
_INTERNATIONAL_NAMES = {"int", "international", "intl"}
UNSPECIFIED = "unspecified"
"""The instrument type written when a record does not state one (accepted, with a warning)."""
EARLIEST_YEAR = 1800
"""No adoption or amendment date before this year is accepted (historic law is; see year_range())."""
POLICY_IRI = ID + "policy/"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_BCP47 = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?"
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$"
    r"|^x(?:-[a-z\d]{1,8})+$",
    re.IGNORECASE,
)
"""Well-formed BCP-47 language tags (RFC 5646 section 2.1, grandfathered tags aside)."""


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
    warnings: list[Problem] = field(default_factory=list)
    """Accepted but worth saying: a type not stated, a reference to a policy not in this case study."""
    references: list[tuple[str, URIRef]] = field(default_factory=list)
    """(field, policy IRI) of amends / repeals targets outside this case study, for the pipeline to
    look up in the run and the store (a missing one is a warning: it may come later)."""


class _Mapper:
    def __init__(self, record: CaseStudyRecord, file: str, resolver: Resolver) -> None:
        self.record, self.file, self.resolver = record, file, resolver
        self.case = case_study_iri(record.id)
        self.graph = Graph()
        for prefix, ns in (("scp", SCP), ("dcterms", DCTERMS), ("prov", PROV)):
            self.graph.bind(prefix, ns)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.references: list[tuple[str, URIRef]] = []
        self.countries: set[str] = set()

    # -- helpers that turn raw values into RDF terms or record a problem --------------------------------
    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.record.id, where, message))

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Problem(self.file, self.record.id, where, message))

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

    def partial_date(self, value: str, where: str) -> Literal | None:
        """YYYY, YYYY-MM or YYYY-MM-DD as the record gives it (gYear, gYearMonth, date), from
        EARLIEST_YEAR to next year: a policy adopted or amended later than that cannot have been."""
        match = _PARTIAL_DATE.match(value.strip())
        if not match:
            self.problem(where, f"date {value!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        year, month, day = match.groups()
        latest = dt.date.today().year + 1
        if not EARLIEST_YEAR <= int(year) <= latest:
            self.problem(
                where,
                f"date {value!r} is impossible for a policy: its year must be between {EARLIEST_YEAR} "
                f"and {latest} (next year)",
            )
            return None
        if day is not None:
            return self.date(value.strip(), where)
        if month is not None:
            if not 1 <= int(month) <= 12:
                self.problem(where, f"date {value!r} has no month {month} (months run 01 to 12)")
                return None
            return Literal(f"{year}-{month}", datatype=XSD.gYearMonth)
        return Literal(year, datatype=XSD.gYear)

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
        for url in dict.fromkeys([*([src.url] if src.url else []), *src.urls]):
            g.add((cs, SCP.sourceUrl, Literal(url, datatype=XSD.anyURI)))
        self.add(cs, DCTERMS.created, self.date(src.entered_on, "source.entered_on"))
        if src.entered_by:
            g.add((cs, DCTERMS.creator, Literal(src.entered_by)))
        title = src.document.get("en") or next(iter(src.document.values()))
        # A platform's records share one document title: the record identifier keeps them apart.
        key = src.symbol or (f"{src.publisher or title} {src.identifier}" if src.identifier else title)
        source = instance("source", slug(key))
        g.add((cs, SCP.caseStudySource, source))
        g.add((source, RDF.type, SCP.SourceDocument))
        self.texts(source, DCTERMS.title, src.document)
        for ident in dict.fromkeys(i for i in (src.symbol, src.identifier) if i):
            g.add((source, DCTERMS.identifier, Literal(ident)))
        if src.publisher:
            g.add((source, DCTERMS.publisher, Literal(src.publisher)))
        self.add(source, DCTERMS.date, self.date(src.date, "source.date"))
        if src.derived_from is not None:
            self.derived_source(source, src.derived_from)

        hotspots = {h.id.casefold(): self.hotspot(i) for i, h in enumerate(rec.hotspots)}
        policy_keys = {p.id.casefold(): p for p in rec.policies}
        for policy in rec.policies:
            self.policy(policy, hotspots, policy_keys)
        for i in range(len(rec.coordination_mechanisms)):
            self.coordination(i)
        return Mapped(cs, g, self.problems, self.countries, self.warnings, self.references)

    def coordination(self, i: int) -> URIRef | None:
        """A coordination mechanism is a body of its country (scp:CoordinationMechanism, a GovernmentBody),
        never a framework; its kind is a ministry type and its members are bodies (reporting's block)."""
        cm, where = self.record.coordination_mechanisms[i], f"coordination_mechanisms[{i}]"
        iso3 = self.country(cm.country, f"{where}.country")
        if iso3 is None:
            self.concept("ministry-type", cm.kind, f"{where}.kind")
            return None
        node = self.body(BodyRecord(cm.name), iso3, where)
        if node is None:
            return None
        self.graph.add((node, RDF.type, SCP.CoordinationMechanism))
        self.add(node, SCP.ministryType, self.concept("ministry-type", cm.kind, f"{where}.kind"))
        for j, member in enumerate(cm.bodies):
            body = self.body(member, iso3, f"{where}.bodies[{j}]")
            if body is not None:
                self.graph.add((node, SCP.coordinationMember, body))
        return node

    def derived_source(self, source: URIRef, up: DerivedSourceRecord) -> None:
        """The second level of provenance: the record this source copies, its own SourceDocument."""
        named = up.document.get("en") or next(iter(up.document.values()), None)
        if not (named or up.identifier or up.url):
            self.problem("source.derived_from", "name the upstream record: its document, identifier or url")
            return
        key = f"{up.publisher or named or ''} {up.identifier}" if up.identifier else (named or str(up.url))
        node = instance("source", slug(key))
        if node == source:
            self.problem("source.derived_from", "a source cannot be derived from itself")
            return
        g = self.graph
        g.add((source, PROV.wasDerivedFrom, node))
        g.add((node, RDF.type, SCP.SourceDocument))
        if up.document:
            self.texts(node, DCTERMS.title, up.document)
        else:  # the shapes want a title: say what the record is
            label = (
                " ".join(x for x in (up.publisher, "record", up.identifier) if x) if up.identifier else up.url
            )
            g.add((node, DCTERMS.title, Literal(str(label), lang="en")))
        if up.identifier:
            g.add((node, DCTERMS.identifier, Literal(up.identifier)))
        if up.publisher:
            g.add((node, DCTERMS.publisher, Literal(up.publisher)))
        if up.url:
            g.add((node, SCP.sourceUrl, Literal(up.url, datatype=XSD.anyURI)))

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

    def default_level(self, p: PolicyRecord, key: str) -> str | None:
        """The jurisdiction level a policy implies when it states none: international without a
        country, sub-national with a subdivision, regional for a supranational body (the EU)."""
        if key == INTERNATIONAL:
            return "international"
        if p.subdivision is not None:
            return "sub-national"
        return "regional" if countries.is_supranational(key) else None

    def subdivision(self, node: URIRef, p: PolicyRecord, key: str, level: str | None) -> None:
        """Link a policy to its ISO 3166-2 subdivision node, which must lie in the policy's country."""
        where = field_path(p.label, "subdivision")
        country = None if key in (INTERNATIONAL, "unresolved") else key
        if country is not None and countries.is_supranational(country):
            self.problem(where, f"a subdivision needs a country; {country} is a supranational jurisdiction")
            return
        try:
            info = countries.resolve_subdivision(p.subdivision or "", country)
        except ValueError as exc:
            self.problem(where, str(exc))
            return
        if level not in (None, "sub-national"):
            self.problem(
                field_path(p.label, "jurisdiction_level"),
                f"a policy of subdivision {info.code} is sub-national, not {level!r}",
            )
        sub = subdivision_iri(info.code)
        self.graph.add((node, SCP.subdivision, sub))
        self.graph.add((sub, RDF.type, SCP.Subdivision))
        self.graph.add((sub, SCP.subdivisionCode, Literal(info.code)))
        self.graph.add((sub, RDFS.label, Literal(info.name, lang="en")))
        self.graph.add((sub, SCP.subdivisionOf, country_iri(info.country)))

    def policy(
        self, p: PolicyRecord, hotspots: dict[str, URIRef | None], policy_keys: dict[str, PolicyRecord]
    ) -> None:
        g, w = self.graph, p.label
        key = self.policy_key(p, field_path(w, "country"))
        classes = self.instrument_types(p, field_path(w, "instrument_type"))
        if key is None:  # keep going with a stand-in key: the author should see every problem at once
            key = "unresolved"
        node = instance("policy", key, slug(p.id))
        for cls in classes:
            g.add((node, RDF.type, cls))
        if not classes:  # type not stated: still a policy, counted as "type not stated", never dropped
            g.add((node, RDF.type, SCP.Policy))
        g.add((node, PROV.wasDerivedFrom, self.case))
        g.add((node, DCTERMS.identifier, Literal(p.id)))
        self.texts(node, DCTERMS.title, p.title)
        self.texts(node, DCTERMS.description, p.description)
        if key not in (INTERNATIONAL, "unresolved"):
            g.add((node, SCP.country, country_iri(key)))
        level_value = p.jurisdiction_level or self.default_level(p, key)
        self.add(
            node,
            SCP.jurisdictionLevel,
            self.concept("jurisdiction-level", level_value, field_path(w, "jurisdiction_level")),
        )
        if p.subdivision is not None:
            self.subdivision(node, p, key, level_value)
        if p.framework_level is not None:
            level = self.concept("framework-level", p.framework_level, field_path(w, "framework_level"))
            if classes and not any(self.resolver.is_framework(c) for c in classes):
                self.problem(
                    field_path(w, "framework_level"),
                    "only a policy framework has a framework level; "
                    f"instrument type {', '.join(map(repr, p.instrument_types))} is not a framework",
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
        self.dates(node, p, w)
        self.texts_tagged(node, SCP.originalTitle, p.original_title, field_path(w, "original_title"))
        for url in dict.fromkeys(p.urls):
            g.add((node, SCP.sourceUrl, Literal(url, datatype=XSD.anyURI)))
        for name, predicate in (("amends", SCP.amends), ("repeals", SCP.repeals)):
            for i, ref in enumerate(getattr(p, name)):
                at = field_path(w, f"{name}[{i}]" if len(getattr(p, name)) > 1 else name)
                target = self.policy_ref(ref, key, node, policy_keys, at)
                if target is not None:
                    g.add((node, predicate, target))
        self.add(node, SCP.status, self.concept("policy-status", p.status, field_path(w, "status")))
        self.add(node, SCP.launchedOn, self.date(p.launched_on, field_path(w, "launched_on")))
        for i, ref in enumerate(p.addresses_hotspots):
            at = field_path(w, f"addresses_hotspots[{i}]")
            if ref.casefold() not in hotspots:
                known = ", ".join(h.id for h in self.record.hotspots) or "none"
                self.problem(at, f"no hotspot with id {ref!r} in this case study (its hotspots: {known})")
            elif (hotspot := hotspots[ref.casefold()]) is not None:
                g.add((node, SCP.addressesHotspot, hotspot))

    def instrument_types(self, p: PolicyRecord, where: str) -> list[URIRef]:
        """Every class the record names (a law that bans and levies is both); none stated is a warning."""
        given = [v for v in p.instrument_types if v.strip() and v.strip().casefold() != UNSPECIFIED]
        if not given:
            self.warn(
                where,
                "instrument type not stated: the policy is loaded as a policy of unstated type; the "
                "instrument-mix question and the report matrix count it as 'type not stated', "
                "under no family",
            )
            return []
        classes = list(
            dict.fromkeys(self.each(given, where, lambda v, at: self.concept(INSTRUMENT_TYPE, v, at)))
        )
        frameworks = [c for c in classes if self.resolver.is_framework(c)]
        if frameworks and len(frameworks) < len(classes):
            self.problem(
                where,
                "a policy is either a policy framework or an instrument, not both (the classes are "
                "disjoint): record the framework and the instrument as two policies, the instrument "
                "part_of_framework the framework",
            )
        return classes

    def dates(self, node: URIRef, p: PolicyRecord, w: str) -> None:
        """adopted_on (any precision) and adoption_year agree, and give the one adoption year the
        year filters and questions use; every amendment date, in order."""
        g = self.graph
        adopted = self.partial_date(p.adopted_on, field_path(w, "adopted_on")) if p.adopted_on else None
        year = p.adoption_year
        if adopted is not None:
            adopted_year = str(adopted)[:4]
            if year is not None and year != adopted_year:
                self.problem(
                    field_path(w, "adoption_year"),
                    f"adoption_year {year} disagrees with adopted_on {p.adopted_on!r}: "
                    "give one, or make them agree",
                )
                return
            year = adopted_year
            g.add((node, SCP.adoptedOn, adopted))
        if year is not None:
            latest = dt.date.today().year + 1
            if int(year) > latest:
                self.problem(
                    field_path(w, "adoption_year"),
                    f"adoption year {year} is after next year ({latest}): "
                    "a policy cannot have been adopted then",
                )
            else:
                g.add((node, SCP.adoptionYear, Literal(year, datatype=XSD.gYear)))
        for i, value in enumerate(p.amended_on):
            at = field_path(w, f"amended_on[{i}]" if len(p.amended_on) > 1 else "amended_on")
            self.add(node, SCP.amendedOn, self.partial_date(value, at))

    def texts_tagged(self, s: URIRef, p: URIRef, texts: dict[str, str], where: str) -> None:
        """Texts under any BCP-47 tag (pt-BR, sw, zh-Hant); a malformed tag is an error naming it."""
        for lang, text in texts.items():
            if not _BCP47.match(lang):
                self.problem(where, f"{lang!r} is not a BCP-47 language tag (e.g. en, pt-BR, sw, zh-Hant)")
                continue
            self.graph.add((s, p, Literal(text, lang=lang)))

    def policy_ref(
        self, ref: str, key: str, node: URIRef, policy_keys: dict[str, PolicyRecord], where: str
    ) -> URIRef | None:
        """A policy named by IRI, as ISO3/slug, or by the id of a policy in this case study. One outside
        the case study is kept as a reference only (no facts are invented for it); the pipeline warns
        if neither the run nor the store has it."""
        ref = ref.strip()
        if ref.startswith(("http://", "https://")):
            if not ref.startswith(POLICY_IRI) or ref.count("/") != POLICY_IRI.count("/") + 1:
                self.problem(where, f"{ref!r} is not a policy IRI ({POLICY_IRI}ISO3/slug)")
                return None
            target = URIRef(ref)
        elif "/" in ref:
            country_part, _, rest = ref.partition("/")
            iso3 = (
                INTERNATIONAL
                if country_part.strip().casefold() in _INTERNATIONAL_NAMES
                else self.country(country_part, where)
            )
            if iso3 is None:
                return None
            try:
                target = instance("policy", iso3, slug(rest))
            except ValueError as exc:
                self.problem(where, str(exc))
                return None
        elif (local := policy_keys.get(ref.casefold())) is not None:
            local_key = self.policy_key_quiet(local)
            if local_key is None:
                return None  # its country is reported on that policy
            target = instance("policy", local_key, slug(local.id))
            if target == node:
                self.problem(where, "a policy cannot amend or repeal itself")
                return None
            return target
        else:
            try:
                target = instance("policy", key, slug(ref))
            except ValueError as exc:
                self.problem(where, str(exc))
                return None
        if target == node:
            self.problem(where, "a policy cannot amend or repeal itself")
            return None
        self.references.append((where, target))
        return target

    def policy_key_quiet(self, p: PolicyRecord) -> str | None:
        if p.country.strip().casefold() in _INTERNATIONAL_NAMES:
            return INTERNATIONAL
        try:
            return resolve_country(p.country)
        except ValueError:
            return None

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
