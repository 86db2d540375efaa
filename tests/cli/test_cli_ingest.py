"""`telecrm ingest FILE`: CSV and JSON Lines into the Async API, through the real entry point."""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cli_support import Cli, assert_one_line_error

from telecrm.testing import Fault

CSV = """\
Mobile,Full name,rating,interests,budget_lakhs,Visit note,Visit date,Paid,Currency,Payment status
919800000001,Asha Rao,5,2BHK;Villa,85,Liked the east flat,05/01/2026 16:30:00,2500.50,INR,PENDING
919800000002,Bala Iyer,,,,,,,,
919800000003,Chitra Das,3,3BHK,12.5,,,,,
"""
MAPS = [
    "--map", "Mobile=phone",
    "--map", "Full name=name",
    "--map", "Visit note=action.1001.note",
    "--map", "Visit date=action.1001.created_on",
    "--map", "Paid=payment.amount",
    "--map", "Currency=payment.currency",
    "--map", "Payment status=payment.status",
]  # fmt: skip


def test_a_csv_is_mapped_typed_and_queued_with_actions_from_columns(cli: Cli) -> None:
    source = cli.write("leads.csv", CSV)

    result = cli.process("ingest", source, *MAPS, "--rate", "0", "--json")

    assert result.status == 0, result
    summary = result.json()
    assert {key: summary[key] for key in ("records", "queued", "invalid", "failed", "problems")} == {
        "records": 3,
        "queued": 3,
        "invalid": 0,
        "failed": 0,
        "problems": [],
    }
    assert summary["rejects_file"] is None
    cli.fake.state.wait_idle()
    assert all(record.dropped == () for record in cli.fake.state.ingested), "the fake dropped nothing"
    asha = cli.fake.state.find_lead("919800000001")
    assert asha is not None
    assert {key: asha.fields[key] for key in ("name", "rating", "interests", "budget_lakhs")} == {
        "name": "Asha Rao",
        "rating": 5,
        "interests": ["2BHK", "Villa"],
        "budget_lakhs": 85,
    }
    assert [(a.type, a.fields, a.amount, a.currency) for a in asha.actions] == [
        ("1001", {"note": "Liked the east flat"}, None, None),
        ("PAYMENT", {}, "2500.50", "INR"),
    ]
    bala = cli.fake.state.find_lead("919800000002")
    assert bala is not None
    # Empty cells are left out: no rating, and no action from the empty action and payment columns.
    assert "rating" not in bala.fields
    assert bala.actions == ()


def test_invalid_rows_go_to_the_rejects_file_with_every_reason(cli: Cli) -> None:
    source = cli.write(
        "leads.csv",
        "phone,name,rating,status\n"
        "919800000001,Good,4,Fresh\n"
        "98000,Bad,9,Junk\n"
        "919800000003,Fine,,\n"
        '919800000004,"Multi\nline",7,\n',
    )

    result = cli.process("ingest", source, "--rate", "0")

    assert result.status == 3, result  # finished, but not everything went through
    assert "Problems" in result.stdout
    assert "fields.rating: 9 is not a rating" in result.stdout
    with (cli.tmp_path / "leads.rejects.csv").open(encoding="utf-8", newline="") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(row["phone"], row["#line"], row["#status"]) for row in rejects] == [
        ("98000", "3", "invalid"),
        ("919800000004", "5", "invalid"),
    ]
    assert rejects[0]["#reasons"].split(" | ") == [
        "fields.phone: '98000' is too short for a number in +91 (IN)",
        "fields.rating: 9 is not a rating: an integer from 1 to 5",
        "fields.status: status 'Junk' is archived: only active ones can be written "
        "(Booking Done, Follow Up, Fresh, Interested, Lost, Site Visit Scheduled, Won)",
    ]
    cli.fake.state.wait_idle()
    assert len(cli.fake.state.ingested) == 2

    # Fix the rejects file in place and ingest it: its own # columns are ignored.
    fixed = (cli.tmp_path / "leads.rejects.csv").read_text(encoding="utf-8")
    fixed = fixed.replace("98000,Bad,9,Junk", "919800000002,Bad,2,Lost").replace('line",7', 'line",3')
    cli.write("leads.rejects.csv", fixed)
    again = cli.process("ingest", cli.tmp_path / "leads.rejects.csv", "--rate", "0", "--json")
    assert again.status == 0, again
    assert again.json()["queued"] == 2


