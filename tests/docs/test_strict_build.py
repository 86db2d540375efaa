"""`make docs` fails on a cross-reference that resolves to nothing, in a page or in a docstring.

Each test builds a one-page site with the project's mkdocs.yml (its hooks, plugins, Griffe extension and
--strict), in a directory of its own; both builds start at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from doc_blocks import ROOT

_BUILD = """
import logging
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(format="%(levelname)s %(message)s", level=logging.WARNING)
docs, site = sys.argv[1:]
build(load_config(config_file="mkdocs.yml", docs_dir=docs, site_dir=site, nav=[{"Probe": "probe.md"}]))
"""

# The page of each build, and the module docs_probe it documents.
PAGES = {
    "resolved": "::: telecrm.Page\n\n[`Page`][telecrm.Page], [`probe`][docs_probe.probe]\n\n::: docs_probe\n",
    "unresolved": "A [`Nothing`][telecrm.NoSuchName].\n\n::: docs_probe\n",
}
_PROBE = '"""The module."""\n\n\ndef probe() -> None:\n    """Returns a :class:`~telecrm.{name}`."""\n'
PROBES = {"resolved": _PROBE.format(name="Page"), "unresolved": _PROBE.format(name="NoSuchPage")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[int, str]]]:
    """Page name -> the exit status and output of its build."""
    runs: dict[str, subprocess.Popen[str]] = {}
    for name, page in PAGES.items():
        directory = tmp_path_factory.mktemp(f"site-{name}")
        (directory / "docs").mkdir()
        (directory / "docs" / "probe.md").write_text(f"# Probe\n\n{page}", encoding="utf-8")
        (directory / "docs_probe.py").write_text(PROBES[name], encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(directory), "NO_MKDOCS_2_WARNING": "1"}
        runs[name] = subprocess.Popen(
            [sys.executable, "-c", _BUILD, str(directory / "docs"), str(directory / "site")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        outputs = {name: run.communicate(timeout=100)[0] for name, run in runs.items()}
        yield {name: (runs[name].returncode, output) for name, output in outputs.items()}
    finally:
        for run in runs.values():
            if run.poll() is None:
                run.kill()
                run.wait()


def test_a_site_whose_references_all_resolve_builds(builds: dict[str, tuple[int, str]]) -> None:
    returncode, output = builds["resolved"]

    assert returncode == 0, output
    assert "WARNING" not in output


def test_an_unresolved_reference_in_a_page_fails_the_build(builds: dict[str, tuple[int, str]]) -> None:
    returncode, output = builds["unresolved"]

    assert returncode != 0
    assert "Could not find cross-reference target 'telecrm.NoSuchName'" in output


def test_a_docstring_role_naming_nothing_documented_fails_the_build(
    builds: dict[str, tuple[int, str]],
) -> None:
    returncode, output = builds["unresolved"]

    assert returncode != 0
    assert "Could not find cross-reference target 'telecrm.NoSuchPage'" in output, output
