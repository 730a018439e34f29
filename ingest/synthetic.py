"""A synthetic corpus of case studies, for scale tests and benchmarks.

Real case studies are few; the store, the SHACL validation and the gap queries must still be shown
to work at tens of thousands of policies. The generator draws case studies whose proportions follow
the findings of UNEP's 2021 report (S2 §13): most policies act at end of life, about 26% have a
quantified target, about 10% are led by an economy, finance, planning or trade/industry ministry or a
high-level body, about 14% are overarching frameworks. Countries are real (the 195 states of the MEA
table), and some Minamata parties get an instrument implementing the mercury-added-products
obligation, so every gap question has something to find.

Everything is deterministic for a seed, and case study `i` depends only on the seed and `i` (each has
its own random stream), so a corpus of 1,000 is the first 1,000 of a corpus of 10,000.

Case studies are built as plain dictionaries in the shape `case-study.schema.json` publishes, marked
`illustrative: true`; `write_corpus` writes them as YAML, `iter_records` hands them to the benchmark as
the ingest records without touching the disk.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scpkg.ingest import countries, reference
from scpkg.iris import instance

# Weighted choices: (value, weight). Weights need not sum to 1.
INSTRUMENT_TYPES: list[tuple[str, float]] = [
    ("BanOrRestriction", 12),
    ("Standard", 8),
    ("MandatoryRequirement", 8),
    ("TaxFeeLevy", 6),
    ("SubsidyOrIncentive", 7),
    ("DepositRefund", 4),
    ("ExtendedProducerResponsibility", 9),
    ("Ecolabel", 6),
    ("ProductInformation", 5),
    ("AwarenessCampaign", 8),
    ("VoluntaryAgreement", 5),
    ("CleanerProductionProgramme", 5),
    ("IndustryInitiative", 4),
    ("SustainablePublicProcurement", 5),
]
FRAMEWORK = "PolicyFramework"
CODES = {
    "BanOrRestriction": "ban-restriction",
    "Standard": "standard",
    "MandatoryRequirement": "mandatory-requirement",
    "TaxFeeLevy": "tax-fee-levy",
    "SubsidyOrIncentive": "subsidy-incentive",
    "DepositRefund": "deposit-refund",
    "ExtendedProducerResponsibility": "epr",
    "Ecolabel": "ecolabel",
    "ProductInformation": "product-information",
    "AwarenessCampaign": "awareness-campaign",
    "VoluntaryAgreement": "voluntary-agreement",
    "CleanerProductionProgramme": "cleaner-production",
    "IndustryInitiative": "industry-initiative",
    "SustainablePublicProcurement": "spp",
    FRAMEWORK: "policy-framework",
}
"""Instrument-type class -> its `skos:notation` in the ontology: files name types by code, as authors do."""
LABELS = {
    "BanOrRestriction": "Ban",
    "Standard": "Product standard",
    "MandatoryRequirement": "Mandatory requirement",
    "TaxFeeLevy": "Levy",
    "SubsidyOrIncentive": "Incentive scheme",
    "DepositRefund": "Deposit-refund scheme",
    "ExtendedProducerResponsibility": "Extended producer responsibility scheme",
    "Ecolabel": "Ecolabel",
    "ProductInformation": "Product information requirement",
    "AwarenessCampaign": "Awareness campaign",
    "VoluntaryAgreement": "Voluntary agreement",
    "CleanerProductionProgramme": "Cleaner production programme",
    "IndustryInitiative": "Industry initiative",
    "SustainablePublicProcurement": "Sustainable public procurement policy",
}
SECTOR_LABELS = {
    "plastics": "plastics",
    "food": "food",
    "electronics": "electronics",
    "buildings-construction": "buildings and construction",
    "textiles": "textiles",
    "chemicals": "chemicals",
    "tourism": "tourism",
    "cross-sectoral": "products",
}

SHARE_OVERARCHING = 0.14
"""S2 §13(b): only 14% of reported policies are overarching frameworks."""
SHARE_OTHER_FRAMEWORK = 0.06
"""Sectoral and stand-alone SCP plans: frameworks, but not overarching ones."""
SHARE_QUANTIFIED_TARGET = 0.26
"""S2 §13(c): 26% of policies have a quantified target or a measured outcome."""
SHARE_ECONOMIC_LEAD = 0.10
"""S2 §13(d): 10% are led by ministries of economy, finance, planning, trade/industry or high-level bodies."""
SHARE_OTHER_SDG = 0.70
"""S2 §13(d): about 70% of policies also relate to SDGs other than 12."""
SHARE_MINAMATA = 0.04
"""Instruments in a Minamata party implementing the mercury-added-products obligation."""

PRIMARY_STAGE: list[tuple[str, float]] = [
    ("end-of-life", 56),
    ("production", 13),
    ("use", 11),
    ("design", 9),
    ("distribution", 6),
    ("extraction", 5),
]
"""S2 §13(f), §17: policy attention sits at end of life; design and consumption are rarely covered."""
SHARE_SECOND_STAGE = 0.2

SECTORS: list[tuple[str, float]] = [
    ("plastics", 20),
    ("food", 17),
    ("electronics", 12),
    ("buildings-construction", 12),
    ("textiles", 10),
    ("chemicals", 8),
    ("tourism", 5),
    ("cross-sectoral", 16),
]
HOTSPOT_SECTORS = ("food", "buildings-construction", "textiles")

ECONOMIC_MINISTRIES = ("economy", "finance", "planning", "trade-industry", "high-level-body")
OTHER_LEADS: list[tuple[str, float]] = [
    ("environment", 82),
    ("agriculture", 6),
    ("inter-ministerial-committee", 6),
    ("other", 6),
]
BODY_NAMES = {
    "environment": "Ministry of Environment",
    "economy": "Ministry of Economy",
    "finance": "Ministry of Finance",
    "planning": "Ministry of Planning",
    "trade-industry": "Ministry of Trade and Industry",
    "high-level-body": "Office of the Head of Government",
    "agriculture": "Ministry of Agriculture",
    "foreign-affairs": "Ministry of Foreign Affairs",
    "inter-ministerial-committee": "Inter-ministerial Committee on SCP",
    "other": "National Standards Agency",
}
STATUS: list[tuple[str, float]] = [
    ("implemented", 40),
    ("adopted", 38),
    ("in-preparation", 10),
    ("announced", 10),
    ("repealed", 2),
]
SDG_12 = ("12", "12.1", "12.1.1", "12.2", "12.4", "12.5", "12.5.1")
OTHER_SDGS = ("8", "8.4", "9", "9.4", "11", "11.6", "13", "6", "14", "15", "3")
TARGET_UNITS = (
    ("percent of waste recycled", 20, 80),
    ("percent reduction in single-use plastics", 10, 100),
    ("tonnes of waste avoided per year", 1000, 500000),
    ("percent of public procurement with sustainability criteria", 10, 60),
    ("number of certified products", 50, 5000),
)
MERCURY_OBLIGATION = str(instance("mea", "minamata", "mercury-added-products"))
SPP_PROGRAMME = str(instance("programme", "sustainable-public-procurement"))
ENTERED_ON = "2026-11-23"


@dataclass(frozen=True)
class Settings:
    """What a corpus is generated from: the same settings always give the same corpus."""

    seed: int = 0
    per_case: int = 3


def _pick(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in options], weights=[w for _, w in options])[0]


def _countries() -> list[str]:
    """The sovereign states of the MEA table: real countries, in a fixed order."""
    return sorted({p.iso3 for p in reference.mea_participations() if not countries.is_supranational(p.iso3)})


def _country_as_written(rng: random.Random, iso3: str) -> str:
    """Case studies name countries in several ways; the corpus does too, to exercise resolution."""
    r = rng.random()
    if r < 0.7:
        return iso3
    if r < 0.85:
        return countries.pycountry.countries.get(alpha_3=iso3).alpha_2
    return countries.pycountry.countries.get(alpha_3=iso3).name


def _body(ministry_type: str) -> dict[str, str]:
    return {"name": BODY_NAMES[ministry_type], "ministry_type": ministry_type}


def _policy(
    rng: random.Random, case_no: int, j: int, iso3: str, written: str, minamata: bool
) -> dict[str, Any]:
    """One policy dictionary with the report's proportions, drawn independently of its neighbours."""
    r = rng.random()
    policy: dict[str, Any] = {"id": f"synthetic-{case_no}-{j + 1}", "country": written}
    if r < SHARE_OVERARCHING:
        kind, level = FRAMEWORK, "overarching"
    elif r < SHARE_OVERARCHING + SHARE_OTHER_FRAMEWORK:
        kind, level = FRAMEWORK, rng.choice(("sectoral", "stand-alone"))
    else:
        kind, level = _pick(rng, INSTRUMENT_TYPES), None
    mercury = minamata and kind != FRAMEWORK and rng.random() < SHARE_MINAMATA / 0.8
    sector = "electronics" if mercury else _pick(rng, SECTORS)
    stages = ["design" if mercury else _pick(rng, PRIMARY_STAGE)]
    if rng.random() < SHARE_SECOND_STAGE:
        second = _pick(rng, PRIMARY_STAGE)
        if second not in stages:
            stages.append(second)
    name = countries.name(iso3)
    if kind == FRAMEWORK:
        plan = "SCP strategy" if level == "overarching" else f"{SECTOR_LABELS[sector]} action plan"
        title = f"National {plan} of {name} (synthetic {case_no}-{j + 1})"
    elif mercury:
        title = f"Restriction of mercury-added products in {name} (synthetic {case_no}-{j + 1})"
    else:
        title = f"{LABELS[kind]} on {SECTOR_LABELS[sector]} in {name} (synthetic {case_no}-{j + 1})"
    policy["title"] = title
    policy["instrument_type"] = CODES["BanOrRestriction" if mercury else kind]
    if level:
        policy["framework_level"] = level
    policy["jurisdiction_level"] = "national" if rng.random() < 0.85 else "sub-national"
    policy["life_cycle_stages"] = stages
    policy["sectors"] = [sector]
    lead = rng.choice(ECONOMIC_MINISTRIES) if rng.random() < SHARE_ECONOMIC_LEAD else _pick(rng, OTHER_LEADS)
    policy["lead_bodies"] = [_body(lead)]
    if rng.random() < 0.3:
        others = [t for t in BODY_NAMES if t != lead]
        policy["participating_bodies"] = [_body(t) for t in rng.sample(others, rng.randint(1, 2))]
    if mercury:
        policy["mea_obligations"] = [MERCURY_OBLIGATION]
    sdg = ["12.7" if kind == "SustainablePublicProcurement" else rng.choice(SDG_12)]
    if rng.random() < SHARE_OTHER_SDG:
        sdg.append(rng.choice(OTHER_SDGS))
    policy["sdg"] = sdg
    year = rng.randint(2000, 2021)
    if rng.random() < SHARE_QUANTIFIED_TARGET:
        unit, low, high = rng.choice(TARGET_UNITS)
        value = rng.randint(low, high)
        policy["targets"] = [{"value": value, "unit": unit, "deadline": year + rng.randint(3, 15)}]
        if rng.random() < 0.4:
            policy["outcomes"] = [
                {
                    "indicator": unit,
                    "baseline": round(value * rng.uniform(0.1, 0.5), 1),
                    "value": round(value * rng.uniform(0.4, 1.1), 1),
                    "unit": unit,
                    "date": f"{min(year + rng.randint(1, 5), 2021)}-12-31",
                }
            ]
    elif rng.random() < 0.2:
        policy["targets"] = [{"description": f"Reduce the environmental impact of {SECTOR_LABELS[sector]}"}]
    policy["adoption_year"] = year
    policy["status"] = _pick(rng, STATUS)
    if kind == "SustainablePublicProcurement" and rng.random() < 0.5:
        policy["programmes"] = [SPP_PROGRAMME]
    return policy


