"""The generated modules pass mypy --strict and pyright strict, and the snippets in ``snippets/`` show both
checkers refusing exactly the lines marked ``# error`` (a misspelt field, an unknown dropdown value, a wrong
value type, a missing identifier) and accepting every other line, the client calls included.

One mypy run and one pyright run check every file (a run costs seconds; a run per snippet would cost
minutes)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from telecrm._cli import main

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
SNIPPETS = sorted((HERE / "snippets").glob("*.py"))
MODULES = {"ws_default.py": None, "ws_every.py": HERE / "every_type_workspace.yaml"}
_MYPY_LINE = re.compile(r"(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with both generated modules and every snippet."""
    directory = tmp_path_factory.mktemp("typegen")
    for name, workspace in MODULES.items():
        fake = ["--from-fake"] if workspace is None else ["--from-fake", str(workspace)]
        assert main(["types", *fake, "--output", str(directory / name)]) == 0
    for snippet in SNIPPETS:
        shutil.copy(snippet, directory / snippet.name)
    return directory


@pytest.fixture(scope="module")
def mypy_errors(checked: Path) -> dict[str, set[int]]:
    """File name -> lines with a mypy --strict error."""
    completed = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
            "--cache-dir", str(checked / ".mypy_cache"), "--no-error-summary", "--no-pretty",
            *sorted(path.name for path in checked.glob("*.py")),
        ],
        cwd=checked, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if completed.returncode not in (0, 1):
        pytest.fail(f"mypy did not run:\n{completed.stdout}{completed.stderr}", pytrace=False)
    errors: dict[str, set[int]] = {}
    for text in completed.stdout.splitlines():
        match = _MYPY_LINE.match(text)
        if match is not None:
            errors.setdefault(Path(match["file"]).name, set()).add(int(match["line"]))
    return errors


@pytest.fixture(scope="module")
def pyright_errors(checked: Path) -> dict[str, set[int]]:
    """File name -> lines with a pyright strict error."""
    pyright = ROOT / "node_modules" / ".bin" / "pyright"
    config = checked / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11"}))
    completed = subprocess.run(
        [str(pyright), "--outputjson", "-p", str(config), "--pythonpath", sys.executable],
        cwd=checked, capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        report = json.loads(completed.stdout)
    except ValueError:
        pytest.fail(f"pyright did not run:\n{completed.stdout}{completed.stderr}", pytrace=False)
    errors: dict[str, set[int]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            line = diagnostic["range"]["start"]["line"] + 1
            errors.setdefault(Path(diagnostic["file"]).name, set()).add(line)
    return errors


def _marked(name: str) -> set[int]:
    lines = (HERE / "snippets" / name).read_text(encoding="utf-8").splitlines()
    return {number for number, line in enumerate(lines, 1) if line.endswith("# error")}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_generated_module_passes_mypy_strict(mypy_errors: dict[str, set[int]], module: str) -> None:
    assert mypy_errors.get(module, set()) == set()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_generated_module_passes_pyright_strict(pyright_errors: dict[str, set[int]], module: str) -> None:
    assert pyright_errors.get(module, set()) == set()


@pytest.mark.parametrize("snippet", [path.name for path in SNIPPETS])
def test_mypy_refuses_exactly_the_marked_lines(mypy_errors: dict[str, set[int]], snippet: str) -> None:
    assert sorted(mypy_errors.get(snippet, set())) == sorted(_marked(snippet))


@pytest.mark.parametrize("snippet", [path.name for path in SNIPPETS])
def test_pyright_refuses_exactly_the_marked_lines(pyright_errors: dict[str, set[int]], snippet: str) -> None:
    assert sorted(pyright_errors.get(snippet, set())) == sorted(_marked(snippet))


def test_the_snippets_cover_each_kind_of_mistake_and_a_correct_form() -> None:
    # The suite proves something only while the snippets keep the cases the issue names.
    rejected = (HERE / "snippets" / "rejected_default.py").read_text(encoding="utf-8")
    for heading in (
        "# a misspelt field",
        "# an unknown dropdown value",
        "# a wrong value type",
        "# a missing",
    ):
        assert heading in rejected
    assert _marked("accepted_default.py") == set()
