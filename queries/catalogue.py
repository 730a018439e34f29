"""The coherence-gap catalogue: ten questions of S2 §13-§28 (and S1 §6, §38), each a metadata file
(`queries/<nn>-<id>.yaml`) and one or more Cypher statements (`queries/<nn>-<id>*.cypher`).

The Cypher does the work and is the same text on FalkorDB and Neo4j; Python only validates the
scope, passes it as parameters, turns each returned row into a :class:`GapFinding` (a sentence from
the question's template, evidence without the reference pseudo case study) and reads the share.
Every findings statement returns the same columns — ``subject`` (map), ``status`` (one of
:data:`STATUSES`), ``evidence`` (lists of case-study IRIs), ``facts`` (IRIs), ``info`` (map of counts for
the sentence) — so one small function handles all ten. A statement whose file name ends in
``-share.cypher`` returns one row ``numerator, denominator``. Every statement takes
``$exclude_illustrative``, so leaving illustrative case studies out happens in the Cypher and counts and
shares agree. What each status means: docs/decisions/20261202-honest-statuses.md (subjects, evidence:
docs/decisions/20261123-gap-catalogue.md).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, LiteralString, cast

import yaml

from scpkg.store.base import REFERENCE_CASE  # reference data is not a case study: never evidence

if TYPE_CHECKING:
    from scpkg.store import GraphStore

STATUSES = ("gap", "not-stated", "repealed-only", "covered", "reported-not-described", "no-data")
"""What a finding can say, in the order reports list them."""

STATUS_MEANINGS = {
    "gap": "case studies cover the subject and state what the question needs, and no instrument is there",
    "not-stated": "instruments exist but do not state what the answer depends on (stage, sector, body...)",
    "repealed-only": "only repealed instruments are there",
    "covered": "at least one instrument (never zero) is there",
    "reported-not-described": "the country's own report counts instruments (N > 0) no case study describes",
    "no-data": "no case study covers the subject, or none reports anything the question can compare",
}
"""One line per status, for help texts, the report legend and the API's enum descriptions."""

NOT_STATED = "not-stated"
"""The subject value for a field the case studies leave out, e.g. the sector of policies that name none."""

ILLUSTRATIVE_STATEMENT = "catalogue-illustrative.cypher"
"""Which evidence case studies are marked illustrative (the answer's banner)."""

SCOPES = ("global", "region", "country", "sector")
"""The scope kinds a question may support (its metadata lists which)."""

SHARE_SUFFIX = "-share.cypher"
"""A statement file with this suffix computes the question's share (one row: numerator, denominator)."""


class UnknownQuestionError(KeyError):
    """No question has that id or number; the message lists the closest ids."""

    def __str__(self) -> str:  # KeyError would print the message quoted
        return str(self.args[0]) if self.args else ""


class UnknownMEAError(ValueError):
    """No MEA with product obligations has that name; ``suggestions`` are the closest short names."""

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class ScopeNotSupportedError(ValueError):
    """The scope asks for a kind (e.g. sector) the question does not support."""


@dataclass(frozen=True)
class GapQuestion:
    """One coherence-gap question: what it asks, the document finding it reflects, how to scope it."""

    id: str
    number: int
    title: dict[str, str]
    question: dict[str, str]
    finding: str
    document: str
    paragraphs: list[str]
    parameters: list[str]
    scopes: list[str]
    reference_share: float | None
    rules: list[str] = field(default_factory=list, compare=False, hash=False)
    statements: tuple[str, ...] = field(default=(), compare=False)
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def source(self) -> str:
        """Where the finding is, e.g. 'S2 §13(c), §15'."""
        return f"{self.document} {', '.join(self.paragraphs)}"

    def to_dict(self) -> dict[str, Any]:
        """The metadata as plain JSON-able data (templates and file names left out)."""
        data = asdict(self)
        data.pop("details")
        data["statements"] = list(self.statements)
        return data


