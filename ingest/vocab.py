"""One resolver for every controlled value, built from the ontology graph, so nothing is hand-listed.

Instrument types are OWL classes and the other vocabularies are SKOS concepts, but both carry
`skos:notation` codes and labels in the six UN languages (term sheet, docs/decisions/
20261123-ontology-model.md), so one index serves them all: "ban", "禁令" and "interdiction" find the
same class. MEA obligations and 10YFP programmes are individuals in the ontology and resolve the same way.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from scpkg.iris import ID, ONT, VOCAB

SCP_POLICY = URIRef(ONT + "Policy")
SCP_POLICY_FRAMEWORK = URIRef(ONT + "PolicyFramework")
INSTRUMENT_TYPE = "instrument-type"
MEA_OBLIGATION = "mea-obligation"
PROGRAMME = "programme"

_SPACE = re.compile(r"[\s_-]+")


def normalise(text: str) -> str:
    """Case and spacing never distinguish two values: 'End  of Life' is 'end of life'."""
    return _SPACE.sub(" ", str(text)).strip().casefold()


class UnknownValueError(ValueError):
    """A value no concept of the vocabulary has as IRI, code or label; carries the closest allowed ones."""

    def __init__(
        self,
        vocabulary: str,
        value: str,
        suggestions: list[str],
        allowed: list[str],
        too_general: bool = False,
        narrow_hint: str = "say which kind it is",
    ) -> None:
        self.vocabulary, self.value, self.suggestions, self.allowed = vocabulary, value, suggestions, allowed
        if too_general:
            super().__init__(
                f"{vocabulary} {value!r} is too general: {narrow_hint}, e.g. "
                + ", ".join(repr(s) for s in suggestions)
            )
            return
        if suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        else:
            shown = ", ".join(allowed[:12]) + (", ..." if len(allowed) > 12 else "")
            hint = f"allowed codes: {shown}"
        super().__init__(f"unknown {vocabulary} {value!r}; {hint}")


@dataclass
class Vocabulary:
    """The concepts of one vocabulary and every key (IRI, code, label) that names each."""

    name: str
    keys: dict[str, URIRef] = field(default_factory=dict)
    codes: dict[URIRef, str] = field(default_factory=dict)
    labels: dict[URIRef, dict[str, str]] = field(default_factory=dict)
    identifiers: set[str] = field(default_factory=set)
    """Keys that are a concept's code, IRI or other identifier: they win over any label."""
    ambiguous: dict[str, set[URIRef]] = field(default_factory=dict)
    """Labels several concepts share (e.g. SDG indicators the official list repeats): never guessed."""

    def add(
        self, iri: URIRef, code: str | None, labels: dict[str, str], extra_keys: tuple[str, ...] = ()
    ) -> None:
        self.codes[iri] = code or iri.rsplit("/", 1)[-1]
        self.labels[iri] = labels
        for key in (normalise(k) for k in (*extra_keys, self.codes[iri], str(iri))):
            self.keys[key] = iri
            self.identifiers.add(key)
            self.ambiguous.pop(key, None)
        for key in (normalise(k) for k in labels.values()):
            if key in self.identifiers:
                continue
            other = self.keys.get(key)
            if other is not None and other != iri:
                self.ambiguous.setdefault(key, {other}).add(iri)
            self.keys.setdefault(key, iri)

    def resolve(self, value: str) -> URIRef:
        key = normalise(value)
        if self.name == "sdg":
            key = re.sub(r"^sdg\s*", "", key)
        if key in self.ambiguous:
            codes = sorted(self.codes[i] for i in self.ambiguous[key])
            hint = "several concepts have this label; give the code of the one meant"
            raise UnknownValueError(self.name, value, codes, codes, too_general=True, narrow_hint=hint)
        if key in self.keys:
            return self.keys[key]
        close = difflib.get_close_matches(key, list(self.keys), n=3, cutoff=0.6)
        suggestions: list[str] = []
        codes: set[str] = set()
        for match in close:
            code = self.codes[self.keys[match]]
            if code not in codes:
                codes.add(code)
                suggestions.append(code if match == normalise(code) else f"{match} ({code})")
        raise UnknownValueError(self.name, value, suggestions, sorted(set(self.codes.values())))


