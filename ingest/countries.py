"""Resolve countries to ISO 3166-1 alpha-3 and place them in UN M49 regions.

Case studies name countries in many ways ("Republic of Korea", "KR", "Lao PDR"); the graph keys
every country by its alpha-3 code (docs/decisions/20261123-iri-scheme.md). Resolution is exact:
codes, ISO names, official and common names, and a short table of names the UN documents use.
A fuzzy match is only ever offered as a suggestion in the error message, never used: fuzzy search
maps "Republic of Korea" to the Democratic People's Republic of Korea.

UN M49 regions come from the bundled `data/m49-regions.csv` (see `data/README.md`), read at
runtime so the package needs no country_converter. Supranational jurisdictions (the EU, code `EU`)
come from `data/supranational-bodies.csv` and resolve like countries; ISO 3166-2 subdivisions
(`CA-QC`) are checked against their country. Regions as scopes are :mod:`scpkg.ingest.regions`.
"""

import contextlib
import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pycountry

WORLD_M49 = "001"
"""UN M49 code of the World, the root of the region tree."""

# Names the UN and the MEA table use that pycountry's lookup does not know. Each maps to one
# alpha-3 by hand, so there is no guessing; extend it when a case study spells a country anew.
ALIASES: dict[str, str] = {
    "republic of korea": "KOR",
    "korea": "KOR",
    "south korea": "KOR",
    "democratic people's republic of korea": "PRK",
    "korea, democratic people's republic": "PRK",
    "north korea": "PRK",
    "lao pdr": "LAO",
    "laos": "LAO",
    "russia": "RUS",
    "turkey": "TUR",
    "swaziland": "SWZ",
    "cape verde": "CPV",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "micronesia": "FSM",
    "congo, democratic republic of": "COD",
    "democratic republic of the congo": "COD",
    "congo, republic of the": "COG",
    "republic of the congo": "COG",
    "uk": "GBR",
    "great britain": "GBR",
    "united states of america": "USA",
    "usa": "USA",
    "us": "USA",
    "vietnam": "VNM",
    "iran": "IRN",
    "syria": "SYR",
    "state of palestine": "PSE",
    "republic of moldova": "MDA",
    "united republic of tanzania": "TZA",
    "bolivia (plurinational state of)": "BOL",
    "venezuela (bolivarian republic of)": "VEN",
    "iran (islamic republic of)": "IRN",
    "holy see": "VAT",
}


class UnknownCountryError(ValueError):
    """A country name or code that resolves to no ISO 3166 country; carries close matches."""

    def __init__(self, text: str, suggestions: list[str]) -> None:
        self.text = text
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown country {text!r}: not an ISO 3166 code or a known country name.{hint}")


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def resolve(text: str) -> str:
    """ISO 3166-1 alpha-3 code of a country given as alpha-2, alpha-3, numeric code or name, or the
    code of a supranational jurisdiction ("EU", "European Union": see :func:`supranational`).

    Raises UnknownCountryError (a ValueError) listing close matches when nothing matches exactly.
    """
    key = _normalise(text)
    if not key:
        raise UnknownCountryError(text, [])
    if key in _supranational_names():
        return _supranational_names()[key]
    if key in ALIASES:
        return ALIASES[key]
    try:
        return pycountry.countries.lookup(text.strip()).alpha_3
    except LookupError:
        pass
    # pycountry compares the raw text: "Côte d’Ivoire" (typographic apostrophe, as documents print it)
    # or doubled spaces would fail where the normalised name index matches.
    if key in _name_index():
        return _name_index()[key]
    raise UnknownCountryError(text, suggest(text))


