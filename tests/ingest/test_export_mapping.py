"""Partner exports through a declarative mapping (`scpkg ingest --mapping`), on the real embedded store.

The 50-record legislation export fixture is messy as real exports are; the table below says, record by
record, what must happen to it and why, read off the fixture (not off the implementation's output).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.ingest import export_mapping
from scpkg.ingest.pipeline import LOADED, QUARANTINED, run
from scpkg.ingest.vocab import UnknownValueError, default_resolver
from scpkg.store import GraphStore

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "exports" / "legislation-export-50.json"
runner = CliRunner()

# record position → (outcome, field of the reason (export → case study), sector codes it needs).
# A record whose sectors are not in the vocabulary (yet) must be quarantined naming `topics[*] → sectors`.
EXPECTED: dict[int, tuple[str, str | None, tuple[str, ...]]] = {
    0: (LOADED, None, ()),  # ban, amends LEG-0002 of the same export
    1: (LOADED, None, ()),  # repealed: isRepealed true + status "repealed" agree
    2: (LOADED, None, ("packaging",)),  # Ban + Levy, date "2019-06", Spanish original title
    3: (LOADED, None, ("packaging", "waste")),  # date "05/06/2019" (day first, declared by the mapping)
    4: (LOADED, None, ("waste",)),  # Portuguese original title, amendment date
    5: (LOADED, None, ()),  # Chinese original title, Stockholm
    6: (LOADED, None, ()),  # Arabic original title
    7: (LOADED, None, ()),  # dateOfText "1831", Miscellaneous, repealed
    8: (LOADED, None, ("waste",)),  # Basel
    9: (LOADED, None, ("waste",)),  # country "IN", two links
    10: (LOADED, None, ()),  # "European Union"
    11: (LOADED, None, ("packaging",)),  # "EU", Basel plastic-waste amendments, three approaches
    12: (LOADED, None, ()),  # Minamata
    13: (LOADED, None, ()),  # Minamata + Basel
    14: (LOADED, None, ()),
    15: (LOADED, None, ()),  # "Scotland": sub-national, GBR with subdivision GB-SCT
    16: (LOADED, None, ()),  # no "type" field at all
    17: (LOADED, None, ()),
    18: (LOADED, None, ("packaging",)),
    19: (LOADED, None, ("packaging",)),  # amends LEG-0019
    20: (LOADED, None, ("batteries",)),
    21: (LOADED, None, ()),  # Montreal Protocol
    22: (LOADED, None, ()),  # Kigali + Montreal, date "2017-09"
    23: (LOADED, None, ()),  # Rotterdam
    24: (LOADED, None, ("packaging",)),
    25: (LOADED, None, ("packaging", "batteries")),
    26: (LOADED, None, ("energy-using-products",)),
    27: (LOADED, None, ("vehicles", "waste")),
    28: (LOADED, None, ()),
    29: (LOADED, None, ()),  # Italian original title
    30: (LOADED, None, ()),  # type ""
    31: (LOADED, None, ()),
    32: (LOADED, None, ()),  # unknown approach "Market-based instrument": warned, Ban kept
    33: (LOADED, None, ("waste",)),  # unknown topic "Mining": warned
    34: (LOADED, None, ()),  # "Quebec": CAN with subdivision CA-QC
    35: (QUARANTINED, "country → policies[0].country", ()),  # "Yugoslavia"
    36: (QUARANTINED, "title → policies[0].title", ()),  # empty title
    37: (QUARANTINED, "id", ()),  # duplicate id LEG-0039 (both refused, each naming the other)
    38: (QUARANTINED, "id", ()),
    39: (QUARANTINED, "dateOfText → policies[0].adopted_on", ()),  # "June 2016"
    40: (QUARANTINED, "isRepealed/status → policies[0].status", ()),  # isRepealed true, status "in force"
    41: (LOADED, None, ("waste",)),  # status "suspended": warned, left out
    42: (LOADED, None, ("waste",)),  # original title with language "": warned, left out
    43: (LOADED, None, ()),  # no approach, no topics: type not stated (warned)
    44: (LOADED, None, ("waste",)),  # "Bamako Convention" not in the map: warned
    45: (QUARANTINED, "link[0] → source.url", ()),  # link without http(s)
    46: (LOADED, None, ("packaging",)),  # two amendment dates
    47: (LOADED, None, ()),  # Rotterdam + Stockholm
    48: (LOADED, None, ()),  # derived from InforMEA instead of FAOLEX
    49: (LOADED, None, ("waste",)),  # "2019-10-01T00:00:00"
}


def _known_sector(code: str) -> bool:
    try:
        default_resolver().resolve("sector", code)
    except UnknownValueError:
        return False
    return True


def test_legislation_export_every_record_is_loaded_or_quarantined_with_its_reason(
    store: GraphStore, tmp_path: Path
) -> None:
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(records) == 50 == len(EXPECTED)
    report = run(
        [FIXTURE], store=store, report_dir=tmp_path / "r", mapping=export_mapping.load("legislation-export")
    )
    assert report.reconciles and report.counts["records_read"] == 50
    for i, outcome in enumerate(report.outcomes):
        status, reason, needs = EXPECTED[i]
        assert outcome.record.startswith(f"records[{i}] ("), outcome.record
        missing = [code for code in needs if not _known_sector(code)]
        if missing:  # the vocabulary does not have the sector yet: refused, naming it and the export field
            assert outcome.status == QUARANTINED, (i, outcome.problems)
            assert any(
                p.field.startswith("topics[*] → policies[0].sectors") and repr(missing[0]) in p.message
                for p in outcome.problems
            ), (i, outcome.problems)
            continue
        assert outcome.status == status, (i, outcome.problems)
        if reason is not None:
            assert any(p.field == reason for p in outcome.problems), (i, outcome.problems)
            assert all(p.record == outcome.record for p in outcome.problems)


def test_unmapped_export_values_are_warnings_naming_field_value_and_the_mapped_values(tmp_path: Path) -> None:
    """Before: no mapping at all; the guard is that a value outside the map is never dropped unsaid."""
    report = run(
        [FIXTURE], store=None, report_dir=tmp_path / "r", mapping=export_mapping.load("legislation-export")
    )
    warned = {
        (o.record.split(" ")[0], p.field): p.message
        for o in report.outcomes
        for p in o.warnings
        if "→" in p.field
    }
    approach = warned[("records[32]", "regulatoryApproach[*] → policies[0].instrument_type")]
    assert "'Market-based instrument'" in approach and "'ban'" in approach and "left out" in approach
    assert "'Mining'" in warned[("records[33]", "topics[*] → policies[0].sectors")]
    assert "'suspended'" in warned[("records[41]", "isRepealed/status → policies[0].status")]
    assert (
        "'Bamako Convention'" in warned[("records[44]", "implementingMeas[*] → policies[0].mea_obligations")]
    )
    assert "no language" in warned[("records[42]", "originalTitle → policies[0].original_title")]


def test_export_values_reach_the_graph_dates_titles_obligations_and_provenance_chain(tmp_path: Path) -> None:
    report = run(
        [FIXTURE], store=None, report_dir=tmp_path / "r", mapping=export_mapping.load("legislation-export")
    )
    graphs = {o.record.split(" ")[0]: o.graph for o in report.outcomes if o.graph is not None}
    literals = {
        i: {(str(o), o.language) for o in g.objects() if isinstance(o, Literal)} for i, g in graphs.items()
    }
    assert ("1831", None) in literals["records[7]"]
    assert ("2019-06-05", None) in literals["records[3]"]  # "05/06/2019", day first
    assert ("2023-05-08", None) in literals["records[42]"]  # lastAmendmentDate "08/05/2023"
    assert ("电器电子产品有害物质限制使用管理办法", "zh") in literals["records[5]"]
    assert (
        "Lei nº 12.305, de 2 de agosto de 2010 - Política Nacional de Resíduos Sólidos",
        "pt",
    ) in literals["records[4]"]
    # "A from B": the platform record (LEG-0001) and the legal-database record it cites (LEX-FAOC900001)
    assert {("LEG-0001", None), ("LEX-FAOC900001", None)} <= literals["records[0]"]
    obligations = {str(o) for o in graphs["records[13]"].objects() if "/id/mea/" in str(o)}
    assert obligations == {
        "https://w3id.org/scpkg/id/mea/minamata/mercury-added-products",
        "https://w3id.org/scpkg/id/mea/basel/hazardous-wastes",
    }


def write_mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text)
    return path


MINIMAL = """
records: {format: jsonl}
fields:
  case.id: {template: "p-{ref}"}
  case.title: {from: name, language: en}
  id: ref
  title: {from: name, language: en}
  country: where
  instrument_type: {from: kind, map: {Ban: ban-restriction}, unmapped: error}
  source.document: {template: "Platform record {ref}"}
  source.locator: {template: "record {ref}"}
