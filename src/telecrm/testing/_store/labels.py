"""The options of dropdown and tags fields, learnt from writes: unknown dropdown labels and tags create new
options (telecrm-api.md section 6), up to 1,000 a field."""

from __future__ import annotations

from typing import Any

from telecrm.testing._field_rules import Rejected
from telecrm.testing._vocabulary import MAX_FIELD_OPTIONS, FieldType
from telecrm.testing._workspace import Workspace


class Labels:
    """The known labels of each dropdown/tags lead field (by `apiName`) and custom-action dropdown field (by
    `code.name`), in the order they were added."""

    def __init__(self, workspace: Workspace) -> None:
        # Dicts as ordered sets.
        self._known: dict[str, dict[str, None]] = {
            f.api_name: dict.fromkeys(f.options) for f in workspace.fields
        }
        for action in workspace.custom_actions:
            for spec in action.fields:
                self._known[f"{action.code}.{spec.name}"] = dict.fromkeys(spec.options)

    def of(self, key: str) -> list[str]:
        """The labels of `key`, oldest first."""
        return list(self._known.get(key, ()))

    def check_room(self, key: str, kind: FieldType, value: Any) -> None:
        """`Rejected` for a dropdown or tags value that would take its field past 1,000 options or tags."""
        if kind not in ("DROPDOWN", "TAGS"):
            return
        known = self._known.get(key, {})
        new = [label for label in dict.fromkeys(value if kind == "TAGS" else [value]) if label not in known]
        if new and len(known) + len(new) > MAX_FIELD_OPTIONS:
            what = "tags" if kind == "TAGS" else "options"
            raise Rejected(
                f"A field holds at most {MAX_FIELD_OPTIONS} {what}: it has {len(known)}, and this value "
                f"would add {len(new)}"
            )

    def learn(self, key: str, kind: FieldType, value: Any) -> None:
        """Add the labels of a stored dropdown or tags value that `key` does not know yet."""
        if kind in ("DROPDOWN", "TAGS"):
            known = self._known.setdefault(key, {})
            known.update(dict.fromkeys(value if kind == "TAGS" else [value]))