def test_dry_run_checks_and_sends_nothing(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone,rating\n919800000001,4\n919800000002,six\n")
    without_async_token = {key: value for key, value in cli.env.items() if key != "TELECRM_ASYNC_TOKEN"}

    result = cli.process("ingest", source, "--dry-run", "--json", environment=without_async_token)

    assert result.status == 3, result
    summary = result.json()
    assert (summary["dry_run"], summary["valid"], summary["invalid"], summary["requests"]) == (True, 1, 1, 0)
    assert summary["problems"][0]["reasons"] == [
        "fields.rating: 'six' is not a rating: an integer from 1 to 5 "
        "(a string such as '3' is dropped: pass the number)"
    ]
    assert not [r for r in cli.fake.state.requests if r.api == "async"]


def test_the_workspace_is_read_once_for_typing_cells_and_preflight(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone,rating\n919800000001,4\n")

    result = cli.run("ingest", source, "--dry-run", "--json")

    assert result.status == 0, result
    assert sorted(r.route for r in cli.fake.state.requests) == [
        "GET /custom-actions",
        "GET /custom-fields",
        "GET /lead-stage-pipeline",
    ]


def test_json_lines_in_both_shapes_and_unreadable_lines_reported_by_line(cli: Cli) -> None:
    lines = [
        json.dumps({"Mobile": "919800000001", "name": "Flat shape", "rating": 4}),
        "",
        json.dumps(
            {"fields": {"Mobile": "919800000002"}, "actions": [{"type": "1002", "fields": {"attendees": 2}}]}
        ),
        "{not json",
        json.dumps(["a", "list"]),
    ]
    source = cli.write("leads.jsonl", "\n".join(lines) + "\n")

    result = cli.process("ingest", source, "--map", "Mobile=phone", "--rate", "0", "--json")

    assert result.status == 3, result
    summary = result.json()
    assert (summary["records"], summary["queued"], summary["invalid"]) == (4, 2, 2)
    assert [(p["line"], p["reasons"][0][:32]) for p in summary["problems"]] == [
        (4, "line 4: not JSON (Expecting prop"),
        (5, "line 5: a line is a JSON object,"),
    ]
    rejects = [json.loads(line) for line in (cli.tmp_path / "leads.rejects.jsonl").read_text().splitlines()]
    assert rejects[0]["#raw"] == "{not json"
    assert rejects[1]["#line"] == 5
    cli.fake.state.wait_idle()
    lead = cli.fake.state.find_lead("919800000002")
    assert lead is not None
    assert [a.fields for a in lead.actions] == [{"attendees": 2}]


def test_a_second_run_with_the_journal_sends_nothing_already_queued(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(20)))
    cli.fake.faults.add(Fault.error(400), route="POST /autoupdatelead", times=1)
    args = (
        "ingest",
        source,
        "--journal",
        cli.tmp_path / "run.db",
        "--rate",
        "0",
        "--concurrency",
        "1",
        "--json",
    )

    first = cli.process(*args).json()
    second = cli.process(*args).json()

    assert (first["queued"], first["failed"]) == (19, 1)
    assert (second["queued"], second["from_journal"], second["requests"], second["failed"]) == (20, 19, 1, 0)


def test_rate_paces_the_requests(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(6)))

    result = cli.process("ingest", source, "--rate", "18000", "--json")  # 5 a second

    assert result.status == 0, result
    # Six requests, five intervals of 1/(5 * 0.99) s at least (a lower bound: waiting only lengthens a run).
    assert result.json()["elapsed_seconds"] >= round(5 / (5 * 0.99), 3) - 0.001


def test_progress_bar_and_summary_table(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone,name\n919800000001,Asha\n919800000002,Bala\n")

    result = cli.process("ingest", source, "--rate", "0", "--progress")

    assert result.status == 0, result
    assert "Ingesting leads.csv" in result.stderr
    assert "2/2" in result.stderr
    assert "rec/s" in result.stderr
    assert "Ingested leads.csv" in result.stdout
    assert "queued" in result.stdout
    assert "rejects file" in result.stdout


def test_several_async_tokens_from_the_environment(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(4)))
    env = {**cli.env, "SECOND_ASYNC_TOKEN": cli.fake.state.issue_token("async")}

    result = cli.process(
        "ingest", source, "--token-env", "SECOND_ASYNC_TOKEN", "--rate", "0", "--json", environment=env
    )

    assert result.status == 0, result
    assert result.json()["queued"] == 4


