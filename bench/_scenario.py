"""The calls every benchmark makes, and the realistic answers they get.

The answers are recorded, not invented: :func:`record` runs every public operation of ``Telecrm`` once
against the SDK's own fake (``telecrm.testing``, a stateful Telecrm checked against the vendor's spec), with
a workspace holding 100 matching leads for the search, and keeps each request's target and the body the fake
answered. ``_api_server.py`` then serves those bodies from a process of its own at the cost of a dictionary
look-up, so that the SDK and a raw-httpx baseline get the very same bytes, and neither pays for the server.

Only the public API is used, here and in every benchmark: the SDK is measured as users get it.
"""

from __future__ import annotations

import functools
import json
import math
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from telecrm import CustomAction, Payment, Telecrm

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCENARIO_FILE = ROOT / ".build" / "bench" / "scenario.json"

#: A lead as a web form sends it.
WEB_FORM_LEAD: dict[str, Any] = {
    "name": "Meera Joshi",
    "phone": "919812345678",
    "email": "meera.joshi@mail.example",
    "city": "Pune",
    "lead_source": "Website",
    "budget_lakhs": 95,
    "interests": ["2BHK", "3BHK"],
}
SEARCH_CITY = "Nashik"  # only the 100 seeded leads live there: the search answers exactly one full page
SEARCH_PAGE = 100
MEMBER = "anita.desai@sunriserealty.example"  # in the fake's default workspace


@dataclass(frozen=True)
class Ids:
    """What the calls refer to, as the fake issued it."""

    lead_id: str
    action_id: str
    payment_id: str


def ingest_record(index: int) -> dict[str, Any]:
    """One lead of a bulk import: a typical spreadsheet row, valid for the fake's default workspace."""
    return {
        "phone": f"9197{index:08d}",
        "name": f"Bulk Lead {index}",
        "email": f"bulk.lead.{index}@mail.example",
        "city": ("Pune", "Mumbai", "Nashik", "Nagpur")[index % 4],
        "rating": 1 + index % 5,
        "lead_source": ("Website", "Facebook Ads", "99acres")[index % 3],
        "budget_lakhs": 40 + index % 160,
    }


def _seed_lead(index: int) -> dict[str, Any]:
    """One of the leads the search finds: every kind of field a real workspace fills in."""
    return {
        "name": f"Search Lead {index}",
        "phone": f"9198{index:08d}",
        "email": f"search.lead.{index}@mail.example",
        "status": ("Fresh", "Interested", "Follow Up", "Site Visit Scheduled")[index % 4],
        "rating": 1 + index % 5,
        "assignee": MEMBER,
        "city": SEARCH_CITY,
        "alternate_phone": f"9199{index:08d}",
        "budget_lakhs": 40 + index,
        "next_follow_up": f"{1 + index % 28:02d}/03/2026",
        "lead_source": ("Website", "Facebook Ads", "Google Ads", "99acres", "Walk-in")[index % 5],
        "interests": [("1BHK", "2BHK", "3BHK", "Villa")[index % 4], "Plot"],
        "deal_value": str(5_000_000 + index * 25_000),
        "company_website": f"https://company{index}.example",
        "customer_code": f"SR-{index:05d}",
    }


# --- every public operation of Telecrm, as the benchmarks call it ----------------------------------------

Operation = Callable[[Telecrm, Ids], object]

OPERATIONS: dict[str, Operation] = {
    "leads.create": lambda client, ids: client.leads.create(
        WEB_FORM_LEAD, [CustomAction(1000, {"preferred_time": "evening"})]
    ),
    "leads.get": lambda client, ids: client.leads.get(ids.lead_id),
    "leads.update": lambda client, ids: client.leads.update(
        ids.lead_id, {"status": "Follow Up", "rating": 4}
    ),
    "leads.search (page of 100)": lambda client, ids: list(client.leads.search(fields={"city": SEARCH_CITY})),
    "actions.create": lambda client, ids: client.actions.create(
        ids.lead_id,
        [
            CustomAction(1001, {"note": "Liked the east-facing flat", "outcome": "Interested"}),
            Payment(Decimal("25000"), "INR", "PENDING"),
        ],
    ),
    "actions.get": lambda client, ids: client.actions.get(ids.lead_id, ids.action_id),
    "actions.update": lambda client, ids: client.actions.update(
        ids.lead_id, ids.action_id, CustomAction(1001, {"note": "Second visit booked"})
    ),
    "actions.set_payment_status": lambda client, ids: client.actions.set_payment_status(
        ids.lead_id, ids.payment_id, "COMPLETED"
    ),
    "actions.search": lambda client, ids: list(client.actions.search(ids.lead_id)),
    "team_members.list": lambda client, ids: list(client.team_members.list()),
    "team_members.get": lambda client, ids: client.team_members.get(MEMBER),
    "team_members.create": lambda client, ids: client.team_members.create(
        "Kiran Patil", "kiran.patil@sunriserealty.example", "919820000042", "CALLER"
    ),
    "team_members.set_state": lambda client, ids: client.team_members.set_state(MEMBER, "Working"),
    "workspace.custom_fields": lambda client, ids: client.workspace.custom_fields(),
    "workspace.custom_field": lambda client, ids: client.workspace.custom_field("city"),
    "workspace.custom_actions": lambda client, ids: client.workspace.custom_actions(),
    "workspace.custom_action": lambda client, ids: client.workspace.custom_action(1001),
    "workspace.metadata": lambda client, ids: client.workspace.metadata(),
    "workspace.pipeline": lambda client, ids: client.workspace.pipeline(),
    "ingest.upsert": lambda client, ids: client.ingest.upsert(ingest_record(0)),
}