def case_study(seed: int, case_no: int, n_policies: int) -> dict[str, Any]:
    """Case study number `case_no` of the corpus for `seed`, with `n_policies` policies of one country."""
    rng = random.Random(f"scpkg-synthetic:{seed}:{case_no}")  # noqa: S311 - reproducible data, not secrets
    states = _countries()
    iso3 = rng.choice(states)
    written = _country_as_written(rng, iso3)
    minamata = iso3 in reference.parties("minamata")
    policies = [_policy(rng, case_no, j, iso3, written, minamata) for j in range(n_policies)]
    frameworks = [p["id"] for p in policies if p["instrument_type"] == CODES[FRAMEWORK]]
    if frameworks:
        for p in policies:
            if p["instrument_type"] != CODES[FRAMEWORK] and rng.random() < 0.6:
                p["part_of_framework"] = rng.choice(frameworks)
    data: dict[str, Any] = {
        "id": f"synthetic-{seed}-{case_no}",
        "title": f"Synthetic case study {case_no} ({countries.name(iso3)})",
        "description": "Synthetic: made by `scpkg generate` for scale tests; it describes no real policy.",
        "illustrative": True,
        "source": {
            "document": "scpkg synthetic corpus",
            "locator": f"case {case_no}",
            "entered_by": f"scpkg generate --seed {seed}",
            "entered_on": ENTERED_ON,
        },
        "policies": policies,
    }
    if rng.random() < 0.1:
        sector = rng.choice(HOTSPOT_SECTORS)
        hotspot = {
            "id": f"hotspot-{case_no}",
            "sector": sector,
            "country": iso3,
            "life_cycle_stages": [_pick(rng, PRIMARY_STAGE)],
            "description": f"Synthetic value-chain hotspot in {SECTOR_LABELS[sector]}",
        }
        data["hotspots"] = [hotspot]
        if rng.random() < 0.5:
            policies[0]["addresses_hotspots"] = [hotspot["id"]]
    return data


