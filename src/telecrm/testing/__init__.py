"""A fake Telecrm for tests: a stateful in-memory server for both APIs, on a loopback port.

```python
from telecrm.testing import Fault, FakeTelecrm

with FakeTelecrm.running() as fake:
    ...  # point a client at fake.base_url / fake.ingest_base_url with fake.enterprise_id and the tokens
    fake.faults.add(Fault.error(503, retry_after=1), route="POST /lead", times=2)
    fake.state.wait_idle()  # let queued Async upserts finish
    assert fake.state.find_lead("9999999999") is not None
```

The pytest plugin (`telecrm.testing.pytest_plugin`) offers the `telecrm_fake` fixture; the `telecrm-fake`
command serves a fake for tests written in other languages. The server needs the `testing` extra
(`pip install 'telecrm[testing]'`); `import telecrm` never imports this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from telecrm.testing._faults import Fault, FaultKind, FaultRule, Faults, When
    from telecrm.testing._server import DEFAULT_ASYNC_RATE_LIMIT, FakeOptions, FakeTelecrm
    from telecrm.testing._state import State
    from telecrm.testing._store import (
        ActionRecord,
        IngestRecord,
        LeadRecord,
        RequestRecord,
        TeamMemberRecord,
        TokenKind,
    )
    from telecrm.testing._vocabulary import BUILT_IN_ACTION_TYPES, FieldType
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
# telecrm is installed, and that must work without the testing extra (starlette, uvicorn, pyyaml).
_MODULES = {
    "_faults": ("Fault", "FaultKind", "FaultRule", "Faults", "When"),
    "_server": ("DEFAULT_ASYNC_RATE_LIMIT", "FakeOptions", "FakeTelecrm"),
    "_state": ("State",),
    "_store": (
        "ActionRecord",
        "IngestRecord",
        "LeadRecord",
        "RequestRecord",
        "TeamMemberRecord",
        "TokenKind",
    ),
    "_vocabulary": ("BUILT_IN_ACTION_TYPES", "FieldType"),
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


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
