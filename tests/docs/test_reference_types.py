"""The reference shows a type for every public attribute: the reference is built from the source by Griffe,
which sees only what is annotated (``self.host = host`` would show no type)."""

from __future__ import annotations

import enum

import griffe
import pytest
from doc_blocks import ROOT

import telecrm
import telecrm.testing


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    loader = griffe.GriffeLoader(search_paths=[str(ROOT / "src")])
    module = loader.load("telecrm")
    loader.resolve_aliases(external=False)
    assert isinstance(module, griffe.Module)
    return module


_CLASSES = [
    (module.__name__, name)
    for module in (telecrm, telecrm.testing)
    for name in module.__all__
    if isinstance(getattr(module, name), type) and not issubclass(getattr(module, name), enum.Enum)
]


@pytest.mark.parametrize(("module", "name"), _CLASSES, ids=[f"{m}.{n}" for m, n in _CLASSES])
def test_every_public_attribute_has_a_type_in_the_reference(
    package: griffe.Module, module: str, name: str
) -> None:
    path = f"{module}.{name}".removeprefix("telecrm.")
    cls = package[path].final_target if package[path].is_alias else package[path]

    untyped = [
        member.name
        for member in cls.all_members.values()
        if not member.name.startswith("_") and member.is_attribute and member.annotation is None
    ]

    assert untyped == []
