"""Values no case study can mean, refused in words before anything reaches the mapper or the store.

Parsers hand over whatever the file says: NaN and Infinity (YAML `.nan`, JSON `1e400`), integers of
hundreds of digits, NUL characters and unpaired UTF-16 surrogates (`"\\ud800"` in JSON), non-text
keys, ids too long to become an IRI and a file name, nesting thousands deep. Each would fail later
with a message about the store's query parameters or a file name, or not at all; here each is one
FileError naming the field.
"""

from __future__ import annotations

import math
import re
from typing import Any

from scpkg.ingest.files import MAX_DEPTH, MAX_ID_LENGTH, MAX_NODES, FileError

MAX_INTEGER = 2**63 - 1
"""The largest whole number the stores hold (64-bit)."""

_SURROGATE = re.compile("[\ud800-\udfff]")
ID_FIELDS = frozenset({"id", "case_id", "policy_id"})


def field_path(parts: tuple[Any, ...]) -> str:
    """`policies[0].targets[1].value`, the way schema problems name a field."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(case study)"


def text_problem(text: str) -> str | None:
    """Why a string cannot be stored as text, or None."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which is not text: remove it"
    found = _SURROGATE.search(text)
    if found:
        return (
            f"contains an unpaired UTF-16 surrogate (\\u{ord(found[0]):04x}), which is not text: "
            "the file was probably cut or converted wrongly"
        )
    return None


def number_problem(value: float | int) -> str | None:
    """Why a number cannot be a case study's value, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        what = "NaN (not a number)" if math.isnan(value) else "infinite (or too large to be a number)"
        return f"the value is {what}: give a finite number, or leave the field out if it is not known"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        return f"the number has {len(str(abs(value)))} digits, more than any value a store can hold"
    return None


def check_values(data: Any) -> None:
    """Raise FileError at the first value no case study can mean (see the module docstring).

    Iterative, with a budget of MAX_NODES values: a YAML alias bomb or a self-referencing alias is
    refused after that many steps instead of being walked forever."""
    stack: list[tuple[tuple[Any, ...], Any, str | None]] = [((), data, None)]
    seen = 0
    while stack:
        parts, value, key = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise FileError(
                f"the file holds more than {MAX_NODES:,} values (counting each use of a YAML alias): "
                "far more than any case study; is it an alias bomb?"
            )
        if len(parts) > MAX_DEPTH:
            raise FileError(
                f"values are nested more than {MAX_DEPTH} levels deep; a case study needs about six",
                field_path(parts[:MAX_DEPTH]),
            )
        where = field_path(parts)
        if isinstance(value, dict):
            for k in reversed(list(value)):
                if not isinstance(k, str):
                    raise FileError(f"the key {k!r} is not text; field names are text", where)
                if (problem := text_problem(k)) is not None:
                    raise FileError(f"a field name {problem}", where)
                stack.append(((*parts, k), value[k], k))
        elif isinstance(value, list):
            stack.extend(((*parts, i), item, None) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            if (problem := text_problem(value)) is not None:
                raise FileError(f"the text {problem}", where)
            if key in ID_FIELDS and len(value) > MAX_ID_LENGTH:
                raise FileError(
                    f"the id is {len(value)} characters long, over the {MAX_ID_LENGTH} an id may have "
                    "(ids become web addresses and file names): shorten it",
                    where,
                )
        elif isinstance(value, (int, float)) and (problem := number_problem(value)) is not None:
            raise FileError(problem, where)
