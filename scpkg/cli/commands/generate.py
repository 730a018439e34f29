"""`scpkg generate`: write a synthetic corpus of case studies for scale tests and benchmarks."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()


def generate(
    policies: Annotated[int, typer.Option("--policies", min=1, help="How many policies in all.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; one seed, one corpus.")] = 0,
    out: Annotated[
        Path, typer.Option("--out", file_okay=False, help="Folder to write the YAML files into.")
    ] = Path("synthetic-corpus"),
    per_case: Annotated[int, typer.Option("--per-case", min=1, help="Policies per case study.")] = 3,
) -> None:
    """Write a synthetic corpus of case-study YAML files (marked illustrative) for scale tests.

    Shares follow UNEP's 2021 findings; the countries are real.
    """
    # Rich keeps the docstring's line breaks in --help, so the paragraph above stays one short line.
    from scpkg.ingest.synthetic import write_corpus

    files = write_corpus(out, policies, seed=seed, per_case=per_case)
    console.print(f"Wrote {len(files)} case studies ({policies} policies, seed {seed}) to {out}.")
