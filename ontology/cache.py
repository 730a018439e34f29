"""A per-user cache of the parsed ontology, so every CLI command does not parse ~8,000 triples of Turtle.

Why: since the SDG vocabulary became complete, parsing the ontology is most of a short command's
start-up (about 0.45 s of Turtle against 0.1 s to unpickle). The cache is keyed by a sha256 of the
exact Turtle text and the rdflib and Python versions, so an edited ontology, a generated SDG file
or an upgrade never reads a stale graph; anything wrong with a cache file (missing, unreadable,
truncated, not ours) only means parsing again. Files are written atomically (temp file, rename),
mode 0600, and read only when owned by this user and not writable by others: a pickle is code.
The store's label allow-list derived from the graph is cached the same way (``build_cached``), keyed
also by the code that derives it: a command that only queries the store need not unpickle the graph.
"""

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph
from rdflib import __version__ as rdflib_version

_LOG = logging.getLogger("scpkg.ontology.cache")

CACHE_ENV = "SCPKG_CACHE_DIR"
"""Set to a folder to keep the cache there, or to an empty string to switch the cache off."""


def cache_dir() -> Path | None:
    """Where parsed graphs are kept: $SCPKG_CACHE_DIR, else the user cache folder; None when off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("scpkg")) / "ontology"


def cache_key(text: str, *extra: str) -> str:
    """Identity of a parse result: the text and the software that parses and pickles it (``extra``:
    whatever else a derived result depends on, such as the code that derives it)."""
    digest = hashlib.sha256()
    for part in (f"rdflib {rdflib_version}", f"python {sys.version_info[:2]}", text, *extra):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Ours and writable by no one else (POSIX); on other systems the folder's own ACLs rule."""
    if not hasattr(os, "getuid"):
        return True
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _parse(text: str) -> Graph:
    graph = Graph()
    graph.parse(data=text, format="turtle")
    return graph


def parse_cached(text: str, folder: Path | None) -> Graph:
    """The graph of a Turtle text, from the cache when it holds this exact text's parse, else parsed
    (and stored for the next process). Never raises for a cache problem."""
    return build_cached(cache_key(text), lambda: _parse(text), Graph, folder)


def build_cached[T](key: str, build: Callable[[], T], kind: type[T], folder: Path | None) -> T:
    """``build()``'s result, unpickled from ``folder/<key>.pickle`` when that holds an instance of
    ``kind``, else built and stored for the next process. ``key`` must name everything the result
    depends on (texts, code, library versions). Never raises for a cache problem: any (missing,
    truncated, foreign) file only means building again."""
    if folder is None:
        return build()
    path = folder / f"{key}.pickle"
    try:
        if path.is_file() and _trusted(path):
            # Our own file in our own folder, checked above: no one else can have written it.
            value = pickle.loads(path.read_bytes())  # noqa: S301
            if isinstance(value, kind):
                return value
    except Exception as error:  # a truncated or foreign file: build instead, and overwrite it below
        _LOG.debug("ontology cache %s unusable (%s); building", path, error)
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        tmp = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as error:  # a read-only home or full disk: the next process builds again
        _LOG.debug("ontology cache %s not written (%s)", path, error)
    return value