def case_count(n_policies: int, per_case: int) -> int:
    """How many case studies hold `n_policies` policies at `per_case` each (the last may hold fewer)."""
    if n_policies < 1 or per_case < 1:
        raise ValueError("the number of policies and policies per case study must be at least 1")
    return math.ceil(n_policies / per_case)


def iter_case_studies(n_policies: int, seed: int = 0, per_case: int = 3) -> Iterator[dict[str, Any]]:
    """The corpus as schema-shaped dictionaries: `n_policies` policies, `per_case` per case study."""
    for case_no in range(case_count(n_policies, per_case)):
        yield case_study(seed, case_no, min(per_case, n_policies - case_no * per_case))


def iter_cases(n_cases: int, seed: int = 0, per_case: int = 3) -> Iterator[dict[str, Any]]:
    """The corpus counted in case studies rather than policies (what the benchmark sizes by)."""
    return iter_case_studies(n_cases * per_case, seed, per_case)


def to_yaml(data: dict[str, Any]) -> str:
    """The case-study file's text: the dictionary is already in the published format."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def write_corpus(out: Path, n_policies: int, seed: int = 0, per_case: int = 3) -> list[Path]:
    """Write the corpus as one YAML file per case study into `out`; returns the files in order."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for data in iter_case_studies(n_policies, seed, per_case):
        path = out / f"{data['id']}.yaml"
        path.write_text(to_yaml(data), encoding="utf-8")
        written.append(path)
    return written


