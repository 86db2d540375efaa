"""Pagination numbers are integers: `type: number` makes the generated client send
`skip=0.0&limit=10.0` and decode counts as floats."""

from typing import Any

from specwalk import all_schemas, deref, holders, location

PAGINATION_PARAMETERS = {"skip", "limit"}
COUNT_PROPERTIES = {"total_count", "skip", "limit", "actions_skip", "actions_limit"}


def test_pagination_parameters_are_integers(patched: Any) -> None:
    found, offenders = [], []
    for kind, parts, parameter in holders(patched):
        if kind != "parameter" or parameter.get("name") not in PAGINATION_PARAMETERS:
            continue
        found.append(location(parts))
        _, schema = deref(patched, (*parts, "schema"), parameter.get("schema", {}))
        if schema.get("type") != "integer":
            offenders.append(f"{location(parts)} ({parameter['name']}): type {schema.get('type')!r}")
    assert len(found) >= 8, (
        f"expected skip/limit on lead get, lead search, action search, team members: {found}"
    )
    assert offenders == [], "pagination parameters that are not integers:\n  " + "\n  ".join(offenders)


def test_result_counts_are_integers(patched: Any) -> None:
    found, offenders = [], []
    for parts, schema in all_schemas(patched):
        for name, prop in schema.get("properties", {}).items():
            if name in COUNT_PROPERTIES:
                found.append(f"{location(parts)}.{name}")
                _, resolved = deref(patched, (*parts, "properties", name), prop)
                if resolved.get("type") != "integer":
                    offenders.append(f"{location(parts)}.{name}: type {resolved.get('type')!r}")
    assert len(found) >= 9, f"expected total_count/skip/limit on the three result lists: {found}"
    assert offenders == [], "result counts that are not integers:\n  " + "\n  ".join(offenders)
