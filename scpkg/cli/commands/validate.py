"""`scpkg validate`: everything `scpkg ingest` does except loading, for checking files before a load."""

from __future__ import annotations

import typer

from scpkg.cli.commands.ingest import MappingOpt, MaxSizeOpt, PathsArg, ReportDirOpt, execute
from scpkg.cli.options import StoreOpt


def validate(
    paths: PathsArg,
    report_dir: ReportDirOpt = None,
    max_size: MaxSizeOpt = 10.0,
    store: StoreOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Read, map and SHACL-validate case studies without loading them; write the reports.

    The store `scpkg ingest` would load into is only read, to say what a load would replace
    ("would replace ... loaded from ...") and which facts it would contradict; an embedded store
    that does not exist yet is not created. Exit codes: 0 every record valid; 1 some invalid
    (quarantined in the report directory); 2 usage or I/O error.
    """
    code = execute(
        paths,
        command="validate",
        store_url=store,
        load=False,
        strict=False,
        compare=True,
        report_dir=report_dir,
        max_size_mb=max_size,
        mapping=mapping,
    )
    raise typer.Exit(code=code)