@dataclass(frozen=True)
class Scope:
    """Where a question is asked: a country (ISO3 or EU), a region (M49 or SDG grouping, all inside it), a
    sector (code), a combination, or nothing (global). Codes are checked and normalised on creation
    so that a typo fails loudly instead of returning an empty answer."""

    country: str | None = None
    region: str | None = None
    sector: str | None = None
    mea: str | None = None
    """An MEA (IRI once checked) for the questions that take one (question 6); not a scope kind."""

    def __post_init__(self) -> None:
        if self.mea is not None:
            object.__setattr__(self, "mea", check_mea(self.mea))
        if self.country is not None:
            object.__setattr__(self, "country", _check_country(self.country))
        if self.region is not None:
            object.__setattr__(self, "region", _check_region(self.region))
        if self.sector is not None:
            object.__setattr__(self, "sector", _check_sector(self.sector))

    @property
    def kinds(self) -> list[str]:
        """The scope kinds used ('global' when none is)."""
        used = [k for k in ("country", "region", "sector") if getattr(self, k) is not None]
        return used or ["global"]

    def params(self) -> dict[str, str | None]:
        """The Cypher parameters every statement takes."""
        return {"country": self.country, "region": self.region, "sector": self.sector}

    def as_subject(self) -> dict[str, str]:
        """The scope as a finding subject (for the answer that nothing in the scope bears on it)."""
        return {k: v for k, v in {**self.params(), "mea": self.mea}.items() if v is not None}

    def label(self) -> str:
        """Plain words for messages: 'country GHA, sector food' or 'the whole graph'."""
        given = {**self.params(), "mea": self.mea}
        parts = [f"{k} {v.rsplit('/', 1)[-1]}" for k, v in given.items() if v is not None]
        return ", ".join(parts) or "the whole graph"


@dataclass
class GapFinding:
    """One subject of a question (a country, a (country, sector, stage), a policy, a hotspot...) and
    what the graph says about it, with the case studies the statement rests on."""

    subject: dict[str, str]
    status: str
    detail: str
    evidence: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)


@dataclass
class Share:
    """A share computed in the scope, set beside the documents' global figure."""

    numerator: int
    denominator: int
    value: float | None
    reference: float | None
    reference_source: str


@dataclass
class FindingGroup:
    """The findings of one status in one country ('' for subjects that name none), counted, with the
    first few (in the statement's order) kept as examples: how a summarised answer lists them."""

    status: str
    country: str
    count: int
    examples: list[GapFinding] = field(default_factory=list)

    @property
    def more(self) -> int:
        """Findings of the group not kept as examples ("and N more")."""
        return self.count - len(self.examples)


