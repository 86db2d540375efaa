"""The Python code blocks of the README and the docs, and the markers that say how each one is checked.

Every ```python block is type-checked with ``mypy --strict`` and, unless marked otherwise, run against the
fake Telecrm with the ``TELECRM_*`` variables pointing at it. Markers are HTML comments (invisible on GitHub
and in the site) on the lines directly above a block's opening fence:

``<!-- doc-test: no-run: REASON -->``
    Type-check only; the run test is skipped with REASON (e.g. the block needs a real Telecrm account).
``<!-- doc-test: continue -->``
    The block continues the previous Python block of the same file: they are type-checked as one module and
    run in one namespace, earlier blocks first.
``<!-- doc-test: pytest -->``
    The block is a pytest test module: it is run by pytest, in a subprocess, with the telecrm plugin.
``<!-- doc-test: typecheck-pending: REASON -->``
    The block does not type-check yet because of a known SDK typing gap (REASON): result ids typed
    ``str | None`` that a reader rightly uses as ``str``. Its type-check test is an xfail as long as every
    mypy error is such a ``str | None``-for-``str`` error; any other error fails it, and so does a clean
    check, asking for the marker to be removed.
``<!-- doc-test: output -->`` (above a ```text block)
    The text block is what the Python block before it prints. A line ``...`` stands for any number of lines,
    and ``...`` inside a line for any text.

A marker that is unknown, or not followed by a block, is an error, so a typo cannot turn a check off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")
_MARKER = re.compile(r"^[ \t]*<!--\s*doc-test:\s*(?P<body>.*?)\s*-->[ \t]*$")
_LOOSE_MARKER = re.compile(r"<!--\s*doc-test\b")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
# The one kind of mypy error a typecheck-pending block may have.
PENDING_ERROR = re.compile(r'incompatible type "str \| None"; expected "str"')
# Languages that are Python but would escape the checker under another name.
_PYTHON_ALIASES = frozenset({"py", "python3", "py3", "pycon", "ipython", "pyi"})


class DocBlockError(Exception):
    """A document's blocks or markers are malformed."""


@dataclass
class Block:
    """One fenced Python block of a document."""

    path: str
    """The document, relative to the project root (``README.md``, ``docs/guides/pagination.md``)."""
    line: int
    """Line of the opening fence, from 1."""
    code: str
    no_run: str | None = None
    """Why the block is not run, or None if it runs."""
    continues: bool = False
    pytest: bool = False
    typecheck_pending: str | None = None
    expected_output: str | None = None
    group: list[Block] = field(default_factory=list, repr=False)
    """The blocks run and type-checked together with this one, in order, ending with this one."""

    @property
    def id(self) -> str:
        return f"{self.path}:L{self.line}"

    @property
    def skip_run_reason(self) -> str | None:
        """Why this block's run test is skipped: its own ``no-run``, or one of the blocks it continues."""
        for block in self.group:
            if block.no_run is not None and block is self:
                return block.no_run
            if block.no_run is not None:
                return f"continues {block.id}, which is not run: {block.no_run}"
        return None


@dataclass
class _Fence:
    line: int
    language: str
    code: str
    markers: list[str]


def documents(root: Path = ROOT) -> list[Path]:
    """The documents whose blocks are checked: README.md, CONTRIBUTING.md and every page under docs/."""
    found = [root / name for name in ("README.md", "CONTRIBUTING.md") if (root / name).is_file()]
    return found + sorted((root / "docs").rglob("*.md"))


def collect(paths: Iterable[Path] | None = None, root: Path = ROOT) -> list[Block]:
    """Every Python block of the documents, in document order."""
    blocks: list[Block] = []
    for path in documents(root) if paths is None else paths:
        text = path.read_text(encoding="utf-8")
        blocks += parse(text, path.relative_to(root).as_posix())
    return blocks


