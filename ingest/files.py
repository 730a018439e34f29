"""Guards every reader goes through before parsing, so one bad file gives one clear error and no crash."""

from __future__ import annotations

from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Files above this size are refused before reading (option --max-size); 10 MB is far above any case study."""


class FileError(Exception):
    """The file as a whole cannot be read: the message says why in words the author can act on."""


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
