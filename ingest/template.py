"""The XLSX template for people who work in Excel: the columns the sheet reader knows and, on a second
sheet, every allowed vocabulary value read from the ontology (so the list can never drift from it)."""

from __future__ import annotations

from pathlib import Path

from scpkg.ingest.read_sheet import COLUMNS, SHEET_NAME
from scpkg.ingest.read_structured import year_range
from scpkg.ingest.vocab import INSTRUMENT_TYPE, MEA_OBLIGATION, PROGRAMME, Resolver, default_resolver

ALLOWED_SHEET = "allowed values"
FIELD_VOCABULARY = {
    "instrument_type": INSTRUMENT_TYPE,
    "jurisdiction_level": "jurisdiction-level",
    "framework_level": "framework-level",
    "life_cycle_stages": "life-cycle-stage",
    "sectors": "sector",
    "lead_bodies / participating_bodies (ministry type)": "ministry-type",
    "status": "policy-status",
    "sdg": "sdg",
    "mea_obligations": MEA_OBLIGATION,
    "programmes": PROGRAMME,
}
"""Which column takes values from which vocabulary of the ontology."""
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")


def allowed_rows(resolver: Resolver) -> list[list[str]]:
    """One row per allowed value: column, code, then its label in each UN language."""
    rows = []
    for column, name in FIELD_VOCABULARY.items():
        vocabulary = resolver.vocabulary(name)
        for iri, code in sorted(vocabulary.codes.items(), key=lambda item: item[1]):
            labels = vocabulary.labels.get(iri, {})
            rows.append([column, code, *(labels.get(lang, "") for lang in LANGUAGES), str(iri)])
    return rows


def write_template(path: Path, resolver: Resolver | None = None) -> None:
    import openpyxl
    from openpyxl.styles import Font

    resolver = resolver or default_resolver()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    allowed = book.create_sheet(ALLOWED_SHEET)
    allowed.append(["column", "code", *(f"label_{lang}" for lang in LANGUAGES), "iri"])
    for cell in allowed[1]:
        cell.font = Font(bold=True)
    for row in allowed_rows(resolver):
        allowed.append(row)
    low, high = year_range()
    notes = book.create_sheet("notes")
    for line in (
        "One row per policy; rows with the same case_id form one case study "
        "(case and source columns on the first row).",
        "Multi-valued cells separate values with ';'. Bodies: 'Name (ministry type); Name (ministry type)'.",
        "Values may be codes, labels in any UN language or IRIs (see 'allowed values'); "
        "case and spaces do not matter.",
        "country: ISO 3166 alpha-2 / alpha-3 code or name; 'international' for a policy of no one country.",
        f"Dates YYYY-MM-DD; adoption_year and target_deadline may be a year ({low}-{high}). "
        "One target and one outcome per row.",
    ):
        notes.append([line])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
