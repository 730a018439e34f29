"""The reference graph: countries, UN M49 regions and MEA party status.

Gap questions join case-study facts to facts no case study states: which region a country is in
(per-region gap reports) and which countries are party to an MEA with product obligations (the
MEA transposition gap). Those facts come from published tables bundled in `data/` (see
`data/README.md`) and are loaded with the store's `load_reference(graph)`, outside any case
study's named graph. Every command that opens a store calls :func:`ensure_reference_data`, which
loads them into a new store and refreshes them when the installed scpkg builds other ones (the
store keeps :func:`reference_fingerprint` and the version), so no store answers without them.
"""

import csv
import datetime as dt
import gettext
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

import pycountry
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from scpkg.ingest import countries, regions
from scpkg.ingest.crosswalk import add_category_crosswalk
from scpkg.iris import country, instance, region
from scpkg.ontology.namespace import SCP

if TYPE_CHECKING:
    from scpkg.store import GraphStore, LoadStats

CONVENTIONS = ("minamata", "basel", "rotterdam", "stockholm")
"""Short names of the four MEAs in the party table; each is an individual `id/mea/{name}` in the ontology."""

UN_LANGUAGES = {"ar": "ar", "zh": "zh_CN", "fr": "fr", "ru": "ru", "es": "es"}
"""The UN's official languages other than English, mapped to pycountry's locale names."""

MEA_FILE = "mea-parties.csv"
MEA_FIELDS = (
    "convention",
    "convention_name",
    "country",
    "iso3",
    "signed",
    "ratified",
    "entry_into_force",
    "withdrawn",
)
MEA_SUPPLEMENT_FILE = "mea-parties-supplement.csv"
MEA_SUPPLEMENT_FIELDS = ("convention", "party", "code", "status", "source")
PARTY_DATE_NOT_IN_SOURCE = "party-date-not-in-source"
"""The supplement's one status: the source lists the party but gives no date (none is invented)."""
_DATE_FIELDS = ("signed", "ratified", "entry_into_force", "withdrawn")
_DATE_PROPERTY = {
    "signed": SCP.signedOn,
    "ratified": SCP.ratifiedOn,
    "entry_into_force": SCP.entryIntoForceOn,
    "withdrawn": SCP.withdrawnOn,
}


class ReferenceDataError(ValueError):
    """A bundled reference table is malformed; the message names the file, line and field."""


@dataclass(frozen=True)
class Participation:
    """One country's status towards one MEA, as in one row of the party table."""

    convention: str
    iso3: str
    country: str
    signed: dt.date | None
    ratified: dt.date | None
    entry_into_force: dt.date | None
    withdrawn: dt.date | None
    line: int
    date_not_in_source: bool = False
    """The source states party status without a date (`scp:partyDateNotInSource`)."""

    @property
    def is_party(self) -> bool:
        """A party has ratified (or acceded), or is stated a party without a date, and not withdrawn."""
        return (self.ratified is not None or self.date_not_in_source) and self.withdrawn is None


