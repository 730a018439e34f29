"""A gap report opened in headless Chromium from a file:// URL: it renders without console errors,
requests nothing beyond its own file, shows every section, and gets a screenshot (in the test's tmp
directory, for a person to look at when the test fails).

Drives Debian's /usr/bin/chromium through Playwright (never a downloaded browser), as the explorer test
does (tests/api/test_explorer.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scpkg.queries.report import Report, write_report
from scpkg.queries.report.i18n import MESSAGES


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_in_chromium(ghana_report: Report, tmp_path: Path, lang: str, chromium: Any) -> None:
    (html,) = write_report(ghana_report, tmp_path, ["html"], lang)
    url = html.resolve().as_uri()
    errors: list[str] = []
    requests: list[str] = []
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    shot = tmp_path / f"report-{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    ids = page.eval_on_selector_all("section[id]", "els => els.map(e => e.id)")
    h2 = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent.trim())")
    matrix_cells = page.locator("#coverage-matrix svg g.cell").count()
    no_instrument = page.locator('#coverage-matrix g.cell[data-status="no-instrument"]').count()
    bars = page.locator("#lead-ministries svg g.bar").count()
    markers = page.locator("#shares svg g.share line[stroke='#c0392b']").count()
    box = page.locator("#coverage-matrix svg").bounding_box()
    page.click('#q-life-cycle-coverage a[href^="#cs-"] >> nth=0')
    target = page.evaluate("location.hash")
    assert errors == []
    assert [u for u in requests if u != url] == []
    assert shot.stat().st_size > 10_000
    expected = [
        "summary",
        "coverage-matrix",
        "lead-ministries",
        "shares",
        "mea-transposition",
        "sdg-12-1-1",
        "questions",
    ]
    assert ids[: len(expected)] == expected and ids[-1] == "evidence"
    assert "q-life-cycle-coverage" in ids and "q-implementation" in ids
    for key in ("summary", "coverage_matrix", "lead_ministries", "shares", "mea_transposition"):
        assert MESSAGES[lang][key] in h2, key
    # Six stages and the "stage not stated" row, by six instrument families; Ghana's one filled cell is
    # end of life x economic (the e-waste EPR and the food-waste levy), and no instrument lacks a stage.
    assert matrix_cells == 42 and no_instrument == 41 and bars == 2 and markers == 3
    assert box is not None and box["width"] > 300 and box["height"] > 200
    assert target == "#cs-fixture-gaps-ghana"
