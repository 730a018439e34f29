"""Generate the world map's country shapes (``world/paths.json``) from the published source file.

Source: ``world/countries-110m.json``, the file of that name in the npm package ``world-atlas`` 2.0.2
(ISC licence, ``world/LICENSE-world-atlas``; the shapes are Natural Earth's 1:110m admin-0 countries,
public domain), committed unchanged; ``world/SOURCE.md`` says how to fetch it again. The TopoJSON is
decoded here (quantised, delta-encoded arcs), projected with the Equal Earth projection (equal-area, so
no country looks larger than it is) and written as one compact SVG path per country, keyed by ISO 3166
alpha-3 (world-atlas keys countries by ISO numeric code; pycountry maps it). Natural Earth features with
no ISO code (Kosovo, N. Cyprus, Somaliland) are left out and listed in the output's ``unmapped``.

``python -m scpkg.api.web.make_world`` rewrites the file; ``--check`` exits 1 when it is out of date
(``tests/web/test_map.py`` runs the same comparison).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

SOURCE = "countries-110m.json"
OUTPUT = "paths.json"
WIDTH = 1000.0
"""The map's width in SVG units; its height follows from the projection's aspect."""
PRECISION = 1
"""Decimals kept in path coordinates: 0.1 unit on a 1000-unit map is far below a pixel's worth."""

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection (Šavrič, Patterson, Jenny 2018) of degrees, in radians-based units."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_MAX = equal_earth(180.0, 0.0)[0]
_Y_MAX = equal_earth(0.0, 90.0)[1]
SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round(2 * _Y_MAX * SCALE, 1)


def _point(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return round((x + _X_MAX) * SCALE, PRECISION), round((_Y_MAX - y) * SCALE, PRECISION)


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points: TopoJSON stores quantised deltas."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from arc indices (``~i``, i.e. ``-i-1``, is arc i reversed); shared end points once."""
    ring: list[tuple[float, float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


Ring = list[tuple[float, float]]


def _clip(ring: Ring, edge: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman against one meridian: the part of ``ring`` with lon <= ``edge`` (or >=)."""
    inside = (lambda p: p[0] <= edge) if keep_below else (lambda p: p[0] >= edge)
    out: Ring = []
    for i, cur in enumerate(ring):
        prev = ring[i - 1]
        if inside(cur) != inside(prev):
            t = (edge - prev[0]) / (cur[0] - prev[0])
            out.append((edge, prev[1] + t * (cur[1] - prev[1])))
        if inside(cur):
            out.append(cur)
    return out


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Natural Earth draws a few rings across the 180th meridian (Fiji, Chukotka) and Antarctica round the
    pole; d3 cuts them on the sphere. Here: a ring around a pole is closed along the map's edge and the
    pole; a ring that crosses and comes back is unwrapped (longitudes made continuous) and clipped into
    its part on each side of the meridian."""
    jumps = [i for i in range(1, len(ring)) if abs(ring[i][0] - ring[i - 1][0]) > 180]
    if not jumps:
        return [ring]
    if len(jumps) % 2 == 1:  # round a pole: walk along the edge to the pole and back
        i = jumps[0]
        (lon0, lat0), (_, lat1) = ring[i - 1], ring[i]
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        east = 180.0 if lon0 > 0 else -180.0
        mid = (lat0 + lat1) / 2
        return [[*ring[:i], (east, mid), (east, pole), (-east, pole), (-east, mid), *ring[i:]]]
    unwrapped: Ring = [ring[0]]
    offset = 0.0
    for prev, cur in itertools.pairwise(ring):
        if cur[0] - prev[0] > 180:
            offset -= 360
        elif cur[0] - prev[0] < -180:
            offset += 360
        unwrapped.append((cur[0] + offset, cur[1]))
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        moved = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = _clip(_clip(moved, 180.0, True), -180.0, False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def _fmt(value: float) -> str:
    text = f"{value:.{PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path(rings: list[list[tuple[float, float]]]) -> str:
    """One SVG path: each ring an absolute move and relative lines, points closer than the precision
    dropped (they vanish at this scale anyway)."""
    parts = []
    for ring in rings:
        projected: list[tuple[float, float]] = []
        for lon, lat in ring:
            p = _point(lon, lat)
            if not projected or p != projected[-1]:
                projected.append(p)
        if len(projected) < 3:
            continue
        (x0, y0), rest = projected[0], projected[1:]
        steps = []
        px, py = x0, y0
        for x, y in rest:
            steps.append(f"{_fmt(x - px)} {_fmt(y - py)}")
            px, py = x, y
        parts.append(f"M{_fmt(x0)} {_fmt(y0)}l" + " ".join(steps) + "z")
    return "".join(parts)


def build(topology: dict[str, Any]) -> dict[str, Any]:
    """The generated data: viewBox size, source note, ISO3 -> {name, d}, and the unmapped features."""
    arcs = _arcs(topology)
    countries: dict[str, dict[str, str]] = {}
    unmapped: list[str] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        if country is None:
            unmapped.append(name)
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [
            piece for polygon in polygons for r in polygon for piece in split_antimeridian(_ring(r, arcs))
        ]
        countries[country.alpha_3] = {"name": name, "d": _path(rings)}
    return {
        "source": "world-atlas 2.0.2 countries-110m.json (Natural Earth 1:110m, public domain; ISC licence)",
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": dict(sorted(countries.items())),
        "unmapped": sorted(unmapped),
    }


def folder() -> Path:
    """The folder of the source and generated files (``api/web/world``)."""
    return Path(str(resources.files("scpkg.api.web") / "world"))


def generated() -> str:
    """The text ``world/paths.json`` must hold: built from the committed source file."""
    topology = json.loads((folder() / SOURCE).read_text(encoding="utf-8"))
    return json.dumps(build(topology), ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if world/paths.json is out of date")
    args = parser.parse_args(argv)
    target = folder() / OUTPUT
    text = generated()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run python -m scpkg.api.web.make_world", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
