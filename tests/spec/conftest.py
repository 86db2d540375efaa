"""Fixtures for the spec hygiene suite: the vendor and patched documents, loaded once."""

from typing import Any

import pytest
from specwalk import PATCHED_SPEC, VENDOR_SPEC, SchemaChecker, load


@pytest.fixture(scope="session")
def patched() -> Any:
    """openapi/telecrm.patched.yaml, parsed the way the pipeline parses it (dates stay strings)."""
    return load(PATCHED_SPEC)


@pytest.fixture(scope="session")
def vendor() -> Any:
    return load(VENDOR_SPEC)


@pytest.fixture(scope="session")
def checker(patched: Any) -> SchemaChecker:
    return SchemaChecker(patched)
