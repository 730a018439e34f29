"""Guards every reader goes through before parsing, so one bad file gives one clear error and no crash."""

from __future__ import annotations

from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Files above this size are refused before reading (option --max-size); 10 MB is far above any case study."""


MAX_DEPTH = 64
"""Nesting deeper than this (lists in mappings in lists...) is refused: a case study needs about 6."""

MAX_NODES = 1_000_000
"""Values (after YAML aliases are expanded) one file may hold: an alias bomb expands far past it."""

MAX_TRIPLES = 200_000
"""Triples one RDF file may hold (a case study has hundreds; an export of 1,000 case studies fits)."""

MAX_ROWS = 100_000
"""Spreadsheet rows one file may hold (empty rows count: a sheet can claim a million of them)."""

MAX_CELLS = 2_000_000
"""Spreadsheet cells one file may hold."""

MAX_UNZIPPED = 64 * 1024 * 1024
"""Declared uncompressed size of an XLSX's parts, checked before any part is parsed: a 3 MB file can
unzip to gigabytes of shared strings."""

MAX_ID_LENGTH = 120
"""Characters in an id (case study, policy, hotspot): ids become IRIs and report file names."""


class FileError(Exception):
    """The file as a whole cannot be read: the message says why in words the author can act on.

    `field` names the place in the file at fault when there is one (e.g. `policies[0].targets[0].value`).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_size(path: Path, max_bytes: int) -> int:
    """Refuse empty and oversized files from their size alone, before a byte is read."""
    size = path.stat().st_size
    if size == 0:
        raise FileError("the file is empty")
    if size > max_bytes:
        raise FileError(
            f"the file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.1f} MB limit "
            "(raise it with --max-size if the file really is a case study)"
        )
    return size


def read_bytes(path: Path, max_bytes: int) -> bytes:
    check_size(path, max_bytes)
    return path.read_bytes()


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) text, refusing binary content and other encodings by name."""
    if b"\x00" in data[:8192]:
        raise FileError("the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            f"the file is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); save it as UTF-8"
        ) from exc
    if not text.strip():
        raise FileError("the file has nothing but white space")
    return text