def _labels(graph: Graph, node: URIRef) -> dict[str, str]:
    """English-first labels by language; alternative labels are keys too, under their own language tag."""
    out: dict[str, str] = {}
    for prop in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for label in graph.objects(node, prop):
            lang = getattr(label, "language", None) or ""
            tag = lang if prop != SKOS.altLabel else f"{lang}#alt{len(out)}"
            out.setdefault(tag, str(label))
    return out


def accepted_types(ontology: Graph, shapes: Graph) -> set[URIRef] | None:
    """The classes the shapes accept as a policy's instrument type, read from the shape that rules
    on a policy's rdf:type (a `sh:or` of `sh:hasValue` on rdf:type paths): a value reached through
    `rdf:type/rdfs:subClassOf` admits its strict subclasses only (so an abstract class such as
    scp:PolicyInstrument is not a type), one on `rdf:type` admits itself and its subclasses.
    None when the shapes have no such rule (everything typed is accepted)."""
    found: set[URIRef] | None = None
    for shape in shapes.subjects(SH.targetClass, SCP_POLICY):
        either = shapes.value(shape, SH["or"])
        if either is None:
            continue
        accepted: set[URIRef] = set()
        for member in Collection(shapes, either):
            path, value = shapes.value(member, SH.path), shapes.value(member, SH.hasValue)
            if not isinstance(value, URIRef):
                break
            below = set(ontology.transitive_subjects(RDFS.subClassOf, value)) - {value}
            if path == RDF.type:
                accepted |= below | {value}
            elif path is not None and list(Collection(shapes, path)) == [RDF.type, RDFS.subClassOf]:
                accepted |= below
            else:
                break
        else:
            found = accepted if found is None else found & accepted
    return found


