"""One line per measured figure, beside its target, in the same words in every benchmark (issue 11).

    FIGURE <name> | <measured> | target <target> | met / NOT MET

``benchmarks/run_all.py`` collects these lines into the table of the issue; the CI smoke run checks
that each benchmark prints its figures, never their values (no timed tests).
"""

from __future__ import annotations

PREFIX = "FIGURE"


def figure(name: str, measured: str, target: str, met: bool | None) -> str:
    """Print and return the line for one figure; ``met`` None when there is nothing to judge (a smoke
    run at reduced size says ``smoke`` instead: its times say nothing about the target)."""
    verdict = "smoke" if met is None else ("met" if met else "NOT MET")
    line = f"{PREFIX} {name} | {measured} | target {target} | {verdict}"
    print(line, flush=True)
    return line
