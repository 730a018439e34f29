"""Names of countries, regions and sectors in the page's language, for the report and map pages' choices.

Country names come from pycountry's ISO 3166 translations, the same source the reference data's
``skos:prefLabel`` of every country is built from (:mod:`scpkg.ingest.reference`), so a name here is the
name the store holds; sector labels come from the ontology (:func:`scpkg.queries.report.i18n.label_iri`).
Only the choices of a form are named here: pages about one thing read its names from the store.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from rdflib import SKOS, URIRef

from scpkg.ingest import countries, regions
from scpkg.ingest.reference import UN_LANGUAGES
from scpkg.iris import VOCAB


@cache
def _translator(lang: str) -> gettext.NullTranslations:
    locale = UN_LANGUAGES.get(lang)
    if locale is None:
        return gettext.NullTranslations()
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:  # a pycountry build without that locale: English names
        return gettext.NullTranslations()


@cache
def country_names(lang: str) -> dict[str, str]:
    """ISO3 (and supranational codes such as EU) -> name in ``lang`` (English where untranslated)."""
    t = _translator(lang)
    out = {}
    for iso3 in countries.all_iso3():
        c = pycountry.countries.get(alpha_3=iso3)
        out[iso3] = t.gettext(c.name)
    for code, body in countries.supranational().items():
        out[code] = body.names.get(lang) or body.names["en"]
    return out


def country_name(code: str, lang: str) -> str:
    """One country's name in ``lang``; the code itself for a code no list holds."""
    return country_names(lang).get(code, code)


@cache
def region_choices() -> list[tuple[str, str]]:
    """(M49 code, '513 Europe and Northern America (SDG grouping)') for every region the graph holds.
    Region names exist in English only in the reference data, so they are not translated here."""
    return [(code, r.describe()) for code, r in regions.regions().items()]


@cache
def sector_codes() -> tuple[str, ...]:
    """Codes of the sector vocabulary's concepts ('textiles', 'food'...), from the ontology."""
    from scpkg.ingest.vocab import ontology_graph

    graph = ontology_graph()
    scheme = URIRef(VOCAB + "sector")
    found = {
        str(s).rsplit("/", 1)[-1]
        for s in graph.subjects(SKOS.inScheme, scheme)
        if str(s).startswith(VOCAB + "sector/") and "/" not in str(s)[len(VOCAB + "sector/") :]
    }
    return tuple(sorted(found))
