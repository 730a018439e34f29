# ruff: noqa: E501 - the corpus is a table, one case per entry; its long lines are its data
"""Write the hostile-file corpus (issue 13): one small file per attack, and README.md's table of them.

Run `python tests/data/hostile/make_corpus.py` after editing `cases()`; tests/ingest/test_hostile_files.py
checks that the files on disk are what this script writes, and runs each beside a valid case study.
Attacks too large for the repository (a Turtle file of a million literals, an XLSX that unzips to
100 MB, JSON nested 100,000 deep) are built at test time by `big_cases()`.

`expect` is a fragment of the problem the file must get (a record of it quarantined), or `LOADED` for
a file that must load (hostile only in what it holds, e.g. a spreadsheet formula as a title); `field`,
a fragment of the field the problem names, where the attack has one.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
LOADED = "(loads)"
FORMULA = "=cmd|' /C calc'!A0"
GHANA_POLICY = "https://w3id.org/scpkg/id/policy/GHA/e-waste-take-back"
GHANA_CASE = "https://w3id.org/scpkg/id/case-study/illustrative-ghana-electronics"
"""The valid file each hostile file is run beside is ingest/examples/illustrative-ghana-electronics.yaml."""


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    attacks: str
    expect: str
    field: str | None = None
    loading: str | None = None
    """What loading into a store adds (a fragment of the store's problem), where validation says nothing."""


def _yaml_case(**changes: str) -> str:
    """A valid YAML case study (its own id), with lines replaced or added to carry the attack."""
    lines = {
        "id": "id: hostile-yaml",
        "title": 'title: {en: "A hostile file"}',
        "source": "source:\n  document: {en: Hostile corpus}\n  locator: n/a",
        "policies": (
            'policies:\n  - id: p1\n    country: GHA\n    title: {en: "A policy"}\n    instrument_type: epr'
        ),
    }
    lines.update(changes)
    return "\n".join(lines.values()) + "\n"


def _json_case(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "hostile-json",
        "title": {"en": "A hostile file"},
        "source": {"document": {"en": "Hostile corpus"}, "locator": "n/a"},
        "policies": [{"id": "p1", "country": "GHA", "title": {"en": "A policy"}, "instrument_type": "epr"}],
    }
    data.update(changes)
    return data


def _json_target(value: str) -> bytes:
    """A JSON case study whose target value is `value` written as is (NaN, 1e400, 10^400...)."""
    return json.dumps(_json_case()).replace('"p1"', '"p1", "targets": [{"value": ' + value + "}]").encode()


def _target(value: str) -> str:
    return (
        'policies:\n  - id: p1\n    country: GHA\n    title: {en: "A policy"}\n    instrument_type: epr\n'
        f'    targets:\n      - {{description: {{en: "a target"}}, value: {value}, unit: percent}}'
    )


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


TTL = "@prefix scp: <https://w3id.org/scpkg/ont/> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
RDF_CASE = (
    "<https://w3id.org/scpkg/id/case-study/hostile-rdf> a scp:CaseStudy ;\n"
    '    dcterms:title "A hostile file"@en ; scp:locator "n/a" ;\n'
    "    scp:caseStudySource <https://w3id.org/scpkg/id/source/hostile-corpus> .\n"
    "<https://w3id.org/scpkg/id/source/hostile-corpus> a scp:SourceDocument ;\n"
    '    dcterms:title "Hostile corpus"@en .\n'
)
CASE = "<https://w3id.org/scpkg/id/case-study/hostile-rdf>"


def _ttl(extra: str) -> bytes:
    return (TTL + RDF_CASE + extra).encode()


def _jsonld(context: object, **extra: object) -> bytes:
    doc = {
        "@context": context,
        "@id": "https://w3id.org/scpkg/id/case-study/hostile-jsonld",
        "@type": "CaseStudy",
    }
    doc.update(extra)
    return json.dumps(doc).encode()


SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def xlsx(sheet: str, shared: str | None = None) -> bytes:
    """A minimal workbook whose one sheet is `sheet`: the XML inside <sheetData>, or a whole document
    when it starts with '<?xml'."""
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
    overrides += f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.worksheet+xml"/>'
    if shared is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings+xml"/>'
    shared_rel = f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook {SHEET_NS} xmlns:r="{RELS}"><sheets>'
            '<sheet name="policies" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (shared_rel if shared is not None else "")
            + "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            sheet
            if sheet.startswith("<?xml")
            else f'<?xml version="1.0"?><worksheet {SHEET_NS}><sheetData>{sheet}</sheetData></worksheet>'
        ),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 12, 2, 0, 0, 0)), text)
    return buf.getvalue()


