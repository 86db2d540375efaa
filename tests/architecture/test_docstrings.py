"""Every public name has a docstring a caller can act on: the classes and functions ``telecrm`` exports, and
the public methods and properties of each (inherited ones are checked where they are defined)."""

from __future__ import annotations

import inspect

import pytest

import telecrm
import telecrm.testing


def _public_members(owner: type) -> list[str]:
    names = []
    for name, member in vars(owner).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property | staticmethod | classmethod) or inspect.isfunction(member):
            names.append(name)
    return names


def _exported(module: object) -> list[tuple[str, object]]:
    return [(name, getattr(module, name)) for name in module.__all__ if not name.startswith("__")]  # type: ignore[attr-defined]


_OBJECTS = [(f"telecrm.{name}", value) for name, value in _exported(telecrm)] + [
    (f"telecrm.testing.{name}", value) for name, value in _exported(telecrm.testing)
]
_CLASSES = [(name, value) for name, value in _OBJECTS if inspect.isclass(value)]


@pytest.mark.parametrize(
    ("name", "value"),
    [(n, v) for n, v in _OBJECTS if inspect.isclass(v) or inspect.isfunction(v)],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_every_exported_class_and_function_has_a_docstring(name, value):
    assert (inspect.getdoc(value) or "").strip(), name


def _methods_without_docstrings(cls: type) -> list[str]:
    missing = []
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] != "telecrm":
            continue
        for member in _public_members(klass):
            raw = vars(klass)[member]
            target = raw.fget if isinstance(raw, property) else getattr(raw, "__func__", raw)
            if not (target.__doc__ or "").strip():
                missing.append(f"{klass.__qualname__}.{member}")
    return missing


@pytest.mark.parametrize(("name", "cls"), _CLASSES, ids=[name for name, _ in _CLASSES])
def test_every_public_method_and_property_of_an_exported_class_has_a_docstring(name, cls):
    assert _methods_without_docstrings(cls) == []


def test_every_resource_method_has_a_docstring():
    client = telecrm.Telecrm(enterprise_id="E1", token="t")
    resources = [client.leads, client.actions, client.team_members, client.workspace, client.ingest]
    missing = [
        f"{type(resource).__name__}.{name}"
        for resource in resources
        for name in _methods_without_docstrings(type(resource))
    ]

    assert missing == []
