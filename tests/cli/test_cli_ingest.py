"""`telecrm ingest FILE`: CSV and JSON Lines into the Async API, through the real entry point."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from cli_support import assert_one_line_error, telecrm

from telecrm.testing import FakeTelecrm, Fault

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


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_is_mapped_typed_and_queued_with_actions_from_columns(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path
) -> None:
    source = write(tmp_path / "leads.csv", CSV)

    result = telecrm("ingest", source, *MAPS, "--rate", "0", "--json", environment=env)

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
    fake.state.wait_idle()
    assert all(record.dropped == () for record in fake.state.ingested), "the fake dropped nothing"
    asha = fake.state.find_lead("919800000001")
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
    bala = fake.state.find_lead("919800000002")
    assert bala is not None
    # Empty cells are left out: no rating, and no action from the empty action and payment columns.
    assert "rating" not in bala.fields
    assert bala.actions == ()


def test_invalid_rows_go_to_the_rejects_file_with_every_reason(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path
) -> None:
    source = write(
        tmp_path / "leads.csv",
        "phone,name,rating,status\n"
        "919800000001,Good,4,Fresh\n"
        "98000,Bad,9,Junk\n"
        "919800000003,Fine,,\n"
        '919800000004,"Multi\nline",7,\n',
    )

    result = telecrm("ingest", source, "--rate", "0", environment=env)

    assert result.status == 3, result  # finished, but not everything went through
    assert "Problems" in result.stdout
    assert "fields.rating: 9 is not a rating" in result.stdout
    with (tmp_path / "leads.rejects.csv").open(encoding="utf-8", newline="") as handle:
        rejects = list(csv.DictReader(handle))
    assert [(row["phone"], row["#line"], row["#status"]) for row in rejects] == [
        ("98000", "3", "invalid"),
        ("919800000004", "5", "invalid"),
    ]
    assert rejects[0]["#reasons"].split(" | ") == [
        "fields.phone: '98000' has no country code (or is too short): write country code + number, "
        "e.g. '919876543210'",
        "fields.rating: 9 is not a rating: an integer from 1 to 5",
        "fields.status: status 'Junk' is archived: only active ones can be written "
        "(Booking Done, Follow Up, Fresh, Interested, Lost, Site Visit Scheduled, Won)",
    ]
    fake.state.wait_idle()
    assert len(fake.state.ingested) == 2

    # Fix the rejects file in place and ingest it: its own # columns are ignored.
    fixed = (tmp_path / "leads.rejects.csv").read_text(encoding="utf-8")
    fixed = fixed.replace("98000,Bad,9,Junk", "919800000002,Bad,2,Lost").replace('line",7', 'line",3')
    write(tmp_path / "leads.rejects.csv", fixed)
    again = telecrm("ingest", tmp_path / "leads.rejects.csv", "--rate", "0", "--json", environment=env)
    assert again.status == 0, again
    assert again.json()["queued"] == 2


def test_dry_run_checks_and_sends_nothing(fake: FakeTelecrm, env: dict[str, str], tmp_path: Path) -> None:
    source = write(tmp_path / "leads.csv", "phone,rating\n919800000001,4\n919800000002,six\n")
    without_async_token = {key: value for key, value in env.items() if key != "TELECRM_ASYNC_TOKEN"}

    result = telecrm("ingest", source, "--dry-run", "--json", environment=without_async_token)

    assert result.status == 3, result
    summary = result.json()
    assert (summary["dry_run"], summary["valid"], summary["invalid"], summary["requests"]) == (True, 1, 1, 0)
    assert summary["problems"][0]["reasons"] == [
        "fields.rating: 'six' is not a rating: an integer from 1 to 5 "
        "(a string such as '3' is dropped: pass the number)"
    ]
    assert not [r for r in fake.state.requests if r.api == "async"]


def test_json_lines_in_both_shapes_and_unreadable_lines_reported_by_line(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path
) -> None:
    lines = [
        json.dumps({"Mobile": "919800000001", "name": "Flat shape", "rating": 4}),
        "",
        json.dumps(
            {"fields": {"Mobile": "919800000002"}, "actions": [{"type": "1002", "fields": {"attendees": 2}}]}
        ),
        "{not json",
        json.dumps(["a", "list"]),
    ]
    source = write(tmp_path / "leads.jsonl", "\n".join(lines) + "\n")

    result = telecrm("ingest", source, "--map", "Mobile=phone", "--rate", "0", "--json", environment=env)

    assert result.status == 3, result
    summary = result.json()
    assert (summary["records"], summary["queued"], summary["invalid"]) == (4, 2, 2)
    assert [(p["line"], p["reasons"][0][:32]) for p in summary["problems"]] == [
        (4, "line 4: not JSON (Expecting prop"),
        (5, "line 5: a line is a JSON object,"),
    ]
    rejects = [json.loads(line) for line in (tmp_path / "leads.rejects.jsonl").read_text().splitlines()]
    assert rejects[0]["#raw"] == "{not json"
    assert rejects[1]["#line"] == 5
    fake.state.wait_idle()
    lead = fake.state.find_lead("919800000002")
    assert lead is not None
    assert [a.fields for a in lead.actions] == [{"attendees": 2}]


def test_a_second_run_with_the_journal_sends_nothing_already_queued(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path
) -> None:
    source = write(tmp_path / "leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(20)))
    fake.faults.add(Fault.error(400), route="POST /autoupdatelead", times=1)
    args = ("ingest", source, "--journal", tmp_path / "run.db", "--rate", "0", "--concurrency", "1", "--json")

    first = telecrm(*args, environment=env).json()
    second = telecrm(*args, environment=env).json()

    assert (first["queued"], first["failed"]) == (19, 1)
    assert (second["queued"], second["from_journal"], second["requests"], second["failed"]) == (20, 19, 1, 0)


def test_rate_paces_the_requests(fake: FakeTelecrm, env: dict[str, str], tmp_path: Path) -> None:
    source = write(tmp_path / "leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(6)))

    result = telecrm("ingest", source, "--rate", "18000", "--json", environment=env)  # 5 a second

    assert result.status == 0, result
    arrivals = [r.at for r in fake.state.requests if r.api == "async"]
    assert arrivals[-1] - arrivals[0] >= 5 / (5 * 0.99) - 0.05


def test_progress_bar_and_summary_table(fake: FakeTelecrm, env: dict[str, str], tmp_path: Path) -> None:
    source = write(tmp_path / "leads.csv", "phone,name\n919800000001,Asha\n919800000002,Bala\n")

    result = telecrm("ingest", source, "--rate", "0", "--progress", environment=env)

    assert result.status == 0, result
    assert "Ingesting leads.csv" in result.stderr
    assert "2/2" in result.stderr
    assert "rec/s" in result.stderr
    assert "Ingested leads.csv" in result.stdout
    assert "queued" in result.stdout
    assert "rejects file" in result.stdout


def test_several_async_tokens_from_the_environment(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path
) -> None:
    source = write(tmp_path / "leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(4)))
    env = {**env, "SECOND_ASYNC_TOKEN": fake.state.issue_token("async")}

    result = telecrm(
        "ingest", source, "--token-env", "SECOND_ASYNC_TOKEN", "--rate", "0", "--json", environment=env
    )

    assert result.status == 0, result
    assert result.json()["queued"] == 4


def test_usage_problems_are_one_line_errors(env: dict[str, str], tmp_path: Path) -> None:
    source = write(tmp_path / "leads.csv", "phone,phone\n1,2\n")
    missing = tmp_path / "missing.csv"
    cases = [
        (("ingest", missing), f"telecrm: error: {missing}: no such file"),
        (("ingest", source), "the header names these columns twice: phone"),
        (("ingest", write(tmp_path / "a.txt", "x")), "cannot tell the format from the suffix"),
        (
            ("ingest", write(tmp_path / "b.csv", "phone\n"), "--map", "Mobile=phone"),
            "name columns the file does not have",
        ),
        (
            ("ingest", write(tmp_path / "c.csv", "phone\n"), "--map", "phone=action.abc.note"),
            "'action.abc.note':",
        ),
        (("ingest", write(tmp_path / "d.csv", "phone\n"), "--rate", "-1"), "--rate must be"),
        (("ingest", write(tmp_path / "e.csv", "phone\n"), "--token-env", "NOPE_NOT_SET"), "NOPE_NOT_SET"),
    ]
    for args, message in cases:
        line = assert_one_line_error(telecrm(*args, environment=env))
        assert message in line, line


def test_a_missing_sync_token_is_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    source = write(tmp_path / "leads.csv", "phone\n919800000001\n")
    env = {key: value for key, value in env.items() if key != "TELECRM_SYNC_TOKEN"}

    line = assert_one_line_error(telecrm("ingest", source, environment=env))

    assert "TELECRM_SYNC_TOKEN" in line


def test_interrupted_with_ctrl_c_then_resumed_from_the_journal(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path
) -> None:
    source = write(tmp_path / "leads.csv", "phone\n" + "".join(f"9198000000{i:02d}\n" for i in range(40)))
    args = ["ingest", str(source), "--journal", str(tmp_path / "run.db"), "--rate", "36000", "--json"]
    process = subprocess.Popen(
        [sys.executable, "-m", "telecrm._cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while sum(r.api == "async" for r in fake.state.requests) < 5:  # ten a second: well before the end
        assert time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)

    assert process.returncode == 130
    assert stderr.strip().splitlines() == [
        "telecrm: error: interrupted (run the same command again to resume from the journal)"
    ]
    resumed = telecrm(*args[:-3], "--rate", "0", "--json", environment=env)
    summary = resumed.json()
    assert (summary["queued"], summary["failed"]) == (40, 0)
    assert 5 <= summary["from_journal"] < 40
    fake.state.wait_idle()
    phones = [record.body["fields"]["phone"] for record in fake.state.ingested]
    assert sorted(set(phones)) == [f"9198000000{i:02d}" for i in range(40)]
