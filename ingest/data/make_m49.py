"""Regenerate `m49-regions.csv` from the `country_converter` package's country table (a dev script).

Why a script and a bundled CSV: the runtime must not depend on country_converter (it pulls in
pandas), yet the membership table should be reproducible from a published source rather than
typed by hand. country_converter's `country_data.tsv` gives, per ISO 3166 country, its M49
country code (`UNcode`) and the name of its most specific UN M49 grouping (`UNregion`: a
sub-region, or an intermediate region such as "Caribbean"). It has no region codes, so the
region, sub-region and intermediate-region codes and names below are copied from the UN
Statistics Division's M49 standard (https://unstats.un.org/unsd/methodology/m49/).

Run:  .venv/bin/pip install country_converter && .venv/bin/python ingest/data/make_m49.py
"""

import csv
import sys
from pathlib import Path

import pycountry

from scpkg.ingest.countries import M49_FIELDS

# UN M49 regions (top level under World 001).
REGIONS: dict[str, str] = {
    "002": "Africa",
    "019": "Americas",
    "142": "Asia",
    "150": "Europe",
    "009": "Oceania",
}

# UN M49 sub-regions: code -> (name, region code).
SUB_REGIONS: dict[str, tuple[str, str]] = {
    "015": ("Northern Africa", "002"),
    "202": ("Sub-Saharan Africa", "002"),
    "419": ("Latin America and the Caribbean", "019"),
    "021": ("Northern America", "019"),
    "143": ("Central Asia", "142"),
    "030": ("Eastern Asia", "142"),
    "035": ("South-eastern Asia", "142"),
    "034": ("Southern Asia", "142"),
    "145": ("Western Asia", "142"),
    "151": ("Eastern Europe", "150"),
    "154": ("Northern Europe", "150"),
    "039": ("Southern Europe", "150"),
    "155": ("Western Europe", "150"),
    "053": ("Australia and New Zealand", "009"),
    "054": ("Melanesia", "009"),
    "057": ("Micronesia", "009"),
    "061": ("Polynesia", "009"),
}

# UN M49 intermediate regions: code -> (name, sub-region code).
INTERMEDIATE: dict[str, tuple[str, str]] = {
    "014": ("Eastern Africa", "202"),
    "017": ("Middle Africa", "202"),
    "018": ("Southern Africa", "202"),
    "011": ("Western Africa", "202"),
    "029": ("Caribbean", "419"),
    "013": ("Central America", "419"),
    "005": ("South America", "419"),
    "830": ("Channel Islands", "154"),
}

# country_converter files these under the sub-region; M49 puts them in an intermediate region.
INTERMEDIATE_OVERRIDES = {"GGY": "830", "JEY": "830"}

# The runtime reader checks the header against this same tuple, so writer and reader cannot drift.
FIELDS = M49_FIELDS


def build_rows(tsv: Path) -> list[dict[str, str]]:
    """One row per pycountry country, joined to country_converter's M49 grouping by ISO3."""
    by_name_sub = {name: code for code, (name, _) in SUB_REGIONS.items()}
    by_name_int = {name: code for code, (name, _) in INTERMEDIATE.items() if code != "830"}
    with tsv.open(encoding="utf-8") as f:
        coco = {r["ISO3"]: r for r in csv.DictReader(f, delimiter="\t")}
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        src = coco[c.alpha_3]
        group = src["UNregion"]
        m49 = f"{int(src['UNcode']):03d}" if src["UNcode"] else ""
        row = dict.fromkeys(FIELDS, "")
        row.update(iso3=c.alpha_3, m49=m49)
        inter = INTERMEDIATE_OVERRIDES.get(c.alpha_3) or by_name_int.get(group)
        if inter:
            sub = INTERMEDIATE[inter][1]
            row.update(intermediate_region_code=inter, intermediate_region_name=INTERMEDIATE[inter][0])
        elif group in by_name_sub:
            sub = by_name_sub[group]
        elif group in ("", "Antarctica"):
            sub = ""  # M49 puts Antarctica (010) in no region
        else:
            raise SystemExit(f"{c.alpha_3}: unknown M49 grouping {group!r} in {tsv}")
        if sub:
            reg = SUB_REGIONS[sub][1]
            row.update(
                sub_region_code=sub,
                sub_region_name=SUB_REGIONS[sub][0],
                region_code=reg,
                region_name=REGIONS[reg],
            )
        rows.append(row)
    return rows


def main() -> None:
    """Write m49-regions.csv next to this script."""
    import country_converter  # a dev-only dependency, imported only when the script runs

    tsv = Path(country_converter.__file__).parent / "country_data.tsv"
    out = Path(__file__).with_name("m49-regions.csv")
    rows = build_rows(tsv)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    version = country_converter.__version__
    print(f"wrote {len(rows)} rows to {out} from country_converter {version}", file=sys.stderr)


if __name__ == "__main__":
    main()
