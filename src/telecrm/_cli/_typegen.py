"""``telecrm types``' generator: a workspace's definitions in, the source of a typed Python module out.

Pure (no I/O, no clock): the same definitions and ``captured`` text give the same bytes. The module is written
already formatted, as ``ruff format`` (and black) would leave it at their default line length of 88, so a
project's formatter does not rewrite it and ``--check`` compares like with like.

What it holds, and why each type (see docs/guides/typed-workspaces.md):

- ``LeadUpdate``: every lead field but the identifier (an update that includes it is refused, 403).
- ``LeadFields``: every lead field, the identifier included (search filters; anything that takes some fields).
- ``NewLead``: every lead field, the identifier ``Required`` (a create without it is refused; an Async upsert
  without it is dropped silently).
- per custom action, a ``<Name>Fields`` TypedDict and a constructor ``<name>(**fields)`` returning a
  ``CustomAction`` with the action's code.

A TypedDict uses the class syntax, with a docstring under each key for IDEs, when every key can be written
there; otherwise (a key that is not an identifier, is a keyword, would be name-mangled, or shadows a name the
annotations use) the functional syntax, with the same information in a comment above each key.
"""

from __future__ import annotations

import keyword
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from telecrm import CustomActionDefinition, CustomField, Pipeline
from telecrm._vocabulary import STANDARD_FIELDS

__all__ = ["ActionSpec", "FieldSpec", "TypesSource", "render", "types_source", "without_header"]

WIDTH: Final = 88
"""The line length the module is formatted for: ruff's and black's default."""
INDENT: Final = "    "
CAPTURED_PREFIX: Final = "# Workspace state as of "
"""Starts the line that says when, and ends the header, which ``--check`` ignores."""

_RATING: Final = "Literal[1, 2, 3, 4, 5]"
_DATE: Final = "date | datetime | int"
_TAGS: Final = "list[str] | tuple[str, ...]"
_TEXT_TYPES: Final = frozenset({"TEXT", "EMAIL", "PHONE", "WEBSITE", "UNIQUE", "MEDIALINK", "ACTIVE_USERS"})
_HINTS: Final[Mapping[str, str]] = {
    "EMAIL": "an email address",
    "PHONE": "country code and number, e.g. '919876543210'",
    "NUMBER": "a number",
    "DATE": "a date or datetime, or epoch milliseconds",
    "TAGS": "a list of tags; unknown ones are created",
    "MONEY": "a numeric string in the workspace currency, e.g. '1000'",
    "WEBSITE": "a link such as 'https://example.com'",
    "MEDIALINK": "a public link to the file",
    "ACTIVE_USERS": "the email of a team member",
    "RATING": "1 to 5",
    "STATUS": "an active status of the pipeline",
    "LOST_REASON": "an active lost reason of the pipeline",
}
# Names the module's annotations and code use: a key spelled like one cannot be written in a class body
# (it would shadow the name there), and an action constructor cannot take one.
_USED_NAMES: Final = frozenset(
    {
        "CustomAction",
        "Literal",
        "Required",
        "TypedDict",
        "Unpack",
        "date",
        "datetime",
        "float",
        "int",
        "list",
        "object",
        "str",
        "tuple",
    }
)
_NAME_CHARS: Final = 40
"""Longest action name taken from a label (before a code is added to tell two apart)."""
_TOP_NAMES: Final = frozenset({"LeadFields", "LeadUpdate", "NewLead", "__all__"})


@attrs.frozen
class FieldSpec:
    """A field as the module types it: API name, annotation, and what its docstring says."""

    name: str
    annotation: str
    doc: str


@attrs.frozen
class ActionSpec:
    code: int
    label: str
    description: str
    fields: tuple[FieldSpec, ...]


@attrs.frozen
class TypesSource:
    """Everything the module says, already read out of the API's definitions."""

    workspace: str
    """Which workspace: its name and where it came from (the enterprise id, or the fake)."""
    identifier: str
    fields: tuple[FieldSpec, ...]
    actions: tuple[ActionSpec, ...]


# --- reading the definitions ------------------------------------------------------------------------------


