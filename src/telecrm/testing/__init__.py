"""A fake Telecrm for tests: a stateful in-memory server for both APIs, on a loopback port.

```python
from telecrm.testing import Fault, FakeTelecrm

with FakeTelecrm.running() as fake, fake.client() as client:  # a Telecrm set up for this fake
    fake.faults.add(Fault.error(503, retry_after=1), route="POST /lead", times=2)
    client.ingest.upsert({"phone": "9999999999"})
    fake.state.wait_idle()  # let queued Async upserts finish
    assert fake.state.find_lead("9999999999") is not None
    assert fake.state.requests[-1].headers["Content-Type"] == "application/json"
```

`fake.client()` and `fake.async_client()` give a `Telecrm` / `AsyncTelecrm` set up for the fake. The pytest
plugin (`telecrm.testing.pytest_plugin`) offers the `telecrm_fake`, `telecrm_client` and
`telecrm_async_client` fixtures; the `telecrm-fake` command serves a fake for tests written in other
languages. The server needs the `testing` extra (`pip install 'telecrm[testing]'`): without it, importing a
name that needs the server raises an ImportError saying so. This package itself, `Fault` and the plugin
import without it (pytest loads the plugin in every run once telecrm is installed); `import telecrm` never
imports this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telecrm.testing._faults import Fault, FaultKind, FaultRule, Faults, When
    from telecrm.testing._server import FakeOptions, FakeTelecrm
    from telecrm.testing._state import State
    from telecrm.testing._store.records import (
        ActionRecord,
        IngestRecord,
        LeadRecord,
        RequestHeaders,
        RequestRecord,
        TeamMemberRecord,
        TokenKind,
    )
    from telecrm.testing._vocabulary import (
        BUILT_IN_ACTION_TYPES,
        DEFAULT_ASYNC_RATE_LIMIT,
        DEFAULT_LOG_LIMIT,
        FieldType,
    )
    from telecrm.testing._workspace import (
        ActionField,
        CustomActionDefinition,
        Enterprise,
        Field,
        Pipeline,
        SeedLead,
        Stage,
        TeamMemberSpec,
        Workspace,
        WorkspaceError,
    )

# Public names are imported on first use. pytest loads the plugin module of this package in every run once
# telecrm is installed, and that must work without the testing extra (uvicorn, pyyaml).
_MODULES = {
    "_faults": ("Fault", "FaultKind", "FaultRule", "Faults", "When"),
    "_server": ("FakeOptions", "FakeTelecrm"),
    "_state": ("State",),
    "_store.records": (
        "ActionRecord",
        "IngestRecord",
        "LeadRecord",
        "RequestHeaders",
        "RequestRecord",
        "TeamMemberRecord",
        "TokenKind",
    ),
    "_vocabulary": ("BUILT_IN_ACTION_TYPES", "DEFAULT_ASYNC_RATE_LIMIT", "DEFAULT_LOG_LIMIT", "FieldType"),
    "_workspace": (
        "ActionField",
        "CustomActionDefinition",
        "Enterprise",
        "Field",
        "Pipeline",
        "SeedLead",
        "Stage",
        "TeamMemberSpec",
        "Workspace",
        "WorkspaceError",
    ),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "BUILT_IN_ACTION_TYPES",
    "DEFAULT_ASYNC_RATE_LIMIT",
    "DEFAULT_LOG_LIMIT",
    "ActionField",
    "ActionRecord",
    "CustomActionDefinition",
    "Enterprise",
    "FakeOptions",
    "FakeTelecrm",
    "Fault",
    "FaultKind",
    "FaultRule",
    "Faults",
    "Field",
    "FieldType",
    "IngestRecord",
    "LeadRecord",
    "Pipeline",
    "RequestHeaders",
    "RequestRecord",
    "SeedLead",
    "Stage",
    "State",
    "TeamMemberRecord",
    "TeamMemberSpec",
    "TokenKind",
    "When",
    "Workspace",
    "WorkspaceError",
]


EXTRA_MODULES = frozenset({"uvicorn", "h11", "yaml"})
"""Top-level modules the `testing` extra installs (uvicorn brings h11)."""
MISSING_EXTRA = "the fake Telecrm needs the testing extra: pip install 'telecrm[testing]'"


def missing_extra(exc: ImportError) -> bool:
    """Whether `exc` is the import of a module only the `testing` extra installs."""
    return (exc.name or "").partition(".")[0] in EXTRA_MODULES


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        imported = importlib.import_module(f"{__name__}.{module}")
    except ImportError as exc:
        if not missing_extra(exc):
            raise
        raise ImportError(f"telecrm.testing.{name}: {MISSING_EXTRA} (no module {exc.name!r})") from exc
    value = getattr(imported, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
