"""`scpkg export`: dump the whole graph, with provenance, as RDF.

Two shapes, because plain Turtle and N-Triples cannot say which case study asserted a triple:

- ``trig``, ``nq`` and ``jsonld`` hold a *dataset*: one named graph per case study, named by the
  case-study IRI, with exactly the triples it asserted (reference data in the graph of the pseudo case
  study ``id/case-study/reference``). This is the complete dump: each named graph re-imports through
  the RDF ingest path as it is (a Turtle file of one case study), and the merged graph the store builds
  from them is the one exported.
- ``ttl`` and ``nt`` hold the *merged graph* the store serves (its reverse projection, what every
  case study together says), without provenance; use them for tools that read single graphs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from scpkg.cli.options import StoreOpt, store_session

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from scpkg.store import GraphStore

err = Console(stderr=True)


class Format(StrEnum):
    """Export formats; the dataset formats carry provenance."""

    trig = "trig"
    nq = "nq"
    jsonld = "jsonld"
    ttl = "ttl"
    nt = "nt"


DATASET_FORMATS = {Format.trig: "trig", Format.nq: "nquads", Format.jsonld: "json-ld"}
GRAPH_FORMATS = {Format.ttl: "turtle", Format.nt: "nt"}


def dump_dataset(store: GraphStore) -> Dataset:
    """One named graph per case study with the triples it asserted, prefixes bound for readability."""
    ds = store.provenance_dataset()
    _bind(ds)
    return ds


def dump_graph(store: GraphStore) -> Graph:
    """The merged graph (the store's reverse projection)."""
    g = store.graph_to_rdf()
    _bind(g)
    return g


def serialize(store: GraphStore, fmt: Format) -> str:
    """The store's content in ``fmt`` (see the module docstring for what each format holds)."""
    if fmt in DATASET_FORMATS:
        return dump_dataset(store).serialize(format=DATASET_FORMATS[fmt])
    return dump_graph(store).serialize(format=GRAPH_FORMATS[fmt])


def _bind(graph: Graph | Dataset) -> None:
    from scpkg.api.linked_data import prefixes
    from scpkg.ontology import load_graph

    for prefix, ns in prefixes(load_graph()).items():
        graph.bind(prefix, ns, override=True, replace=True)


def export(
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="trig, nq or jsonld: one named graph per case study (with provenance); "
            "ttl or nt: the merged graph, without provenance.",
        ),
    ] = Format.trig,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write [default: standard output].", dir_okay=False),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Dump the whole graph as RDF: every case study as its own named graph (trig, nq, jsonld), which
    re-imports unchanged, or the merged graph (ttl, nt)."""
    with store_session(store) as graph_store:
        text = serialize(graph_store, fmt)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {out}: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(code=2) from exc
    err.print(f"Wrote {out} ({fmt.value}).", highlight=False)
