"""What the documentation says about the project itself matches the files that decide it."""

from __future__ import annotations

import re
import tomllib

from doc_blocks import ROOT


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _releasing() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return text.split("## Releasing", 1)[1]


def test_contributing_names_the_file_the_build_reads_the_version_from() -> None:
    version_file = _pyproject()["tool"]["hatch"]["version"]["path"]  # type: ignore[index]

    assert set(re.findall(r"`(src/telecrm/[\w/]+\.py)`", _releasing())) == {version_file}
