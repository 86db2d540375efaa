"""Immutable values, declared like dataclasses, built without generating code.

attrs made every value class cost a compile of its ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` at
import, and attrs itself weighed nearly half of ``import httpx``: together more than a serverless function
pushing one lead spends on everything else. :func:`value` reads a class's annotated fields once and gives it
shared, generic methods instead. Values are frozen (assigning raises :class:`FrozenInstanceError`), compare
and hash by their fields, print as ``Name(field=value, ...)`` and pickle.

Every model of the API is a :class:`JSONReady` value: ``to_dict()`` gives it as plain JSON data
(:func:`jsonable`); the mappings it holds are :class:`FrozenMapping` copies.

Hot paths that build many values from trusted, already-converted data (a page of 100 leads) use
:func:`make`, which skips argument binding and converters.

The shared ``__init__`` takes ``*args, **kwargs``; a class's ``__signature__`` gives ``help()``,
``inspect.signature`` and IDEs its real parameters instead, built from its fields when first asked for.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Final, TypeAlias, TypeVar, dataclass_transform, final

__all__ = [
    "Field",
    "FrozenInstanceError",
    "FrozenMapping",
    "JSONReady",
    "JSONValue",
    "Value",
    "decoded_mapping",
    "evolve",
    "field",
    "fields",
    "frozen_mapping",
    "init",
    "jsonable",
    "make",
    "value",
]

T = TypeVar("T")
V = TypeVar("V", bound="Value")

_MISSING: Final[Any] = object()


class FrozenInstanceError(AttributeError):
    """A value's fields cannot be changed: build a new one (``evolve(value, field=new)``)."""


class Field:
    """One declared field: its name, default (or ``factory``), ``converter``, and whether it takes part in
    ``repr`` and equality."""

    __slots__ = ("annotation", "converter", "default", "eq", "factory", "hash", "name", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        factory: Callable[[], Any] | None = None,
        converter: Callable[[Any], Any] | None = None,
        repr: bool = True,
        eq: bool = True,
        hash: bool = True,
    ) -> None:
        self.name = ""
        self.annotation = ""
        self.default = default
        self.factory = factory
        self.converter = converter
        self.repr = repr
        self.eq = eq
        self.hash = hash and eq


def field(
    *,
    default: Any = _MISSING,
    factory: Callable[[], Any] | None = None,
    converter: Callable[[Any], Any] | None = None,
    repr: bool = True,
    eq: bool = True,
    hash: bool = True,
) -> Any:
    """Declare a field with a ``default`` or a ``factory``, a ``converter`` applied (and able to refuse the
    value) on construction, whether it is shown in ``repr``, compared by ``==`` and hashed (a mapping field
    is compared but cannot be hashed: ``hash=False``)."""
    return Field(default, factory, converter, repr, eq, hash)


class _SignatureOfFields:
    """``cls.__signature__``: the parameters the shared ``__init__`` takes for ``cls``, one per field, in
    order, with its annotation and default (a factory's value shown as its result). ``None`` for a class
    with an ``__init__`` of its own, which ``inspect`` then reads instead."""

    def __get__(self, instance: object, owner: type[Value]) -> Any:
        for cls in owner.__mro__:
            if cls is Value:
                break
            if "__init__" in cls.__dict__:
                return None
        import inspect  # on first use only: `import telecrm` does without it

        parameters = [
            inspect.Parameter(
                spec.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=spec.annotation or inspect.Parameter.empty,
                default=_shown_default(spec),
            )
            for spec in owner.__value_fields__
        ]
        return inspect.Signature(parameters, return_annotation=inspect.Signature.empty)


def _shown_default(spec: Field) -> Any:
    if spec.factory is not None:
        return spec.factory()
    if spec.default is _MISSING:
        import inspect

        return inspect.Parameter.empty
    return spec.default


class Value:
    """Base of the classes :func:`value` builds."""

    __value_fields__: tuple[Field, ...] = ()
    __signature__: ClassVar[Any] = _SignatureOfFields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _assign(self, args, kwargs)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _compared(self) -> tuple[object, ...]:
        return tuple(self.__dict__[spec.name] for spec in self.__value_fields__ if spec.eq)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(
            (self.__class__, *(self.__dict__[spec.name] for spec in self.__value_fields__ if spec.hash))
        )

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{spec.name}={self.__dict__[spec.name]!r}" for spec in self.__value_fields__ if spec.repr
        )
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        given = {spec.name: self.__dict__[spec.name] for spec in self.__value_fields__}
        return _restored, (type(self), given)


