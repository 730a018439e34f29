"""Query parameters in FalkorDB's ``CYPHER name=value ...`` header, written faster than its client does.

falkordb-py turns every parameter value into Cypher text with a recursive function that tests each
value against six types; for a bulk load's batch (ten megabytes of rows) that was as long as the
server took to run the statement (issue 11). This writes exactly the same text (checked against the
client's own function in the tests), dispatching on the exact type and inlining strings, the values
most rows hold; anything unusual goes to the client's function.
"""

from __future__ import annotations

from typing import Any

from falkordb.helpers import stringify_param_value

_KEYS: set[str] = set()
"""Map keys and parameter names already checked (the same few hundred names come back every row)."""


def _key(key: Any) -> str:
    if key in _KEYS:
        return key  # type: ignore[no-any-return]
    text = key.decode() if isinstance(key, bytes) else str(key)
    if text == "":
        raise ValueError("Cypher map key cannot be empty")
    if "`" in text:
        raise ValueError(
            f"Cypher map key cannot contain a backtick: {text!r} (FalkorDB does not support escaped "
            "backticks in identifiers)"
        )
    if type(key) is str:
        _KEYS.add(key)
    return text


def value_text(value: Any) -> str:
    """``falkordb.helpers.stringify_param_value(value)``, faster."""
    kind = type(value)
    if kind is str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind is list or kind is tuple:
        return (
            "["
            + ",".join(
                [
                    '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    if type(v) is str
                    else value_text(v)
                    for v in value
                ]
            )
            + "]"
        )
    if kind is dict:
        return (
            "{"
            + ",".join(
                [
                    "`"
                    + _key(k)
                    + "`:"
                    + (
                        '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
                        if type(v) is str
                        else value_text(v)
                    )
                    for k, v in value.items()
                ]
            )
            + "}"
        )
    if kind is int or kind is float or kind is bool:
        return str(value)
    if value is None:
        return "null"
    return str(stringify_param_value(value))


def header(params: dict[str, Any]) -> str:
    """The ``CYPHER ...`` prefix falkordb-py's ``Graph._build_params_header(params)`` would write."""
    parts = ["CYPHER "]
    for name, value in params.items():
        if name == "" or "`" in str(name):
            raise ValueError(f"Cypher parameter name {name!r} cannot be empty or contain a backtick")
        parts.append(f"`{name}`={value_text(value)} ")
    return "".join(parts)
