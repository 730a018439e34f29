"""`scpkg validate`: everything `scpkg ingest` does except loading, for checking files before a load."""

from __future__ import annotations

import typer

from scpkg.cli.commands.ingest import MaxSizeOpt, PathsArg, ReportDirOpt, execute


def validate(paths: PathsArg, report_dir: ReportDirOpt = None, max_size: MaxSizeOpt = 10.0) -> None:
    """Read, map and SHACL-validate case studies without loading them; write the reports.

    Exit codes: 0 every record valid; 1 some invalid (quarantined in the report directory);
    2 usage or I/O error.
    """
    code = execute(
        paths,
        command="validate",
        store_url=None,
        load=False,
        strict=False,
        report_dir=report_dir,
        max_size_mb=max_size,
    )
    raise typer.Exit(code=code)
