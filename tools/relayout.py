"""Re-lay out a whitespace-collapsed OpenAPI 3.0 YAML document, changing only whitespace.

The vendor publishes its spec with every run of whitespace collapsed to one space (see
openapi/README.md): one line, no indentation. What is lost is the nesting level of every key.
This module puts it back:

* Every ``word: `` outside quotes and block scalars is a key (a plain YAML scalar never contains
  ``": "``); which open object owns it is inferred from OpenAPI 3.0 structure: the innermost open
  object where the key is legal, not present yet, and whose value has the right shape (a schema
  keyword such as ``description`` takes a scalar, so ``description: type: string`` is a property).
* **Layout memory.** Where the new text repeats the previous faithful layout word for word
  (``previous``), the previous line breaks and indentation are kept, so the choices documented in
  openapi/README.md survive and an unchanged spec comes back byte for byte. Only the words that
  changed are placed by inference, starting from the structure the previous layout gives at that
  point.

The output always collapses back to the input (checked), and it must parse as YAML.

    python tools/relayout.py NEW.yaml [--previous openapi/telecrm.yaml] > out.yaml
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# libyaml's parser when PyYAML has it (about ten times faster on a large spec), the Python one otherwise.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RelayoutError(Exception):
    """The text cannot be re-laid out into a YAML document that collapses back to it."""


def collapse(text: str) -> str:
    """Every run of whitespace as one space, no leading or trailing whitespace."""
    return re.sub(r"\s+", " ", text).strip()


def is_collapsed(text: str) -> bool:
    """True for text that has lost its line structure (a document on a single line)."""
    return len(text.strip().splitlines()) <= 1


# --- the OpenAPI 3.0 object model, as far as nesting needs it ------------------------------------
# A field's type is one of: "scalar", "any" (free data: examples, defaults, extensions),
# "[T]" (list of T), "{T}" (map of T), or an object type name. "schema-or-bool" for
# additionalProperties.

ANY, SCALAR = "any", "scalar"

TYPES: dict[str, dict[str, str]] = {
    "Root": {
        "openapi": SCALAR,
        "info": "Info",
        "servers": "[Server]",
        "paths": "Paths",
        "components": "Components",
        "security": "[SecurityRequirement]",
        "tags": "[Tag]",
        "externalDocs": "ExternalDocs",
    },
    "Info": {
        "title": SCALAR,
        "description": SCALAR,
        "termsOfService": SCALAR,
        "contact": "Contact",
        "license": "License",
        "version": SCALAR,
    },
    "Contact": {"name": SCALAR, "url": SCALAR, "email": SCALAR},
    "License": {"name": SCALAR, "url": SCALAR},
    "ExternalDocs": {"description": SCALAR, "url": SCALAR},
    "Server": {"url": SCALAR, "description": SCALAR, "variables": "{ServerVariable}"},
    "ServerVariable": {"enum": "[scalar]", "default": SCALAR, "description": SCALAR},
    "Tag": {"name": SCALAR, "description": SCALAR, "externalDocs": "ExternalDocs"},
    "PathItem": {
        "$ref": SCALAR,
        "summary": SCALAR,
        "description": SCALAR,
        "servers": "[Server]",
        "parameters": "[Parameter]",
        **dict.fromkeys(("get", "put", "post", "delete", "options", "head", "patch", "trace"), "Operation"),
    },
    "Operation": {
        "tags": "[scalar]",
        "summary": SCALAR,
        "description": SCALAR,
        "externalDocs": "ExternalDocs",
        "operationId": SCALAR,
        "parameters": "[Parameter]",
        "requestBody": "RequestBody",
        "responses": "Responses",
        "callbacks": "{any}",
        "deprecated": SCALAR,
        "security": "[SecurityRequirement]",
        "servers": "[Server]",
    },
    "Parameter": {
        "$ref": SCALAR,
        "name": SCALAR,
        "in": SCALAR,
        "description": SCALAR,
        "required": SCALAR,
        "deprecated": SCALAR,
        "allowEmptyValue": SCALAR,
        "style": SCALAR,
        "explode": SCALAR,
        "allowReserved": SCALAR,
        "schema": "Schema",
        "example": ANY,
        "examples": "{Example}",
        "content": "{MediaType}",
    },
    "RequestBody": {"$ref": SCALAR, "description": SCALAR, "content": "{MediaType}", "required": SCALAR},
    "MediaType": {"schema": "Schema", "example": ANY, "examples": "{Example}", "encoding": "{any}"},
    "Response": {
        "$ref": SCALAR,
        "description": SCALAR,
        "headers": "{Header}",
        "content": "{MediaType}",
        "links": "{any}",
    },
    "Example": {
        "$ref": SCALAR,
        "summary": SCALAR,
        "description": SCALAR,
        "value": ANY,
        "externalValue": SCALAR,
    },
    "Components": {
        "schemas": "{Schema}",
        "responses": "{Response}",
        "parameters": "{Parameter}",
        "examples": "{Example}",
        "requestBodies": "{RequestBody}",
        "headers": "{Header}",
        "securitySchemes": "{SecurityScheme}",
        "links": "{any}",
        "callbacks": "{any}",
    },
    "SecurityScheme": {
        "type": SCALAR,
        "description": SCALAR,
        "name": SCALAR,
        "in": SCALAR,
        "scheme": SCALAR,
        "bearerFormat": SCALAR,
        "flows": ANY,
        "openIdConnectUrl": SCALAR,
    },
    "Discriminator": {"propertyName": SCALAR, "mapping": "{scalar}"},
    "Schema": {
        **dict.fromkeys(
            (
                "$ref",
                "title",
                "multipleOf",
                "maximum",
                "exclusiveMaximum",
                "minimum",
                "exclusiveMinimum",
                "maxLength",
                "minLength",
                "pattern",
                "maxItems",
                "minItems",
                "uniqueItems",
                "maxProperties",
                "minProperties",
                "type",
                "description",
                "format",
                "nullable",
                "readOnly",
                "writeOnly",
                "deprecated",
            ),
            SCALAR,
        ),
        "required": "[scalar]",
        "enum": "[any]",
        "allOf": "[Schema]",
        "oneOf": "[Schema]",
        "anyOf": "[Schema]",
        "not": "Schema",
        "items": "Schema",
        "properties": "{Schema}",
        "additionalProperties": "schema-or-bool",
        "default": ANY,
        "example": ANY,
        "discriminator": "Discriminator",
        "xml": ANY,
        "externalDocs": "ExternalDocs",
    },
}
TYPES["Header"] = {k: v for k, v in TYPES["Parameter"].items() if k not in ("name", "in")}
# Maps whose keys are not free names.
MAP_KEYS = {
    "Paths": re.compile(r"^/"),
    "Responses": re.compile(r"^(default|[1-5](\d\d|XX))$"),
    "{MediaType}": re.compile(r"^[\w.+-]+/[\w.+*-]+"),
}
# Property names are never these schema keywords (openapi/README.md, "Nesting choices").
NOT_NAMES = {
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "properties",
    "$ref",
    "not",
}
NAME = re.compile(r"^[A-Za-z0-9_.$@/{}\-]+$")


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"":
        return key[1:-1].replace("''", "'") if key[0] == "'" else key[1:-1]
    return key


@dataclass
class Frame:
    """An open mapping ("map") or sequence ("seq") and what it may contain."""

    kind: str  # "map" | "seq"
    type: str  # object type name, "{T}" map, "any" data; for seq: the item type
    indent: int
    keys: set[str] = field(default_factory=set)
    seq_key: str | None = None  # for seq frames: the key that owns the list (allOf, tags...)
    closed: bool = False  # a schema with $ref takes no more keys
    props: set[str] | None = None  # a Schema frame's property names, once known
    owner: str | None = None  # the key whose value this mapping is

    def value_type(self, key: str) -> str | None:
        """The type of ``key``'s value in this mapping, or None when the key is not legal here."""
        if self.type == ANY:
            return ANY
        if self.type.startswith("{"):
            return self.type[1:-1]
        if self.type in ("Paths", "Responses", "SecurityRequirement"):
            return {"Paths": "PathItem", "Responses": "Response", "SecurityRequirement": "[scalar]"}[
                self.type
            ]
        fields = TYPES.get(self.type, {})
        if key in fields:
            return fields[key]
        if key.startswith("x-"):
            return ANY
        return None


