"""Gap reports: the ten coherence-gap answers for one scope (a country, a region, a sector or the whole
graph) as a self-contained HTML page with charts, and as Markdown, JSON and CSV.

``build_report`` asks the store (`build.py`); the renderers only format (`render_html.py`,
`render_text.py`, `charts.py`); words come from `i18n.py` and the ontology. ``write_report`` is what the
CLI and the demo call.
"""

from __future__ import annotations

from pathlib import Path

from scpkg.queries.report.build import Report, build_report

FORMATS = ("html", "md", "json", "csv")
"""Output formats, in the order files are written."""

__all__ = ["FORMATS", "Report", "build_report", "write_report"]


def write_report(
    report: Report, out_dir: Path, formats: list[str] | tuple[str, ...] = ("html",), lang: str = "en"
) -> list[Path]:
    """Write the report in each format into ``out_dir`` (created if needed); return the paths written.
    File names say the scope and, for a language other than English, the language: ``country-GHA.html``,
    ``global.zh.md``, ``global-matrix.csv``."""
    from scpkg.queries.report.render_html import render_html
    from scpkg.queries.report.render_text import render_csv, render_json, render_markdown

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report.slug() + ("" if lang == "en" else f".{lang}")
    written: list[Path] = []

    def put(name: str, text: str) -> None:
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)

    for fmt in FORMATS:
        if fmt not in formats:
            continue
        if fmt == "html":
            put(f"{stem}.html", render_html(report, lang))
        elif fmt == "md":
            put(f"{stem}.md", render_markdown(report, lang))
        elif fmt == "json":
            put(f"{report.slug()}.json", render_json(report))
        else:
            for part, text in render_csv(report).items():
                put(f"{report.slug()}-{part}.csv", text)
    return written
