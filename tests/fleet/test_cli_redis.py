"""`telecrm ingest --redis URL` (or TELECRM_REDIS_URL): the command paces on a Redis shared by a fleet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import redis
from fleet_support import RedisServer

from telecrm._limiter import limiter_key
from telecrm.testing import FakeTelecrm


def ingest(
    fake: FakeTelecrm, tmp_path: Path, *args: str, **variables: str
) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "leads.jsonl"
    source.write_text(json.dumps({"phone": "919800000001"}) + "\n")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TELECRM_")}
    environment |= {
        "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
        "TELECRM_SYNC_TOKEN": fake.sync_token,
        "TELECRM_ASYNC_TOKEN": fake.async_token,
        "TELECRM_BASE_URL": fake.base_url,
        "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
        **variables,
    }
    return subprocess.run(
        # One send an hour: the slot's key lives an hour and a second, whatever the machine's load.
        [sys.executable, "-m", "telecrm", "ingest", str(source), "--rate", "1", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def booked_keys(server: RedisServer) -> list[bytes]:
    return redis.Redis.from_url(server.url).keys("*")


def test_ingest_with_redis_books_its_slots_in_the_shared_redis(
    fake: FakeTelecrm, redis_server: RedisServer, tmp_path: Path
) -> None:
    done = ingest(fake, tmp_path, "--redis", redis_server.url)

    assert done.returncode == 0, done.stderr
    key = limiter_key(fake.enterprise_id, fake.async_token)
    assert booked_keys(redis_server) == [f"telecrm:{{ingest}}:{key}".encode()]
    fake.state.wait_idle()
    assert len(fake.state.ingested) == 1


def test_ingest_takes_the_redis_url_from_the_environment(
    fake: FakeTelecrm, redis_server: RedisServer, tmp_path: Path
) -> None:
    done = ingest(fake, tmp_path, TELECRM_REDIS_URL=redis_server.url)

    assert done.returncode == 0, done.stderr
    assert len(booked_keys(redis_server)) == 1


def test_ingest_with_a_url_that_is_not_redis_fails_in_one_line_having_sent_nothing(
    fake: FakeTelecrm, tmp_path: Path
) -> None:
    done = ingest(fake, tmp_path, "--redis", "http://not-redis")

    assert done.returncode == 1
    assert done.stderr.startswith("telecrm: error: url is not a Redis URL: Redis URL must specify one of")
    assert fake.state.requests == []