def _assign(target: Value, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    specs = type(target).__value_fields__
    if len(args) > len(specs):
        raise TypeError(f"{type(target).__name__}() takes {len(specs)} arguments, got {len(args)}")
    slots = target.__dict__
    for index, spec in enumerate(specs):
        if index < len(args):
            if spec.name in kwargs:
                raise TypeError(f"{type(target).__name__}() got {spec.name!r} twice")
            given = args[index]
        elif spec.name in kwargs:
            given = kwargs.pop(spec.name)
        elif spec.factory is not None:
            given = spec.factory()
        elif spec.default is not _MISSING:
            given = spec.default
        else:
            raise TypeError(f"{type(target).__name__}() is missing {spec.name!r}")
        slots[spec.name] = spec.converter(given) if spec.converter is not None else given
    if kwargs:
        raise TypeError(f"{type(target).__name__}() got unexpected {sorted(kwargs)}")


def make(cls: type[V], /, **values: Any) -> V:
    """A ``cls`` holding ``values`` (every field, by name) as they are: no defaults, no converters, no
    binding. For trusted, already-converted data on hot paths (a page of 100 leads): half the cost of the
    positional form."""
    instance = object.__new__(cls)
    instance.__dict__.update(values)
    return instance


def _restored(cls: type[V], values: dict[str, Any]) -> V:
    # Unpickling (pickle passes arguments by position): the fields as pickled, converters not run again.
    return make(cls, **values)


def init(target: Value, *args: Any, **kwargs: Any) -> None:
    """Set a value's fields from a hand-written ``__init__``, with defaults and converters."""
    _assign(target, args, kwargs)


def fields(cls: type[Value]) -> tuple[Field, ...]:
    """The declared fields of a value class, base classes' first."""
    return cls.__value_fields__


def evolve(instance: V, **changes: Any) -> V:
    """A copy of ``instance`` with some fields replaced (converters run on every field, as on creation)."""
    given = {spec.name: instance.__dict__[spec.name] for spec in instance.__value_fields__}
    given.update(changes)
    copy = object.__new__(type(instance))
    _assign(copy, (), given)
    return copy


def _declared(cls: type) -> Iterable[tuple[str, str]]:
    # The class's own annotations (inspect.get_annotations would import inspect, a cost this module avoids).
    own = cls.__dict__.get("__annotations__")  # noqa: RUF063
    for name, annotation in (own if own is not None else getattr(cls, "__annotations__", {})).items():
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        if not text.startswith(("ClassVar", "typing.ClassVar", "Final")):
            yield name, text


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def value(cls: type[T]) -> type[T]:
    """Make ``cls`` (a subclass of :class:`Value`) a frozen value class of its annotated fields."""
    inherited = {
        spec.name: spec
        for base in reversed(cls.__mro__[1:])
        for spec in getattr(base, "__value_fields__", ())
    }
    for name, annotation in _declared(cls):
        declared = cls.__dict__.get(name, _MISSING)
        spec = declared if isinstance(declared, Field) else Field(default=declared)
        spec.name = name
        spec.annotation = annotation
        inherited.pop(name, None)
        inherited[name] = spec
        if declared is not _MISSING:
            delattr(cls, name)
    type.__setattr__(cls, "__value_fields__", tuple(inherited.values()))
    return cls


JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"
"""A value as JSON has it: what ``to_dict()`` returns, and what lead fields hold."""


@final
class FrozenMapping(Mapping[str, Any]):
    """A read-only copy of a mapping (shallow: nested values are shared).

    Unlike ``MappingProxyType`` it pickles, so values holding one can be sent to worker processes, and it
    compares equal to a ``dict`` with the same items. ``dict(mapping)`` gives a plain, JSON-ready copy.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[type[FrozenMapping], tuple[dict[str, Any]]]:
        return FrozenMapping, (self._data,)


_EMPTY: Final = FrozenMapping({})


def jsonable(value: object) -> JSONValue:
    """``value`` as plain JSON data: amounts as decimal strings, dates in ISO 8601, enums by value, mappings
    as dicts, sequences as lists, values by their ``to_dict()``."""
    if value is None or (isinstance(value, bool | int | float) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, JSONReady):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | Set):
        return [jsonable(item) for item in value]
    return str(value)


class JSONReady(Value):
    """A value with ``to_dict()``: its fields as JSON data (the server's ``raw`` body
    left out)."""

    def to_dict(self) -> dict[str, JSONValue]:
        """This value as plain JSON data (``json.dumps`` takes it as is): amounts as decimal strings, dates in
        ISO 8601, nested values as dicts."""
        return {
            field.name: jsonable(getattr(self, field.name))
            for field in self.__value_fields__
            if field.name != "raw"
        }


def frozen_mapping(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only, picklable copy of ``data``; an existing :class:`FrozenMapping` is returned as it is."""
    if isinstance(data, FrozenMapping):
        return data
    return FrozenMapping(data) if data else _EMPTY


def decoded_mapping(data: object, name: str) -> Mapping[str, Any]:
    """A JSON object just decoded from a response, made read-only without a copy: nothing else holds it.
    ``TypeError`` (an unreadable response, to the decoder) if it is not an object."""
    if type(data) is not dict:
        if data is None:
            return _EMPTY
        if isinstance(data, Mapping):
            return frozen_mapping(data)
        raise TypeError(f"{name} is not a JSON object")
    if not data:
        return _EMPTY
    wrapped = object.__new__(FrozenMapping)
    wrapped._data = data
    return wrapped
