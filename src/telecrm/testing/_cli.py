"""`telecrm-fake`: serve a fake Telecrm until interrupted, for tests written in other languages; or, given
a command after `--`, serve it while that command runs, with the `TELECRM_*` variables pointing at it."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from types import FrameType

# Only what needs no `testing` extra is imported up front: without the extra the command says what to install
# (see main) instead of ending in a traceback.
from telecrm.testing import missing_extra
from telecrm.testing._vocabulary import DEFAULT_ASYNC_RATE_LIMIT, DEFAULT_LOG_LIMIT, DEFAULT_RATE_WINDOW

MISSING_EXTRA = "telecrm-fake needs the testing extra: pip install 'telecrm[testing]'"


EPILOG = """\
examples:
  telecrm-fake --port 8080                  serve; print the settings, then READY
  telecrm-fake -- python quickstart.py      run quickstart.py against a fake, then stop it
  telecrm-fake -- pytest                    a test run against a fake of its own
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT or SIGTERM, or for as long as the command after `--` runs.

    Without a command: once serving, prints one `NAME=value` line per setting, named like the SDK's
    environment variables (`TELECRM_BASE_URL`, `TELECRM_INGEST_BASE_URL`, `TELECRM_ENTERPRISE_ID`,
    `TELECRM_SYNC_TOKEN`, `TELECRM_ASYNC_TOKEN`), then `READY`.

    With a command (`telecrm-fake [options] -- python quickstart.py`): runs it once the fake is serving, with
    those variables in its environment and nothing else printed, stops the fake when it ends, and exits with
    its exit status (127 if it cannot be started). Exits 2 on bad arguments, or when the `testing` extra is
    missing.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    command: list[str] = []
    separated = "--" in arguments
    if separated:
        split = arguments.index("--")
        arguments, command = arguments[:split], arguments[split + 1 :]
    parser = argparse.ArgumentParser(
        prog="telecrm-fake",
        usage="%(prog)s [options] [-- COMMAND [ARG ...]]",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--workspace", metavar="FILE", help="workspace YAML or JSON (default: built-in)")
    parser.add_argument("--enterprise-id", help="enterprise id to serve (default: random)")
    parser.add_argument("--sync-token", help="the Sync API token (default: random)")
    parser.add_argument("--async-token", help="the Async API token (default: random)")
    parser.add_argument(
        "--async-rate-limit",
        type=int,
        default=DEFAULT_ASYNC_RATE_LIMIT,
        help="Async requests per token per window; 0 for no limit (default: %(default)s)",
    )
    parser.add_argument(
        "--rate-window",
        type=float,
        default=DEFAULT_RATE_WINDOW,
        help="rate-limit window, seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--ingest-delay", type=float, default=0.0, help="seconds an Async upsert waits in the queue"
    )
    parser.add_argument(
        "--log-limit",
        type=int,
        default=DEFAULT_LOG_LIMIT,
        help="entries the request and upsert logs keep, the newest; 0 keeps none (default: %(default)s)",
    )
    parser.add_argument(
        "--seed-leads",
        type=int,
        default=0,
        metavar="N",
        help="add N made-up leads, a value in nearly every field, created over the past year (default: 0)",
    )
    args = parser.parse_args(arguments)
    if separated and not command:
        parser.error("no command after --")
    if args.seed_leads < 0:
        parser.error(f"--seed-leads must be 0 or more, got {args.seed_leads}")
    try:
        from telecrm.testing._server import FakeTelecrm
        from telecrm.testing._workspace import Workspace, WorkspaceError
    except ImportError as exc:
        if not missing_extra(exc):
            raise
        print(MISSING_EXTRA, file=sys.stderr)
        return 2

    try:
        workspace = Workspace.load(args.workspace) if args.workspace else Workspace.default()
    except (OSError, WorkspaceError) as exc:
        parser.error(str(exc))
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with FakeTelecrm.running(
        workspace,
        host=args.host,
        port=args.port,
        enterprise_id=args.enterprise_id,
        sync_token=args.sync_token,
        async_token=args.async_token,
        async_rate_limit=args.async_rate_limit or None,
        rate_window=args.rate_window,
        ingest_delay=args.ingest_delay,
        log_limit=args.log_limit,
    ) as fake:
        fake.state.generate_leads(args.seed_leads)
        settings = {
            "TELECRM_BASE_URL": fake.base_url,
            "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
            "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
            "TELECRM_SYNC_TOKEN": fake.sync_token,
            "TELECRM_ASYNC_TOKEN": fake.async_token,
        }
        if command:
            return _run(command, settings)
        for name, value in settings.items():
            print(f"{name}={value}")
        print("READY", flush=True)
        # A timed wait, so the signal handler gets to run promptly on every platform.
        while not stop.wait(0.5):
            pass
    return 0


def _run(command: list[str], settings: dict[str, str]) -> int:
    """Run ``command`` with ``settings`` in its environment, in place of the caller's (a real account's
    settings are never used by mistake); return its exit status as a shell reports it."""
    try:
        completed = subprocess.run(command, env=dict(os.environ) | settings, check=False)
    except OSError as exc:
        print(f"telecrm-fake: cannot run {command[0]!r}: {exc.strerror or exc}", file=sys.stderr)
        return 127
    return completed.returncode if completed.returncode >= 0 else 128 - completed.returncode


if __name__ == "__main__":
    sys.exit(main())
