"""Rendering a page of the web front: one Jinja2 environment, the interface language, the URL state.

The interface speaks the six UN languages. The language is part of the URL (``?lang=ar``), so a page
can be bookmarked and shared as it was seen; without it, ``Accept-Language`` chooses and English is
the default. Arabic pages are right to left (``dir="rtl"`` on ``<html>``).

Words of the interface come from the message catalogues in ``messages/*.yaml`` (one file per area of
the front, each key with its six translations); :func:`t` falls back to English for a missing
translation and to the key itself for a missing key, so a page never fails on a word.

Every page is sent with :data:`PAGE_CSP`: it may load and call nothing but this server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""The six UN languages, in the order the language switcher shows them."""
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "zh": "中文",
    "ar": "العربية",
}
"""Each language in its own words, for the switcher."""
RTL = frozenset({"ar"})

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
"""Pages load scripts, styles and images from this server only, and no inline script or style: what
the front promises (no CDN, nothing fetched elsewhere) is enforced by the browser, and a stray external
reference shows up as a console error in the browser tests."""


@cache
def messages() -> dict[str, dict[str, str]]:
    """Every catalogue merged: key -> language -> text. A key defined in two files is a mistake."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("scpkg.api.web") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text("utf-8")) or {}
        for key, texts in data.items():
            if key in out:
                raise ValueError(f"message {key!r} is defined twice (second time in messages/{entry.name})")
            out[str(key)] = {str(lang): str(text) for lang, text in texts.items()}
    return out


def translate(lang: str, key: str, **values: Any) -> str:
    """The text of ``key`` in ``lang`` (English if untranslated), with ``{name}`` slots filled."""
    texts = messages().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get("en") or key
    return text.format(**values) if values else text


def language(request: Request) -> str:
    """``?lang=`` if it is one of the six, else the best of ``Accept-Language``, else English."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        return asked
    best, best_q = "en", 0.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def url_with(request: Request, path: str | None = None, **changes: str | Iterable[str] | None) -> str:
    """This page's URL (or ``path``) with query parameters changed: a value of None removes one, a list
    sets a repeated parameter. Facet links, pagination and the language switcher keep the rest of
    the state this way."""
    items: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        items.setdefault(key, []).append(value)
    for key, value in changes.items():
        key = key.rstrip("_")  # from_=... for a parameter named like a Python keyword
        if value is None:
            items.pop(key, None)
        elif isinstance(value, str):
            items[key] = [value]
        else:
            items[key] = list(value)
    query = urlencode([(k, v) for k, vs in items.items() for v in vs])
    target = request.url.path if path is None else path
    return f"{target}?{query}" if query else target


@cache
def environment() -> Environment:
    """Templates in ``templates/``; every value is HTML-escaped unless a template says otherwise."""
    env = Environment(
        loader=PackageLoader("scpkg.api.web", "templates"),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    return env


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` for this request. Templates get ``lang``, ``dir``, ``t(key, **values)``,
    ``url_with(**changes)`` and ``request`` besides ``context``."""
    lang = language(request)

    def t(key: str, **values: Any) -> str:
        return translate(lang, key, **values)

    def here(path: str | None = None, **changes: Any) -> str:
        return url_with(request, path, **changes)

    body = (
        environment()
        .get_template(template)
        .render(
            request=request,
            lang=lang,
            dir="rtl" if lang in RTL else "ltr",
            t=t,
            url_with=here,
            **(context or {}),
        )
    )
    out = HTMLResponse(body, status_code=status_code, headers=dict(headers or {}))
    out.headers["Content-Security-Policy"] = PAGE_CSP
    out.headers["Content-Language"] = lang
    out.headers.setdefault("Vary", "Accept-Language")
    return out


def error_page(
    request: Request, status_code: int, title_key: str, detail: str, suggestions: Iterable[str] = ()
) -> HTMLResponse:
    """A page that says what was wrong and what would work, never an empty result."""
    return page(
        request,
        "error.html",
        {"title_key": title_key, "detail": detail, "suggestions": list(suggestions)},
        status_code=status_code,
    )
