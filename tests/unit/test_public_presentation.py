"""How the public classes present themselves to people and tools: their signatures (help(), inspect, IDEs) and
the module they name (tracebacks, repr of the class)."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
import pydoc
import traceback

import pytest

import telecrm
from telecrm import CustomAction, IngestReport, Lead, Page
from telecrm._value import Value, fields

_VALUE_CLASSES = sorted(
    name
    for name in telecrm.__all__
    if inspect.isclass(getattr(telecrm, name)) and issubclass(getattr(telecrm, name), Value)
)


@pytest.mark.parametrize("name", _VALUE_CLASSES)
def test_a_value_class_signature_names_its_fields_in_order(name: str) -> None:
    cls = getattr(telecrm, name)
    expected = [spec.name for spec in fields(cls)] if "__init__" not in vars(cls) else None

    parameters = list(inspect.signature(cls).parameters)

    assert "args" not in parameters
    assert "kwargs" not in parameters
    if expected is not None:
        assert parameters == expected


def test_a_value_class_signature_has_the_fields_annotations_and_defaults() -> None:
    assert str(inspect.signature(IngestReport)) == (
        "(outcomes: 'tuple[IngestOutcome, ...]', elapsed: 'float' = 0.0, requests: 'int' = 0, "
        "rate_limited: 'int' = 0, dry_run: 'bool' = False, records: 'int | None' = None, "
        "counts: 'Mapping[str, int]' = {})"
    )


def test_a_field_with_a_factory_shows_what_the_factory_makes_as_its_default() -> None:
    assert inspect.signature(Lead).parameters["actions"].default == ()


def test_a_value_class_with_its_own_init_keeps_that_signature() -> None:
    assert list(inspect.signature(CustomAction).parameters) == ["code", "fields", "created_on"]


def test_help_shows_a_value_class_with_its_fields() -> None:
    assert "Page(items: 'tuple[T, ...]', skip: 'int', limit: 'int', total_count: 'int | None')" in (
        pydoc.render_doc(Page, renderer=pydoc.plaintext)
    )


def test_the_signature_binds_what_the_class_accepts() -> None:
    arguments = inspect.signature(IngestReport).bind((), 1.5, requests=3)

    assert IngestReport(*arguments.args, **arguments.kwargs).requests == 3


@pytest.mark.parametrize(
    "name", sorted(name for name in telecrm.__all__ if inspect.isclass(getattr(telecrm, name)))
)
def test_a_public_class_presents_as_a_name_of_telecrm(name: str) -> None:
    assert getattr(telecrm, name).__module__ == "telecrm"


def test_a_traceback_names_the_public_exception_class() -> None:
    with pytest.raises(telecrm.ValidationError) as raised:
        CustomAction("Site Visit")

    assert "".join(traceback.format_exception_only(raised.value)).startswith("telecrm.ValidationError: ")


@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_an_error_pickles_and_unpickles_by_its_public_name(protocol: int) -> None:
    error = telecrm.LeadNotFoundError("no such lead", status_code=404)

    restored = pickle.loads(pickle.dumps(error, protocol=protocol))

    assert (type(restored), restored.args) == (telecrm.LeadNotFoundError, error.args)


def _subclasses(cls: type) -> set[type]:
    return {cls, *(inner for sub in cls.__subclasses__() for inner in _subclasses(sub))}


def test_every_exception_class_the_sdk_can_raise_is_public() -> None:
    # Every module, so that the classes of those loaded on first use (bulk ingestion, the CLI) are seen.
    for module in pkgutil.walk_packages(telecrm.__path__, "telecrm."):
        if not module.name.endswith(".__main__"):
            importlib.import_module(module.name)
    defined = {cls for cls in _subclasses(telecrm.TelecrmError) if cls.__module__.startswith("telecrm")}

    assert sorted(cls.__name__ for cls in defined if getattr(telecrm, cls.__name__, None) is not cls) == []
