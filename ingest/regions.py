"""The one region resolver: every region the graph holds, what kind it is, and how text names one.

The graph holds the World, the UN M49 regions, sub-regions and intermediate regions that some
country is in, and the UN SDG regional groupings (bundled `data/sdg-regions.csv`). The CLI's scopes
(:mod:`scpkg.queries.catalogue`), the GraphQL arguments (:mod:`scpkg.api.resolve`) and the reference
graph (:mod:`scpkg.ingest.reference`) all read this module, so what a user may type, what an error
suggests and what the store holds cannot drift apart.

Hierarchy (docs/decisions/20261202-regions-and-jurisdictions.md): a country is `scp:inRegion` its
most specific M49 grouping only; every grouping is `scp:subRegionOf` its M49 parent, and each part of
an SDG grouping also `scp:subRegionOf` that grouping. SDG groupings that are not M49 sub-regions hang
under nothing (not under the World), so from any country there is exactly one path up to any region,
and no region answer, list or count sees a country twice.
"""

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from scpkg.ingest import countries

WORLD = "world"
M49_REGION = "m49-region"
SUB_REGION = "sub-region"
INTERMEDIATE_REGION = "intermediate-region"
SDG_GROUPING = "sdg-grouping"
KINDS = (WORLD, M49_REGION, SUB_REGION, INTERMEDIATE_REGION, SDG_GROUPING)
"""Region kinds, as the graph (`scp:regionKind`) and GraphQL (`Region.kinds`) spell them."""

KIND_WORDS = {
    WORLD: "the World",
    M49_REGION: "M49 region",
    SUB_REGION: "M49 sub-region",
    INTERMEDIATE_REGION: "M49 intermediate region",
    SDG_GROUPING: "SDG grouping",
}

SDG_FILE = "sdg-regions.csv"
SDG_FIELDS = ("code", "name", "part_code", "part_name")


@dataclass(frozen=True)
class Region:
    """A region the graph holds: its M49 code, English name, kinds and the regions directly above it."""

    code: str
    name: str
    kinds: tuple[str, ...]
    parents: tuple[str, ...]
    """The M49 parent first (none for the World and for SDG-only groupings), then SDG groupings."""

    @property
    def kind(self) -> str:
        """The most specific kind: an M49 level where it has one, else sdg-grouping."""
        return self.kinds[0]

    def describe(self) -> str:
        """'513 Europe and Northern America (SDG grouping)', as suggestions and lists say it."""
        return f"{self.code} {self.name} ({', '.join(KIND_WORDS[k] for k in self.kinds)})"


class UnknownRegionError(ValueError):
    """Text that names no region the graph holds; carries close matches, each with its kind."""

    def __init__(self, text: str, suggestions: list[str]) -> None:
        self.text = text
        self.suggestions = suggestions
        hint = (
            f"did you mean {' or '.join(suggestions)}?"
            if suggestions
            else "give a UN M49 code or name of the World, a region, sub-region or intermediate region "
            "(e.g. 002 Africa, 029 Caribbean) or of an SDG regional grouping (e.g. 513 Europe and "
            "Northern America)"
        )
        super().__init__(f"unknown region {text!r}; {hint}")


def _read_sdg() -> dict[str, tuple[str, list[str]]]:
    path = files("scpkg.ingest") / "data" / SDG_FILE
    out: dict[str, tuple[str, list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != SDG_FIELDS:
            raise ValueError(f"{SDG_FILE}: header {reader.fieldnames} is not {list(SDG_FIELDS)}")
        for row in reader:
            code, part = row["code"], row["part_code"]
            if not (code.isdigit() and len(code) == 3 and part.isdigit() and len(part) == 3):
                raise ValueError(f"{SDG_FILE}:{reader.line_num}: codes {code!r}, {part!r} are not M49 codes")
            out.setdefault(code, (row["name"], []))[1].append(part)
    return out


@cache
def regions() -> dict[str, Region]:
    """Every region the graph holds, by M49 code, sorted."""
    members = [countries.m49_membership(i) for i in countries.all_iso3()]
    m49 = countries.m49_regions()
    levels: dict[str, str] = {}
    for m in members:
        for code, level in (
            (m.region, M49_REGION),
            (m.sub_region, SUB_REGION),
            (m.intermediate_region, INTERMEDIATE_REGION),
        ):
            if code:
                levels[code] = level
    sdg = _read_sdg()
    extra_parents: dict[str, list[str]] = {}
    for code, (_, parts) in sdg.items():
        for part in parts:
            if part not in levels:
                raise ValueError(f"{SDG_FILE}: SDG grouping {code} has part {part}, which holds no country")
            if part != code:
                extra_parents.setdefault(part, []).append(code)
    out: dict[str, Region] = {
        countries.WORLD_M49: Region(countries.WORLD_M49, "World", (WORLD,), ()),
    }
    for code, level in levels.items():
        kinds = (level, SDG_GROUPING) if code in sdg else (level,)
        out[code] = Region(code, m49[code].name, kinds, (m49[code].parent, *extra_parents.get(code, ())))
    for code, (name, _) in sdg.items():
        if code not in out:
            out[code] = Region(code, name, (SDG_GROUPING,), ())
    return dict(sorted(out.items()))


def country_region(iso3: str) -> str | None:
    """The most specific M49 grouping of a country (its `scp:inRegion`), None where M49 has none."""
    m = countries.m49_membership(iso3)
    return m.intermediate_region or m.sub_region or None


@cache
def countries_in(code: str) -> frozenset[str]:
    """ISO3 codes of the countries a held region contains, at any depth (each once)."""
    held = regions()
    if code not in held:
        raise UnknownRegionError(code, suggest(code))
    out = set()
    for iso3 in countries.all_iso3():
        start = country_region(iso3)
        todo, seen = [start] if start else [], set()
        while todo:
            r = todo.pop()
            if r in seen:
                continue
            seen.add(r)
            todo.extend(held[r].parents)
        if code in seen or (code == countries.WORLD_M49 and start):
            out.add(iso3)
    return frozenset(out)


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("-", " ").split()).casefold()


@cache
def _names() -> dict[str, str]:
    return {_normalise(r.name): code for code, r in regions().items()}


def resolve(text: str) -> str:
    """The M49 code of a held region named by code (zero-padded or not) or English name, any case.

    Raises UnknownRegionError with close matches (names only: codes one digit apart name unrelated
    regions, 513 is not 151)."""
    key = text.strip()
    if key.isdigit() and len(key) <= 3:
        code = key.zfill(3)
        if code in regions():
            return code
        raise UnknownRegionError(text, [])
    found = _names().get(_normalise(key))
    if found:
        return found
    raise UnknownRegionError(text, suggest(text))


def suggest(text: str, limit: int = 3) -> list[str]:
    """Close matches for a region name, each as '029 Caribbean (M49 intermediate region)'."""
    if text.strip().isdigit():
        return []
    names = _names()
    close = difflib.get_close_matches(_normalise(text), list(names), n=limit, cutoff=0.6)
    if not close:  # a word of a name: "caribbean" for "Latin America and the Caribbean" and 029
        word = _normalise(text)
        close = [n for n in names if word and word in n][:limit]
    return [regions()[names[n]].describe() for n in dict.fromkeys(close)]