def suggest(text: str, limit: int = 3) -> list[str]:
    """Close matches for an unknown country, as "Name (ISO3)", best first, for error messages."""
    names = _name_index()
    key = _normalise(text)
    found: list[str] = []
    for match in difflib.get_close_matches(key, list(names), n=limit, cutoff=0.7):
        found.append(names[match])
    with contextlib.suppress(LookupError):  # search_fuzzy raises when nothing is even close
        found.extend(c.alpha_3 for c in pycountry.countries.search_fuzzy(text)[:limit])
    unique = list(dict.fromkeys(found))[:limit]
    return [f"{pycountry.countries.get(alpha_3=code).name} ({code})" for code in unique]


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = dict(ALIASES)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index[_normalise(value)] = c.alpha_3
    return index


def name(iso3: str) -> str:
    """English short name of a country (pycountry's common name where it has one) or supranational body."""
    if iso3 in supranational():
        return supranational()[iso3].names["en"]
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        raise UnknownCountryError(iso3, suggest(iso3))
    return getattr(c, "common_name", None) or c.name


def all_iso3() -> list[str]:
    """Every ISO 3166-1 alpha-3 code pycountry knows, sorted: the country list of the graph."""
    return sorted(c.alpha_3 for c in pycountry.countries)


@dataclass(frozen=True)
class RegionInfo:
    """A UN M49 region, sub-region or intermediate region."""

    code: str
    name: str
    parent: str  # M49 code of the enclosing region; "001" (World) for the five regions


@dataclass(frozen=True)
class M49Membership:
    """Where one country sits in the UN M49 tree; empty codes where M49 places it nowhere."""

    iso3: str
    m49: str
    region: str
    sub_region: str
    intermediate_region: str


M49_FILE = "m49-regions.csv"
M49_FIELDS = (
    "iso3",
    "m49",
    "region_code",
    "region_name",
    "sub_region_code",
    "sub_region_name",
    "intermediate_region_code",
    "intermediate_region_name",
)


@cache
def _m49() -> tuple[dict[str, M49Membership], dict[str, RegionInfo]]:
    path = files("scpkg.ingest") / "data" / M49_FILE
    members: dict[str, M49Membership] = {}
    regions: dict[str, RegionInfo] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != M49_FIELDS:
            raise ValueError(f"{M49_FILE}: header {reader.fieldnames} is not {list(M49_FIELDS)}")
        for row in reader:
            members[row["iso3"]] = M49Membership(
                row["iso3"],
                row["m49"],
                row["region_code"],
                row["sub_region_code"],
                row["intermediate_region_code"],
            )
            for code, label, parent in (
                (row["region_code"], row["region_name"], WORLD_M49),
                (row["sub_region_code"], row["sub_region_name"], row["region_code"]),
                (row["intermediate_region_code"], row["intermediate_region_name"], row["sub_region_code"]),
            ):
                if code:
                    regions.setdefault(code, RegionInfo(code, label, parent))
    return members, regions


def m49_membership(iso3: str) -> M49Membership:
    """The UN M49 codes of a country and of the region, sub-region and intermediate region it is in."""
    members, _ = _m49()
    try:
        return members[iso3]
    except KeyError:
        raise UnknownCountryError(iso3, suggest(iso3)) from None


def m49_regions() -> dict[str, RegionInfo]:
    """Every UN M49 region, sub-region and intermediate region used by some country, by code."""
    return dict(_m49()[1])


# --- supranational jurisdictions -------------------------------------------------------------------

SUPRANATIONAL_FILE = "supranational-bodies.csv"
SUPRANATIONAL_FIELDS = (
    "code",
    "name_en",
    "name_fr",
    "name_es",
    "name_ru",
    "name_zh",
    "name_ar",
    "aliases",
    "members_as_of",
    "members",
)


@dataclass(frozen=True)
class Supranational:
    """A body of several countries that makes law for them (the EU), as one row of the bundled table."""

    code: str
    names: dict[str, str]
    """Name by language (the six UN languages)."""
    aliases: tuple[str, ...]
    members_as_of: str
    members: tuple[str, ...]
    """ISO3 codes of its member states as of `members_as_of`."""


