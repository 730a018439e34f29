"""Mint the project's IRIs: one place, so every part of the program names a thing the same way.

The scheme is documented in docs/decisions/20261123-iri-scheme.md.
"""

import re
import unicodedata

from rdflib import URIRef

from scpkg import BASE_IRI

ONT = BASE_IRI + "ont/"
VOCAB = BASE_IRI + "vocab/"
ID = BASE_IRI + "id/"

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': stable across spellings with accents or spacing."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    result = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if not result:
        raise ValueError(f"cannot make an IRI slug from {text!r}: it has no ASCII letters or digits")
    return result


def concept(scheme: str, code: str) -> URIRef:
    """IRI of a controlled-vocabulary concept."""
    return URIRef(f"{VOCAB}{scheme}/{code}")


def scheme(name: str) -> URIRef:
    """IRI of a controlled-vocabulary scheme."""
    return URIRef(f"{VOCAB}{name}")


def instance(kind: str, *keys: str) -> URIRef:
    """IRI of instance data: id/{kind}/{key}/... with each key used as given (callers slug them)."""
    if not keys or any(not k or "/" in k for k in keys):
        raise ValueError(f"instance IRI keys must be non-empty and free of '/': {keys!r}")
    return URIRef(ID + "/".join((kind, *keys)))


def country(iso3: str) -> URIRef:
    """IRI of a country from its ISO 3166-1 alpha-3 code, or of a supranational jurisdiction from its
    code (id/country/EU: ISO 3166-1 reserves EU exceptionally and gives it no alpha-3; the EU stands
    where a policy's country does, so it shares the country namespace)."""
    code = iso3.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        from scpkg.ingest.countries import is_supranational  # the bundled table, read lazily

        if not is_supranational(code):
            raise ValueError(f"not an ISO 3166-1 alpha-3 code: {iso3!r}")
    return instance("country", code)


def subdivision(code: str) -> URIRef:
    """IRI of a country subdivision from its ISO 3166-2 code (id/subdivision/CA-QC)."""
    text = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", text):
        raise ValueError(f"not an ISO 3166-2 subdivision code: {code!r}")
    return instance("subdivision", text)


def region(m49: str | int) -> URIRef:
    """IRI of a UN M49 region from its numeric code."""
    code = f"{int(m49):03d}"
    return instance("region", code)