def _shape_fits(value_type: str, shape: str, first_key: str | None) -> bool:
    """Can a value of ``shape`` ("map", "seq", "scalar") whose first key is ``first_key`` be a
    ``value_type``?"""
    if value_type == ANY:
        return True
    if value_type == "schema-or-bool":
        return shape == "scalar" or _shape_fits("Schema", shape, first_key)
    if value_type == SCALAR:
        return shape == "scalar"
    if value_type.startswith("["):
        if shape != "seq":
            return False
        item = value_type[1:-1]
        if item in (SCALAR, ANY) or first_key is None:
            return item != SCALAR or first_key is None
        return _shape_fits(item, "map", first_key)
    if shape != "map":
        return False
    if value_type.startswith("{"):
        return True
    if value_type in ("Paths", "Responses", "SecurityRequirement"):
        return first_key is None or _key_fits(value_type, first_key)
    if first_key is None:
        return True
    fields = TYPES.get(value_type)
    return fields is None or first_key in fields or first_key.startswith("x-")


def _key_fits(map_type: str, key: str) -> bool:
    pattern = MAP_KEYS.get(map_type)
    if pattern is not None:
        return bool(pattern.search(key))
    return True


@dataclass
class Token:
    kind: str  # KEY, DASH, SCALAR, BLOCK, FLOW
    start: int  # first word index
    end: int  # one past the last word index
    text: str = ""