@cache
def supranational() -> dict[str, Supranational]:
    """The supranational jurisdictions of `data/supranational-bodies.csv`, by code; checked on read
    because a wrong member code would silently count an instrument for the wrong country."""
    import datetime as dt

    path = files("scpkg.ingest") / "data" / SUPRANATIONAL_FILE
    known = set(all_iso3())
    out: dict[str, Supranational] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != SUPRANATIONAL_FIELDS:
            raise ValueError(
                f"{SUPRANATIONAL_FILE}: header {reader.fieldnames} is not {list(SUPRANATIONAL_FIELDS)}"
            )
        for row in reader:
            where = f"{SUPRANATIONAL_FILE}:{reader.line_num}"
            code = row["code"]
            if not (len(code) == 2 and code.isascii() and code.isupper()) or code in known:
                raise ValueError(
                    f"{where}: field 'code': {code!r} is not a two-letter code outside ISO 3166-1"
                )
            members = tuple(row["members"].split())
            if unknown := [m for m in members if m not in known]:
                raise ValueError(f"{where}: field 'members': {unknown} are not ISO 3166-1 alpha-3 codes")
            try:
                dt.date.fromisoformat(row["members_as_of"])
            except ValueError:
                raise ValueError(f"{where}: field 'members_as_of': not a date (YYYY-MM-DD)") from None
            names = {
                lang: row[f"name_{lang}"]
                for lang in ("en", "fr", "es", "ru", "zh", "ar")
                if row[f"name_{lang}"]
            }
            aliases = tuple(a for a in row["aliases"].split("|") if a)
            out[code] = Supranational(code, names, aliases, row["members_as_of"], members)
    return out


@cache
def _supranational_names() -> dict[str, str]:
    return {
        _normalise(text): code
        for code, body in supranational().items()
        for text in (code, *body.names.values(), *body.aliases)
    }


def is_supranational(code: str) -> bool:
    """True for the code of a supranational jurisdiction (EU), which has no M49 region."""
    return code in supranational()


def all_codes() -> list[str]:
    """Every code a policy's country may resolve to: ISO 3166-1 alpha-3 and supranational codes."""
    return [*all_iso3(), *sorted(supranational())]


# --- sub-national jurisdictions --------------------------------------------------------------------


@dataclass(frozen=True)
class SubdivisionInfo:
    """An ISO 3166-2 subdivision as pycountry knows it."""

    code: str
    name: str
    country: str
    """ISO3 of the country it belongs to."""


def resolve_subdivision(text: str, country_iso3: str | None) -> SubdivisionInfo:
    """The ISO 3166-2 subdivision a code names (any case), checked to be in `country_iso3`.

    Raises ValueError naming close codes of that country when the code is unknown, and the
    subdivision's own country when it lies in another one: a policy of Canada cannot be Californian.
    """
    code = text.strip().upper()
    found = pycountry.subdivisions.get(code=code)
    if found is None:
        prefix = code.split("-", 1)[0]
        country = pycountry.countries.get(alpha_3=country_iso3) if country_iso3 else None
        pool = [
            s.code
            for s in pycountry.subdivisions
            if s.country_code == (country.alpha_2 if country else prefix)
        ]
        close = difflib.get_close_matches(code, pool, n=3, cutoff=0.5)
        hint = (
            f" Did you mean: {', '.join(f'{c} ({pycountry.subdivisions.get(code=c).name})' for c in close)}?"
            if close
            else " Give an ISO 3166-2 code such as CA-QC, US-CA or IN-MH."
        )
        raise ValueError(f"unknown subdivision {text!r}: not an ISO 3166-2 code.{hint}")
    iso3 = pycountry.countries.get(alpha_2=found.country_code).alpha_3
    if country_iso3 is not None and iso3 != country_iso3:
        raise ValueError(
            f"subdivision {code} ({found.name}) is in {name(iso3)} ({iso3}), not in the policy's country "
            f"{name(country_iso3)} ({country_iso3})"
        )
    return SubdivisionInfo(code, found.name, iso3)
