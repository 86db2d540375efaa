"""The README does what it says: its quick start is `examples/quickstart.py`, its error table is the SDK's
mapping, its in-page links lead to its headings, and its "try it" steps, done in a clean virtual environment
on a copy of the repository, print what it shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from doc_blocks import ROOT, collect

import telecrm
from telecrm._errors import status_error_from_response

README = ROOT / "README.md"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The text of the README's ``## title`` section."""
    return _readme().split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_the_quick_start_is_the_example_file() -> None:
    quickstart = (ROOT / "examples" / "quickstart.py").read_text(encoding="utf-8")

    assert [block.code for block in collect([README]) if block.code == quickstart] == [quickstart]


def test_try_it_shows_what_the_quick_start_prints() -> None:
    assert _fenced(_section("Try it in 60 seconds"), "text") == _fenced(_section("Quick start"), "text")


_ROW = re.compile(r"^\| (?P<status>\d{3}|5xx|any other) \| (?:`(?P<code>\w+)`)? *\| `(?P<name>\w+)` \|$")
_ROWS = [match.groupdict() for match in map(_ROW.match, _section("Errors").splitlines()) if match]


@pytest.mark.parametrize("row", _ROWS, ids=[f"{row['status']}-{row['code']}" for row in _ROWS])
def test_the_error_table_names_the_class_the_sdk_raises(row: dict[str, str | None]) -> None:
    status = {"5xx": 503, "any other": 418}.get(str(row["status"])) or int(str(row["status"]))
    body = {"error": {"code": row["code"], "message": "m"}} if row["code"] else {"message": "m"}
    response = httpx.Response(status, json=body, request=httpx.Request("GET", "https://example.test/x"))

    assert type(status_error_from_response(response)).__name__ == row["name"]


def test_the_error_table_has_a_row_for_every_status_error_class() -> None:
    classes = {
        name
        for name in telecrm.__all__
        if isinstance(getattr(telecrm, name), type)
        and issubclass(getattr(telecrm, name), telecrm.APIStatusError)
    }

    # InvalidLeadError is raised only as one of its two status classes, which have rows.
    assert {row["name"] for row in _ROWS} == classes - {"InvalidLeadError"}


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_in_page_link_of_the_readme_leads_to_a_heading() -> None:
    headings = {_slug(heading) for heading in re.findall(r"^#{1,6} (.+)$", _readme(), flags=re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", _readme()))

    assert links - headings == set()


def _uv() -> str:
    # `make setup` installs the pinned uv here; the suite runs in the environment it builds.
    return str(ROOT / ".tools" / "bin" / "uv")


def _copy_of_the_repository(destination: Path) -> Path:
    """What a clone holds: the files git tracks, as they are in the working tree."""
    listed = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def test_the_try_it_steps_install_from_a_clone_and_print_what_the_readme_shows(tmp_path: Path) -> None:
    section = _section("Try it in 60 seconds")
    (steps,) = _fenced(section, "sh")
    (shown,) = _fenced(section, "text")
    # The steps, as a reader types them; the test does each one, the network-bound ones from the lock.
    assert steps.splitlines() == [
        "git clone https://github.com/telecrm/telecrm-python.git",
        "cd telecrm-python",
        "python3 -m venv .venv && . .venv/bin/activate",
        'pip install ".[testing]"',
        "telecrm-fake -- python examples/quickstart.py",
    ]
    clone = _copy_of_the_repository(tmp_path / "telecrm-python")
    venv = clone / ".venv"
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(("TELECRM_", "VIRTUAL"))
    }
    environment["UV_PYTHON_DOWNLOADS"] = "never"
    # pip install ".[testing]", with the locked versions: the environment a user gets from the clone.
    constraints = tmp_path / "constraints.txt"
    subprocess.run(
        [_uv(), "export", "--frozen", "--no-dev", "--extra", "testing", "--no-emit-project", "--no-hashes",
         "--quiet", "-o", str(constraints)],
        cwd=ROOT, env=environment, check=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        [_uv(), "venv", "--quiet", "--python", sys.executable, str(venv)], env=environment, check=True
    )
    subprocess.run(
        [_uv(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
         ".[testing]", "-c", str(constraints)],
        cwd=clone, env=environment, check=True, timeout=300,
    )  # fmt: skip
    environment["PATH"] = f"{venv / 'bin'}{os.pathsep}{environment['PATH']}"

    run = subprocess.run(
        ["sh", "-c", steps.splitlines()[-1]],
        cwd=clone,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (run.returncode, run.stdout) == (0, shown), run.stderr
