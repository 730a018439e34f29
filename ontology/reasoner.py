"""Run the HermiT reasoner (through owlready2) over the ontology: consistency and unsatisfiable classes.

A reasoner catches what the SPARQL checks cannot: contradictory axioms, such as a class placed under
two disjoint instrument families, or an individual typed with disjoint classes.
"""

import io
import shutil
from dataclasses import dataclass, field

import owlready2
from rdflib import Graph

from scpkg.ontology import load_graph

JAVA_HINT = "install a Java runtime (e.g. apt-get install default-jre-headless)"


class JavaMissingError(RuntimeError):
    """HermiT runs on the JVM; raised when no `java` executable can be found."""


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT said about the ontology."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def java_executable() -> str | None:
    """Path of the `java` owlready2 will run, or None when there is none."""
    configured = shutil.which(owlready2.JAVA_EXE) if owlready2.JAVA_EXE else None
    return configured or shutil.which("java")


def run_hermit(graph: Graph | None = None) -> ReasonerResult:
    """Load the graph into a fresh owlready2 world and classify it with HermiT.

    owlready2 cannot read Turtle, so the graph goes in as N-Triples. Property values are not
    inferred (`infer_property_values=False`): we want the classification, not new assertions.
    """
    java = java_executable()
    if java is None:
        raise JavaMissingError(f"the HermiT reasoner needs Java: {JAVA_HINT}")
    owlready2.JAVA_EXE = java
    data = (graph if graph is not None else load_graph()).serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology("https://w3id.org/scpkg/ont").load(fileobj=io.BytesIO(data), format="ntriples")
    try:
        with world.get_ontology("https://w3id.org/scpkg/ont/inferences"):
            # xsd:date and xsd:gYear (term-sheet ranges) are outside the OWL 2 datatype map; HermiT
            # would refuse the whole ontology, so it is told to ignore them (SHACL checks those values).
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
    except owlready2.OwlReadyInconsistentOntologyError as error:
        return ReasonerResult(consistent=False, message=str(error).strip().splitlines()[-1][:500])
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    return ReasonerResult(consistent=True, unsatisfiable=unsatisfiable)
