"""Public names present as ``telecrm.X``, as httpx's do: in tracebacks, in ``repr`` of a class, in pickles.

A class's ``__module__`` also tells ``typing.get_type_hints`` where its string annotations (this package
writes ``from __future__ import annotations``) are to be evaluated; once it says ``telecrm``, names the
defining module imports (``Mapping``, ``httpx``, the resource classes) would not be found. Such a class's
annotations are therefore handed to ``get_type_hints`` as forward references that name the defining module
themselves, made when asked for (making them at import would compile every annotation of every class).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class _Annotations(dict[str, Any]):
    """A class's annotations, unchanged, except that ``items()`` (what ``typing.get_type_hints`` reads) gives
    each string as a forward reference to be evaluated in ``module``."""

    __slots__ = ("module",)

    def __init__(self, annotations: Mapping[str, Any], module: str) -> None:
        super().__init__(annotations)
        self.module = module

    def items(self) -> Any:
        from typing import ForwardRef

        return [
            (name, ForwardRef(hint, is_argument=False, module=self.module, is_class=True))
            if isinstance(hint, str)
            else (name, hint)
            for name, hint in super().items()
        ]


def present_as(module: str, namespace: Mapping[str, Any], names: Iterable[str]) -> None:
    """Make each of ``names`` (objects of ``namespace``) present as ``module.<name>``."""
    for name in names:
        exported = namespace[name]
        if isinstance(exported, type):
            annotations = exported.__dict__.get("__annotations__")  # noqa: RUF063  # without importing inspect
            if annotations and any(isinstance(hint, str) for hint in annotations.values()):
                exported.__annotations__ = _Annotations(annotations, exported.__module__)
        exported.__module__ = module