"""


def test_unmapped_error_quarantines_only_that_record(store: GraphStore, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(
        json.dumps({"ref": "A1", "name": "Bag ban", "where": "KE", "kind": "Ban"})
        + "\n"
        + json.dumps({"ref": "A2", "name": "Odd law", "where": "KE", "kind": "Nudge"})
        + "\n"
    )
    report = run(
        [export],
        store=store,
        report_dir=tmp_path / "r",
        mapping=export_mapping.load(str(write_mapping(tmp_path, MINIMAL))),
    )
    assert [(o.record, o.status) for o in report.outcomes] == [
        ("line 1 (p-a1)", LOADED),
        ("line 2 (p-a2)", QUARANTINED),
    ]
    problem = report.outcomes[1].problems[0]
    assert problem.field == "kind → policies[0].instrument_type" and "'Nudge'" in problem.message


def test_records_at_a_path_and_csv_rows_are_read_through_a_mapping(tmp_path: Path) -> None:
    nested = tmp_path / "page.json"
    nested.write_text(json.dumps({"results": [{"ref": "B1", "name": "Levy", "where": "GH", "kind": "Ban"}]}))
    at_path = write_mapping(tmp_path, MINIMAL.replace("{format: jsonl}", "{format: json, path: results}"))
    report = run([nested], store=None, report_dir=tmp_path / "r1", mapping=export_mapping.load(str(at_path)))
    assert [(o.record, o.problems) for o in report.outcomes] == [("results[0] (p-b1)", [])]
    rows = tmp_path / "rows.csv"
    rows.write_text("ref,name,where,kind\nC1,Ban one,RW,Ban\n,,,\nC2,Ban two,RW,ban\n")
    as_csv = tmp_path / "csv-map.yaml"
    as_csv.write_text(MINIMAL.replace("{format: jsonl}", "{format: csv}"))
    report = run([rows], store=None, report_dir=tmp_path / "r2", mapping=export_mapping.load(str(as_csv)))
    assert [(o.record, o.problems) for o in report.outcomes] == [("row 2 (p-c1)", []), ("row 4 (p-c2)", [])]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (MINIMAL + "  colour: blue\n", "fields.colour"),
        (MINIMAL.replace("country: where", "country: where..x"), "fields.country.from"),
        (MINIMAL.replace("unmapped: error", "unmapped: shout"), "fields.instrument_type.unmapped"),
        (MINIMAL + "extra: 1\n", "extra"),
        (MINIMAL.replace("  id: ref\n", ""), "fields.id"),
    ],
)
def test_bad_mapping_file_is_refused_naming_file_and_key_and_nothing_loads(
    text: str, key: str, tmp_path: Path
) -> None:
    mapping = write_mapping(tmp_path, text)
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"ref": "A1", "name": "Bag ban", "where": "KE", "kind": "Ban"}) + "\n")
    store = "falkordb://" + str(tmp_path / "s" / "g.db")
    result = runner.invoke(app, ["ingest", str(export), "--mapping", str(mapping), "--store", store])
    assert result.exit_code == 2, result.output
    assert str(mapping) in result.output.replace("\n", "") or mapping.name in result.output
    assert key in result.output.replace("\n", "")
    assert not (tmp_path / "s").exists()  # refused before the store was opened


def test_unknown_mapping_name_lists_the_shipped_ones(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(FIXTURE), "--mapping", "no-such-map"])
    assert result.exit_code == 2 and "legislation-export" in result.output
