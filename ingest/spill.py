"""Mapped case-study graphs parked on disk between reading and validating, so memory stays flat in N.

The pipeline reads and maps the whole run first (identity, ownership and framework checks need every
record), then validates and loads in batches; in between, each graph is one pickled list of triples in
a temporary file (rdflib terms pickle small and fast), read back when its batch comes.
"""

from __future__ import annotations

import pickle
import tempfile
from typing import IO

from rdflib import Graph


class Spill:
    """An append-only temporary file of graphs, each read back by the key `put` returned."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="scpkg-ingest-")  # noqa: SIM115

    def put(self, graph: Graph) -> tuple[int, int]:
        data = pickle.dumps(list(graph), protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, 2)
        offset = self._file.tell()
        self._file.write(data)
        return offset, len(data)

    def get(self, key: tuple[int, int]) -> Graph:
        offset, size = key
        self._file.seek(offset)
        graph = Graph()
        for triple in pickle.loads(self._file.read(size)):  # noqa: S301 - our own file, this run's
            graph.add(triple)
        return graph

    def close(self) -> None:
        self._file.close()