class _Layout:
    """Everything known about one placement problem: the words and the layout memory."""

    def __init__(self, words: Sequence[str], previous: str | None) -> None:
        self.words = list(words)
        self.text = " ".join(self.words)
        self.starts: list[int] = []
        offset = 0
        for word in self.words:
            self.starts.append(offset)
            offset += len(word) + 1
        self.old_prefix: dict[int, str] = {}  # new word index -> whitespace before it in `previous`
        self.old_block_end: dict[int, int] = {}  # new index of a block header -> new index after it
        if previous is not None:
            self._remember(previous)

    def _remember(self, previous: str) -> None:
        old_words, old_prefixes = [], []
        for match in re.finditer(r"(\s*)(\S+)", previous):
            old_prefixes.append(match.group(1))
            old_words.append(match.group(2))
        old_to_new = matching_words(old_words, self.words)
        for old, new in old_to_new.items():
            if new > 0 and old > 0:
                self.old_prefix[new] = old_prefixes[old]
        # Where each block scalar of the previous layout ended.
        for old, word in enumerate(old_words):
            if re.fullmatch(r"[|>][+-]?\d?", word) and old > 0 and old_words[old - 1].endswith(":"):
                key_prefix = old_prefixes[old - 1]
                key_indent = len(key_prefix.rsplit("\n", 1)[-1])
                end = old + 1
                while end < len(old_words):
                    prefix = old_prefixes[end]
                    if "\n" in prefix and len(prefix.rsplit("\n", 1)[-1]) <= key_indent:
                        break
                    end += 1
                if old in old_to_new and (end == len(old_words) or end in old_to_new):
                    new_end = len(self.words) if end == len(old_words) else old_to_new[end]
                    if new_end > old_to_new[old]:
                        self.old_block_end[old_to_new[old]] = new_end

    def remembered_indent(self, index: int) -> int | None:
        """The indentation the previous layout gave the line word ``index`` starts, if it starts one."""
        prefix = self.old_prefix.get(index)
        if prefix is None or "\n" not in prefix:
            return None
        return len(prefix.rsplit("\n", 1)[-1])

    def remembered_inline(self, index: int) -> bool:
        prefix = self.old_prefix.get(index)
        return prefix is not None and "\n" not in prefix


# Word ranges small enough for difflib, whose matcher is quadratic in the worst case.
_DIFFLIB_LIMIT = 200_000


