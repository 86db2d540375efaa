"""`make docs` fails on a cross-reference that resolves to nothing, in a page or in a docstring; the reference
shows value classes with the parameters they take.

Each build is a one-page site made with the project's mkdocs.yml (its hooks, plugins, Griffe extensions and
--strict), in a directory of its own; both builds start at once.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def text(self) -> str:
        """The built page as a reader sees it: tags dropped, entities decoded."""
        page = (self.site / "probe" / "index.html").read_text(encoding="utf-8")
        return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Build]]:
    runs: dict[str, tuple[subprocess.Popen[str], Path]] = {}
    try:
        for name, page in PAGES.items():
            directory = tmp_path_factory.mktemp(f"site-{name}")
            (directory / "docs").mkdir()
            (directory / "docs" / "probe.md").write_text(f"# Probe\n\n{page}", encoding="utf-8")
            (directory / "docs_probe.py").write_text(PROBES[name], encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(directory), "NO_MKDOCS_2_WARNING": "1"}
            run = subprocess.Popen(
                [sys.executable, "-c", _BUILD, str(directory / "docs"), str(directory / "site")],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            runs[name] = run, directory / "site"
        outputs = {name: run.communicate(timeout=100)[0] for name, (run, _) in runs.items()}
        yield {name: Build(run.returncode, outputs[name], site) for name, (run, site) in runs.items()}
    finally:
        for run, _ in runs.values():
            if run.poll() is None:
                run.kill()
                run.wait()


def test_a_site_whose_references_all_resolve_builds(builds: dict[str, Build]) -> None:
    build = builds["resolved"]

    assert (build.returncode, build.output) == (0, "")


def test_an_unresolved_reference_in_a_page_fails_the_build(builds: dict[str, Build]) -> None:
    build = builds["unresolved"]

    assert build.returncode != 0
    assert "Could not find cross-reference target 'telecrm.NoSuchName'" in build.output


def test_a_docstring_role_naming_nothing_documented_fails_the_build(builds: dict[str, Build]) -> None:
    build = builds["unresolved"]

    assert build.returncode != 0
    assert "Could not find cross-reference target 'telecrm.NoSuchPage'" in build.output


def test_a_docstring_role_becomes_a_link_to_what_it_names(builds: dict[str, Build]) -> None:
    page = (builds["resolved"].site / "probe" / "index.html").read_text(encoding="utf-8")

    assert re.search(r'<p>Returns a <a [^>]*href="#telecrm.Page"><code>Page</code></a>.</p>', page)


def test_the_reference_shows_a_value_class_with_its_fields_as_parameters(builds: dict[str, Build]) -> None:
    text = builds["resolved"].text()

    parameters = ("items: tuple[T, ...]", "skip: int", "limit: int", "total_count: int | None")
    signature = "Page(\n" + "".join(f"    {parameter},\n" for parameter in parameters) + ")"

    assert signature in text
    assert "*args" not in text