def types_source(
    workspace: str,
    fields: Iterable[CustomField],
    actions: Iterable[CustomActionDefinition],
    pipeline: Pipeline,
    identifier_hint: str | None,
) -> TypesSource:
    """What the module says, from ``workspace.custom_fields(detail=True)``, ``custom_actions(detail=True)``,
    ``pipeline()`` and the metadata's ``lead_identifier_field`` (``identifier_hint``: an API name or a field
    id). Fields are sorted by API name and actions by code, so an order change alone changes nothing."""
    listed = {field.api_name: field for field in fields if field.api_name}
    statuses = _unique(status.label for stage in pipeline.stages for status in stage.active_statuses)
    reasons = _unique(reason.label for reason in pipeline.active_lost_reasons)
    choices = {"STATUS": statuses, "LOST_REASON": reasons}
    specs = {name: _field(name, kind, choices.get(kind, ()), "") for name, kind in STANDARD_FIELDS.items()}
    for name, field in listed.items():
        specs[name] = _field(name, field.type, field.options, field.description or "")
    flagged = [field.api_name for field in listed.values() if field.is_lead_identifier]
    hinted = [
        field.api_name
        for field in listed.values()
        if identifier_hint is not None and identifier_hint in (field.api_name, field.id)
    ]
    found = flagged or hinted
    if not found:
        raise ValueError(
            "the workspace names no lead identifier field (no field has isLeadid, and the metadata's "
            f"leadIdentifierFieldId {identifier_hint!r} matches no field)"
        )
    customs = []
    for definition in actions:
        if not isinstance(definition.code, int):  # a system action without a numeric code: not writable
            continue
        schema = definition.field_schema
        customs.append(
            ActionSpec(
                code=definition.code,
                label=definition.display_name or f"Action {definition.code}",
                description=definition.description or "",
                fields=tuple(
                    _field(str(name), str(spec.get("type", "")), _option_labels(spec.get("options")), "")
                    for name, spec in sorted(schema.items())
                    if isinstance(spec, Mapping)
                ),
            )
        )
    return TypesSource(
        workspace=workspace,
        identifier=found[0],
        fields=tuple(specs[name] for name in sorted(specs)),
        actions=tuple(sorted(customs, key=lambda action: action.code)),
    )


def _unique(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label for label in labels if label))


def _option_labels(items: object) -> tuple[str, ...]:
    """Option labels from either list shape (strings, or ``{id, label}`` objects)."""
    if not isinstance(items, list | tuple):
        return ()
    labels = (item.get("label") if isinstance(item, Mapping) else item for item in items)
    return _unique(label for label in labels if isinstance(label, str))


def _field(name: str, kind: str, options: Sequence[str], description: str) -> FieldSpec:
    hint = _HINTS.get(kind, "")
    if kind in _TEXT_TYPES or kind == "MONEY":
        annotation = "str"
    elif kind == "NUMBER":
        annotation = "int | float"
    elif kind == "DATE":
        annotation = _DATE
    elif kind == "TAGS":
        annotation = _TAGS
    elif kind == "RATING":
        annotation = _RATING
    elif kind in ("DROPDOWN", "STATUS", "LOST_REASON") and options:
        annotation = f"Literal[{', '.join(_string(option) for option in _unique(options))}]"
    elif kind in ("DROPDOWN", "STATUS", "LOST_REASON"):
        annotation, hint = "str", "no options defined yet"
    else:
        annotation, hint = "object", "a type this version of telecrm does not know"
    words = " ".join(description.split())
    doc = f"{kind or 'Untyped'} field" + (f": {words}" if words else "") + (f" ({hint})" if hint else "")
    return FieldSpec(name, annotation, doc if doc.endswith(".") else doc + ".")


# --- writing the module -----------------------------------------------------------------------------------