# --- recording ----------------------------------------------------------------------------------------------


class _Recorder(httpx.BaseTransport):
    """Passes requests to the fake and keeps the first successful answer to each (method, target)."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.routes: dict[tuple[str, str], tuple[int, bytes]] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        body = response.read()
        response.close()
        if response.is_success:
            self.routes.setdefault(
                (request.method, request.url.raw_path.decode()), (response.status_code, body)
            )
        dropped = {b"content-encoding", b"content-length", b"transfer-encoding"}
        headers = [(name, value) for name, value in response.headers.raw if name.lower() not in dropped]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)

    def close(self) -> None:
        self._inner.close()


def _run_every_operation(client: Telecrm) -> Ids:
    created = OPERATIONS["leads.create"](client, Ids("", "", ""))
    lead_id = created.lead_id  # type: ignore[attr-defined]
    batch = OPERATIONS["actions.create"](client, Ids(lead_id, "", ""))
    action_id, payment_id = (outcome.id for outcome in batch.actions)  # type: ignore[attr-defined]
    ids = Ids(lead_id, action_id, payment_id)
    for index in range(SEARCH_PAGE):
        client.leads.create(_seed_lead(index))
    for name, operation in OPERATIONS.items():
        if name not in ("leads.create", "actions.create"):
            operation(client, ids)
    # What bulk ingestion reads first (the workspace, to check every record against it).
    report = client.ingest.upsert_many([ingest_record(i) for i in range(3)], rate_per_hour=math.inf)
    if report.queued != 3:
        raise RuntimeError(f"the recording's bulk ingestion queued {report.queued} of 3")
    return ids


def record(path: Path = SCENARIO_FILE) -> Path:
    """Record the scenario into ``path`` (JSON): the ids, the fake's credentials and URL prefixes, and
    every route's answer. Takes a couple of seconds: the fake runs in this process."""
    from telecrm.testing import FakeTelecrm

    with FakeTelecrm.running(async_rate_limit=None) as fake:
        recorder = _Recorder()
        settings = {
            "enterprise_id": fake.enterprise_id,
            "token": fake.sync_token,
            "ingest_token": fake.async_token,
        }
        with Telecrm(
            **settings,
            base_url=fake.base_url,
            ingest_base_url=fake.ingest_base_url,
            http_client=httpx.Client(transport=recorder),
        ) as client:
            ids = _run_every_operation(client)
        scenario = {
            "settings": settings,
            "sync_prefix": urlsplit(fake.base_url).path,
            "ingest_prefix": urlsplit(fake.ingest_base_url).path,
            "ids": asdict(ids),
            "routes": [
                {"method": method, "target": target, "status": status, "body": body.decode("utf-8")}
                for (method, target), (status, body) in recorder.routes.items()
            ],
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(scenario, indent=1), encoding="utf-8")
    return path


@functools.cache
def scenario_file() -> Path:
    """The scenario, recorded afresh once per run (the SDK or the fake may have changed since the last)."""
    return record()


# --- serving ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """A running ``_api_server.py``, and what the clients need to use it."""

    url: str
    scenario: dict[str, Any]

    @property
    def ids(self) -> Ids:
        return Ids(**self.scenario["ids"])

    def client_settings(self) -> dict[str, str]:
        """``Telecrm``/``AsyncTelecrm`` keyword arguments pointing both APIs at this server."""
        return {
            **self.scenario["settings"],
            "base_url": self.url + self.scenario["sync_prefix"],
            "ingest_base_url": self.url + self.scenario["ingest_prefix"],
        }

    def recorded(self, method: str, path_suffix: str) -> dict[str, Any]:
        """The route recorded for the request of ``method`` whose path ends with ``path_suffix``."""
        for route in self.scenario["routes"]:
            if route["method"] == method and route["target"].partition("?")[0].endswith(path_suffix):
                return dict(route)
        raise KeyError(f"no {method} ...{path_suffix} recorded")

    def recorded_body(self, method: str, path_suffix: str) -> bytes:
        """The body recorded for the request of ``method`` whose path ends with ``path_suffix``."""
        return str(self.recorded(method, path_suffix)["body"]).encode("utf-8")

    def last_request(self) -> dict[str, Any]:
        """The last request the server answered: method, target, headers, body."""
        return self._about("last")

    def stats(self) -> dict[str, int]:
        """Requests served and response body bytes written so far."""
        return self._about("stats")

    def _about(self, what: str) -> Any:
        with urllib.request.urlopen(f"{self.url}/__bench__/{what}", timeout=10) as answer:
            return json.loads(answer.read())


@contextmanager
def api_server(*, gzip: bool = False) -> Iterator[Server]:
    """The canned Telecrm of the recorded scenario, in a process of its own."""
    path = scenario_file()
    process = subprocess.Popen(
        [sys.executable, str(HERE / "_api_server.py"), str(path), *(["--gzip"] if gzip else [])],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        scenario = json.loads(path.read_text(encoding="utf-8"))
        yield Server(f"http://127.0.0.1:{port}", scenario)
    finally:
        process.terminate()
        process.wait(timeout=10)
