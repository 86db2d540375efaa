"""One process of a fleet sharing Async tokens: bulk (`upsert_many`) or single `ingest.upsert` calls.

`run(config, pipe)` is the body of a child process forked by a forkserver that imported telecrm and redis
once (12 interpreters each importing them would spend seconds of CPU before the first send). `config`:
`mode` ("bulk" or "single"), `child` (its number: its records' phones), `tokens` (bulk: the tokens it
shares; single: its one token is the first), `rate_per_hour`, `redis` (a URL, or null for no shared
limiter), `deadline` (seconds a send waits for Redis). Once its client is built it sends "ready" on `pipe`
and receives `start_at` and `stop_at` (`time.monotonic()` times: sending starts at the first and no new
record is begun after the second, or once anything more arrives on `pipe`). The other settings come from
TELECRM_*.

Returns the records begun, how many were queued and failed (and why), when the first was begun (monotonic
seconds, the clock the fake's admissions are on: system-wide on Linux), and the rate limiter's log lines.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from telecrm import RedisRateLimiter, Telecrm, TelecrmError


def fleet_phone(child: int, index: int) -> str:
    """A distinct valid phone (country code 91) per child and record."""
    return f"919{child:02d}{index:07d}"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "rate limiter" in message:  # not the line logged for each request
            self.lines.append(f"{record.levelname} {message}")


def run(config: dict[str, Any], pipe: Connection) -> dict[str, Any]:
    lines = _Lines()
    logger = logging.getLogger("telecrm")
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    limiter = (
        None
        if config["redis"] is None
        else RedisRateLimiter(
            config["redis"], rate_per_hour=config["rate_per_hour"], deadline=config["deadline"]
        )
    )
    child = config["child"]
    begun = 0
    first: float | None = None
    failed: list[str] = []
    queued = 0
    tokens = config["tokens"]
    with Telecrm(ingest_token=tokens[0], rate_limiter=limiter, max_retries=0) as client:
        if config["mode"] == "bulk":  # the bulk engine's modules load now, not in the measured run
            client.ingest.upsert_many([], validate=False, dry_run=True)
        gc.freeze()  # the set-up's objects are never scanned again: collections stay short while it sends
        pipe.send("ready")
        start_at, stop_at = pipe.recv()
        time.sleep(max(0.0, start_at - time.monotonic()))

        if config["mode"] == "bulk":

            def records() -> Iterator[dict[str, Any]]:
                nonlocal begun, first
                while time.monotonic() < stop_at and not pipe.poll():
                    if first is None:
                        first = time.monotonic()
                    yield {"phone": fleet_phone(child, begun), "name": f"Fleet {child} {begun}"}
                    begun += 1

            options: dict[str, Any] = {"tokens": tokens, "concurrency": 8, "validate": False}
            if limiter is None:
                options["rate_per_hour"] = config["rate_per_hour"]
            report = client.ingest.upsert_many(records(), **options)
            queued = report.queued
            failed = [str(outcome.error) for outcome in report.outcomes if outcome.status != "queued"]
        else:
            while time.monotonic() < stop_at and not pipe.poll():
                if first is None:
                    first = time.monotonic()
                record = {"phone": fleet_phone(child, begun), "name": f"Fleet {child} {begun}"}
                begun += 1
                try:
                    client.ingest.upsert(record)
                except TelecrmError as exc:
                    failed.append(f"{type(exc).__name__}: {exc}")
                else:
                    queued += 1
    return {
        "child": child,
        "begun": begun,
        "queued": queued,
        "failed": failed,
        "first": first,
        "log": lines.lines,
    }
