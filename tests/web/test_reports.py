"""Gap reports in the browser (/reports): the page shows the numbers `scpkg report` writes, in Chinese and
Arabic too; each download parses and matches the report; an unknown scope is an error with suggestions.

On the bundled examples (``web_store``) through the app ``scpkg serve`` runs (``web_client``)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

import pytest
from starlette.testclient import TestClient

from scpkg.api.web.reports import CSV_PARTS, ScopeError, parse_scope, report_fragment
from scpkg.queries.catalogue import STATUSES, Scope
from scpkg.queries.report import Report, build_report
from scpkg.queries.report.i18n import MESSAGES
from scpkg.queries.report.render_html import render_html
from scpkg.queries.report.render_text import render_csv
from scpkg.store import GraphStore

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def ghana(web_store: GraphStore) -> Report:
    return build_report(web_store, Scope(country="GHA"))


def _section(html: str) -> str:
    start = html.index('<section id="report"')
    return html[start : html.rindex("</section>")]


def _summary(html: str) -> dict[str, dict[str, int]]:
    """question id (or 'total') -> status -> count, from the summary table's rows."""
    out: dict[str, dict[str, int]] = {}
    for qid, cells in re.findall(r'<tr data-question="([^"]+)">(.*?)</tr>', html, flags=re.S):
        found = dict(re.findall(r'<td data-status="([^"]+)">(\d+)</td>', cells))
        if found:
            out[qid] = {s: int(n) for s, n in found.items()}
    return out


def _expected_summary(report: Report) -> dict[str, dict[str, int]]:
    out = {a.question.id: {s: a.counts()[s] for s in STATUSES} for a in report.answers}
    totals = report.counts()
    out["total"] = {s: totals.get(s, 0) for s in STATUSES}
    return out


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_report_page_numbers_are_those_of_build_report(
    web_client: TestClient, ghana: Report, lang: str
) -> None:
    r = web_client.get("/reports", params={"scope": "country:GHA", "lang": lang}, headers=HTML)
    assert r.status_code == 200
    section = _section(r.text)
    summary = _summary(section)
    assert summary == _expected_summary(ghana)
    assert sum(summary["total"].values()) > 0  # the examples give Ghana findings: not a vacuous match
    totals = dict(re.findall(r'data-family="([^"]+)" data-total="(\d+)"', section))
    assert {f: int(n) for f, n in totals.items()} == ghana.matrix.totals
    assert MESSAGES[lang]["title"] in section and MESSAGES[lang]["summary"] in section


def test_arabic_report_page_is_right_to_left_and_needs_no_inline_style(web_client: TestClient) -> None:
    r = web_client.get("/reports?scope=country:GHA&lang=ar", headers=HTML)
    assert re.search(r'<html lang="ar" dir="rtl">', r.text)
    assert "style-src 'self';" in r.headers["content-security-policy"]  # no 'unsafe-inline'
    section = _section(r.text)
    assert " style=" not in section and "<style" not in section and "<script" not in section
    assert 'href="https://w3id.org/scpkg/' not in section  # IRIs link to this server's pages


def test_report_form_offers_every_scope_kind_and_the_six_languages(web_client: TestClient) -> None:
    r = web_client.get("/reports?scope=country:GHA", headers=HTML)
    form = r.text[r.text.index('<form id="report-form"') : r.text.index("</form>")]
    assert '<select id="report-scope" name="scope"' in form
    assert '<option value="country:GHA" selected>' in form
    for value in ("world", "country:KEN", "region:002", "region:513", "sector:textiles"):
        assert f'value="{value}"' in form, value
    langs = re.findall(r'<option value="(\w\w)" lang="\w\w"', form)
    assert langs == ["en", "fr", "es", "ru", "zh", "ar"]
    assert '<label for="report-scope">' in form and '<label for="report-lang">' in form


def test_reports_page_without_a_scope_shows_the_form_only(web_client: TestClient) -> None:
    r = web_client.get("/reports", headers=HTML)
    assert r.status_code == 200 and 'id="report-form"' in r.text and 'id="report"' not in r.text


def _download(client: TestClient, fmt: str, **extra: str) -> Any:
    r = client.get("/reports/download", params={"scope": "country:GHA", "format": fmt, **extra})
    assert r.status_code == 200, r.text[:500]
    return r


