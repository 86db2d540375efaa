"""openapi/telecrm.yaml is the vendor's text, untouched: corrections belong in overlays/."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from specwalk import ROOT, VENDOR_SPEC, operations

SPEC_FIDELITY = Path(__file__).parents[2] / ".." / "shared" / "tools" / "spec-fidelity"


def test_vendor_spec_is_faithful_to_the_published_text() -> None:
    if not SPEC_FIDELITY.is_file():
        pytest.skip(f"{SPEC_FIDELITY} is not available (shared/ is not checked out next to the project)")
    completed = subprocess.run(
        [sys.executable, str(SPEC_FIDELITY), str(VENDOR_SPEC.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_vendor_spec_has_the_published_shape(vendor: Any) -> None:
    ops = operations(vendor)
    methods = sorted(op.method for op in ops)
    assert len(vendor["paths"]) == 15
    assert len(ops) == 18
    assert methods.count("get") == 10
    assert methods.count("post") == 8
    assert len(vendor["components"]["schemas"]) == 56
    assert list(vendor["components"]["responses"]) == ["Unauthorized"]
    assert len(vendor["components"]["parameters"]) == 6
    assert vendor["components"]["securitySchemes"] == {"BearerAuth": {"type": "http", "scheme": "bearer"}}
