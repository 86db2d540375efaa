"""The fake's public classes present as `telecrm.testing.X` (in reprs, tracebacks and pickles), not as the
private modules that define them."""

from __future__ import annotations

import inspect
import pickle
import traceback
import typing

import pytest

import telecrm.testing
from telecrm.testing import FakeTelecrm, LeadRecord, Workspace, WorkspaceError

_CLASSES = sorted(name for name in telecrm.testing.__all__ if inspect.isclass(getattr(telecrm.testing, name)))


@pytest.mark.parametrize("name", _CLASSES)
def test_a_public_class_presents_as_a_name_of_telecrm_testing(name: str) -> None:
    assert repr(getattr(telecrm.testing, name)) == f"<class 'telecrm.testing.{name}'>"


@pytest.mark.parametrize("name", _CLASSES)
def test_the_type_hints_of_a_public_class_resolve_at_run_time(name: str) -> None:
    typing.get_type_hints(getattr(telecrm.testing, name))


def test_what_a_fake_hands_out_presents_by_its_public_name(telecrm_fake: FakeTelecrm) -> None:
    assert [type(telecrm_fake.state).__module__, type(telecrm_fake.state.leads[0]).__module__] == [
        "telecrm.testing",
        "telecrm.testing",
    ]


def test_a_record_pickles_and_unpickles_by_its_public_name(telecrm_fake: FakeTelecrm) -> None:
    record = telecrm_fake.state.leads[0]

    restored = pickle.loads(pickle.dumps(record))

    assert (type(restored), restored) == (LeadRecord, record)


def test_a_traceback_names_the_public_exception_class() -> None:
    with pytest.raises(WorkspaceError) as raised:
        Workspace.from_dict([])

    message = "".join(traceback.format_exception_only(raised.value))

    assert message.startswith("telecrm.testing.WorkspaceError: ")