def test_json_download_is_the_reports_json(web_client: TestClient, ghana: Report) -> None:
    r = _download(web_client, "json")
    assert r.headers["content-disposition"] == 'attachment; filename="country-GHA.json"'
    data = json.loads(r.content)
    expected = json.loads(json.dumps(ghana.to_dict(), ensure_ascii=False))
    data.pop("generated"), expected.pop("generated")
    assert data == expected


def test_csv_download_is_every_table_of_the_report(web_client: TestClient, ghana: Report) -> None:
    r = _download(web_client, "csv")
    assert r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        files = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    assert set(files) == {f"country-GHA-{p}.csv" for p in CSV_PARTS}
    assert files == {f"country-GHA-{k}.csv": v for k, v in render_csv(ghana).items()}
    one = _download(web_client, "csv", part="findings")
    rows = list(csv.DictReader(io.StringIO(one.content.decode("utf-8"))))
    assert len(rows) == sum(len(a.findings) for a in ghana.answers) > 0
    assert sorted((r["question"], r["status"]) for r in rows) == sorted(
        (a.question.id, f.status) for a in ghana.answers for f in a.findings
    )


def test_html_and_markdown_downloads_are_the_clis_files(web_client: TestClient, ghana: Report) -> None:
    r = _download(web_client, "html", lang="ar")
    assert r.headers["content-disposition"] == 'attachment; filename="country-GHA.ar.html"'
    assert r.text == render_html(ghana, "ar").replace(ghana.generated, _generated(r.text))
    assert '<html lang="ar" dir="rtl">' in r.text
    md = _download(web_client, "md", lang="zh")
    assert md.headers["content-disposition"] == 'attachment; filename="country-GHA.zh.md"'
    assert MESSAGES["zh"]["summary"] in md.text


def _generated(html: str) -> str:
    found = re.search(r"\d{4}-\d\d-\d\d", html)
    assert found
    return found.group(0)


def test_unknown_scope_is_an_error_page_with_suggestions(web_client: TestClient) -> None:
    r = web_client.get("/reports?scope=country:Ghanaa", headers=HTML)
    assert r.status_code == 400
    assert "Ghanaa" in r.text and "country:GHA (Ghana)" in r.text
    r = web_client.get("/reports?scope=region:Carribean", headers=HTML)
    assert r.status_code == 400 and "region:029 (Caribbean" in r.text
    r = web_client.get("/reports/download?scope=planet:earth&format=json", headers=HTML)
    assert r.status_code == 400 and "country:GHA" in r.text


def test_unknown_download_format_names_the_formats(web_client: TestClient) -> None:
    r = web_client.get("/reports/download?scope=world&format=pdf", headers=HTML)
    assert r.status_code == 400 and "format=json" in r.text and "format=csv" in r.text
    r = web_client.get("/reports/download?scope=world&format=csv&part=nope", headers=HTML)
    assert r.status_code == 400 and "part=findings" in r.text


def test_scope_texts_parse_as_the_clis_options() -> None:
    assert parse_scope("world") == Scope() == parse_scope("global")
    assert parse_scope("country:gha") == Scope(country="GHA")
    assert parse_scope("region:Caribbean") == Scope(region="029")
    assert parse_scope("country:GHA,sector:food") == Scope(country="GHA", sector="food")
    for bad in ("", "country", "country:GHA,region:002", "country:GHA,country:KEN", "planet:x"):
        with pytest.raises(ScopeError):
            parse_scope(bad)


def test_fragment_keeps_the_reports_numbers_and_drops_inline_styles(ghana: Report) -> None:
    html = render_html(ghana, "fr")
    assert ' style="' in html  # the standalone page has inline styles: the fragment must convert them
    fragment = report_fragment(html)
    assert ' style="' not in fragment and "<style" not in fragment and "<main" not in fragment
    assert '<h2 id="report-title">' in fragment and "<h1" not in fragment
    assert "<th>" in html and "<th>" not in fragment  # every header cell says its scope
    assert '<th scope="col">' in fragment
    assert _summary(fragment) == _summary(html) == _expected_summary(ghana)
    assert 'font-family="system-ui,sans-serif"' in fragment  # the charts' font, as an SVG attribute