@dataclass
class GapAnswer:
    """A question's answer in one scope. Complete (``totals`` None): ``findings`` is every finding.
    Summarised (``run(..., summarise_over=N)`` with more than N findings): ``findings`` holds only the
    examples of ``groups``, and ``totals`` the counts per status over every finding."""

    question: GapQuestion
    scope: Scope
    findings: list[GapFinding]
    share: Share | None
    evidence: list[str]
    illustrative_evidence: list[str] = field(default_factory=list)
    exclude_illustrative: bool = False
    totals: dict[str, int] | None = None
    groups: list[FindingGroup] = field(default_factory=list)

    @property
    def rests_on_illustrative(self) -> bool:
        """Some evidence comes from case studies marked illustrative: the answer must say so."""
        return bool(self.illustrative_evidence)

    @property
    def complete(self) -> bool:
        """Every finding is in ``findings`` (not a summary of them)."""
        return self.totals is None

    def counts(self) -> dict[str, int]:
        """Findings per status (every status present, zero included), over every finding even when only
        examples are kept."""
        if self.totals is not None:
            return {s: self.totals.get(s, 0) for s in STATUSES}
        return {s: sum(1 for f in self.findings if f.status == s) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data: the CLI's ``--format json`` and the API's source."""
        return {
            "question": self.question.to_dict(),
            "scope": asdict(self.scope),
            "exclude_illustrative": self.exclude_illustrative,
            "rests_on_illustrative": self.rests_on_illustrative,
            "illustrative_evidence": self.illustrative_evidence,
            "counts": self.counts(),
            "share": asdict(self.share) if self.share else None,
            "evidence": self.evidence,
            "findings": [asdict(f) for f in self.findings],
            **({} if self.complete else {"complete": False, "groups": self._groups_dict()}),
        }

    def _groups_dict(self) -> list[dict[str, Any]]:
        return [{**asdict(g), "more": g.more} for g in self.groups]


# --- the catalogue -------------------------------------------------------------------------------


def _files() -> Any:
    return files("scpkg.queries")


@cache
def _load() -> tuple[GapQuestion, ...]:
    found = []
    for entry in sorted(_files().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        # libyaml's parser where installed: the same safe constructor, a fifth of the time (issue 11).
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        meta = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        finding = meta["finding"]
        share = meta.get("reference_share")
        found.append(
            GapQuestion(
                id=meta["id"],
                number=int(meta["number"]),
                title=dict(meta["title"]),
                question=dict(meta["question"]),
                finding=" ".join(str(finding["text"]).split()),
                document=finding["document"],
                paragraphs=[str(p) for p in finding["paragraphs"]],
                parameters=list(meta["parameters"]),
                scopes=list(meta["scopes"]),
                reference_share=None if share is None else float(share),
                rules=[" ".join(str(r).split()) for r in meta.get("rules") or []],
                statements=tuple(meta["statements"]),
                details=dict(meta.get("details") or {}),
            )
        )
    return tuple(sorted(found, key=lambda q: q.number))


def questions() -> list[GapQuestion]:
    """Every question, by number."""
    return list(_load())


def question(id_or_number: str | int) -> GapQuestion:
    """A question by id ('measurability'), number (3) or number as text ('3', '03')."""
    key = str(id_or_number).strip()
    for q in _load():
        if key == q.id or (key.isdigit() and int(key) == q.number):
            return q
    ids = [q.id for q in _load()]
    close = difflib.get_close_matches(key, ids, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else f"known: {', '.join(ids)}"
    raise UnknownQuestionError(f"unknown gap question {key!r}; {hint}")


@cache
def statement(name: str) -> LiteralString:
    """A statement file's text. The files ship with the package and are never built from input, so
    they are the literal strings the store interface asks for."""
    return cast(LiteralString, _files().joinpath(name).read_text(encoding="utf-8"))


# --- running -------------------------------------------------------------------------------------


def run(
    store: GraphStore,
    question_id: str | int,
    scope: Scope | None = None,
    exclude_illustrative: bool = False,
    *,
    summarise_over: int | None = None,
    examples: int = 3,
) -> GapAnswer:
    """Answer one question in a scope: one round trip per statement, whatever the number of findings,
    and one more to tell which evidence is illustrative. ``exclude_illustrative`` is a statement
    parameter, so the left-out case studies are absent from findings, counts and shares alike.

    ``summarise_over``: with more findings than that, the answer is summarised (see :class:`GapAnswer`):
    counted per status and country from every row, with only the first ``examples`` findings of each
    group built, so a world-scale answer of one finding per policy stays cheap to hold and render; the
    illustrative evidence is still read from every row."""
    q = question(question_id)
    scope = scope or Scope()
    unsupported = [k for k in scope.kinds if k not in q.scopes]
    if scope.mea is not None and "mea" not in q.parameters:
        unsupported.append("mea")
    if unsupported:
        raise ScopeNotSupportedError(
            f"question {q.id} cannot be scoped by {', '.join(unsupported)}; it supports {', '.join(q.scopes)}"
        )
    params: dict[str, Any] = {**scope.params(), "exclude_illustrative": exclude_illustrative}
    if "mea" in q.parameters:  # a filter only the questions that name it take
        params["mea"] = scope.mea
    findings: list[GapFinding] = []
    share: Share | None = None
    found: list[tuple[str, dict[str, Any]]] = []
    for name in q.statements:
        rows = store.run(statement(name), params)
        if name.endswith(SHARE_SUFFIX):
            share = _share(q, rows)
        else:
            found.extend((name, row) for row in rows)
    if summarise_over is not None and len(found) > summarise_over:
        return _summarised(store, q, scope, found, share, exclude_illustrative, examples)
    findings.extend(_finding(q, name, row) for name, row in found)
    if not findings:
        findings.append(
            GapFinding(
                scope.as_subject(),
                "no-data",
                f"No case study in the store bears on this question for {scope.label()}"
                + (" (illustrative case studies left out)." if exclude_illustrative else "."),
            )
        )
    evidence = sorted({e for f in findings for e in f.evidence})
    illustrative = illustrative_among(store, evidence)
    return GapAnswer(q, scope, findings, share, evidence, illustrative, exclude_illustrative)


def run_all(
    store: GraphStore,
    scope: Scope | None = None,
    exclude_illustrative: bool = False,
    *,
    summarise_over: int | None = None,
    examples: int = 3,
) -> list[GapAnswer]:
    """Every question that supports the scope, by number (``summarise_over``, ``examples``: see run)."""
    scope = scope or Scope()
    return [
        run(store, q.id, scope, exclude_illustrative, summarise_over=summarise_over, examples=examples)
        for q in questions()
        if all(k in q.scopes for k in scope.kinds)
    ]


def _summarised(
    store: GraphStore,
    q: GapQuestion,
    scope: Scope,
    found: list[tuple[str, dict[str, Any]]],
    share: Share | None,
    exclude_illustrative: bool,
    examples: int,
) -> GapAnswer:
    """Count every row per (status, country); build findings only for the first ``examples`` of each group
    (the statement's order: by country, then subject). Every row's status is checked as in _finding."""
    groups: dict[tuple[str, str], FindingGroup] = {}
    totals = dict.fromkeys(STATUSES, 0)
    cited: set[str] = set()
    for name, row in found:
        status = str(row["status"])
        if status not in STATUSES:
            raise ValueError(f"{name} returned status {status!r}, not one of {STATUSES}")
        country = dict(row["subject"]).get("country")
        key = (status, "" if country is None else _text(country))
        group = groups.get(key)
        if group is None:
            group = groups[key] = FindingGroup(status, key[1], 0)
        group.count += 1
        totals[status] += 1
        cited.update(_flatten(row.get("evidence")))
        if len(group.examples) < examples:
            group.examples.append(_finding(q, name, row))
    cited.discard(REFERENCE_CASE)
    rank = {s: i for i, s in enumerate(STATUSES)}
    ordered = sorted(groups.values(), key=lambda g: (rank[g.status], g.country))
    shown = [f for g in ordered for f in g.examples]
    evidence = sorted({e for f in shown for e in f.evidence})
    illustrative = illustrative_among(store, sorted(cited))
    return GapAnswer(q, scope, shown, share, evidence, illustrative, exclude_illustrative, totals, ordered)


def illustrative_among(store: GraphStore, iris: list[str]) -> list[str]:
    """The case studies among ``iris`` marked illustrative, sorted."""
    if not iris:
        return []
    rows = store.run(statement(ILLUSTRATIVE_STATEMENT), {"iris": iris})
    return sorted(str(i) for i in (rows[0]["illustrative"] if rows else []) or [])


def _flatten(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [x for item in value for x in _flatten(item)]
    return [str(value)]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _finding(q: GapQuestion, statement_name: str, row: dict[str, Any]) -> GapFinding:
    """One row to one finding: the generic part every question shares."""
    subject = {k: _text(v) for k, v in dict(row["subject"]).items() if v is not None and v != []}
    status = str(row["status"])
    if status not in STATUSES:
        raise ValueError(f"{statement_name} returned status {status!r}, not one of {STATUSES}")
    fields = _Fields(subject)
    fields.update({k: _text(v) for k, v in dict(row.get("info") or {}).items() if v is not None})
    fields.setdefault("country_or_international", subject.get("country", "international"))
    templates = q.details.get(statement_name, q.details)
    variant = (row.get("info") or {}).get("variant")
    template = None
    if isinstance(templates, dict):  # a variant ('not-stated:sector-not-stated') before the plain status
        template = templates.get(f"{status}:{variant}") if variant else None
        template = template or templates.get(status)
    if template:
        detail = str(template).format_map(fields)
    else:
        detail = f"{status}: " + ", ".join(f"{k} {v}" for k, v in subject.items() if not k.endswith("_iri"))
    evidence = sorted(set(_flatten(row.get("evidence"))) - {REFERENCE_CASE})
    facts = sorted(set(_flatten(row.get("facts"))))
    return GapFinding(subject, status, detail, evidence, facts)


def _share(q: GapQuestion, rows: list[dict[str, Any]]) -> Share:
    numerator = int(rows[0]["numerator"]) if rows else 0
    denominator = int(rows[0]["denominator"]) if rows else 0
    value = numerator / denominator if denominator else None
    return Share(numerator, denominator, value, q.reference_share, q.source)


# --- scope validation ----------------------------------------------------------------------------


def _check_country(value: str) -> str:
    from scpkg.ingest import countries

    code = value.strip().upper()
    if code in set(countries.all_iso3()):
        return code
    try:  # ISO2, numeric code or a name the ingest resolver knows: the same rules as case studies
        return countries.resolve(value)
    except ValueError as exc:
        raise ValueError(f"unknown country {value!r} (give an ISO 3166 alpha-3 code): {exc}") from None


def _check_region(value: str) -> str:
    """The M49 code of a region the graph holds, by the one resolver the API uses too."""
    from scpkg.ingest import regions

    return regions.resolve(value)  # UnknownRegionError (a ValueError) with suggestions and kinds


def mea_codes() -> dict[str, str]:
    """Short name -> IRI of every MEA with product obligations in the ontology (minamata, basel...)."""
    from rdflib import URIRef

    from scpkg.ingest.vocab import ontology_graph
    from scpkg.iris import ONT

    graph = ontology_graph()
    meas = {m for m in graph.objects(None, URIRef(ONT + "obligationOf")) if isinstance(m, URIRef)}
    return {str(m).rstrip("/").rsplit("/", 1)[-1]: str(m) for m in sorted(meas)}


def check_mea(value: str) -> str:
    """An MEA with product obligations by short name (basel), IRI or label, as its IRI (the resolver's own
    index of MEA names, as ingest reads them); unknown: an error with suggestions."""
    from scpkg.ingest.vocab import default_resolver, normalise

    codes = mea_codes()
    key = normalise(value)
    iri = default_resolver().meas.get(key)
    if iri is not None and str(iri) in codes.values():
        return str(iri)
    close = difflib.get_close_matches(key, [normalise(c) for c in codes], n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else f"known: {', '.join(codes)}"
    raise UnknownMEAError(f"unknown MEA {value!r}; {hint}", close)


def _check_sector(value: str) -> str:
    from scpkg.ingest.vocab import default_resolver

    iri = default_resolver().resolve("sector", value)  # UnknownValueError (a ValueError) with suggestions
    return str(iri).rsplit("/", 1)[-1]
