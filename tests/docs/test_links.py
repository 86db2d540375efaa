"""Links that ``mkdocs build --strict`` cannot check: from the README and CONTRIBUTING.md (outside the site)
to the site's pages and the repository's files, and from the site to the repository's files."""

from __future__ import annotations

import re

import pytest
from doc_blocks import ROOT

SITE = "https://telecrm.github.io/telecrm-python/"
REPOSITORY_FILE = "https://github.com/telecrm/telecrm-python/blob/main/"
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)|<(?P<bare>https?://[^>\s]+)>")


def _links(*names: str) -> list[tuple[str, str]]:
    """(document, link target) for each distinct link of the documents."""
    found: dict[tuple[str, str], None] = {}
    for name in names:
        for path in sorted(ROOT.glob(name)):
            text = path.read_text(encoding="utf-8")
            for match in _LINK.finditer(text):
                found[path.relative_to(ROOT).as_posix(), match["target"] or match["bare"]] = None
    return list(found)


def _page(url: str) -> str:
    """The docs/ source of a site URL: guides/cli/ -> docs/guides/cli.md, '' -> docs/index.md."""
    path = url.removeprefix(SITE).split("#", 1)[0].strip("/")
    return f"docs/{path or 'index'}.md"


@pytest.mark.parametrize(
    ("document", "url"),
    [(doc, url) for doc, url in _links("README.md", "CONTRIBUTING.md") if url.startswith(SITE)],
)
def test_a_link_to_the_site_names_a_page_of_docs(document: str, url: str) -> None:
    assert (ROOT / _page(url)).is_file(), f"{document} links to {url}, but there is no {_page(url)}"


@pytest.mark.parametrize(
    ("document", "target"),
    [
        (doc, target)
        for doc, target in _links("README.md", "CONTRIBUTING.md", "CHANGELOG.md")
        if "://" not in target and not target.startswith("#")
    ],
)
def test_a_relative_link_outside_the_site_names_a_file_of_the_repository(document: str, target: str) -> None:
    assert (ROOT / document).parent.joinpath(target.split("#", 1)[0]).exists()


@pytest.mark.parametrize(
    ("document", "url"),
    [(doc, url) for doc, url in _links("docs/**/*.md") if url.startswith(REPOSITORY_FILE)],
)
def test_a_link_from_the_site_to_a_repository_file_names_a_file_that_exists(document: str, url: str) -> None:
    assert (ROOT / url.removeprefix(REPOSITORY_FILE).split("#", 1)[0]).exists()
