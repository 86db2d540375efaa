"""Every Python block of the README and the docs type-checks with ``mypy --strict`` and runs against the fake
Telecrm (unless marked ``no-run``); pytest examples pass under pytest; shown output is what the block prints.

Markers and their meaning: see ``doc_blocks.py``. Test ids name the document and the line of the block's
opening fence, e.g. ``README.md:L42``.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from typing import Any

import pytest
from doc_blocks import PENDING_ERROR, ROOT, Block, collect, output_matches

from telecrm.testing import FakeTelecrm

BLOCKS = collect()


def _run_param(block: Block) -> Any:
    reason = block.skip_run_reason
    marks = [pytest.mark.skip(reason=f"{block.id} is not run: {reason}")] if reason else []
    return pytest.param(block, id=block.id, marks=marks)


def _run(block: Block) -> str:
    """Run ``block`` after the blocks it continues, in one namespace; return what ``block`` itself printed."""
    namespace: dict[str, Any] = {"__name__": "__doc_example__"}
    printed = ""
    for part in block.group:
        # Padding keeps traceback line numbers equal to the Markdown document's.
        code = compile("\n" * part.line + part.code, str(ROOT / part.path), "exec")
        with contextlib.redirect_stdout(io.StringIO()) as out:
            exec(code, namespace)
        printed = out.getvalue()
    return printed


@pytest.mark.parametrize("block", [pytest.param(block, id=block.id) for block in BLOCKS])
def test_example_type_checks_with_mypy_strict(block: Block, mypy_errors: dict[str, list[str]]) -> None:
    errors = mypy_errors[block.id]
    if block.typecheck_pending is not None:
        unexcused = [error for error in errors if not PENDING_ERROR.search(error)]
        assert not unexcused, "mypy --strict, beyond what typecheck-pending excuses:\n" + "\n".join(unexcused)
        if not errors:
            pytest.fail(f"{block.id} type-checks now: remove its typecheck-pending marker", pytrace=False)
        pytest.xfail(f"typecheck-pending: {block.typecheck_pending}")

    assert not errors, "mypy --strict:\n" + "\n".join(errors)


@pytest.mark.parametrize("block", [_run_param(block) for block in BLOCKS if not block.pytest])
def test_example_runs_against_the_fake(block: Block, doc_env: FakeTelecrm) -> None:
    _run(block)


@pytest.mark.parametrize("block", [pytest.param(b, id=b.id) for b in BLOCKS if b.expected_output is not None])
def test_example_prints_the_output_shown_after_it(block: Block, doc_env: FakeTelecrm) -> None:
    assert block.expected_output is not None
    printed = _run(block)

    assert output_matches(block.expected_output, printed), (
        f"expected (from {block.path}):\n{block.expected_output}\nprinted:\n{printed}"
    )


@pytest.mark.parametrize("block", [pytest.param(b, id=b.id) for b in BLOCKS if b.pytest])
def test_pytest_example_passes_with_the_telecrm_plugin(
    block: Block, example_sessions: dict[str, subprocess.Popen[str]]
) -> None:
    output, _ = example_sessions[block.id].communicate(timeout=300)

    assert example_sessions[block.id].returncode == 0, output
