"""Gap reports in the six UN languages: every heading translated, Arabic right to left, and the numbers
the same whatever the language (only words change), from the library and from `scpkg report --lang`."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.queries.report import Report
from scpkg.queries.report.i18n import LANGUAGES, MESSAGES, direction, message
from scpkg.queries.report.render_html import render_html
from scpkg.queries.report.render_text import render_markdown

SIX = ("en", "fr", "es", "ru", "zh", "ar")


def _slots(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_report_message_is_written_in_all_six_languages() -> None:
    assert set(LANGUAGES) == set(SIX)
    english = MESSAGES["en"]
    for lang in SIX:
        missing = sorted(set(english) - set(MESSAGES[lang]))
        assert not missing, f"{lang} lacks {missing}"
        extra = sorted(set(MESSAGES[lang]) - set(english))
        assert not extra, f"{lang} has keys English lacks: {extra}"
        for key, text in MESSAGES[lang].items():
            assert text.strip(), f"{lang}.{key} is empty"
            assert _slots(text) == _slots(english[key]), f"{lang}.{key} changes the {{slots}} of the English"


def test_translated_headings_are_not_left_in_english() -> None:
    # the long sentences and headings must really be translated (short codes like 'Total' may coincide)
    for lang in ("fr", "es", "ru", "zh", "ar"):
        same = [
            k
            for k in ("title", "summary", "statuses_note", "coverage_matrix_note")
            if message(k, lang) == message(k, "en")
        ]
        assert not same, f"{lang} copies English for {same}"


@pytest.mark.parametrize("lang", SIX)
def test_report_html_says_its_language_and_arabic_is_right_to_left(global_report: Report, lang: str) -> None:
    html = render_html(global_report, lang)
    opening = re.search(r"<html[^>]*>", html)
    assert opening is not None
    if lang == "ar":
        assert opening.group(0) == '<html lang="ar" dir="rtl">'
        assert direction("ar") == "rtl"
    else:
        assert opening.group(0) == f'<html lang="{lang}">' and direction(lang) == "ltr"
    assert f'<h1 id="top">{message("title", lang)}</h1>' in html
    # no physical left/right in the report's CSS, so the Arabic page mirrors
    css = html[html.index("<style>") : html.index("</style>")]
    assert not re.search(r"margin-(left|right)|text-align:(left|right)", css), css


def _numbers(html: str) -> list[str]:
    """Every number the HTML carries in a data attribute or a status cell, in document order."""
    cells = re.findall(r'<td data-status="[^"]+">(\d+)</td>', html)
    attrs = re.findall(r'data-(?:total|either|described|reported-only|value|reference)="([^"]*)"', html)
    return cells + attrs


def test_numbers_are_the_same_in_every_language(global_report: Report, ghana_report: Report) -> None:
    for report in (global_report, ghana_report):
        english = _numbers(render_html(report, "en"))
        assert len(english) > 20  # the summary alone has 6 statuses x 11 rows
        for lang in SIX[1:]:
            assert _numbers(render_html(report, lang)) == english, lang
        md_en = re.findall(r"\b\d+\b", render_markdown(report, "en").split("\n## ", 1)[1])
        for lang in SIX[1:]:
            md = render_markdown(report, lang)
            assert len(re.findall(r"\b\d+\b", md)) >= len(md_en) // 2, lang  # tables kept, not dropped


def test_cli_writes_an_arabic_report_right_to_left(store_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--country",
            "GHA",
            "--lang",
            "ar",
            "-f",
            "html,md",
            "-o",
            str(tmp_path),
            "--store",
            store_url,
        ],
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "country-GHA.ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html and MESSAGES["ar"]["title"] in html
    assert MESSAGES["ar"]["summary"] in (tmp_path / "country-GHA.ar.md").read_text(encoding="utf-8")


def test_cli_refuses_a_language_it_has_no_catalogue_for(store_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--global", "--lang", "de", "-o", str(tmp_path), "--store", store_url]
    )
    assert result.exit_code != 0
    assert "de" in result.output and "ar" in result.output  # names what was asked and what exists
    assert not list(tmp_path.iterdir())
