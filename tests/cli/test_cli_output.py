"""What the command line prints: help for every option, listings that say when more exist, and output that a
program can read (not wrapped when it is not a terminal). Run in this process: no interpreter start-up."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest
from cli_support import in_process

from telecrm._cli import build_parser

ROHAN = "65a1f0c2e4b0a1b2c3d4e501"  # a seed lead of the fake's default workspace, with two actions


def parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from parsers(child)


def test_every_option_and_argument_has_help_text() -> None:
    missing = [
        f"{prog} {'/'.join(action.option_strings) or action.dest}"
        for prog, parser in parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction | argparse._HelpAction) and not action.help
    ]

    assert missing == []


def test_a_limited_lead_search_says_more_match(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    limited = in_process(
        "leads", "search", "--limit", "2", "--json", environment=env, capsys=capsys, monkeypatch=monkeypatch
    )
    everything = in_process(
        "leads", "search", "--json", environment=env, capsys=capsys, monkeypatch=monkeypatch
    )

    assert len(limited.json()) == 2
    assert limited.stderr == "showing the first 2 leads; more match (raise --limit to see them)\n"
    assert len(everything.json()) == 3
    assert everything.stderr == ""


def test_a_limited_timeline_says_there_are_more(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    searched = in_process(
        "actions", "search", ROHAN, "--limit", "1", environment=env, capsys=capsys, monkeypatch=monkeypatch
    )
    read = in_process(
        "leads",
        "get",
        ROHAN,
        "--actions",
        "--limit",
        "2",
        environment=env,
        capsys=capsys,
        monkeypatch=monkeypatch,
    )

    assert searched.stderr == "showing the newest 1 entries; there are more (raise --limit to see them)\n"
    assert (
        read.stderr == "showing the newest 2 actions; the lead may have more: raise --limit (at most 100)\n"
    )


def test_output_that_is_not_a_terminal_is_never_wrapped(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "20")  # a narrow terminal's setting, which a pipe must not inherit

    result = in_process("leads", "get", ROHAN, environment=env, capsys=capsys, monkeypatch=monkeypatch)

    assert result.status == 0, result
    lines = result.stdout.splitlines()
    assert any("919876500001" in line and "phone" in line for line in lines), result.stdout
    assert any("rohan.mehta@mail.example" in line for line in lines), result.stdout
