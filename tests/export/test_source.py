"""`telecrm.dlt.telecrm_source` on its own: the resources a dlt pipeline gets, and what it refuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dlt
import duckdb
import httpx
import pytest

from telecrm import Telecrm, ValidationError
from telecrm.dlt import telecrm_source
from telecrm.testing import FakeTelecrm


def run(client: Telecrm, database: Path, **options: object) -> dlt.Pipeline:
    pipeline = dlt.pipeline(
        pipeline_name="test", destination=dlt.destinations.duckdb(str(database)), dataset_name="crm"
    )
    pipeline.run(telecrm_source(client, **options), loader_file_format="jsonl")  # type: ignore[arg-type]
    return pipeline


def rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(database), read_only=True) as db:
        return db.execute(sql).fetchall()


class WithLeadIds(httpx.BaseTransport):
    """The fake's answers, with each search result carrying its lead's id, as a server might."""

    def __init__(self, fake: FakeTelecrm) -> None:
        self.fake = fake
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not request.url.path.endswith("/lead/search"):
            return response
        body = json.loads(response.read())
        for item in body["data"]:
            item["id"] = self.fake.state.find_lead(item["fields"]["phone"]).id
        return httpx.Response(response.status_code, json=body)


def test_team_fields_and_pipeline_are_replaced_on_every_run(fake: FakeTelecrm, dlt_sandbox: Path) -> None:
    database = dlt_sandbox / "out.duckdb"
    with fake.client() as client:
        run(client, database)
        run(client, database)

    assert rows(database, "SELECT count(*) FROM crm.team_members") == [(len(fake.state.team_members),)]
    assert rows(database, "SELECT api_name FROM crm.custom_fields WHERE is_leadid") == [("phone",)]
    assert rows(database, "SELECT status FROM crm.pipeline WHERE NOT archived AND stage_type = 'WON'") == [
        ("Won",),
        ("Booking Done",),
    ]


def test_lead_actions_stay_empty_when_search_results_carry_no_lead_id(
    fake: FakeTelecrm, dlt_sandbox: Path
) -> None:
    database = dlt_sandbox / "out.duckdb"
    with fake.client() as client:
        pipeline = run(client, database)

    assert "lead_actions" not in pipeline.default_schema.data_table_names()


def test_lead_actions_hold_the_timeline_of_leads_whose_id_the_search_returned(
    fake: FakeTelecrm, dlt_sandbox: Path
) -> None:
    database = dlt_sandbox / "out.duckdb"
    with httpx.Client(transport=WithLeadIds(fake)) as http, fake.client(http_client=http) as client:
        run(client, database)
        run(client, database, full_refresh=True)  # read again: the timelines are replaced, not doubled

    expected = sorted((lead.id, action.type) for lead in fake.state.leads for action in lead.actions)
    assert sorted(rows(database, "SELECT lead_id, type FROM crm.lead_actions")) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"full_refresh": "yes"}, "full_refresh must be True or False"),
        ({"overlap_ms": -1}, "overlap_ms must be"),
        ({"overlap_ms": 1.5}, "overlap_ms must be"),
        ({"since": -5}, "since must not be before 1970"),
        ({"since": True}, "since must be"),
        ({"since": "2026-01-01"}, "since must be"),
    ],
)
def test_the_source_refuses_options_of_the_wrong_kind(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        telecrm_source(object(), **options)  # type: ignore[arg-type]


def test_the_source_refuses_a_client_that_is_not_a_telecrm() -> None:
    with pytest.raises(ValidationError, match=r"client must be a telecrm\.Telecrm"):
        telecrm_source(object())  # type: ignore[arg-type]


def test_without_the_extra_telecrm_dlt_says_what_to_install() -> None:
    code = "import sys\nsys.modules['dlt'] = None\nimport telecrm.dlt\n"

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 1
    assert "ImportError: telecrm.dlt needs the dlt extra: pip install 'telecrm[dlt]'" in result.stderr


def test_without_the_extra_telecrm_export_says_what_to_install() -> None:
    code = (
        "import sys\nsys.modules['dlt'] = None\nfrom telecrm._cli import main\nsys.exit(main(['export']))\n"
    )

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert (result.returncode, result.stderr) == (
        1,
        "telecrm: error: telecrm export needs the dlt extra: pip install 'telecrm[dlt]'\n",
    )
