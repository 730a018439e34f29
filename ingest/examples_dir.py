"""Where the bundled example case studies are, for a source tree and an installed wheel alike."""

from contextlib import AbstractContextManager
from importlib.resources import as_file, files
from pathlib import Path


def examples_dir() -> AbstractContextManager[Path]:
    """A real directory holding the examples (`with examples_dir() as path:`), even from a zipped install."""
    return as_file(files("scpkg.ingest") / "examples")
