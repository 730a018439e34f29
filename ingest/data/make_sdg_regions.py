"""Regenerate `sdg-regions.csv`: the UN SDG regional groupings as unions of M49 groupings (a dev script).

Why a script: the membership of an SDG grouping is not a list to type country by country; the UN
Statistics Division defines each grouping as a union of M49 regions and sub-regions (the
"Regional groupings used in Report and Statistical Annex" of the SDG reports,
https://unstats.un.org/sdgs/indicators/regional-groups/). The table below transcribes that
definition, one line per grouping; the script checks every part against `m49-regions.csv` (so a
part M49 does not define fails here, not in a store) and writes one row per (grouping, part).
Countries are never listed: they follow from the M49 table through the parts.

Run:  .venv/bin/python ingest/data/make_sdg_regions.py
"""

import csv
import sys
from pathlib import Path

from scpkg.ingest.countries import m49_regions
from scpkg.ingest.regions import SDG_FIELDS

# UNSD SDG regional groupings: code -> (English name, the M49 groupings it is the union of).
# A grouping whose only part is itself (202, 419, 053) is that M49 sub-region, one node reached as both.
SDG_GROUPINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "202": ("Sub-Saharan Africa", ("202",)),
    "747": ("Northern Africa and Western Asia", ("015", "145")),
    "062": ("Central and Southern Asia", ("143", "034")),
    "753": ("Eastern and South-Eastern Asia", ("030", "035")),
    "419": ("Latin America and the Caribbean", ("419",)),
    "053": ("Australia and New Zealand", ("053",)),
    "543": ("Oceania (excluding Australia and New Zealand)", ("054", "057", "061")),
    "513": ("Europe and Northern America", ("150", "021")),
}


def build_rows() -> list[dict[str, str]]:
    """One row per (grouping, M49 part), each part checked against the bundled M49 table."""
    m49 = m49_regions()
    rows = []
    for code, (name, parts) in SDG_GROUPINGS.items():
        for part in parts:
            if part not in m49:
                raise SystemExit(
                    f"SDG grouping {code}: part {part} is not an M49 grouping of m49-regions.csv"
                )
            if part == code and m49[part].name != name:
                raise SystemExit(
                    f"SDG grouping {code} {name!r} is M49 {part} {m49[part].name!r}: names differ"
                )
            rows.append({"code": code, "name": name, "part_code": part, "part_name": m49[part].name})
    return rows


def main() -> None:
    """Write sdg-regions.csv next to this script."""
    out = Path(__file__).with_name("sdg-regions.csv")
    rows = build_rows()
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=SDG_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows for {len(SDG_GROUPINGS)} SDG groupings to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
