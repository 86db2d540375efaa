"""A Griffe extension: the reference shows each value class with the parameters it really takes.

Value classes (``telecrm._value.value``) share one ``__init__(*args, **kwargs)`` and declare their fields as
annotated class attributes, as dataclasses do. Griffe reads the source without running it, so it would show
that shared signature; this gives each such class without an ``__init__`` of its own one built from its
fields, base classes' first, with the defaults the source declares (``field(default=...)``, or the call of
``field(factory=...)``). At run time ``Value.__signature__`` does the same for ``help()`` and ``inspect``.
"""

from __future__ import annotations

from typing import Any

import griffe

_DECORATOR = "telecrm._value.value"
_VALUE = "telecrm._value.Value"


class ValueSignatures(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # Once the whole package is loaded, so that base classes from other modules are known.
        for cls in _classes(pkg):
            if _is_value(cls) and not _has_an_init(cls):
                cls.set_member("__init__", _init(cls))


def _classes(obj: griffe.Object) -> list[griffe.Class]:
    found = []
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Class):
            found.append(member)
        if isinstance(member, griffe.Module | griffe.Class):
            found.extend(_classes(member))
    return found


def _is_value(cls: griffe.Class) -> bool:
    return any(decorator.callable_path == _DECORATOR for decorator in cls.decorators)


def _value_classes(cls: griffe.Class) -> list[griffe.Class]:
    """``cls`` and its value base classes, bases first."""
    return [base for base in reversed([cls, *cls.mro()]) if isinstance(base, griffe.Class) and _is_value(base)]


def _has_an_init(cls: griffe.Class) -> bool:
    return any("__init__" in base.members for base in _value_classes(cls))


def _fields(cls: griffe.Class) -> dict[str, griffe.Attribute]:
    fields: dict[str, griffe.Attribute] = {}
    for base in _value_classes(cls):
        for name, member in base.members.items():
            if member.is_alias or not isinstance(member, griffe.Attribute) or member.annotation is None:
                continue
            if "property" in member.labels or str(member.annotation).startswith(("ClassVar", "Final")):
                continue
            fields.pop(name, None)
            fields[name] = member
    return fields


def _default(attribute: griffe.Attribute) -> str | None:
    value = attribute.value
    if isinstance(value, griffe.ExprCall) and str(value.function) == "field":
        keywords = {argument.name: argument.value for argument in value.arguments if isinstance(argument, griffe.ExprKeyword)}
        if "default" in keywords:
            return str(keywords["default"])
        if "factory" in keywords:
            return f"{keywords['factory']}()"
        return None
    return None if value is None else str(value)


def _init(cls: griffe.Class) -> griffe.Function:
    parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
    parameters += [
        griffe.Parameter(
            name,
            annotation=attribute.annotation,
            kind=griffe.ParameterKind.positional_or_keyword,
            default=_default(attribute),
        )
        for name, attribute in _fields(cls).items()
    ]
    return griffe.Function(
        "__init__",
        lineno=cls.lineno,
        endlineno=cls.lineno,
        parameters=griffe.Parameters(*parameters),
        returns="None",
    )
