"""What the documentation says about the project itself matches the files that decide it."""

from __future__ import annotations

import re
import tomllib

import yaml
from doc_blocks import ROOT


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _releasing() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return text.split("## Releasing", 1)[1]


def test_contributing_names_the_file_the_build_reads_the_version_from() -> None:
    version_file = _pyproject()["tool"]["hatch"]["version"]["path"]  # type: ignore[index]

    assert set(re.findall(r"`(src/telecrm/[\w/]+\.py)`", _releasing())) == {version_file}


def _mkdocs_setting(name: str) -> str:
    value: str = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))[name]
    return value


def _pages_url(repository: str) -> str:
    """Where GitHub Pages publishes a project repository's site: https://OWNER.github.io/NAME/."""
    owner, name = repository.removeprefix("https://github.com/").strip("/").split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def test_the_site_url_is_where_github_pages_publishes_the_repository() -> None:
    assert _mkdocs_setting("site_url") == _pages_url(_mkdocs_setting("repo_url"))


def test_pyproject_points_at_the_site_the_docs_workflow_publishes() -> None:
    urls = _pyproject()["project"]["urls"]  # type: ignore[index]

    assert urls["Documentation"] == _mkdocs_setting("site_url")  # type: ignore[index]


def test_the_readme_links_to_the_published_site() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert f"<{_mkdocs_setting('site_url')}>" in readme


def test_the_docs_workflow_publishes_the_strict_build_to_github_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "docs.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uploads = [step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages")]

    assert [step["run"] for step in build["steps"] if "run" in step] == ["make docs PYTHON=python3.11"]
    assert [step["with"]["path"] for step in uploads] == [_mkdocs_setting("site_dir") + "/"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_only_the_deploy_job_of_docs_can_write_and_only_to_pages() -> None:
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "docs.yml").read_text(encoding="utf-8"))["jobs"]

    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