def render(source: TypesSource, *, captured: str, version: str) -> str:
    """The module's text. ``captured`` says when the definitions were read (one comment line); ``version``
    is telecrm's."""
    update = tuple(field for field in source.fields if field.name != source.identifier)
    identifier = next(field for field in source.fields if field.name == source.identifier)
    names = _action_names(source.actions)
    exported = ["LeadFields", "LeadUpdate", "NewLead"]
    for action in source.actions:
        function, fields_type = names[action.code]
        exported += [fields_type, function]
    body = [
        _typed_dict(
            "LeadUpdate",
            "Lead fields an update may change: every field but the lead identifier "
            f"{_code(source.identifier)}, which cannot change (``client.leads.update``).",
            update,
        ),
        _typed_dict(
            "LeadFields",
            "Any lead fields, the identifier included (search filters, partial records).",
            source.fields,
        ),
        _typed_dict(
            "NewLead",
            f"A new lead: the lead identifier {_code(source.identifier)} is required "
            "(``client.leads.create``, ``client.ingest.upsert``).",
            source.fields,
            required=identifier.name,
        ),
    ]
    for action in source.actions:
        function, fields_type = names[action.code]
        body.append(
            _typed_dict(
                fields_type,
                f"Fields of the custom action {_prose(action.label)} (code {action.code}).",
                action.fields,
            )
        )
        body.append(_constructor(function, fields_type, action))
    summary = f"Types of the Telecrm workspace {source.workspace}, for mypy, pyright and IDEs."
    header = [
        *_opening(_prose(summary), ""),
        "",
        f"Generated by ``telecrm types`` (telecrm {version}): regenerate it rather than edit it.",
        "``telecrm types --check`` fails when the workspace no longer matches it.",
        '"""',
        "",
        CAPTURED_PREFIX + captured + " (this header is kept while the types are unchanged).",
        "",
        *_imports(source),
        *_bracketed("__all__ = [", [_string(name) for name in sorted(exported)], "]", ""),
    ]
    return "\n".join(header) + "\n" + "".join("\n\n" + block for block in body)


def _imports(source: TypesSource) -> list[str]:
    """The imports the module uses, and only those (a linter would flag any other)."""
    lines = []
    annotations = [field.annotation for field in source.fields]
    annotations += [field.annotation for action in source.actions for field in action.fields]
    if source.actions or _DATE in annotations:
        lines.append("from datetime import date, datetime")
    typing_names = ["Literal", "Required", "TypedDict"] + (["Unpack"] if source.actions else [])
    lines += [f"from typing import {', '.join(typing_names)}", ""]
    if source.actions:
        lines += ["from telecrm import CustomAction", ""]
    return lines


def without_header(text: str) -> str:
    """``text`` below its header (the docstring naming the workspace and telecrm's version, and the line
    saying when): what ``--check`` compares, and what decides whether a regenerated module is rewritten.
    The whole text when it has no such header."""
    head, found, rest = text.partition("\n" + CAPTURED_PREFIX)
    return rest.partition("\n")[2] if found else head


def _typed_dict(name: str, doc: str, fields: Sequence[FieldSpec], *, required: str | None = None) -> str:
    def annotation(field: FieldSpec) -> str:
        return f"Required[{field.annotation}]" if field.name == required else field.annotation

    if all(_class_key(field.name) for field in fields):
        lines = [
            *_bracketed(f"class {name}(", ["TypedDict", "total=False"], "):", ""),
            *_docstring(doc, INDENT),
        ]
        for field in fields:
            lines.append("")
            lines += _bracketed(f"{INDENT}{field.name}: ", [annotation(field)], "", INDENT, single=True)
            lines += _docstring(field.doc, INDENT)
        return "\n".join(lines) + "\n"
    entries = []
    for field in fields:
        entries.append(f"# {_comment(field.doc)}")
        entries += _bracketed(f"{_string(field.name)}: ", [annotation(field)], ",", "", single=True)
    lines = [f"# {_comment(doc)}", f"{name} = TypedDict(", f"{INDENT}{_string(name)},", f"{INDENT}{{"]
    lines += [f"{INDENT * 2}{entry}" for entry in entries]
    lines += [f"{INDENT}}},", f"{INDENT}total=False,", ")"]
    return "\n".join(lines) + "\n"


