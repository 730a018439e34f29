"""A wheel installed elsewhere must find the ontology, shapes, queries and bundled data."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("scpkg-*.whl")
    return built


def _source_dir(package: str, package_dir: dict[str, str]) -> Path:
    """The folder a package comes from: its own package-dir entry, else its nearest listed parent's."""
    parts = package.split(".")
    for n in range(len(parts), 0, -1):
        parent = ".".join(parts[:n])
        if parent in package_dir:
            return ROOT / package_dir[parent] / Path(*parts[n:])
    raise AssertionError(f"{package} is under no package-dir entry")


def _shipped_source_files() -> list[tuple[str, Path]]:
    """Every file in the source tree that pyproject says ships as package data, with its wheel path."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = []
    for package, patterns in config["package-data"].items():
        source_dir = _source_dir(package, config["package-dir"])
        for pattern in patterns:
            for path in source_dir.glob(pattern):
                found.append(
                    (package.replace(".", "/") + "/" + path.relative_to(source_dir).as_posix(), path)
                )
    return found


def test_package_data_is_in_the_wheel(wheel: Path) -> None:
    expected = _shipped_source_files()
    assert any(name.endswith("ontology/scp.ttl") for name, _ in expected), "the ontology source is missing"
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name, _ in expected if name not in names]
    assert not missing, f"package data missing from the wheel: {missing}"


def test_installed_wheel_finds_its_ontology(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import rdflib, scpkg.resources as r; "
        f"p = r.ontology_file(); assert str(p).startswith({str(target)!r}), p; "
        "g = rdflib.Graph().parse(data=p.read_text(encoding='utf-8'), format='turtle'); print(len(g))"
    )
    # Run from an empty directory with only the installed copy importable, never the source tree.
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 100


def test_every_sub_package_is_listed() -> None:
    """`packages` is a hand list (package-dir maps folders): a sub-package missing from it would be
    missing from the wheel, and the installed program would fail to import it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = set()
    for package, folder in config["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            if "node_modules" in init.parts:
                continue
            relative = init.parent.relative_to(ROOT / folder).parts
            on_disk.add(".".join((package, *relative)))
    assert on_disk - set(config["packages"]) == set()
