"""Charts as inline SVG strings, drawn in Python so a report opens offline with no script library.

Every text that reaches the SVG passes through ``html.escape``: labels come from the ontology and the
store, and titles from case studies are user data. Each chart carries a ``<title>`` for screen readers
and each mark ``data-*`` attributes, so tests (and people reading the source) can check the numbers.
"""

from __future__ import annotations

from html import escape

from scpkg.queries.report.build import CoverageMatrix

_FONT = "font-family:system-ui,sans-serif;font-size:12px"
_EMPTY = {
    "no-instrument": "#fde2e1",
    "not-stated": "#fff4cc",
    "repealed-only": "#e8e0f5",
    "no-data": "#eeeeee",
}


def _shade(count: int, top: int) -> str:
    """A blue that darkens with the count (at least a light tint for one instrument)."""
    share = count / top if top else 0
    light = 90 - int(share * 55)
    return f"hsl(210,70%,{light}%)"


def matrix_svg(
    matrix: CoverageMatrix,
    stage_names: dict[str, str],
    family_names: dict[str, str],
    marks: dict[str, str],
    title: str,
) -> str:
    """The stage × family matrix: counts in shaded cells, empty cells marked 'no instrument' (pink), 'not
    stated' (yellow), 'repealed only' (violet) or 'no data' (grey, hatched) in words, not only in colour."""
    left, top, cw, ch = 170, 80, 126, 34
    width = left + cw * len(matrix.families) + 10
    height = top + ch * len(matrix.stages) + 10
    most = max((c.policies for c in matrix.cells), default=0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart matrix" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="{_FONT}">',
        f"<title>{escape(title)}</title>",
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#cccccc" '
        'stroke-width="2"/></pattern></defs>',
    ]
    for j, family in enumerate(matrix.families):
        x = left + j * cw + cw / 2
        out.append(
            f'<text x="{x:.0f}" y="{top - 10}" text-anchor="middle" font-weight="600">'
            f"{_wrap(family_names[family], x, top - 10)}</text>"
        )
    for i, stage in enumerate(matrix.stages):
        y = top + i * ch
        out.append(
            f'<text x="{left - 8}" y="{y + ch / 2 + 4:.0f}" text-anchor="end" font-weight="600">'
            f"{escape(stage_names[stage])}</text>"
        )
        for j, family in enumerate(matrix.families):
            cell = matrix.cell(stage, family)
            x = left + j * cw
            if cell.status == "instrument":
                fill = _shade(cell.policies, most)
                text = str(cell.policies)
                color = "#ffffff" if cell.policies > most / 2 else "#0b2545"
            else:
                fill = _EMPTY[cell.status]
                text = marks[cell.status]
                color = "#8a1c1c" if cell.status == "no-instrument" else "#555555"
            tip = f"{stage_names[stage]} × {family_names[family]}: {text}"
            out.append(
                f'<g class="cell" data-stage="{escape(stage)}" data-family="{escape(family)}" '
                f'data-count="{cell.policies}" data-status="{escape(cell.status)}">'
                f"<title>{escape(tip)}</title>"
                f'<rect x="{x + 1}" y="{y + 1}" width="{cw - 2}" height="{ch - 2}" rx="3" fill="{fill}"/>'
            )
            if cell.status == "no-data":
                out.append(
                    f'<rect x="{x + 1}" y="{y + 1}" width="{cw - 2}" height="{ch - 2}" rx="3" '
                    'fill="url(#hatch)"/>'
                )
            size = "13px" if cell.status == "instrument" else "10px"
            out.append(
                f'<text x="{x + cw / 2:.0f}" y="{y + ch / 2 + 4:.0f}" text-anchor="middle" '
                f'fill="{color}" style="font-size:{size}">{escape(text)}</text></g>'
            )
    out.append("</svg>")
    return "".join(out)


def _wrap(text: str, x: float, y: float, fits: int = 14) -> str:
    """A label on up to two lines when longer than `fits` characters (long names would overlap their
    neighbours or run off the chart), split where the two lines come out most even."""
    words = text.split()
    if len(text) <= fits or len(words) < 2:
        return escape(text)
    half = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    first, second = " ".join(words[:half]), " ".join(words[half:])
    return (
        f'<tspan x="{x:.0f}" dy="-14">{escape(first)}</tspan>'
        f'<tspan x="{x:.0f}" dy="14">{escape(second)}</tspan>'
    )


def bar_svg(bars: list[tuple[str, str, int]], title: str, unit: str) -> str:
    """Horizontal bars: (key, label, value) each, longest first as given."""
    left, row, bar_w = 260, 26, 360
    width = left + bar_w + 90
    height = row * len(bars) + 10
    most = max((v for _, _, v in bars), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart bars" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="{_FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (key, label, value) in enumerate(bars):
        y = 5 + i * row
        w = bar_w * value / most
        out.append(
            f'<g class="bar" data-key="{escape(key)}" data-value="{value}">'
            f"<title>{escape(f'{label}: {value} {unit}')}</title>"
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="2" fill="#2f6fb0"/>'
            f'<text x="{left + w + 6:.1f}" y="{y + 16}">{value}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def share_svg(rows: list[tuple[str, str, float | None, float | None, str]], title: str, marker: str) -> str:
    """Shares as bars on a 0-100 % axis, each with the documents' global figure as a marker line:
    (key, label, value, reference, value text) per row; a ``None`` value draws no bar."""
    left, row, bar_w = 300, 46, 380
    width = left + bar_w + 120
    height = row * len(rows) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart shares" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="{_FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for pct in (0, 25, 50, 75, 100):
        x = left + bar_w * pct / 100
        out.append(
            f'<line x1="{x:.0f}" y1="0" x2="{x:.0f}" y2="{height - 20}" stroke="#dddddd"/>'
            f'<text x="{x:.0f}" y="{height - 6}" text-anchor="middle" fill="#666666">{pct}%</text>'
        )
    for i, (key, label, value, reference, text) in enumerate(rows):
        y = 6 + i * row
        ref = "" if reference is None else f"{reference:.4g}"
        val = "" if value is None else f"{value:.6g}"
        out.append(
            f'<g class="share" data-key="{escape(key)}" data-value="{val}" data-reference="{ref}">'
            f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{_wrap(label, left - 8, y + 18, 40)}</text>'
        )
        if value is not None:
            w = bar_w * value
            out.append(
                f'<rect x="{left}" y="{y + 6}" width="{w:.1f}" height="18" rx="2" fill="#2f6fb0">'
                f"<title>{escape(text)}</title></rect>"
            )
        out.append(f'<text x="{left + bar_w + 8}" y="{y + 20}">{escape(text)}</text>')
        if reference is not None:
            x = left + bar_w * reference
            out.append(
                f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + 29}" stroke="#c0392b" '
                f'stroke-width="3"><title>{escape(f"{marker}: {reference:.0%}")}</title></line>'
                f'<text x="{x:.1f}" y="{y + 40}" text-anchor="middle" fill="#c0392b" '
                f'style="font-size:11px">{escape(f"{marker} {reference:.0%}")}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