def test_problems_with_the_file_or_the_environment_are_one_line_errors(cli: Cli) -> None:
    missing = cli.tmp_path / "missing.csv"
    cases = [
        (("ingest", missing), f"telecrm: error: {missing}: no such file"),
        (
            ("ingest", cli.write("twice.csv", "phone,phone\n1,2\n")),
            "the header names these columns twice",
        ),
        (("ingest", cli.write("e.csv", "phone\n"), "--token-env", "NOPE_NOT_SET"), "NOPE_NOT_SET"),
    ]
    for args, message in cases:
        line = assert_one_line_error(cli.run(*args))
        assert message in line, line


def test_usage_problems_exit_2_with_one_line(cli: Cli) -> None:
    csv_file = cli.write("leads.csv", "phone\n919800000001\n")
    cases = [
        (("ingest", cli.write("a.txt", "x")), "cannot tell the format from the suffix"),
        (
            ("ingest", csv_file, "--map", "Mobile=phone"),
            "--map/--skip name columns the file does not have: Mobile",
        ),
        (("ingest", csv_file, "--map", "phone=action.abc.note"), "argument --map: 'action.abc.note':"),
        (("ingest", csv_file, "--map", "phone"), "argument --map: takes COLUMN=TARGET, got 'phone'"),
        (("ingest", csv_file, "--rate", "-1"), "argument --rate: takes a number of requests per hour >= 0"),
        (
            ("ingest", csv_file, "--concurrency", "1000"),
            "argument --concurrency: must be from 1 to 256, got 1000",
        ),
        (("ingest", csv_file, "--max-attempts", "0"), "argument --max-attempts: must be at least 1, got 0"),
        (
            ("ingest", csv_file, "--date-format", "%Y"),
            "argument --date-format: date_format '%Y' does not read",
        ),
        (
            ("ingest", csv_file, "--date-format", "%d/%m/%Y", "--no-normalize-dates"),
            "--date-format reads dates to rewrite them: it does not go with --no-normalize-dates",
        ),
        (("leads", "search", "--field", "status"), "argument --field: takes NAME=VALUE, got 'status'"),
        (("leads", "search", "--limit", "0"), "argument --limit: must be at least 1, got 0"),
        (("leads", "get", "x", "--limit", "500"), "argument --limit: must be from 1 to 100, got 500"),
        (
            ("actions", "create", "x", "--type", "1001", "--field-json", "n={"),
            "argument --field-json: n: not JSON",
        ),
        (("actions", "create", "x", "--type", "1001", "--amount", "5"), "--amount describe a payment"),
    ]
    for args, message in cases:
        result = cli.run(*args)
        line = assert_one_line_error(result, status=2)
        assert message in line, line
    assert cli.fake.state.requests == []


def test_a_csv_column_the_workspace_has_no_field_for_is_reported_once_with_a_map_suggestion(cli: Cli) -> None:
    rows = "".join(f"9198000000{i:02d},Lead {i},Pune\n" for i in range(50))
    source = cli.write("leads.csv", "Mobile,Full name,City\n" + rows)

    result = cli.run("ingest", source)

    assert assert_one_line_error(result, status=2) == (
        "telecrm: error: column 'Mobile' is not a lead field of the workspace: map it with --map "
        "Mobile=API_NAME (`telecrm workspace fields` lists the API names), or leave it out with --skip "
        "Mobile; column 'Full name' is not a lead field of the workspace: map it with --map "
        "'Full name=name', or leave it out with --skip 'Full name'; column 'City' is not a lead field of the "
        "workspace: map it with --map City=city, or leave it out with --skip City"
    )
    assert [r.route for r in cli.fake.state.requests if r.api == "async"] == []
    mapped = cli.run(
        "ingest", source, "--map", "Mobile=phone", "--map", "Full name=name", "--map", "City=city",
        "--rate", "0", "--json",
    )  # fmt: skip
    assert mapped.status == 0, mapped
    assert mapped.json()["queued"] == 50