def matching_words(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Which words of ``new`` repeat words of ``old`` (index in old -> index in new), in order.

    Linear in the size of the documents, however large: the common head and tail are matched first;
    what lies between is split at words that occur exactly once in both (patience diff: the longest
    run of such words in the same order, each extended to the equal words around it), and only
    ranges small enough are left to difflib. A range too large that has no such word stays unmatched:
    its words are placed by inference, which is correct, only without the previous layout's choices.
    """
    pairs: dict[int, int] = {}
    stack = [(0, len(old), 0, len(new))]
    while stack:
        a_lo, a_hi, b_lo, b_hi = stack.pop()
        while a_lo < a_hi and b_lo < b_hi and old[a_lo] == new[b_lo]:
            pairs[a_lo] = b_lo
            a_lo, b_lo = a_lo + 1, b_lo + 1
        while a_lo < a_hi and b_lo < b_hi and old[a_hi - 1] == new[b_hi - 1]:
            pairs[a_hi - 1] = b_hi - 1
            a_hi, b_hi = a_hi - 1, b_hi - 1
        if a_lo == a_hi or b_lo == b_hi:
            continue
        if (a_hi - a_lo) * (b_hi - b_lo) <= _DIFFLIB_LIMIT:
            matcher = difflib.SequenceMatcher(None, old[a_lo:a_hi], new[b_lo:b_hi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                for offset in range(size):
                    pairs[a_lo + i + offset] = b_lo + j + offset
            continue
        anchors = _unique_common_in_order(old, a_lo, a_hi, new, b_lo, b_hi)
        previous_a, previous_b = a_lo, b_lo
        for i, j in anchors:
            if i < previous_a or j < previous_b:
                continue  # already matched by extending the previous anchor
            start_i, start_j = i, j
            while start_i > previous_a and start_j > previous_b and old[start_i - 1] == new[start_j - 1]:
                start_i, start_j = start_i - 1, start_j - 1
            end_i, end_j = i, j
            while end_i < a_hi and end_j < b_hi and old[end_i] == new[end_j]:
                end_i, end_j = end_i + 1, end_j + 1
            for offset in range(end_i - start_i):
                pairs[start_i + offset] = start_j + offset
            stack.append((previous_a, start_i, previous_b, start_j))
            previous_a, previous_b = end_i, end_j
        if anchors:
            stack.append((previous_a, a_hi, previous_b, b_hi))
    return pairs


def _unique_common_in_order(
    old: Sequence[str], a_lo: int, a_hi: int, new: Sequence[str], b_lo: int, b_hi: int
) -> list[tuple[int, int]]:
    """The longest list of (i, j) with ``old[i] == new[j]`` a word that occurs once in each range,
    increasing in both i and j (patience sorting, O(n log n))."""
    counts: dict[str, list[int]] = {}
    for i in range(a_lo, a_hi):
        entry = counts.setdefault(old[i], [0, 0, i])
        entry[0] += 1
    for j in range(b_lo, b_hi):
        entry = counts.get(new[j])
        if entry is not None:
            entry[1] += 1
            entry.append(j)
    pairs = sorted((entry[2], entry[3]) for entry in counts.values() if entry[0] == 1 and entry[1] == 1)
    tails: list[int] = []  # tails[k]: index into pairs of the smallest j ending a run of length k + 1
    tail_js: list[int] = []  # the j of each of those
    back: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tail_js, j)
        back.append(tails[k - 1] if k else -1)
        if k == len(tails):
            tails.append(index)
            tail_js.append(j)
        else:
            tails[k], tail_js[k] = index, j
    run, index = [], tails[-1] if tails else -1
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]


class _Parser:
    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self.words = layout.words
        self.prefix: list[str] = [" "] * len(self.words)
        if self.words:
            self.prefix[0] = ""
        self.frames: list[Frame] = [Frame("map", "Root", 0)]

    # --- tokens ---------------------------------------------------------------------------------

    def _word_at(self, offset: int) -> int:
        """Index of the word that contains character ``offset`` of the joined text."""
        lo, hi = 0, len(self.layout.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.layout.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _quoted_end(self, index: int) -> int | None:
        """One past the word that closes the quoted scalar starting at word ``index``."""
        text, start = self.layout.text, self.layout.starts[index]
        quote = text[start]
        pos = start + 1
        while pos < len(text):
            char = text[pos]
            if quote == "'" and char == "'":
                if pos + 1 < len(text) and text[pos + 1] == "'":
                    pos += 2
                    continue
                break
            if quote == '"' and char == "\\":
                pos += 2
                continue
            if quote == '"' and char == '"':
                break
            pos += 1
        else:
            return None
        return self._word_at(pos) + 1

    def _flow_end(self, index: int) -> int:
        text, pos = self.layout.text, self.layout.starts[index]
        depth, quote = 0, None
        while pos < len(text):
            char = text[pos]
            if quote:
                if char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return self._word_at(pos) + 1
            pos += 1
        raise RelayoutError(f"unbalanced flow collection at word {index}: {self.words[index]!r}")

    def key_at(self, index: int) -> tuple[str, int] | None:
        """(key, index after it) if a mapping key starts at word ``index``."""
        if index >= len(self.words):
            return None
        word = self.words[index]
        if word[0] in "'\"":
            end = self._quoted_end(index)
            if end is not None and self.words[end - 1].endswith(word[0] + ":"):
                return _unquote(" ".join(self.words[index:end])[:-1]), end
            return None
        if word.endswith(":") and len(word) > 1 and word[0] not in "[{|>#&*!%@`-":
            return word[:-1], index + 1
        if word.endswith(":") and word[0] == "-" and len(word) > 2:
            return word[:-1], index + 1
        return None

    def is_dash(self, index: int) -> bool:
        return index < len(self.words) and self.words[index] == "-"

    def shape_at(self, index: int) -> tuple[str, str | None]:
        """The shape of a value starting at word ``index``: ("map", first key), ("seq", None) or
        ("scalar", None)."""
        if index >= len(self.words):
            return "scalar", None
        key = self.key_at(index)
        if key is not None:
            return "map", key[0]
        if self.is_dash(index):
            item = self.key_at(index + 1)
            return ("seq", item[0]) if item is not None else ("seq", None)
        word = self.words[index]
        if (word.startswith("[") and not word.startswith("[]")) or word == "[]":
            return "seq", None
        if word.startswith("{"):
            return "map", None
        return "scalar", None

    # --- placement ------------------------------------------------------------------------------

    def _accepts(
        self, frame: Frame, key: str, shape: str, first: str | None, *, quoted: bool = False
    ) -> bool:
        if frame.kind != "map" or frame.closed or key in frame.keys:
            return False
        if quoted and frame.type.startswith("{") and frame.type not in ("{any}", "{MediaType}"):
            return False  # quoted keys are never property or example names (openapi/README.md, 14)
        value_type = frame.value_type(key)
        if value_type is None:
            return False
        if frame.type.startswith("{") or frame.type in ("Paths", "Responses"):
            if not _key_fits(frame.type, key):
                return False
            if frame.type == "{Schema}" and (key in NOT_NAMES or not NAME.match(key)):
                return False
            if (
                frame.type not in ("{any}", "{MediaType}")
                and frame.type.startswith("{")
                and not NAME.match(key)
            ):
                return False
        return _shape_fits(value_type, shape, first)

    def _required_items(self, index: int) -> list[str]:
        items, pos = [], index
        while self.is_dash(pos) and pos + 1 < len(self.words) and self.key_at(pos + 1) is None:
            items.append(_unquote(self.words[pos + 1]))
            pos += 2
        return items

    def place_key(self, key: str, index: int, after: int) -> int:
        """Index of the frame that takes ``key`` (its value starts at word ``after``)."""
        forced = self.layout.remembered_indent(index)
        if forced is not None:
            for position in range(len(self.frames) - 1, -1, -1):
                frame = self.frames[position]
                if frame.kind == "map" and frame.indent == forced and not frame.closed:
                    return position
                if frame.indent < forced:
                    break
        shape, first = self.shape_at(after)
        quoted = self.words[index][0] in "'\""
        if key == "required" and shape == "seq":
            wanted = set(self._required_items(after))
            for position in range(len(self.frames) - 1, -1, -1):
                frame = self.frames[position]
                fits = frame.type == "Schema" and frame.props and wanted <= frame.props
                if fits and self._accepts(frame, key, shape, first):
                    return position
        typed = [
            position
            for position in range(len(self.frames) - 1, -1, -1)
            if self.frames[position].type != ANY
            and self._accepts(self.frames[position], key, shape, first, quoted=quoted)
        ]
        if typed:
            return self._prefer(key, typed)
        for position in range(len(self.frames) - 1, -1, -1):
            frame = self.frames[position]
            if frame.type == ANY and frame.kind == "map" and key not in frame.keys:
                return position
        raise RelayoutError(f"no open object can take the key {key!r} at word {index}")

    def _prefer(self, key: str, candidates: list[int]) -> int:
        """Among the open objects that could take ``key`` (innermost first), the likely owner.

        Two conventions of OpenAPI documents (and of this vendor's) settle the common cases the
        structure leaves open: component schema names are PascalCase while property names are
        not, and a parameter's description sits beside its ``schema``, not inside it.
        """
        first = self.frames[candidates[0]]
        if first.owner == "properties" and key[:1].isupper():
            for position in candidates[1:]:
                if self.frames[position].owner == "schemas":
                    return position
        if key == "description" and first.type == "Schema" and first.owner == "schema" and first.keys:
            outer = self.frames[candidates[1]] if len(candidates) > 1 else first
            if (
                len(candidates) > 1
                and outer.type in ("Parameter", "Header")
                and candidates[1] == candidates[0] - 1
            ):
                return candidates[1]
        return candidates[0]

    def place_dash(self, index: int) -> int:
        forced = self.layout.remembered_indent(index)
        if forced is not None:
            for position in range(len(self.frames) - 1, -1, -1):
                frame = self.frames[position]
                if frame.kind == "seq" and frame.indent == forced:
                    return position
                if frame.indent < forced:
                    break
        shape, first = self.shape_at(index + 1)
        candidates = []
        for position in range(len(self.frames) - 1, -1, -1):
            frame = self.frames[position]
            if frame.kind != "seq" or (first is not None and first == frame.seq_key):
                continue
            if _shape_fits(frame.type, shape, first):
                candidates.append(position)
        typed = [p for p in candidates if self.frames[p].type != ANY]
        if typed:
            return typed[0]
        if candidates:
            return candidates[0]
        raise RelayoutError(f"no open list can take the item at word {index}")

    # --- the walk -------------------------------------------------------------------------------

    def run(self) -> list[str]:
        index, inline = 0, False  # inline: the next key follows a "- " on the same line
        while index < len(self.words):
            if self.is_dash(index):
                position = self.place_dash(index)
                del self.frames[position + 1 :]
                seq = self.frames[-1]
                if not inline:
                    self.prefix[index] = "\n" + " " * seq.indent if index else ""
                inline = self.key_at(index + 1) is not None
                index = self._item(seq, index + 1)
                continue
            key = self.key_at(index)
            if key is None:
                raise RelayoutError(
                    f"expected a key or '- ' at word {index}: {' '.join(self.words[index : index + 8])!r}"
                )
            name, after = key
            if inline:
                frame = self.frames[-1]
                inline = False
            else:
                position = self.place_key(name, index, after)
                del self.frames[position + 1 :]
                frame = self.frames[-1]
                self.prefix[index] = ("\n" if index else "") + " " * frame.indent
            index = self._value(frame, name, after)
        return self.prefix

    def _item(self, seq: Frame, index: int) -> int:
        """A sequence item starting at word ``index`` (after its dash)."""
        if index >= len(self.words):
            return index
        if self.key_at(index) is not None:
            item_type = seq.type if seq.type not in (SCALAR, "[scalar]") else ANY
            if item_type.startswith("["):
                item_type = ANY
            frame = Frame(
                "map",
                item_type if item_type in TYPES or item_type == ANY else _map_type(item_type),
                seq.indent + 2,
            )
            self.frames.append(frame)
            return index
        if self.is_dash(index):
            inner = Frame("seq", ANY, seq.indent + 2)
            self.frames.append(inner)
            return index
        return self._scalar(index, seq.indent, in_item=True)

    def _value(self, frame: Frame, key: str, index: int) -> int:
        frame.keys.add(key)
        if key == "$ref" and frame.type == "Schema":
            frame.closed = True
        value_type = frame.value_type(key) or ANY
        if index >= len(self.words):
            return index
        child_key = self.key_at(index)
        if child_key is not None:
            child = Frame("map", _map_type(value_type), frame.indent + 2, owner=key)
            if key == "properties" and frame.type == "Schema":
                frame.props = child.keys
            self.frames.append(child)
            return index
        if self.is_dash(index):
            item = value_type[1:-1] if value_type.startswith("[") else ANY
            self.frames.append(Frame("seq", item, frame.indent + 2, seq_key=key))
            return index
        return self._scalar(index, frame.indent)

    def _scalar(self, index: int, indent: int, *, in_item: bool = False) -> int:
        word = self.words[index]
        if word[0] in "'\"":
            end = self._quoted_end(index)
            if end is None:
                raise RelayoutError(f"unterminated quoted scalar at word {index}")
            return end
        if word[0] in "[{":
            return self._flow_end(index)
        if re.fullmatch(r"[|>][+-]?\d?", word):
            return self._block(index, indent)
        end = index + 1
        while end < len(self.words):
            remembered = self.layout.remembered_indent(end)
            if remembered is not None:
                break
            if self.layout.remembered_inline(end) and end - 1 in self.layout.old_prefix:
                end += 1
                continue
            if self.key_at(end) is not None:
                break
            if self.is_dash(end) and (in_item or self.key_at(end + 1) is not None):
                break
            end += 1
        return end

    def _block_ends_at(self, index: int) -> bool:
        key = self.key_at(index)
        if key is not None:
            name, after = key
            shape, first = self.shape_at(after)
            quoted = self.words[index][0] in "'\""
            return any(
                frame.type != ANY and self._accepts(frame, name, shape, first, quoted=quoted)
                for frame in self.frames
            )
        if self.is_dash(index):
            key = self.key_at(index + 1)
            if key is None:
                return False
            shape, first = "map", key[0]
            return any(
                frame.kind == "seq" and frame.type in TYPES and _shape_fits(frame.type, shape, first)
                for frame in self.frames
            )
        return False

    def _block(self, index: int, indent: int) -> int:
        content_indent = indent + 2
        end = self.layout.old_block_end.get(index)
        if end is None:
            end = index + 1
            while end < len(self.words) and not self._block_ends_at(end):
                end += 1
        for position in range(index + 1, end):
            prefix = self.layout.old_prefix.get(position)
            if prefix is not None and "\n" in prefix:
                self.prefix[position] = "\n" * prefix.count("\n") + " " * content_indent
            elif prefix is not None and position > index + 1:
                self.prefix[position] = " "
            elif position == index + 1 or _starts_a_line(self.words, position):
                blank = position > index + 1 and self.words[position].startswith("#")
                self.prefix[position] = ("\n\n" if blank else "\n") + " " * content_indent
        return end


def _starts_a_line(words: Sequence[str], index: int) -> bool:
    """In a block scalar whose line breaks were lost: list items and headings start lines."""
    word = words[index]
    return word in ("-", "*") or bool(re.fullmatch(r"\d+\.", word)) or bool(re.fullmatch(r"#+", word))


def _map_type(value_type: str) -> str:
    if value_type in (SCALAR, "schema-or-bool"):
        return "Schema" if value_type == "schema-or-bool" else ANY
    if value_type.startswith("["):
        return ANY
    return value_type


def relayout(text: str, previous: str | None = None) -> str:
    """``text`` (whitespace-collapsed or not) laid out as block YAML; only whitespace changes."""
    words = text.split()
    if not words:
        raise RelayoutError("the document is empty")
    attempts = [previous, None] if previous is not None else [None]
    problems = []
    for memory in attempts:
        try:
            layout = _Layout(words, memory)
            prefixes = _Parser(layout).run()
        except RelayoutError as exc:
            problems.append(str(exc))
            continue
        out = "".join(prefix + word for prefix, word in zip(prefixes, words, strict=True)) + "\n"
        if collapse(out) != collapse(text):  # pragma: no cover - only whitespace is ever chosen
            raise RelayoutError("internal error: the re-laid-out text does not collapse to the input")
        try:
            yaml.load(out, Loader=_FAST_LOADER)
        except yaml.YAMLError as exc:
            problems.append(f"the result is not valid YAML: {exc}")
            continue
        return out
    raise RelayoutError("; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("spec", type=Path)
    parser.add_argument("--previous", type=Path, help="a previous faithful layout to follow where unchanged")
    args = parser.parse_args(argv)
    previous = args.previous.read_text(encoding="utf-8") if args.previous else None
    try:
        sys.stdout.write(relayout(args.spec.read_text(encoding="utf-8"), previous))
    except RelayoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
