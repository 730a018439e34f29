"""`scpkg template`: write the empty case-study spreadsheet, allowed values taken from the ontology."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def template(
    output: Annotated[Path, typer.Argument(help="Where to write the XLSX template.", dir_okay=False)] = Path(
        "scpkg-case-studies.xlsx"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an empty XLSX template for case studies (one row per policy) and a sheet of allowed values."""
    from scpkg.ingest.template import write_template

    if output.exists() and not force:
        Console(stderr=True).print(f"[red]error:[/red] {output} exists; use --force to overwrite it")
        raise typer.Exit(code=2)
    write_template(output)
    Console().print(f"[green]✓[/green] wrote {output}")
