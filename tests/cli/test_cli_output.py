"""What the command line prints: help for every option, listings that say when more exist, and output that a
program can read (not wrapped when it is not a terminal). Run in this process: no interpreter start-up."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from cli_support import Cli

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


def test_a_limited_lead_search_says_more_match(cli: Cli) -> None:
    limited = cli.run("leads", "search", "--limit", "2", "--json")
    everything = cli.run("leads", "search", "--json")

    assert len(limited.json()) == 2
    assert limited.stderr == "showing the first 2 leads; more match (raise --limit to see them)\n"
    assert len(everything.json()) == 3
    assert everything.stderr == ""


def test_a_limited_timeline_says_there_are_more(cli: Cli) -> None:
    searched = cli.run("actions", "search", ROHAN, "--limit", "1")
    read = cli.run("leads", "get", ROHAN, "--actions", "--limit", "2")

    assert searched.stderr == "showing the newest 1 entries; there are more (raise --limit to see them)\n"
    assert (
        read.stderr == "showing the newest 2 actions; the lead may have more: raise --limit (at most 100)\n"
    )


def test_output_that_is_not_a_terminal_is_never_wrapped(cli: Cli) -> None:
    cli.monkeypatch.setenv("COLUMNS", "20")  # a narrow terminal's setting, which a pipe must not inherit

    result = cli.run("leads", "get", ROHAN)

    assert result.status == 0, result
    lines = result.stdout.splitlines()
    assert any("919876500001" in line and "phone" in line for line in lines), result.stdout
    assert any("rohan.mehta@mail.example" in line for line in lines), result.stdout