class Resolver:
    """Every vocabulary of the ontology, by name: scheme names (`life-cycle-stage`, `sector`, ...),
    `instrument-type`, `mea-obligation` and `programme`. Given the shapes, instrument types are only
    those the shapes accept: nothing is offered that validation would refuse."""

    def __init__(self, ontology: Graph, shapes: Graph | None = None) -> None:
        self.vocabularies: dict[str, Vocabulary] = {}
        self.frameworks = set(ontology.transitive_subjects(RDFS.subClassOf, SCP_POLICY_FRAMEWORK))
        self.accepted = accepted_types(ontology, shapes) if shapes is not None else None
        self.too_general: dict[str, URIRef] = {}
        self._direct = {(s, RDFS.subClassOf, o) for s, o in ontology.subject_objects(RDFS.subClassOf)}
        self._instrument_types(ontology)
        for concept in set(ontology.subjects(SKOS.inScheme, None)):
            if not isinstance(concept, URIRef):
                continue
            for scheme in ontology.objects(concept, SKOS.inScheme):
                name = str(scheme).removeprefix(VOCAB).strip("/")
                code = ontology.value(concept, SKOS.notation)
                self.vocabulary(name).add(concept, str(code) if code else None, _labels(ontology, concept))
        for kind, cls in ((MEA_OBLIGATION, "MEAObligation"), (PROGRAMME, "Programme")):
            for node in set(ontology.subjects(RDF.type, URIRef(ONT + cls))):
                if not isinstance(node, URIRef):
                    continue
                code = ontology.value(node, SKOS.notation)
                tail = str(node).removeprefix(ID).split("/", 1)[-1]  # minamata/mercury-added-products
                self.vocabulary(kind).add(node, str(code) if code else tail, _labels(ontology, node), (tail,))
        self.meas = self._mea_index(ontology)
        """Every name of an MEA (identifier, short name, labels, IRI), normalised, to the MEA's IRI."""
        self._mea_names = self._meas(ontology)

    def _instrument_types(self, ontology: Graph) -> None:
        """Subclasses of scp:Policy that carry a code are the instrument types (frameworks included)."""
        vocabulary = self.vocabulary(INSTRUMENT_TYPE)
        for cls in ontology.transitive_subjects(RDFS.subClassOf, SCP_POLICY):
            code = ontology.value(cls, SKOS.notation)
            if isinstance(cls, URIRef) and (code is not None or cls == SCP_POLICY_FRAMEWORK):
                local = str(cls).removeprefix(ONT)
                extra = (local, f"scp:{local}", *(("framework",) if cls == SCP_POLICY_FRAMEWORK else ()))
                if self.accepted is not None and cls not in self.accepted:
                    for key in (*_labels(ontology, cls).values(), *extra, str(code or local), str(cls)):
                        self.too_general[normalise(key)] = cls
                    continue
                vocabulary.add(cls, str(code) if code else local, _labels(ontology, cls), extra)
        self._sdg1211_categories(ontology, vocabulary)

    def _sdg1211_categories(self, ontology: Graph, vocabulary: Vocabulary) -> None:
        """An SDG 12.1.1 category (code, IRI or label) names the one class the ontology maps as that
        category (closeMatch / exactMatch), so national reporting's words go in as they are. A key that
        already names a class (e.g. 'voluntary') keeps it; a category no single class is stays unknown."""
        from scpkg.ingest.crosswalk import category_classes

        for category, classes in category_classes(ontology).items():
            usable = [c for c in classes if c in vocabulary.codes]
            if len(usable) != 1:
                continue
            code = ontology.value(category, SKOS.notation)
            for key in (*_labels(ontology, category).values(), str(code or ""), str(category)):
                if key and normalise(key) not in vocabulary.keys:
                    vocabulary.keys[normalise(key)] = usable[0]

    @staticmethod
    def _mea_index(ontology: Graph) -> dict[str, URIRef]:
        names: dict[str, URIRef] = {}
        for mea in set(ontology.subjects(RDF.type, URIRef(ONT + "MultilateralEnvironmentalAgreement"))):
            if not isinstance(mea, URIRef):
                continue
            identifier = ontology.value(mea, DCTERMS.identifier)
            short = str(mea).rstrip("/").rsplit("/", 1)[-1]
            for key in (*_labels(ontology, mea).values(), str(identifier or ""), short, str(mea)):
                if key:
                    names[normalise(key)] = mea
        return names

    def _meas(self, ontology: Graph) -> dict[str, list[str]]:
        """Every name of an MEA to its obligations' codes: `basel` alone names a treaty, not what a
        policy implements, so the error lists what it could mean."""
        obligations = self.vocabulary(MEA_OBLIGATION)
        codes = {
            mea: sorted(
                obligations.codes[o]
                for o in ontology.subjects(URIRef(ONT + "obligationOf"), mea)
                if o in obligations.codes
            )
            for mea in set(self.meas.values())
        }
        return {key: codes[mea] for key, mea in self.meas.items()}

    def vocabulary(self, name: str) -> Vocabulary:
        return self.vocabularies.setdefault(name, Vocabulary(name))

    def resolve(self, vocabulary: str, value: str) -> URIRef:
        """The concept (or class) named by `value`; UnknownValueError with suggestions when none is."""
        if vocabulary == INSTRUMENT_TYPE and (general := self.too_general.get(normalise(value))):
            narrower = sorted(
                code
                for iri, code in self.vocabulary(INSTRUMENT_TYPE).codes.items()
                if (iri, RDFS.subClassOf, general) in self._direct
            )
            raise UnknownValueError(vocabulary, value, narrower, narrower, too_general=True)
        key = normalise(value)
        known = key in self.vocabulary(vocabulary).keys
        if vocabulary == MEA_OBLIGATION and not known and key in self._mea_names:
            codes = self._mea_names[key]
            hint = "it names an agreement; say which of its obligations the policy implements"
            raise UnknownValueError(vocabulary, value, codes, codes, too_general=True, narrow_hint=hint)
        return self.vocabulary(vocabulary).resolve(value)

    def is_framework(self, cls: URIRef) -> bool:
        """Only frameworks carry a framework level (term sheet: scp:frameworkLevel's domain)."""
        return cls in self.frameworks


@cache
def ontology_graph() -> Graph:
    """The shipped ontology with its generated vocabularies (SDG), parsed once per process for all."""
    from scpkg.ontology import load_graph

    return load_graph()


@cache
def default_resolver() -> Resolver:
    from scpkg.shapes.validate import shapes_graph

    return Resolver(ontology_graph(), shapes_graph())
