"""``telecrm``: the command line (also ``python -m telecrm``).

    telecrm ingest FILE [--map COLUMN=API_NAME] [--dry-run] [--journal PATH] [--date-format F] ...
    telecrm leads get LEAD_ID | leads search [--field NAME=VALUE] ...
    telecrm actions create LEAD_ID --type CODE ... | actions search LEAD_ID ...
    telecrm workspace fields | actions | pipeline | metadata
    telecrm doctor
    telecrm export [--to duckdb:PATH | --destination NAME] [--full-refresh] [--since DATE]
    telecrm types [--output PATH] [--check] [--from-fake [WORKSPACE]]

Configuration comes from the same ``TELECRM_*`` environment variables as the library (tokens are never taken
as arguments: they would show up in the process list and the shell history). ``--json`` prints JSON for
scripts; otherwise output is readable tables, never wrapped when it is not a terminal. Errors are one line on
stderr. Exit status: 0 success, 1 error, 2 bad usage (a malformed option, options that do not fit together
or do not fit the file), 3 finished but not everything went through (rejected or failed records, ignored
actions, a failed doctor check), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Final

from ._common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, CommandError

__all__ = ["main"]

_ENVIRONMENT_HELP: Final = """\
environment:
  TELECRM_ENTERPRISE_ID    enterprise id (Settings > Website and API)
  TELECRM_SYNC_TOKEN       Sync API token (reads, searches, workspace, ingest preflight)
  TELECRM_ASYNC_TOKEN      Async API token (ingest)
  TELECRM_BASE_URL         Sync API base URL (default https://next.telecrm.in/autoupdate/v2)
  TELECRM_INGEST_BASE_URL  Async API base URL (default https://next-api.telecrm.in)
  TELECRM_LOG              info or debug: log each request to stderr
  TELECRM_REDIS_URL        ingest: a Redis shared by every process on the same tokens (--redis)

exit status: 0 ok, 1 error, 2 bad usage, 3 finished with rejected/failed records, ignored actions or
failed checks, 130 interrupted
"""


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line plus a pointer to --help (not the whole usage block)."""

    def error(self, message: str) -> None:  # type: ignore[override]  # argparse declares NoReturn
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from . import _commands, _export_command, _ingest_command, _types_command

    # --json goes before or after the command; SUPPRESS keeps a subcommand from resetting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON, not tables"
    )
    parser = _Parser(
        prog="telecrm",
        description="Telecrm from the command line: bulk ingestion, leads, actions, workspace, doctor.",
        epilog=_ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from telecrm import __version__

    parser.add_argument("--version", action="version", version=f"telecrm {__version__}")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables (for scripts)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True, parser_class=_Parser)
    _ingest_command.add_parser(commands, common)
    _commands.add_parsers(commands, common)
    _export_command.add_parser(commands, common)
    _types_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a usage error, as ``--help`` says)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error: already printed
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    try:
        status: int = args.run(args)
        return status
    except KeyboardInterrupt:
        _fail("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `telecrm ... | head`: the reader left. Point stdout at nothing so the exit flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except CommandError as exc:
        _fail(str(exc))
        return exc.status
    except Exception as exc:  # every failure is one line; TELECRM_LOG=debug adds the traceback
        if os.environ.get("TELECRM_LOG") == "debug":
            import traceback

            traceback.print_exc()
        _fail(_describe(exc))
        return EXIT_ERROR


def _describe(exc: BaseException) -> str:
    from telecrm import TelecrmError

    if isinstance(exc, TelecrmError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return f"unexpected {type(exc).__name__}: {exc} (set TELECRM_LOG=debug for a traceback)"


def _fail(message: str) -> None:
    # One line, whatever the message holds (a lone surrogate in a file name is escaped, not a crash).
    line = f"telecrm: error: {' '.join(message.split())}"
    print(line.encode("utf-8", "backslashreplace").decode("utf-8"), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
