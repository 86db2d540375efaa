"""Generators for the edges where data was silently lost or changed (issue 18), each with its property:

- huge Decimals: every number sent is exactly the number given, or the call is refused;
- file records (nested, cut, too long, broken CSV): reading never raises, gives one row per record, each
  readable or with its problem, and reading again gives the same rows;
- path aliases: an output is refused exactly when it is, by any name, the input or another output;
- rotating pages: a server that brings no new items ends paging with ``APIResponseValidationError`` within
  a bounded number of pages, whatever ``total_count`` says.

Counted in the fuzz summary like the argument fuzz (``make fuzz`` runs many examples).
"""

from __future__ import annotations

import itertools
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fuzz_support import FUZZ, PROFILE, STATS
from fuzz_values import huge_decimal, json_like
from hypothesis import given
from hypothesis import strategies as st

from telecrm import APIResponseValidationError, Pager, Telecrm, ValidationError
from telecrm._bulk.outputs import refuse_overlapping_outputs
from telecrm._cli._readers import count_rows, read_rows
from telecrm._pagination import Page

pytestmark = pytest.mark.timeout(3600 if FUZZ else 120)


def _count(outcome: str, target: str) -> None:
    STATS.record(outcome, target=target)


# --- huge Decimals ------------------------------------------------------------------------------------------


def test_every_number_sent_is_the_number_given_or_the_call_is_refused() -> None:
    bodies: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        return httpx.Response(200, json={"status": "QUEUED"})

    with (
        httpx.Client(transport=httpx.MockTransport(answer)) as pool,
        Telecrm(
            enterprise_id="e", token="sync-token-x", ingest_token="async-token-x", http_client=pool
        ) as client,
    ):

        @PROFILE
        @given(huge_decimal)
        def check(number: Decimal) -> None:
            bodies.clear()
            try:
                client.ingest.upsert({"phone": "919999999999", "amount": number})
            except ValidationError as exc:
                refusal = str(exc)
            else:
                refusal = None
            if refusal is not None:
                assert refusal.startswith("fields['amount']"), refusal
                assert not bodies
                _count("validation_error", "number rule")
                return
            sent = json.loads(bodies[-1])["fields"]["amount"]
            assert Decimal(repr(sent)) == number, f"{number!r} was sent as {sent!r}"
            _count("returned", "number rule")

        check()


# --- file records -------------------------------------------------------------------------------------------

_deep = st.integers(1, 200_000).map(lambda depth: '{"phone": ' + "[" * depth + "]" * depth + "}")


def _json_text(value: Any) -> str:
    """A JSON line holding ``value``; a value JSON cannot hold (a cycle, 10**5000) becomes a placeholder."""
    try:
        return json.dumps({"phone": "91999", "v": value}, default=str, skipkeys=True)
    except Exception:  # ValueError, RecursionError, a value whose str() raises (BadRepr)
        return json.dumps({"phone": "91999", "v": "unprintable"})


_json_record = json_like.map(_json_text)
_jsonl_line = st.one_of(
    _json_record,
    _deep,
    st.text(max_size=40),
    st.sampled_from(('{"phone": "9198"', "[1, 2]", "null", '{"phone": 1' + "0" * 5000 + "}", "\ufeff{}")),
    st.integers(1, 3).map(lambda n: '{"note": "' + "x" * ((1 << 20) * n // 2 + 7) + '"}'),
)
_csv_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(('"', '"unclosed', 'a"b', "x" * 140_000, "\r", "1" + "0" * 5000, "\x00")),
)
_csv_row = st.lists(_csv_cell, min_size=0, max_size=5).map(lambda cells: ",".join(cells))


def _read_all(path: Path, fmt: str) -> list[tuple[int, bool]]:
    return [(row.line, row.problem is None) for row in read_rows(path, fmt)]  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_reading_a_file_never_raises_and_gives_every_record_once(fmt: str, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("records")
    lines = st.lists(_jsonl_line if fmt == "jsonl" else _csv_row, max_size=8)

    @PROFILE
    @given(lines, st.sampled_from(("\n", "\r\n")))
    def check(records: list[str], newline: str) -> None:
        path = folder / f"input.{fmt}"
        head = [] if fmt == "jsonl" else ["phone,name,budget"]
        path.write_bytes(newline.join([*head, *records, ""]).encode("utf-8", "surrogateescape"))
        rows = _read_all(path, fmt)
        assert rows == _read_all(path, fmt), "a second pass (the rejects file's) reads other rows"
        assert len(rows) == count_rows(path, fmt)  # type: ignore[arg-type]
        assert [line for line, _ in rows] == sorted({line for line, _ in rows})
        _count("returned", f"read {fmt}")

    check()


# --- path aliases -------------------------------------------------------------------------------------------

_ALIASES = ("same name", "symlink", "hard link", "distinct", "dotted name")


@PROFILE
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(_ALIASES)), min_size=1, max_size=3))
def test_an_output_is_refused_exactly_when_it_is_the_input_or_another_output(
    aliases: list[tuple[int, str]],
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        files = [base / "input.csv"]
        files[0].write_text("phone\n1\n", encoding="utf-8")
        identity = [0]  # which real file each path is
        for number, (target, how) in enumerate(aliases, 1):
            target = min(target, len(files) - 1)
            path = base / f"out-{number}.csv"
            if how == "same name":
                path, same = files[target], True
            elif how == "dotted name":
                path, same = base / "." / files[target].name, True
            elif how == "symlink":
                path.symlink_to(files[target])
                same = True
            elif how == "hard link" and files[target].exists():
                os.link(files[target], path)
                same = True
            else:
                same = False
            files.append(path)
            identity.append(identity[target] if same else len(identity))
        outputs = {f"output {number}": path for number, path in enumerate(files[1:], 1)}
        clash = len(set(identity)) < len(identity)
        try:
            refuse_overlapping_outputs({"the input": files[0]}, outputs)
        except ValidationError:
            assert clash, f"refused distinct files: {aliases}"
            _count("validation_error", "output paths")
        else:
            assert not clash, f"accepted an output that is another file by another name: {aliases}"
            _count("returned", "output paths")


# --- rotating pages -----------------------------------------------------------------------------------------


@PROFILE
@given(
    size=st.integers(1, 12),
    period=st.integers(1, 6),
    rotate=st.booleans(),
    total=st.one_of(st.none(), st.just(10**9)),
)
def test_pages_that_bring_nothing_new_end_paging_within_a_bounded_number_of_pages(
    size: int, period: int, rotate: bool, total: int | None
) -> None:
    """A server cycling through ``period`` pages (each rotated on every answer, or not) never ends paging by
    itself: the pager must."""
    requests = itertools.count()

    def fetch(skip: int) -> Page[str]:
        number = next(requests)
        assert number < 100, "the pager kept asking"
        page = number % period
        items = [f"item-{page}-{index}" for index in range(size)]
        shift = number % size if rotate else 0
        return Page(items=tuple(items[shift:] + items[:shift]), skip=skip, limit=size, total_count=total)

    with pytest.raises(APIResponseValidationError, match="ignores skip"):
        for _ in Pager(fetch):
            pass
    assert next(requests) <= period + 1
    _count("api_error", "rotating pages")