def iter_records(n_cases: int, seed: int = 0, per_case: int = 3) -> Iterator[Any]:
    """The corpus as ingest records (`CaseStudyRecord`), for benchmarks that skip the files."""
    from scpkg.ingest.read_structured import record_from_dict

    for data in iter_cases(n_cases, seed, per_case):
        yield record_from_dict(data, f"{data['id']}.yaml")


def iter_graphs(n_cases: int, seed: int = 0, per_case: int = 3) -> Iterator[tuple[Any, Any]]:
    """The corpus mapped to RDF, as (case-study IRI, graph) pairs ready for the store's loads.

    Mapping problems would mean the generator and the mapper disagree, so they raise here.
    """
    from scpkg.ingest.mapping import case_study_iri, map_case_study
    from scpkg.ingest.vocab import default_resolver

    resolver = default_resolver()
    for record in iter_records(n_cases, seed, per_case):
        mapped = map_case_study(record, f"{record.id}.yaml", resolver)
        if mapped.problems:
            raise ValueError(f"synthetic case study {record.id} does not map: {mapped.problems[0]}")
        yield case_study_iri(record.id), mapped.graph


def load_into(store: Any, n_policies: int, per_case: int = 3, seed: int = 0) -> tuple[float, float]:
    """Load reference data, then a synthetic corpus of `n_policies`, straight into `store` (no files,
    no SHACL): the set-up the store, API, gap-query and report benchmarks share. Returns the seconds
    spent on each of the two."""
    import time

    from scpkg.store import CaseStudyLoad

    start = time.perf_counter()
    store.init_schema()
    reference.load_reference_data(store)
    loaded_reference = time.perf_counter()
    items = (
        CaseStudyLoad(str(iri), g, f"synthetic-{n}")
        for n, (iri, g) in enumerate(iter_graphs(case_count(n_policies, per_case), seed, per_case))
    )
    store.load_case_studies(items)
    return loaded_reference - start, time.perf_counter() - loaded_reference
