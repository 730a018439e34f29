"""Generate `sdg.ttl`, the SDG vocabulary, from the bundled UN goal/target/indicator table.

Why generated: 17 goals, 169 targets and 252 indicators in six languages are too many to type
without slips, and the wording must be the UN's own. The table (`sdg-goals-targets-indicators.csv`,
source and licence in ontology/README.md) is the input; `scpkg ontology build` (which also rebuilds
namespace.py and the diagram) or `python -m scpkg.ontology.make_sdg` rewrites `sdg.ttl`, and a test
regenerates it and compares.
The output is sorted by code and written by hand, not by rdflib's serializer, so the same table
always gives byte-identical Turtle that diffs readably.
"""

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from scpkg.ontology import UN_LANGUAGES

HERE = Path(__file__).resolve().parent
CSV_FILE = HERE / "sdg-goals-targets-indicators.csv"
TTL_FILE = HERE / "sdg.ttl"

SCHEME = "https://w3id.org/scpkg/vocab/sdg"
CONCEPT_NS = SCHEME + "/"
UN_KOS = "http://metadata.un.org/sdg/"
FIELDS = ("kind", "code", "en", "ar", "zh", "fr", "ru", "es")
KINDS = {"goal": "SDGGoal", "target": "SDGTarget", "indicator": "SDGIndicator"}
_CODE = {
    "goal": re.compile(r"[1-9][0-9]?"),
    "target": re.compile(r"[1-9][0-9]?\.([1-9][0-9]?|[a-z])"),
    "indicator": re.compile(r"[1-9][0-9]?\.([1-9][0-9]?|[a-z])\.[1-9][0-9]?"),
}
_KIND_WORD = {"goal": "Goal", "target": "Target", "indicator": "Indicator"}


class SDGTableError(ValueError):
    """The table is malformed; the message names the file, line and field."""


@dataclass(frozen=True)
class Item:
    """One row of the table: a goal, target or indicator with its title per language."""

    kind: str
    code: str
    titles: dict[str, str]

    @property
    def parent(self) -> str | None:
        """The code of the broader item (indicator -> target -> goal); None for a goal."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def un_kos_iri(kind: str, code: str) -> str:
    """The UN SDG KOS IRI: goals and targets by code (`.../12`, `.../12.a`); indicators as
    C + goal, target and indicator in two characters each, a letter target padded with 0
    (12.1.1 -> C120101, 12.a.1 -> C120a01), the form the KOS and its LinkedSDG data use."""
    if kind != "indicator":
        return UN_KOS + code
    goal, target, number = code.split(".")
    return UN_KOS + "C" + goal.zfill(2) + target.zfill(2) + number.zfill(2)


def _clean(text: str) -> str:
    """One line of text: the source wraps some Russian titles over lines and pads a few with spaces."""
    return " ".join(text.split())


def read_table(lines: Iterable[str], source: str = CSV_FILE.name) -> list[Item]:
    """Parse and check the table: known kinds, well-formed unique codes, a broader item for each
    target and indicator, a title in every UN language. Errors name the line and the field."""
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != FIELDS:
        raise SDGTableError(f"{source}:1: header {reader.fieldnames} is not {list(FIELDS)}")
    items: list[Item] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        kind, code = (row.get("kind") or "").strip(), (row.get("code") or "").strip()
        if kind not in KINDS:
            raise SDGTableError(f"{source}:{line}: kind {kind!r} is not one of {sorted(KINDS)}")
        if not _CODE[kind].fullmatch(code):
            raise SDGTableError(f"{source}:{line}: code {code!r} is not a well-formed {kind} code")
        if code in seen:
            raise SDGTableError(f"{source}:{line}: code {code!r} repeats line {seen[code]}")
        seen[code] = line
        titles = {}
        for lang in UN_LANGUAGES:
            title = _clean(row.get(lang) or "")
            if not title:
                raise SDGTableError(f"{source}:{line}: field {lang!r} of {kind} {code} is empty")
            titles[lang] = title
        items.append(Item(kind, code, titles))
    codes = {item.code: item for item in items}
    for item in items:
        parent = codes.get(item.parent) if item.parent else None
        wanted = {"target": "goal", "indicator": "target"}.get(item.kind)
        if wanted and (parent is None or parent.kind != wanted):
            raise SDGTableError(
                f"{source}:{seen[item.code]}: {item.kind} {item.code} has no {wanted} {item.parent!r}"
            )
    return items


def _sort_key(code: str) -> tuple[tuple[int, str], ...]:
    """Numeric order of codes (2 before 10, 12.1 before 12.a)."""
    return tuple((int(p), "") if p.isdigit() else (1000, p) for p in code.split("."))


def render(items: list[Item]) -> str:
    """The Turtle text of the SDG concepts (the scheme's labels stay in scp.ttl)."""
    items = sorted(items, key=lambda i: _sort_key(i.code))
    goals = [i for i in items if i.kind == "goal"]
    out = [
        "# GENERATED by scpkg.ontology.make_sdg from sdg-goals-targets-indicators.csv — do not edit.",
        "# Regenerate: `scpkg ontology build`. Source and licence: ontology/README.md (SDG vocabulary).",
        f"# {len(goals)} goals, {sum(i.kind == 'target' for i in items)} targets, "
        f"{sum(i.kind == 'indicator' for i in items)} indicators.",
        "",
        "@prefix scp: <https://w3id.org/scpkg/ont/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix vocab: <https://w3id.org/scpkg/vocab/> .",
        "",
        "vocab:sdg skos:hasTopConcept " + " , ".join(f"<{CONCEPT_NS}{g.code}>" for g in goals) + " .",
    ]
    for item in items:
        out += ["", f"<{CONCEPT_NS}{item.code}> a scp:{KINDS[item.kind]}, skos:Concept ;"]
        out.append("    skos:inScheme vocab:sdg ;")
        if item.kind == "goal":
            out.append("    skos:topConceptOf vocab:sdg ;")
        else:
            out.append(f"    skos:broader <{CONCEPT_NS}{item.parent}> ;")
        out.append(f"    skos:notation {Literal(item.code).n3()} ;")
        prefix = "" if item.kind == "goal" else f"{item.code} "  # targets and indicators: code first
        labels = [Literal(prefix + item.titles[lang], lang=lang).n3() for lang in UN_LANGUAGES]
        out.append("    skos:prefLabel " + " ,\n        ".join(labels) + " ;")
        definition = f"SDG {_KIND_WORD[item.kind].lower()} {item.code}: {item.titles['en']}"
        out.append(f"    skos:definition {Literal(definition, lang='en').n3()} ;")
        out.append(f"    skos:exactMatch <{un_kos_iri(item.kind, item.code)}> .")
    return "\n".join(out) + "\n"


def generate(csv_text: str | None = None) -> str:
    """The Turtle for a table's text (default: the bundled CSV)."""
    text = csv_text if csv_text is not None else CSV_FILE.read_text(encoding="utf-8")
    return render(read_table(io.StringIO(text, newline="")))


def write(check: bool = False) -> bool:
    """Regenerate sdg.ttl; True when it was (or, with check=True, would be) changed."""
    from scpkg.ontology.build import write_stale

    return bool(write_stale({TTL_FILE: generate()}, check))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: exit status 1 with --check when sdg.ttl is stale."""
    parser = argparse.ArgumentParser(prog="python -m scpkg.ontology.make_sdg", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report whether sdg.ttl is stale, write nothing")
    args = parser.parse_args(argv)
    stale = write(check=args.check)
    print(f"{'stale' if args.check and stale else 'wrote' if stale else 'up to date'}: {TTL_FILE}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
