"""`telecrm leads|actions|workspace|doctor`: JSON for scripts, tables for people, one-line errors."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from cli_support import Cli, assert_one_line_error, environment_for, telecrm

ROHAN = "65a1f0c2e4b0a1b2c3d4e501"  # a seed lead of the fake's default workspace


def test_leads_get_prints_the_fields_as_the_server_sent_them(cli: Cli) -> None:
    as_json = cli.process("leads", "get", ROHAN, "--actions", "--json")
    as_table = cli.process("leads", "get", ROHAN)

    assert as_json.status == 0, as_json
    lead = as_json.json()
    assert (lead["fields"]["name"], lead["fields"]["interests"]) == ("Rohan Mehta", ["2BHK", "3BHK"])
    assert [action["type"] for action in lead["actions"]] == ["1001", "OUTGOING_CALL"]
    assert as_table.status == 0, as_table
    assert "Rohan Mehta" in as_table.stdout
    assert '["2BHK", "3BHK"]' in as_table.stdout


def test_leads_search_by_fields(cli: Cli) -> None:
    result = cli.process("leads", "search", "--field", "city=Pune", "--field", "city=Hyderabad", "--json")

    assert result.status == 0, result
    assert sorted(lead["fields"]["name"] for lead in result.json()) == ["Kavya Reddy", "Rohan Mehta"]
    table = cli.process("leads", "search", "--action-type", "MISSED_CALL")
    assert "1 lead(s)" in table.stdout
    assert "Imran Sheikh" in table.stdout


def test_actions_create_and_search(cli: Cli) -> None:
    created = cli.process(
        "actions", "create", ROHAN, "--type", "1002", "--field-json", "attendees=3", "--json"
    )
    payment = cli.process(
        "actions", "create", ROHAN, "--type", "PAYMENT", "--amount", "5000", "--currency", "INR", "--status",
        "PENDING",
    )  # fmt: skip
    found = cli.process("actions", "search", ROHAN, "--type", "PAYMENT", "--json")

    assert created.status == 0, created
    [outcome] = created.json()["actions"]
    assert (outcome["status"], outcome["action"]) == ("CREATED", {"type": "1002", "fields": {"attendees": 3}})
    assert payment.status == 0, payment
    assert "CREATED" in payment.stdout
    assert found.json() == [{"type": "PAYMENT", "amount": "5000", "currency": "INR", "status": "PENDING"}]


def test_an_ignored_action_is_exit_status_3_with_the_remark(cli: Cli) -> None:
    result = cli.process("actions", "create", ROHAN, "--type", "1001", "--field", "mood=sunny")

    assert result.status == 3, result
    assert "IGNORED" in result.stdout
    assert "actions[0].fields.mood: Field is not defined on custom action 1001" in result.stdout


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("fields", "next_follow_up"),
        ("actions", "Site Visit"),
        ("pipeline", "Site Visit Scheduled"),
        ("metadata", "Sunrise Realty"),
    ],
)
def test_workspace_tables_and_json(cli: Cli, what: str, expected: str) -> None:
    table = cli.process("workspace", what)
    as_json = cli.process("workspace", what, "--json")

    assert (table.status, as_json.status) == (0, 0)
    assert expected in table.stdout
    assert expected in as_json.stdout
    assert cli.process("--json", "workspace", what).json() == as_json.json()  # either place


def test_doctor_passes_when_everything_is_in_order(cli: Cli) -> None:
    result = cli.process("doctor", "--json")

    assert result.status == 0, result
    assert [(check["check"], check["status"]) for check in result.json()] == [
        ("configuration", "ok"),
        ("Sync token", "ok"),
        ("enterprise", "ok"),
        ("Async token", "ok"),
    ]


def test_doctor_names_what_is_wrong(cli: Cli) -> None:
    swapped = environment_for(
        cli.fake, TELECRM_SYNC_TOKEN=cli.fake.async_token, TELECRM_ASYNC_TOKEN=cli.fake.async_token
    )
    no_async = environment_for(cli.fake, TELECRM_ASYNC_TOKEN=None)
    unreachable = environment_for(cli.fake, TELECRM_INGEST_BASE_URL="http://127.0.0.1:9")

    checks = {check["check"]: check for check in cli.process("doctor", "--json", environment=swapped).json()}
    assert checks["token types"]["status"] == "fail"
    assert "hold the same token" in checks["token types"]["detail"]
    assert checks["Sync token"]["status"] == "fail"
    assert "refused by the Sync API (401 NOT_AUTHORIZED)" in checks["Sync token"]["detail"]
    assert checks["enterprise"]["status"] == "skip"
    result = cli.process("doctor", environment=no_async)
    assert result.status == 3
    assert "TELECRM_ASYNC_TOKEN is not set" in result.stdout
    checks = {
        check["check"]: check for check in cli.process("doctor", "--json", environment=unreachable).json()
    }
    assert checks["Async token"]["status"] == "fail"
    assert "cannot reach the Async API at http://127.0.0.1:9" in checks["Async token"]["detail"]


def test_doctor_without_configuration(cli: Cli) -> None:
    result = cli.process("doctor", "--json", environment=environment_for(None))

    assert result.status == 3
    [check] = result.json()
    assert (check["check"], check["status"]) == ("configuration", "fail")
    assert "TELECRM_ENTERPRISE_ID" in check["detail"]


def test_errors_are_one_line_with_a_non_zero_status(cli: Cli) -> None:
    not_found = assert_one_line_error(cli.process("leads", "get", "no-such-lead"))
    unconfigured = assert_one_line_error(
        cli.process("workspace", "metadata", environment=environment_for(None))
    )
    bad_token = assert_one_line_error(
        cli.process(
            "workspace", "fields", environment=environment_for(cli.fake, TELECRM_SYNC_TOKEN="wrong:token")
        )
    )
    bad_payment = assert_one_line_error(
        cli.process("actions", "create", ROHAN, "--type", "PAYMENT", "--amount", "5"), status=2
    )
    usage = assert_one_line_error(cli.process("leads"), status=2)

    assert not_found.startswith(
        "telecrm: error: 404 LEAD_NOT_FOUND: The lead with ID no-such-lead was not found."
    )
    assert "set TELECRM_ENTERPRISE_ID" in unconfigured
    assert "401 NOT_AUTHORIZED" in bad_token
    assert "wrong:token" not in bad_token
    assert bad_payment == "telecrm: error: a payment needs --currency, --status"
    assert usage.startswith("telecrm leads: error: the following arguments are required")


def test_help_lists_the_commands_and_the_environment(cli: Cli) -> None:
    result = cli.process("--help")

    assert result.status == 0
    for word in ("ingest", "leads", "actions", "workspace", "doctor", "TELECRM_ASYNC_TOKEN", "exit status"):
        assert word in result.stdout


def test_the_installed_console_script(cli: Cli) -> None:
    script = Path(sys.executable).parent / "telecrm"
    if not script.exists():
        found = shutil.which("telecrm")
        if found is None:
            pytest.skip(
                "no `telecrm` console script installed (pyproject has no [project.scripts] entry yet)"
            )
        script = Path(found)

    result = telecrm("workspace", "metadata", "--json", environment=cli.env, command=(str(script),))

    assert result.status == 0, result
    assert result.json()["name"] == "Sunrise Realty"