def _row(number: int, *values: str) -> str:
    cols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    cells = "".join(
        f'<c r="{cols[i]}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _sheet_with(prolog: str, cell: str) -> str:
    """A whole sheet document with a DOCTYPE `prolog` and `cell` as the text of A2."""
    return (
        f'<?xml version="1.0"?>{prolog}<worksheet {SHEET_NS}><sheetData>{_row(1, "case_id")}'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{cell}</t></is></c></row></sheetData></worksheet>'
    )


HEADER = (
    "case_id", "case_title_en", "source_document", "source_locator", "policy_id", "country", "title_en",
    "instrument_type",
)  # fmt: skip
ROW = ("hostile-sheet", "A hostile sheet", "Hostile corpus", "n/a", "p1", "GHA", "A policy", "epr")


def _csv(*rows: tuple[str, ...]) -> bytes:
    return ("\n".join(",".join(r) for r in (HEADER, *rows)) + "\n").encode()


def _laughs() -> str:
    entities = '<!ENTITY a "lollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)
    )
    return f"<!DOCTYPE w [{entities}]>"


def _broken_xlsx() -> bytes:
    """A workbook whose sheet part is missing."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx(_row(1, *HEADER)))) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item))
    return buf.getvalue()


def _own_ids(case: Case) -> Case:
    """Each file gets ids of its own (from its name), so that run together no two share an IRI."""
    if case.name.endswith(".xlsx"):  # compressed: a replacement would break the archive
        return case
    stem = case.name.rsplit(".", 1)[0].encode()
    content = case.content
    for generic in (b"hostile-jsonld", b"hostile-json", b"hostile-yaml", b"hostile-sheet", b"hostile-rdf"):
        content = content.replace(generic, stem)
    return Case(case.name, content, case.attacks, case.expect, case.field, case.loading)


def cases() -> list[Case]:
    return [_own_ids(case) for case in _cases()]


def _cases() -> list[Case]:
    long_id = "x" * 300
    policy_long = _target("5").replace("id: p1", f"id: {long_id}")
    return [
        # --- YAML: structure ---
        Case("yaml-key-list.yaml", b"[a, b]: 1\n", "a list as a mapping key (TypeError: unhashable)",
             "cannot be a field name"),
        Case("yaml-key-mapping.yaml", b"? {a: b}\n: 1\n", "a mapping as a key (TypeError: unhashable)",
             "cannot be a field name"),
        Case("yaml-key-integer.yaml", _yaml_case(extra="1: one").encode(), "a number as a field name", "is not text"),
        Case("yaml-key-null.yaml", _yaml_case(extra="null: nothing").encode(), "null as a field name", "is not text"),
        Case("yaml-alias-bomb.yaml", _alias_bomb().encode(), "600-byte billion-laughs alias bomb", "alias bomb"),
        Case("yaml-alias-self.yaml", b"a: &a [*a]\n", "an alias inside its own anchor (a cycle)", "refers to itself"),
        Case("yaml-alias-undefined.yaml", b"a: *nothing\n", "an alias to no anchor", "or to nothing"),
        Case("yaml-merge-bomb.yaml", (_alias_bomb() + "b: {<<: *a0}\n").encode(), "an alias bomb and a merge key",
             "alias bomb"),
        Case("yaml-deep-flow.yaml", ("a: " + "[" * 200 + "]" * 200 + "\n").encode(), "flow lists 200 deep",
             "nested more than 64"),
        Case("yaml-deep-flow-2000.yaml", ("a: " + "[" * 2000 + "]" * 2000 + "\n").encode(),
             "flow lists 2,000 deep (libyaml's own limit)", "nesting depth"),
        Case("yaml-deep-block.yaml", ("a:\n" + "".join("  " * i + "-\n" for i in range(1, 120))).encode(),
             "block lists 120 deep", "nested more than 64"),
        Case("yaml-deep-compact.yaml", ("- " * 3000 + "x\n").encode(), "compact nested sequences, 3,000 on one line",
             "nested more than 64"),
        Case("yaml-python-tag.yaml", b'a: !!python/object/apply:os.system ["echo pwned"]\n',
             "code execution through a Python tag", "not valid YAML"),
        Case("yaml-python-name.yaml", b"a: !!python/name:os.system\n", "a Python name tag", "not valid YAML"),
        Case("yaml-unknown-tag.yaml", b"a: !evil x\n", "an unknown local tag", "not valid YAML"),
        Case("yaml-set.yaml", _yaml_case(extra="tags: !!set {a, b}").encode(), "a YAML set (not JSON data)",
             "not a field here"),
        Case("yaml-binary.yaml", _yaml_case(title="title: !!binary aGVsbG8=").encode(), "binary data as a title",
             "is not a text", "title"),
        Case("yaml-multi-document.yaml", b"id: a\n---\nid: b\n", "two YAML documents in one file", "not valid YAML"),
        Case("yaml-syntax.yaml", b"id: [unclosed\n", "a syntax error", "not valid YAML"),
        Case("yaml-duplicate-key.yaml", _yaml_case(extra="id: again").encode(), "a key given twice", "appears twice"),
        Case("yaml-top-list.yaml", b"- a\n- b\n", "a list of scalars instead of case studies", "found str"),
        Case("yaml-top-scalar.yaml", b"hello\n", "a scalar instead of a case study", "found str"),
        Case("yaml-empty.yaml", b"", "an empty file", "empty"),
        Case("yaml-blank.yaml", b"  \n\n\t\n", "white space only", "white space"),
        Case("yaml-latin1.yaml", _yaml_case(title='title: {en: "Caf\xe9"}').encode("latin-1"), "Latin-1, not UTF-8",
             "not UTF-8"),
        Case("yaml-nul-byte.yaml", b"id: a\x00b\n", "a raw NUL byte", "binary"),
        Case("yaml-utf16.yaml", _yaml_case().encode("utf-16"), "UTF-16 text", "binary"),
        # --- YAML: values ---
        Case("yaml-nan.yaml", _yaml_case(policies=_target(".nan")).encode(), "NaN as a target value", "NaN",
             "policies[0].targets[0].value"),
        Case("yaml-inf.yaml", _yaml_case(policies=_target(".inf")).encode(), "Infinity as a target value", "infinite",
             "policies[0].targets[0].value"),
        Case("yaml-neg-inf.yaml", _yaml_case(policies=_target("-.inf")).encode(), "-Infinity", "infinite",
             "policies[0].targets[0].value"),
        Case("yaml-float-overflow.yaml", _yaml_case(policies=_target("1.0e+400")).encode(),
             "10^400 written as a float (overflows to inf)", "infinite", "policies[0].targets[0].value"),
        Case("yaml-int-400-digits.yaml", _yaml_case(policies=_target("1" + "0" * 400)).encode(), "10^400 written out",
             "digits", "policies[0].targets[0].value"),
        Case("yaml-int-5000-digits.yaml", _yaml_case(policies=_target("9" * 5000)).encode(),
             "an integer over Python's 4,300-digit limit", "not accepted YAML"),
        Case("yaml-nul-escape.yaml", _yaml_case(title='title: {en: "a\\0b"}').encode(),
             "a NUL character through an escape", "NUL", "title.en"),
        Case("yaml-surrogate.yaml", _yaml_case(title='title: {en: "\\ud800"}').encode(),
             "a lone surrogate through an escape", "invalid Unicode"),
        Case("yaml-long-id.yaml", _yaml_case(id=f"id: {long_id}").encode(),
             "a 300-character case id (File name too long)", "characters long", "id"),
        Case("yaml-long-policy-id.yaml", _yaml_case(policies=policy_long).encode(), "a 300-character policy id",
             "characters long", "policies[0].id"),
        Case("yaml-formula-title.yaml",
             _yaml_case(id="id: hostile-formula", title=f'title: {{en: "{FORMULA}"}}').encode(),
             "a spreadsheet formula as the title (CSV injection)", LOADED),
        # --- JSON ---
        Case("json-deep-1000.json", ("[" * 1000 + "]" * 1000).encode(), "arrays 1,000 deep", "nested more than 64"),
        Case("json-deep-objects.json", ('{"a":' * 500 + "1" + "}" * 500).encode(), "objects 500 deep",
             "nested more than 64"),
        Case("json-duplicate-key.json", b'{"id": "a", "id": "b"}', "a key given twice (json keeps the last)",
             "appears twice"),
        Case("json-duplicate-nested.json",
             json.dumps(_json_case()).replace('"locator": "n/a"', '"locator": "n/a", "locator": "p. 2"').encode(),
             "a key given twice, nested", "appears twice"),
        Case("json-nan.json", _json_target("NaN"), "NaN (not standard JSON)", "NaN"),
        Case("json-infinity.json", _json_target("Infinity"), "Infinity", "Infinity"),
        Case("json-neg-infinity.json", _json_target("-Infinity"), "-Infinity", "-Infinity"),
        Case("json-exp-400.json", _json_target("1e400"), "1e400 (parsed as inf)", "infinite",
             "policies[0].targets[0].value"),
        Case("json-int-400-digits.json", _json_target("1" + "0" * 400), "10^400 written out", "digits",
             "policies[0].targets[0].value"),
        Case("json-int-5000-digits.json", _json_target("9" * 5000), "an integer over Python's 4,300-digit limit",
             "not accepted JSON"),
        Case("json-surrogate.json", json.dumps(_json_case(title={"en": "\ud800"})).encode(),
             "a lone surrogate (UnicodeEncodeError later)", "surrogate", "title.en"),
        Case("json-surrogate-key.json", b'{"\\udc00": 1}', "a lone surrogate in a key", "surrogate"),
        Case("json-nul.json", json.dumps(_json_case(title={"en": "a\x00b"})).encode(), "a NUL character", "NUL",
             "title.en"),
        Case("json-long-id.json", json.dumps(_json_case(id="y" * 300)).encode(), "a 300-character case id",
             "characters long", "id"),
        Case("json-syntax.json", b'{"id": ', "truncated JSON", "not valid JSON"),
        Case("json-extra-data.json", b'{"id": "a"} {"id": "b"}', "two documents in one file", "not valid JSON"),
        Case("json-top-string.json", b'"hello"', "a string instead of a case study", "found str"),
        Case("json-top-null.json", b"null", "null instead of a case study", "found nothing"),
        Case("json-wrong-types.json", json.dumps(_json_case(policies="none", source=[1])).encode(),
             "every field of the wrong type", "should be"),
        # --- spreadsheets ---
        Case("csv-formula.csv", _csv((*ROW[:6], FORMULA.replace(",", ""), "epr")),
             "a formula as a policy title (CSV injection)", LOADED),
        Case("csv-long-id.csv", _csv(("z" * 300, *ROW[1:])), "a 300-character case_id", "characters long", "id"),
        Case("csv-extra-cells.csv", _csv((*ROW, "surplus")), "more cells than columns", "more cells than the header"),
        Case("csv-no-header.csv", b"hostile,1,2\n", "no header row", "header"),
        Case("csv-unknown-column.csv", b"case_id,=cmd\nx,1\n", "an unknown (formula) column", "unknown columns"),
        Case("csv-nul.csv", _csv(ROW).replace(b"epr", b"e\x00pr"), "a NUL byte", "binary"),
        Case("csv-header-only.csv", _csv(), "a header and no rows", "no rows"),
        Case("xlsx-not-zip.xlsx", b"this is not a workbook\n", "text named .xlsx", "not a zip archive"),
        Case("xlsx-truncated.xlsx", xlsx(_row(1, *HEADER))[:300], "a workbook cut short", "not a zip archive"),
        Case("xlsx-undefined-entity.xlsx", xlsx(_sheet_with("", "&undefined;")),
             "an undefined XML entity (ParseError)", "not a readable XLSX"),
        Case("xlsx-billion-laughs.xlsx", xlsx(_sheet_with(_laughs(), "&i;")),
             "XML entity expansion (billion laughs) in a sheet", "not a readable XLSX"),
        Case("xlsx-external-entity.xlsx",
             xlsx(_sheet_with('<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;")),
             "an external entity reading /etc/passwd", "not a readable XLSX"),
        Case("xlsx-row-gap.xlsx", xlsx(_row(1, *HEADER) + _row(1048576, *ROW)),
             "a row at 1,048,576 (read as a million empty rows)", "rows"),
        Case("xlsx-dimension-claim.xlsx",
             xlsx(f'<?xml version="1.0"?><worksheet {SHEET_NS}><dimension ref="A1:XFD1048576"/><sheetData>'
                  + _row(1, *HEADER) + "</sheetData></worksheet>"),
             "a sheet claiming 17 billion cells", "no rows"),
        Case("xlsx-no-sheet-part.xlsx", _broken_xlsx(), "a workbook whose sheet part is missing",
             "not a readable XLSX"),
        # --- JSON-LD contexts: never fetched ---
        Case("jsonld-context-http.jsonld", _jsonld("http://127.0.0.1:9/context.jsonld"),
             "a remote @context on loopback (fetched, hung)", "never fetches", "@context"),
        Case("jsonld-context-w3id-other.jsonld", _jsonld("https://w3id.org/other/context.jsonld"),
             "a remote @context (a DNS lookup)", "never fetches", "@context"),
        Case("jsonld-context-file.jsonld", _jsonld("file:///etc/passwd"), "a local file as @context",
             "never fetches", "@context"),
        Case("jsonld-context-relative.jsonld", _jsonld("neighbour.jsonld"), "a relative @context (a file beside it)",
             "never fetches", "@context"),
        Case("jsonld-context-list.jsonld", _jsonld([{"x": "https://example.org/"}, "http://127.0.0.1:9/c"]),
             "a remote context in a list", "never fetches", "@context"),
        Case("jsonld-context-import.jsonld", _jsonld({"@import": "http://127.0.0.1:9/c"}),
             "@import of a remote context", "never fetches", "@import"),
        Case("jsonld-context-scoped.jsonld",
             _jsonld({"t": {"@id": "https://example.org/t", "@context": "file:///etc/passwd"}}),
             "a scoped context inside a term", "never fetches", "@context"),
        Case("jsonld-context-nested.jsonld",
             _jsonld({"x": "https://example.org/"}, child={"@context": "http://127.0.0.1:9/c"}),
             "a remote context on a nested node", "never fetches", "@context"),
        Case("jsonld-own-context.jsonld", _jsonld("https://w3id.org/scpkg/context.jsonld"),
             "the project's own context: known locally, never fetched (then SHACL speaks)", "Source missing"),
        Case("jsonld-nan.jsonld", b'{"@id": "https://w3id.org/scpkg/id/case-study/n", "https://w3id.org/scpkg/ont/v": NaN}',
             "NaN in JSON-LD", "NaN"),
        Case("jsonld-duplicate-key.jsonld",
             b'{"@id": "https://w3id.org/scpkg/id/case-study/a", "@id": "https://w3id.org/scpkg/id/case-study/b"}',
             "@id given twice", "appears twice"),
        Case("jsonld-deep.jsonld", ("[" * 1000 + "]" * 1000).encode(), "arrays 1,000 deep", "nested more than 64"),
        Case("jsonld-syntax.jsonld", b"{", "truncated JSON-LD", "not valid JSON-LD"),
        # --- RDF: identity, ownership and values ---
        Case("ttl-hijack.ttl", _ttl(f'<{GHANA_POLICY}> dcterms:title "HIJACKED"@en .\n'),
             "a title for another case study's policy", "does not own", "policy/GHA/e-waste-take-back"),
        Case("ttl-hijack-linked.ttl",
             _ttl(f'<{GHANA_POLICY}> dcterms:title "HIJACKED"@en .\n<https://example.org/x> scp:about <{GHANA_POLICY}> .\n'),
             "another's policy, linked to an unowned node", "does not own", "policy/GHA/e-waste-take-back"),
        Case("ttl-reference.ttl",
             _ttl(f"{CASE} scp:country <https://w3id.org/scpkg/id/country/GHA> .\n"
                  '<https://w3id.org/scpkg/id/country/GHA> dcterms:title "Hijacked Ghana"@en .\n'),
             "a new name for a country (reference data)", "reference data", "country/GHA"),
        Case("ttl-vocabulary.ttl", _ttl('<https://w3id.org/scpkg/vocab/sector/food> dcterms:title "Hijacked"@en .\n'),
             "relabelling a vocabulary concept", "reference data"),
        Case("ttl-unconnected.ttl", _ttl('<https://example.org/elsewhere> dcterms:title "x"@en .\n'),
             "a node not linked to the case study that no other describes: loads, asserted by this one", LOADED),
        Case("ttl-adds-to.ttl",
             _ttl(f"{CASE} scp:addsTo <{GHANA_CASE}> .\n"
                  f'<{GHANA_POLICY}> dcterms:description "Added, and said so."@en .\n'),
             "adds to another's policy and says so (scp:addsTo)", LOADED),
        Case("ttl-file-iri.ttl", (TTL + "<file:///etc/passwd> a scp:CaseStudy .\n").encode(),
             "file:///etc/passwd as a case-study IRI", "http(s) web address", "case study IRI"),
        Case("ttl-javascript-iri.ttl", (TTL + "<javascript:alert(1)> a scp:CaseStudy .\n").encode(),
             "a javascript: case-study IRI", "http(s) web address"),
        Case("ttl-base-file.ttl",
             b"@base <file:///etc/> .\n@prefix scp: <https://w3id.org/scpkg/ont/> .\n<passwd> a scp:CaseStudy .\n",
             "@base file: making <passwd> /etc/passwd", "http(s) web address"),
        Case("ttl-owl-imports.ttl", _ttl(f"{CASE} <http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/o.ttl> .\n"),
             "owl:imports of a URL: never fetched (valid; the store then refuses the undeclared predicate)", LOADED, None, "not declared in the ontology"),
        Case("ttl-nan.ttl", _ttl(f'{CASE} scp:v "NaN"^^<http://www.w3.org/2001/XMLSchema#double> .\n'),
             "NaN as an xsd:double", "NaN or infinite"),
        Case("ttl-inf.ttl", _ttl(f'{CASE} scp:v "-INF"^^<http://www.w3.org/2001/XMLSchema#double> .\n'),
             "-INF as an xsd:double", "NaN or infinite"),
        Case("ttl-exp-400.ttl", _ttl(f"{CASE} scp:v 1e400 .\n"), "1e400 as a double", "infinite"),
        Case("ttl-int-400-digits.ttl", _ttl(f"{CASE} scp:v 1" + "0" * 400 + " .\n"), "10^400 as an integer",
             "more digits"),
        Case("ttl-nul.ttl", _ttl(f'{CASE} scp:locator "a\\u0000b" .\n'), "a NUL character in a literal", "NUL"),
        Case("ttl-surrogate.ttl", _ttl(f'{CASE} scp:locator "\\uD800" .\n'), "a lone surrogate escape in a literal",
             "surrogate"),
        Case("ttl-syntax.ttl", b"<a> <b> .\n", "a syntax error", "not valid turtle"),
        Case("ttl-two-cases.ttl", (TTL + RDF_CASE + RDF_CASE.replace("hostile-rdf", "hostile-rdf-2")).encode(),
             "two case studies in one graph", "must describe one"),
        Case("ttl-no-case.ttl", (TTL + '<https://example.org/x> dcterms:title "x" .\n').encode(), "no case study",
             "none"),
        Case("trig-default-graph.trig",
             (TTL + f"{CASE} {{\n{RDF_CASE}}}\n" + '<https://example.org/x> dcterms:title "outside" .\n').encode(),
             "triples outside any named graph (the named graph still loads)", "outside any named graph"),
        Case("trig-misnamed.trig", (TTL + "<https://w3id.org/scpkg/id/case-study/other> {\n" + RDF_CASE + "}\n").encode(),
             "a named graph describing another case study", "must describe exactly"),
        Case("trig-file-graph.trig", (TTL + "<file:///etc/passwd> {\n<file:///etc/passwd> a scp:CaseStudy .\n}\n").encode(),
             "file:///etc/passwd as a named graph", "http(s) web address"),
        Case("nq-syntax.nq", b"<a> <b> <c> <d> <e> .\n", "bad N-Quads", "not valid nquads"),
        Case("nt-file-iri.nt",
             b"<file:///etc/passwd> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
             b"<https://w3id.org/scpkg/ont/CaseStudy> .\n",
             "a file: case-study IRI in N-Triples", "http(s) web address"),
    ]  # fmt: skip


def big_cases() -> list[Case]:
    """Bombs too big for the repository, built when the test runs (each under the 10 MB size limit)."""
    literals = ", ".join(f'"{i}"' for i in range(1_000_000))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(xlsx(_row(1, *HEADER), shared="<sst/>"))) as src:
            for item in src.infolist():
                if item.filename != "xl/sharedStrings.xml":
                    archive.writestr(item, src.read(item))
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            for _ in range(100_000):
                part.write(chunk)
            part.write(b"</sst>")
    rows = "".join(f'<row r="{i}"/>' for i in range(2, 400_000))
    return [
        Case("big-turtle-million-literals.ttl", _ttl(f"{CASE} scp:v {literals} .\n"),
             "1e6 literals in 9 MB of Turtle", "more than 200,000 triples"),
        Case("big-xlsx-shared-strings.xlsx", buf.getvalue(), "shared strings unzipping to 100 MB", "unzips to"),
        Case("big-xlsx-rows.xlsx", xlsx(_row(1, *HEADER) + rows), "400,000 empty rows", "rows"),
        Case("big-json-deep.json", ("[" * 100_000 + "]" * 100_000).encode(), "JSON nested 100,000 deep (RecursionError)",
             "nested more than 64"),
        Case("big-yaml-deep.yaml", ("- " * 100_000 + "x\n").encode(), "YAML nested 100,000 deep",
             "nested more than 64"),
        Case("big-csv-rows.csv", _csv() + b"x\n" * 200_000, "200,000 rows of CSV", "rows"),
    ]  # fmt: skip


def readme(small: list[Case], big: list[Case]) -> str:
    out = [
        "# Hostile-file corpus (issue 13)",
        "",
        "Written by `make_corpus.py` (edit the script, then run it; do not edit the files).",
        "`tests/ingest/test_hostile_files.py` runs each file beside a valid case study",
        "(`ingest/examples/illustrative-ghana-electronics.yaml`) and checks the outcome below, no traceback,",
        "no network access, counts that reconcile and the valid file kept; the whole corpus also goes through",
        "one `scpkg ingest` run. Files marked *(built at test time)* are too large for the repository.",
        "",
        "| file | what it attacks | expected outcome | field |",
        "|---|---|---|---|",
    ]
    for case in small + big:
        outcome = "loads" if case.expect == LOADED else f"refused: “…{case.expect}…”"
        if case.loading:
            outcome = f"valid; the store refuses it: “…{case.loading}…”"
        name = f"`{case.name}`" + (" *(built at test time)*" if case in big else "")
        out.append(f"| {name} | {case.attacks} | {outcome} | {f'`{case.field}`' if case.field else ''} |")
    return "\n".join(out) + "\n"


def write(directory: Path = HERE) -> None:
    """The corpus files and README.md; files of cases no longer listed are left for the author to remove."""
    small = cases()
    for case in small:
        (directory / case.name).write_bytes(case.content)
    (directory / "README.md").write_text(readme(small, big_cases()), encoding="utf-8")


if __name__ == "__main__":
    write()