def parse(text: str, path: str) -> list[Block]:
    """The Python blocks of one Markdown document, with their markers applied and groups linked."""
    blocks: list[Block] = []
    previous: Block | None = None
    for fence in _fences(text, path):
        where = f"{path}:L{fence.line}"
        if fence.language in _PYTHON_ALIASES:
            raise DocBlockError(f"{where}: write ```python, not ```{fence.language}, so the block is checked")
        if fence.language == "text" and fence.markers:
            _attach_output(fence, previous, where)
            continue
        if fence.language != "python":
            if fence.markers:
                raise DocBlockError(f"{where}: doc-test markers apply to ```python blocks only")
            continue
        block = Block(path=path, line=fence.line, code=fence.code)
        for marker in fence.markers:
            _apply(block, marker, where)
        if block.continues:
            if previous is None:
                raise DocBlockError(f"{where}: 'continue' needs a Python block before it in the same file")
            if previous.pytest or block.pytest:
                raise DocBlockError(f"{where}: a pytest block cannot be continued or continue another")
            block.group = [*previous.group, block]
        else:
            block.group = [block]
        blocks.append(block)
        previous = block
    return blocks


def _apply(block: Block, marker: str, where: str) -> None:
    name, _, reason = marker.partition(":")
    name, reason = name.strip(), reason.strip()
    if name == "no-run":
        if not reason:
            raise DocBlockError(f"{where}: 'no-run' needs a reason: <!-- doc-test: no-run: why -->")
        block.no_run = reason
    elif name == "typecheck-pending":
        if not reason:
            raise DocBlockError(f"{where}: 'typecheck-pending' needs a reason")
        block.typecheck_pending = reason
    elif name == "continue" and not reason:
        block.continues = True
    elif name == "pytest" and not reason:
        block.pytest = True
    else:
        raise DocBlockError(
            f"{where}: unknown doc-test marker {marker!r}; "
            "known: no-run: REASON, continue, pytest, typecheck-pending: REASON, output"
        )


def _attach_output(fence: _Fence, previous: Block | None, where: str) -> None:
    if fence.markers != ["output"]:
        raise DocBlockError(f"{where}: a ```text block takes only the marker 'output'")
    if previous is None or previous.expected_output is not None:
        raise DocBlockError(f"{where}: an 'output' block follows the Python block whose output it shows")
    previous.expected_output = fence.code


def _fences(text: str, path: str) -> Iterator[_Fence]:
    lines = text.splitlines()
    markers: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = _MARKER.match(line)
        if marker:
            markers.append((index + 1, marker["body"]))
            index += 1
            continue
        if _LOOSE_MARKER.search(_INLINE_CODE.sub("", line)):  # a marker shown as `code` is prose
            raise DocBlockError(f"{path}:L{index + 1}: malformed marker; write <!-- doc-test: ... --> alone")
        opening = _FENCE.match(line)
        if opening is None:
            if markers:
                raise _dangling(path, markers[0][0])
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        if end == len(lines):
            raise DocBlockError(f"{path}:L{index + 1}: code fence is never closed")
        body = [_dedent(text_line, indent) for text_line in lines[index + 1 : end]]
        language = opening["info"].split(" ", 1)[0].strip().lower() if opening["info"] else ""
        yield _Fence(index + 1, language, "\n".join(body) + "\n", [body for _, body in markers])
        markers = []
        index = end + 1
    if markers:
        raise _dangling(path, markers[0][0])


def _dangling(path: str, line: int) -> DocBlockError:
    return DocBlockError(f"{path}:L{line}: a doc-test marker must be directly above a block")


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")


def module_text(chain: list[Block]) -> str:
    """The blocks of one chain as a module whose line numbers are those of the Markdown document."""
    lines: list[str] = []
    for block in chain:
        code = block.code.splitlines()
        lines += [""] * (block.line - len(lines))  # the code starts on the line after the opening fence
        lines += code
    return "\n".join(lines) + "\n"


def chains(blocks: list[Block]) -> list[list[Block]]:
    """The blocks grouped into maximal chains of ``continue``: each chain is one module for mypy."""
    longest: dict[int, list[Block]] = {}
    for block in blocks:
        longest[id(block.group[0])] = block.group
    return list(longest.values())


def output_matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` output matches ``expected``: a line ``...`` stands for any lines (none included),
    and ``...`` inside a line for any text."""
    pattern = []
    for line in expected.rstrip("\n").split("\n"):
        if line.strip() == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(r"[^\n]*?".join(re.escape(part) for part in line.split("...")) + r"\n")
    return re.fullmatch("".join(pattern), actual.rstrip("\n") + "\n") is not None