def _constructor(function: str, fields_type: str, action: ActionSpec) -> str:
    # The keyword that backdates the action must not be one of its fields' names.
    names = {field.name for field in action.fields}
    when = "created_on"
    if when in names:
        when = "action_created_on"
        while when in names:
            when += "_"
    parameters = [
        "*",
        f"{when}: date | datetime | int | str | None = None",
        f"**fields: Unpack[{fields_type}]",
    ]
    summary = f"The custom action {_prose(action.label)} (code {action.code})"
    description = " ".join(action.description.split())
    doc = summary + (f": {description}" if description else "") + "."
    doc += f" ``{when}`` backdates it (epoch milliseconds, a date, or a workspace-format string)."
    lines = _bracketed(f"def {function}(", parameters, ") -> CustomAction:", "")
    lines += _docstring(doc, INDENT)
    lines.append(f"{INDENT}return CustomAction({action.code}, fields, {when})")
    return "\n".join(lines) + "\n"


def _action_names(actions: Sequence[ActionSpec]) -> dict[int, tuple[str, str]]:
    """Each action's constructor name (from its label, snake case) and fields type name (camel case): valid,
    unique, and clear of every other name of the module; the code is added where the label is not enough."""
    taken = set(_USED_NAMES | _TOP_NAMES)
    names = {}
    for action in actions:
        words = "_".join(re.findall(r"[a-z0-9]+", action.label.lower()))[:_NAME_CHARS].rstrip("_")
        base = words or f"action_{action.code}"
        if base[0].isdigit():
            base = f"action_{base}"
        candidates = [base, f"{base}_{action.code}"] + [f"{base}_{action.code}_{n}" for n in range(2, 99)]
        for candidate in candidates:
            camel = "".join(part[:1].upper() + part[1:] for part in candidate.split("_")) + "Fields"
            if keyword.iskeyword(candidate) or candidate in taken or camel in taken:
                continue
            taken |= {candidate, camel}
            names[action.code] = (candidate, camel)
            break
    return names


def _class_key(name: str) -> bool:
    """Whether ``name`` can be a key in a TypedDict's class body."""
    return (
        name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("__")
        and name not in _USED_NAMES
    )


def _bracketed(head: str, items: Sequence[str], tail: str, indent: str, *, single: bool = False) -> list[str]:
    """``head`` + items + ``tail`` on one line when it fits, else one item a line with a trailing comma (the
    "magic trailing comma" that keeps ruff and black from joining them again). ``single``: one item that is
    itself a ``Name[...]`` subscript to break at its brackets."""
    flat = head + ", ".join(items) + tail
    if len(flat) <= WIDTH:
        return [flat]
    if single:
        (item,) = items
        opening = item.find("[")
        if opening == -1 or not item.endswith("]"):
            return [flat]
        inner = _split_top_level(item[opening + 1 : -1])
        return _bracketed(head + item[: opening + 1], inner, "]" + tail, indent)
    return [head, *(f"{indent}{INDENT}{item}," for item in items), indent + tail]


def _split_top_level(text: str) -> list[str]:
    """``text`` split at the commas outside brackets and string literals."""
    parts, depth, quote, start, escaped = [], 0, "", 0, False
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def _docstring(text: str, indent: str) -> list[str]:
    """A docstring, wrapped to the width (ruff leaves docstrings as they are written)."""
    body = _escaped(" ".join(text.split()), '"')
    single = f'{indent}"""{body}"""'
    if len(single) <= WIDTH:
        return [single]
    return [*_opening(body, indent), f'{indent}"""']


def _opening(body: str, indent: str) -> list[str]:
    """The lines of a docstring's first paragraph, the opening quotes included, wrapped to the width."""
    lines = textwrap.wrap(
        body, WIDTH - len(indent), break_long_words=False, break_on_hyphens=False, initial_indent='"""'
    )
    return [indent + line for line in lines]


def _comment(text: str) -> str:
    """Free text as one comment line (what cannot be printed escaped)."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in " ".join(text.split()))


def _prose(text: str) -> str:
    """Free text inside a docstring: one line, no backslash or quote that could end it."""
    return _escaped(" ".join(text.split()), '"')


def _code(name: str) -> str:
    return f"``{_prose(name)}``"


def _string(text: str) -> str:
    """A string literal in the quotes ruff prefers: double, unless single ones need fewer escapes."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + _escaped(text, quote) + quote


def _escaped(text: str, quote: str) -> str:
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif quote and char == quote:
            out.append("\\" + char)
        elif not char.isprintable():  # line breaks, tabs, controls, lone surrogates: escaped as repr does
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)
