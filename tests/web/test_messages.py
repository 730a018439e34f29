"""The interface's words (``api/web/messages/*.yaml``): six languages for every key, the same slots in
each, real translations in the scripts that need them, and no word a template asks for that is missing
(``render.translate`` would show the bare key instead of failing, so only this test catches it)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from scpkg.api.web.render import LANGUAGES, messages

WEB = Path(str(resources.files("scpkg.api.web")))
CATALOGUES = sorted((WEB / "messages").glob("*.yaml"))
TEMPLATES = sorted((WEB / "templates").rglob("*.html"))
SOURCES = sorted(WEB.glob("*.py"))

SCRIPTS = {
    "zh": re.compile(r"[\u3400-\u9fff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
"""A translation into these languages holds at least one letter of their script."""
WORD = re.compile(r"\b[a-z]{3,}\b")
"""A lowercase English word: text with none (``CSV``, ``GraphQL``, ``{n}``) may stay as it is."""

# t("key") / t('key', n=...) in a template; translate(lang, "key") and error_page(request, 404, "key", ...)
# in the front's Python.
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(["'])([^"']+)\1\s*(~|[,)])""")
"""A literal key, or (followed by ``~``) the literal start of a key built in the template."""
PY_CALLS = (
    re.compile(r"""\btranslate\(\s*[\w.]+\s*,\s*(["'])([^"']+)\1"""),
    re.compile(r"""\berror_page\(\s*[\w.]+\s*,\s*[\w.]+\s*,\s*(["'])([^"']+)\1"""),
)


class _UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (safe_load keeps the last silently)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _entries() -> Iterator[tuple[str, str, Any]]:
    for path in CATALOGUES:
        data = yaml.load(path.read_text("utf-8"), Loader=_UniqueKeys) or {}  # noqa: S506 (a safe loader)
        for key, texts in data.items():
            yield path.name, str(key), texts


ENTRIES = list(_entries())


def _slots(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_no_message_catalogue_found() -> None:
    assert (WEB / "messages" / "common.yaml") in CATALOGUES
    assert len(ENTRIES) > 10


def test_message_defined_twice_across_catalogues() -> None:
    messages.cache_clear()
    merged = messages()  # raises on a key in two files
    assert len(merged) == len(ENTRIES)


@pytest.mark.parametrize(("catalogue", "key", "texts"), ENTRIES, ids=[f"{c}:{k}" for c, k, _ in ENTRIES])
def test_message_missing_language_or_slot(catalogue: str, key: str, texts: Any) -> None:
    assert isinstance(texts, dict), f"{catalogue}: {key} is not a mapping of language -> text"
    assert set(texts) == set(LANGUAGES), f"{catalogue}: {key} has {sorted(texts)}, needs {sorted(LANGUAGES)}"
    for lang, text in texts.items():
        assert isinstance(text, str) and text.strip(), f"{catalogue}: {key}.{lang} is empty or not text"
    english = _slots(texts["en"])
    for lang, text in texts.items():
        assert _slots(text) == english, (
            f"{catalogue}: {key}.{lang} has slots {_slots(text)}, en has {english}"
        )
        text.format(**dict.fromkeys(english, "1"))  # a stray brace fails here, not on a page


@pytest.mark.parametrize(("catalogue", "key", "texts"), ENTRIES, ids=[f"{c}:{k}" for c, k, _ in ENTRIES])
def test_message_left_untranslated(catalogue: str, key: str, texts: Any) -> None:
    if not isinstance(texts, dict) or not WORD.search(str(texts.get("en", ""))):
        return  # codes, acronyms and names read the same in every language
    for lang, script in SCRIPTS.items():
        text = str(texts.get(lang, ""))
        assert script.search(text), f"{catalogue}: {key}.{lang} = {text!r} has no letter of its script"
    for lang in ("fr", "es"):
        if texts.get(lang) == texts["en"] and len(WORD.findall(texts["en"])) > 1:
            pytest.fail(f"{catalogue}: {key}.{lang} is the English text {texts['en']!r}")


def _used_keys() -> Iterator[tuple[str, str]]:
    for path in TEMPLATES:
        for match in TEMPLATE_CALL.finditer(path.read_text("utf-8")):
            prefix = "*" if match.group(3) == "~" else ""
            yield f"templates/{path.relative_to(WEB / 'templates')}", match.group(2) + prefix
    for path in SOURCES:
        text = path.read_text("utf-8")
        for pattern in PY_CALLS:
            for match in pattern.finditer(text):
                yield path.name, match.group(2)


USED = sorted(set(_used_keys()))


def test_no_template_uses_a_message() -> None:
    assert any(where.startswith("templates/base.html") for where, _ in USED), USED


@pytest.mark.parametrize(("where", "key"), USED, ids=[f"{w}:{k}" for w, k in USED])
def test_message_used_but_not_defined(where: str, key: str) -> None:
    keys = {k for _, k, _ in ENTRIES}
    if key.endswith("*"):  # t("report_download_" ~ format): some key must start so
        assert any(k.startswith(key[:-1]) for k in keys), f"{where} builds keys {key}, no catalogue has one"
        return
    assert key in keys, f"{where} asks for message {key!r}, which no catalogue defines"
