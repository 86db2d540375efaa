"""Shared helpers of the end-to-end tests (imported by the tests and by conftest.py)."""

from __future__ import annotations

from typing import Any

from telecrm.testing import FakeTelecrm

# Seed leads of the default workspace.
ROHAN = "65a1f0c2e4b0a1b2c3d4e501"  # Interested, 1001 Site Visit + OUTGOING_CALL by Anita
KAVYA = "65a1f0c2e4b0a1b2c3d4e502"  # Won, a COMPLETED INR 250000 payment + INCOMING_WHATSAPP_MSG
IMRAN = "65a1f0c2e4b0a1b2c3d4e503"  # Lost (Budget Mismatch), MISSED_CALL
SEED_PHONES = ("919876500003", "919876500002", "919876500001")  # newest first

# A finite timeout well under the suite budget: a hang fails fast instead of waiting the default 30 s.
TIMEOUT = 5.0


def connection(fake: FakeTelecrm, **overrides: Any) -> dict[str, Any]:
    """Client keyword arguments that point at `fake` with the right token for each API."""
    return {
        "enterprise_id": fake.enterprise_id,
        "token": fake.sync_token,
        "ingest_token": fake.async_token,
        "base_url": fake.base_url,
        "ingest_base_url": fake.ingest_base_url,
        "timeout": TIMEOUT,
        **overrides,
    }


def routes(fake: FakeTelecrm) -> list[str | None]:
    """The route of every request the fake answered since the reset, in arrival order."""
    return [request.route for request in fake.state.requests]