def test_a_mapped_column_to_a_field_the_workspace_lacks_is_a_usage_error(cli: Cli) -> None:
    source = cli.write("leads.csv", "Mobile,Visit\n919800000001,x\n")
    args = ("ingest", source, "--map", "Mobile=Phone", "--map", "Visit=action.1001.mood")

    line = assert_one_line_error(cli.run(*args), status=2)

    assert line == (
        "telecrm: error: --map Mobile=Phone: the workspace has no lead field 'Phone'; did you mean --map "
        "Mobile=phone?; column 'Visit' goes to action.1001.mood, but custom action 1001 has no field 'mood' "
        "(fields: note, outcome, visit_date, visited_with)"
    )


def test_a_missing_sync_token_is_one_clear_line(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone\n919800000001\n")
    env = {key: value for key, value in cli.env.items() if key != "TELECRM_SYNC_TOKEN"}

    line = assert_one_line_error(cli.process("ingest", source, environment=env))

    assert "TELECRM_SYNC_TOKEN" in line


ROUTE = "POST /autoupdatelead"


def journal_states(path: Path) -> dict[str, int]:
    """How many records are in each state, read while the command writes the journal."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return dict(db.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall())
    except sqlite3.OperationalError:  # not created yet
        return {}


def interrupt_after_five(cli: Cli, args: list[str], ready: Callable[[], bool]) -> str:
    """Run the command; the fake answers five upserts, then holds the sixth unprocessed (as a slow server
    would) until the test ends, so the run is surely mid-way when Ctrl-C comes, once `ready()` and the sixth
    request has arrived (with one request in flight at a time, the client has then settled the first five).
    Returns what the command printed on stderr."""
    cli.fake.faults.add(Fault.latency(0), route=ROUTE, times=5)
    held = cli.fake.faults.add(Fault.latency(600), route=ROUTE)
    process = subprocess.Popen(
        [sys.executable, "-m", "telecrm", *args],
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not (held.hits == 1 and ready()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the command did not get going"
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130, stderr
    cli.fake.faults.clear()
    return stderr


def test_interrupted_with_ctrl_c_then_resumed_from_the_journal(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(40)))
    journal = cli.tmp_path / "run.db"
    args = ["ingest", str(source), "--journal", str(journal), "--rate", "0", "--concurrency", "1", "--json"]

    stderr = interrupt_after_five(cli, args, lambda: journal_states(journal) == {"queued": 5, "in_flight": 1})

    assert stderr.strip().splitlines() == [
        "telecrm: error: interrupted after 5 of 40 records were queued; run the same command again to resume "
        "from the journal (queued records are not sent again)"
    ]
    summary = cli.process(*args).json()
    assert (summary["queued"], summary["from_journal"], summary["requests"], summary["failed"]) == (
        40,
        5,
        35,
        0,
    )
    assert summary["possibly_duplicated"] == 1  # the sixth: in flight when interrupted (never processed here)
    cli.fake.state.wait_idle()
    phones = [record.body["fields"]["phone"] for record in cli.fake.state.ingested]
    assert sorted(phones) == [f"9198000000{i:02d}" for i in range(40)]


def test_interrupted_without_a_journal_says_how_many_records_were_queued(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(40)))
    args = ["ingest", str(source), "--rate", "0", "--concurrency", "1"]

    stderr = interrupt_after_five(
        cli, args, lambda: sum(r.route == ROUTE for r in cli.fake.state.requests) == 5
    )

    assert stderr.strip().splitlines() == [
        "telecrm: error: interrupted after 5 of 40 records were queued (they are in Telecrm now; records "
        "that were in flight may be too). Without --journal a new run sends every record again: pass "
        "--journal PATH to make a run resumable"
    ]


# --- dates -----------------------------------------------------------------------------------------------


def test_spreadsheet_dates_are_written_in_the_workspace_format_and_ambiguous_ones_rejected(cli: Cli) -> None:
    source = cli.write(
        "leads.csv",
        "phone,next_follow_up,Visited\n"
        "919800000001,2026-03-09,2026-03-09T10:30:00\n"
        "919800000002,09-03-2026,9 Mar 2026 10:30\n"
        "919800000003,9 Mar 2026,\n"
        "919800000004,03/04/26,\n"
        "919800000005,12/25/2026,\n",
    )

    result = cli.run("ingest", source, "--map", "Visited=action.1001.created_on", "--rate", "0", "--json")

    assert result.status == 3, result
    summary = result.json()
    assert [(p["line"], p["reasons"]) for p in summary["problems"]] == [
        (5, ["fields.next_follow_up: '03/04/26' has a 2-digit year: write the year in full (is 26 1926 or "
             "2026? and is it the year at all?)"]),
        (6, ["fields.next_follow_up: '12/25/2026' is not a date written day first like the workspace's "
             "DD/MM/YYYY (there is no month 25); if the file writes dates the other way round, say so with "
             "the date format '%m/%d/%Y'"]),
    ]  # fmt: skip
    cli.fake.state.wait_idle()
    sent = {r.body["fields"]["phone"]: r.body for r in cli.fake.state.ingested}
    assert {phone: body["fields"]["next_follow_up"] for phone, body in sent.items()} == dict.fromkeys(
        ("919800000001", "919800000002", "919800000003"), "09/03/2026"
    )
    assert [sent[phone]["actions"][0]["created_on"] for phone in ("919800000001", "919800000002")] == [
        "09/03/2026 10:30:00",
        "09/03/2026 10:30:00",
    ]


def test_a_date_format_reads_months_first(cli: Cli) -> None:
    source = cli.write("leads.csv", "phone,next_follow_up\n919800000001,12/25/2026\n")

    result = cli.run("ingest", source, "--date-format", "%m/%d/%Y", "--rate", "0")

    assert result.status == 0, result
    cli.fake.state.wait_idle()
    assert cli.fake.state.ingested[0].body["fields"]["next_follow_up"] == "25/12/2026"


# --- records that once crashed the command ---------------------------------------------------------------


def test_poison_records_are_rejected_with_reasons_and_the_journal_resumes(cli: Cli) -> None:
    lines = [
        '{"phone": "919800000001", "name": "Good"}',
        '{"phone": "919800000002", "name": "\\ud800"}',  # a lone surrogate, JSON-escaped
        '{"phone": "919800000003", "budget_lakhs": 1e400}',  # infinity
        '{"phone": "919800000004", "budget_lakhs": ' + "9" * 400 + "}",  # beyond 2**53
        '{"phone": "919800000005", "name": "Also good"}',
    ]
    source = cli.write("leads.jsonl", "\n".join(lines) + "\n")
    args = ("ingest", source, "--journal", cli.tmp_path / "run.sqlite", "--rate", "0", "--json")

    first = cli.run(*args)
    second = cli.run(*args)

    assert first.status == 3, first
    assert [(p["line"], p["reasons"][0][:45]) for p in first.json()["problems"]] == [
        (2, "fields.name: the value is not valid Unicode ("),
        (3, "fields.budget_lakhs: the value is inf: JSON h"),
        (4, "fields.budget_lakhs: the value is <an int of "),
    ]
    rejects = (cli.tmp_path / "leads.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["#line"] for line in rejects] == [2, 3, 4]
    assert json.loads(rejects[0])["name"] == "\ud800"
    assert second.status == 3, second
    assert (second.json()["queued"], second.json()["from_journal"], second.json()["requests"]) == (2, 2, 0)


def test_bytes_that_are_not_utf8_make_their_row_invalid_and_go_back_to_the_rejects_file_as_they_were(
    cli: Cli,
) -> None:
    source = cli.tmp_path / "leads.csv"
    source.write_bytes(b"phone,name\n919800000001,Asha\n919800000002,Bal\xe1\n")

    result = cli.run("ingest", source, "--rate", "0", "--json")

    assert result.status == 3, result
    [problem] = result.json()["problems"]
    assert problem["reasons"] == [
        "fields.name: the value is not valid Unicode (it holds a lone surrogate): 'Bal\\udce1'"
    ]
    assert b"919800000002,Bal\xe1,3,invalid," in (cli.tmp_path / "leads.rejects.csv").read_bytes()
