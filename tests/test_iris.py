"""IRIs must be stable: the same real-world thing always gets the same IRI."""

import pytest

from scpkg import iris


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Presidential Regulation No. 43 of 2014", "presidential-regulation-no-43-of-2014"),
        ("  Ministère de l'Écologie ", "ministere-de-l-ecologie"),
        ("Lao PDR", "lao-pdr"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert iris.slug(text) == expected


def test_slug_rejects_text_with_nothing_to_keep() -> None:
    with pytest.raises(ValueError, match="no ASCII"):
        iris.slug("禁令")


def test_country_iri_is_case_insensitive_and_stable() -> None:
    assert iris.country("idn") == iris.country(" IDN ") == iris.instance("country", "IDN")
    assert str(iris.country("IDN")) == "https://w3id.org/scpkg/id/country/IDN"


def test_country_iri_rejects_non_alpha3() -> None:
    with pytest.raises(ValueError, match="alpha-3"):
        iris.country("ID")


def test_region_iri_pads_m49() -> None:
    assert str(iris.region(35)) == "https://w3id.org/scpkg/id/region/035"


def test_instance_keys_cannot_smuggle_path_segments() -> None:
    with pytest.raises(ValueError):
        iris.instance("policy", "IDN/../x")