def read_mea_table(lines: Iterator[str] | list[str], source: str = MEA_FILE) -> list[Participation]:
    """Parse and check the MEA party table; a bad row raises ReferenceDataError naming line and field.

    Checked because a wrong date or code would silently change who counts as a party.
    """
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != MEA_FIELDS:
        raise ReferenceDataError(f"{source}:1: header {reader.fieldnames} is not {list(MEA_FIELDS)}")
    known_iso3 = set(countries.all_iso3())
    seen: dict[tuple[str, str], int] = {}
    rows: list[Participation] = []
    for row in reader:
        line = reader.line_num

        def fail(field: str, problem: str, line: int = line) -> ReferenceDataError:
            return ReferenceDataError(f"{source}:{line}: field {field!r}: {problem}")

        if None in row or any(v is None for v in row.values()):
            raise fail("*", f"expected {len(MEA_FIELDS)} fields")
        if row["convention"] not in CONVENTIONS:
            raise fail("convention", f"{row['convention']!r} is not one of {', '.join(CONVENTIONS)}")
        if row["iso3"] not in known_iso3:
            raise fail("iso3", f"{row['iso3']!r} is not an ISO 3166-1 alpha-3 code")
        dates: dict[str, dt.date | None] = {}
        for field in _DATE_FIELDS:
            value = row[field].strip()
            try:
                dates[field] = dt.date.fromisoformat(value) if value else None
            except ValueError:
                raise fail(field, f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
        if dates["withdrawn"] and not dates["ratified"]:
            raise fail("withdrawn", "a withdrawal without a ratification")
        key = (row["convention"], row["iso3"])
        if key in seen:
            raise fail("iso3", f"{key[1]} already has a {key[0]} row on line {seen[key]}")
        seen[key] = line
        rows.append(
            Participation(
                row["convention"],
                row["iso3"],
                row["country"],
                dates["signed"],
                dates["ratified"],
                dates["entry_into_force"],
                dates["withdrawn"],
                line,
            )
        )
    return rows


def read_mea_supplement(
    lines: Iterator[str] | list[str], known: list[Participation], source: str = MEA_SUPPLEMENT_FILE
) -> list[Participation]:
    """Parse the party rows the IEADB table lacks (the EU's), each party status without dates.

    A row for a (convention, party) the main table already has is an error: one status per party."""
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != MEA_SUPPLEMENT_FIELDS:
        raise ReferenceDataError(
            f"{source}:1: header {reader.fieldnames} is not {list(MEA_SUPPLEMENT_FIELDS)}"
        )
    codes = set(countries.all_codes())
    seen = {(p.convention, p.iso3) for p in known}
    rows: list[Participation] = []
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise ReferenceDataError(
                f"{source}:{line}: field '*': expected {len(MEA_SUPPLEMENT_FIELDS)} fields"
            )
        if row["convention"] not in CONVENTIONS:
            raise ReferenceDataError(f"{source}:{line}: field 'convention': {row['convention']!r} is unknown")
        if row["code"] not in codes:
            raise ReferenceDataError(f"{source}:{line}: field 'code': {row['code']!r} is no country or body")
        if row["status"] != PARTY_DATE_NOT_IN_SOURCE:
            raise ReferenceDataError(
                f"{source}:{line}: field 'status': expected {PARTY_DATE_NOT_IN_SOURCE!r}"
            )
        if not row["source"].strip():
            raise ReferenceDataError(f"{source}:{line}: field 'source': say where the party status is stated")
        key = (row["convention"], row["code"])
        if key in seen:
            raise ReferenceDataError(f"{source}:{line}: field 'code': {key[1]} already has a {key[0]} row")
        seen.add(key)
        rows.append(
            Participation(row["convention"], row["code"], row["party"], None, None, None, None, line, True)
        )
    return rows


@cache
def mea_participations() -> tuple[Participation, ...]:
    """Every row of the bundled MEA party table and of its supplement, checked."""
    data = files("scpkg.ingest") / "data"
    with (data / MEA_FILE).open(encoding="utf-8", newline="") as f:
        main = read_mea_table(f)
    with (data / MEA_SUPPLEMENT_FILE).open(encoding="utf-8", newline="") as f:
        return tuple(main + read_mea_supplement(f, main))


def parties(convention: str) -> set[str]:
    """ISO3 codes of the parties to an MEA: ratified and not withdrawn."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; expected one of {', '.join(CONVENTIONS)}")
    return {p.iso3 for p in mea_participations() if p.convention == convention and p.is_party}


def mea(convention: str) -> URIRef:
    """IRI of an MEA individual (defined in the ontology)."""
    return instance("mea", convention)


def participation_iri(convention: str, iso3: str) -> URIRef:
    """IRI of a country's party status towards an MEA."""
    return instance("mea", convention, "party", iso3)


@cache
def _translators() -> dict[str, gettext.NullTranslations]:
    result = {}
    for lang, locale in UN_LANGUAGES.items():
        try:
            result[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:  # a pycountry build without that locale: fewer labels, not an error
            continue
    return result


def add_countries(graph: Graph) -> None:
    """Every ISO 3166 country with codes, labels in the six UN languages and its M49 sub-region."""
    translators = _translators()
    for iso3 in countries.all_iso3():
        c = pycountry.countries.get(alpha_3=iso3)
        node = country(iso3)
        graph.add((node, RDF.type, SCP.Country))
        graph.add((node, SCP.iso3, Literal(iso3)))
        graph.add((node, SCP.iso2, Literal(c.alpha_2)))
        graph.add((node, RDFS.label, Literal(c.name, lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(c.name, lang="en")))
        for attr in ("common_name", "official_name"):
            alt = getattr(c, attr, None)
            if alt and alt != c.name:
                graph.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        for lang, t in translators.items():
            translated = t.gettext(c.name)
            if translated != c.name or lang in ("fr", "es"):
                graph.add((node, SKOS.prefLabel, Literal(translated, lang=lang)))
        membership = countries.m49_membership(iso3)
        if membership.m49:
            graph.add((node, SCP.m49, Literal(membership.m49)))
        if placed := regions.country_region(iso3):  # the most specific grouping only: one path up
            graph.add((node, SCP.inRegion, region(placed)))


def add_supranational(graph: Graph) -> None:
    """Each supranational jurisdiction (the EU): a scp:SupranationalJurisdiction in no region, labels
    in six languages, and scp:memberOf from each member state, as of the table's date."""
    for code, body in countries.supranational().items():
        node = country(code)
        graph.add((node, RDF.type, SCP.SupranationalJurisdiction))
        graph.add((node, SCP.iso3, Literal(code)))
        graph.add((node, SCP.iso2, Literal(code)))
        graph.add((node, RDFS.label, Literal(body.names["en"], lang="en")))
        for lang, text in body.names.items():
            graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
        graph.add((node, SCP.membershipAsOf, Literal(body.members_as_of, datatype=XSD.date)))
        for member in body.members:
            graph.add((country(member), SCP.memberOf, node))


def add_regions(graph: Graph) -> None:
    """Every region :mod:`scpkg.ingest.regions` holds, with its kinds, linked by scp:subRegionOf to
    its M49 parent and to the SDG groupings it is part of (one path up from any country)."""
    for info in regions.regions().values():
        node = region(info.code)
        graph.add((node, RDF.type, SCP.Region))
        graph.add((node, SCP.m49, Literal(info.code)))
        graph.add((node, RDFS.label, Literal(info.name, lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(info.name, lang="en")))
        for kind in info.kinds:
            graph.add((node, SCP.regionKind, Literal(kind)))
        for parent in info.parents:
            graph.add((node, SCP.subRegionOf, region(parent)))


def add_mea_participations(graph: Graph) -> None:
    """One scp:MEAParticipation per row of the party table, dates as xsd:date, empty ones omitted."""
    for p in mea_participations():
        node = participation_iri(p.convention, p.iso3)
        graph.add((node, RDF.type, SCP.MEAParticipation))
        graph.add((node, SCP.party, country(p.iso3)))
        graph.add((node, SCP.agreement, mea(p.convention)))
        if p.date_not_in_source:
            graph.add((node, SCP.partyDateNotInSource, Literal(True)))
        for field, prop in _DATE_PROPERTY.items():
            value = getattr(p, field)
            if value is not None:
                graph.add((node, prop, Literal(value.isoformat(), datatype=XSD.date)))


def reference_graph() -> Graph:
    """The whole reference graph, ready for the store's `load_reference(graph)`."""
    graph = Graph()
    graph.bind("scp", SCP)
    graph.bind("skos", SKOS)
    add_regions(graph)
    add_countries(graph)
    add_supranational(graph)
    add_mea_participations(graph)
    add_category_crosswalk(graph)  # the 12.1.1 crosswalk, so queries count by the ontology's mappings
    return graph


REFERENCE_PARTS = "vocabularies, countries, M49 regions, SDG groupings, the EU, MEA parties"
"""What the reference data is, as the commands say it."""

_FINGERPRINT_SOURCES = (
    "scpkg.ingest.reference",
    "scpkg.ingest.countries",
    "scpkg.ingest.regions",
    "scpkg.ingest.crosswalk",
    "scpkg.store",
)
"""Modules whose code shapes the reference graph (``scpkg.store`` holds ``ontology_reference``)."""


@cache
def reference_fingerprint() -> str:
    """A sha256 of everything the reference graph is built from: the scpkg and pycountry versions,
    the ontology, the bundled tables and the code that turns them into triples. The store keeps it
    as the reference data's content hash, so telling whether a store is current costs one look-up
    and no rebuild (building and hashing the graph itself takes a noticeable part of a second), and
    any change to the data or its code, released or not, refreshes the stores it opens."""
    import hashlib
    import importlib
    import inspect

    from scpkg import __version__
    from scpkg.ontology import read_ontology_text

    digest = hashlib.sha256()
    for part in (f"scpkg {__version__}", f"pycountry {_pycountry_version()}", read_ontology_text()):
        digest.update(part.encode("utf-8") + b"\0")
    data = files("scpkg.ingest") / "data"
    for name in sorted(entry.name for entry in data.iterdir() if entry.name.endswith(".csv")):
        digest.update(name.encode("utf-8") + b"\0" + (data / name).read_bytes() + b"\0")
    for module in _FINGERPRINT_SOURCES:
        digest.update(inspect.getsource(importlib.import_module(module)).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _pycountry_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pycountry")
    except PackageNotFoundError:  # pragma: no cover - an unpackaged checkout
        return "unknown"


@dataclass(frozen=True)
class ReferenceState:
    """Which reference data a store holds, against what this installation would load."""

    stored_hash: str | None
    stored_version: str | None
    expected_hash: str
    expected_version: str

    @property
    def loaded(self) -> bool:
        return self.stored_hash is not None

    @property
    def current(self) -> bool:
        return self.stored_hash == self.expected_hash

    def describe(self) -> str:
        """One line for `scpkg store status` and for warnings."""
        if not self.loaded:
            return f"none (this scpkg {self.expected_version} loads its {REFERENCE_PARTS})"
        held = (
            f"scpkg {self.stored_version}"
            if self.stored_version
            else "an earlier scpkg (no version recorded)"
        )
        if self.current:
            return f"{held}, current ({self.expected_hash[:12]})"
        return f"{held}, out of date (this scpkg {self.expected_version} has other {REFERENCE_PARTS})"


def reference_state(store: "GraphStore") -> ReferenceState:
    """The store's reference data against this installation's, in one look-up."""
    from scpkg import __version__

    stored_hash, stored_version = store.reference_marker()
    return ReferenceState(stored_hash, stored_version, reference_fingerprint(), __version__)


def ensure_reference_data(store: "GraphStore") -> tuple[ReferenceState, "LoadStats | None"]:
    """Make the store hold this installation's reference data, loading or refreshing it only when it
    is missing or out of date; returns the state found and what a load did (None: already current).
    Every command's store needs it: without countries, regions and MEA parties every gap question
    would answer "no case study bears on it" instead of the real answer."""
    state = reference_state(store)
    if state.current:
        return state, None
    return state, load_reference_data(store)


def load_reference_data(store: "GraphStore") -> "LoadStats":
    """Load every piece of reference data into `store` as one graph: the ontology's vocabularies (concept
    schemes, SDG items, MEAs) and the graph above. One graph because the store keeps reference data as
    one pseudo case study: loading the parts separately would make the second replace the first. A store
    that already holds the same data is left as it is (``stats.skipped == 1``); other reference data is
    replaced as a whole, facts a case study also asserts staying."""
    from scpkg import __version__
    from scpkg.store import ontology_reference

    return store.load_reference(
        ontology_reference() + reference_graph(), content_hash=reference_fingerprint(), version=__version__
    )
