"""An adversarial run of ``telecrm ingest`` over generated files with every kind of broken record (issue 18).

    python tools/ingest_adversary.py --seconds 600        the full run (ten minutes), a summary at the end

Each round writes a CSV or JSON Lines file mixing good records (each with a phone of its own) and broken ones
of every kind the readers must survive: JSON nested 100,000 deep, lines over the length limit, lines cut
short, values that are not objects, numbers of 5,000 digits, ``NaN``, bytes that are not UTF-8, lone
surrogates, NUL, missing identifiers, rows with too many cells, cells over the csv module's limit, unclosed
quotes at the end of the file, CRLF line ends and blank lines. It runs the command in this process against a
fake Telecrm and checks, from the summary, the rejects file and the fake's leads:

- rows read: the command counted every record the file holds;
- invalid with reason: every broken record is ``invalid``, with a reason, in the rejects file;
- lost: a good record not queued and saved, or a record neither queued nor rejected (must be 0);
- aborted: a run that ended other than with status 0 or 3 (must be 0).

``tests/cli/test_cli_ingest_adversary.py`` runs a few small rounds of it as part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from telecrm.testing import FakeTelecrm

LONG = 1 << 20  # the JSON Lines reader's line limit


@attrs.define
class Totals:
    rounds: int = 0
    rows_read: int = 0
    good: int = 0
    invalid_with_reason: int = 0
    lost: int = 0
    aborted: int = 0
    failures: list[str] = attrs.field(factory=list)

    def line(self) -> str:
        return (
            f"{self.rounds} runs: rows read {self.rows_read:,} (good {self.good:,}), invalid with reason "
            f"{self.invalid_with_reason:,}, lost {self.lost}, runs aborted {self.aborted}"
        )


def _broken_jsonl(rng: random.Random, phone: str) -> bytes:
    kinds: list[Callable[[], bytes]] = [
        lambda: b'{"phone": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        lambda: b'{"phone": "' + phone.encode() + b'", "name": "' + b"x" * (LONG + 10) + b'"}',
        lambda: b'{"phone": "' + phone.encode() + b'", "name": "cut',
        lambda: rng.choice([b"[1, 2]", b"null", b'"text"', b"5"]),
        lambda: b'{"phone": "' + phone.encode() + b'", "budget_lakhs": 1' + b"0" * 5000 + b"}",
        lambda: b'{"phone": "' + phone.encode() + b'", "budget_lakhs": NaN}',
        lambda: b'{"phone": "' + phone.encode() + b'\xff\xfe", "name": "bad bytes"}',
        lambda: b'{"phone": "' + phone.encode() + b'", "name": "\\ud800"}',
        lambda: b'{"name": "no identifier"}',
        lambda: b'{"fields": {"phone": "' + phone.encode() + b'"}, "actions": 5}',
        lambda: b'{"phone": "' + phone.encode() + b'", "budget_lakhs": "' + b"9" * 10 + b'x"}',
    ]
    return rng.choice(kinds)()


def _broken_csv(rng: random.Random, phone: str) -> bytes:
    kinds: list[Callable[[], bytes]] = [
        lambda: f"{phone},Too,1,many,cells".encode(),
        lambda: f"{phone},{'x' * 140_000},1".encode(),
        lambda: f"{phone},Huge,1{'0' * 5000}".encode(),
        lambda: f"{phone},Word,abc".encode(),
        lambda: phone.encode() + b",Bad\xff\xfebytes,1",
        lambda: b",No identifier,1",
    ]
    return rng.choice(kinds)()


def write_file(
    path: Path, fmt: str, records: int, rng: random.Random, first_phone: int
) -> tuple[list[str], int]:
    """Write ``records`` records (about a third broken); return the good records' phones and how many
    records the file holds."""
    newline = rng.choice([b"\n", b"\r\n"])
    lines: list[bytes] = [] if fmt == "jsonl" else [b"phone,name,budget_lakhs"]
    good: list[str] = []
    held = 0
    for index in range(records):
        phone = f"919{first_phone + index:09d}"  # a valid Indian mobile number
        if rng.random() < 0.05:
            lines.append(rng.choice([b"", b"   "]) if fmt == "jsonl" else b"")  # blank: not a record
        held += 1
        if rng.random() < 0.35:
            lines.append(_broken_jsonl(rng, phone) if fmt == "jsonl" else _broken_csv(rng, phone))
            continue
        good.append(phone)
        if fmt == "jsonl":
            record = {"phone": phone, "name": f"Lead {index}", "budget_lakhs": rng.randint(1, 99)}
            text = json.dumps({"fields": record} if rng.random() < 0.3 else record)
            lines.append(text.encode())
        else:
            lines.append(f'{phone},"Lead, {index}",{rng.randint(1, 99)}'.encode())
    if fmt == "csv" and rng.random() < 0.3:
        lines.append(f'919{first_phone + records:09d},"unclosed quote,1'.encode())  # swallows to the end
        held += 1
    path.write_bytes(newline.join(lines) + newline)
    return good, held


def run_once(fake: FakeTelecrm, folder: Path, fmt: str, records: int, seed: int, totals: Totals) -> None:
    """One round: write a file, ingest it, check what became of every record."""
    from telecrm._cli import main

    rng = random.Random(seed)
    fake.reset()
    source = folder / f"round-{seed}.{fmt}"
    good, held = write_file(source, fmt, records, rng, first_phone=seed * 100_000)
    rejects = folder / f"round-{seed}.rejects.{fmt}"
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = main(["ingest", str(source), "--rate", "0", "--json", "--rejects", str(rejects)])
    except BaseException as exc:
        totals.aborted += 1
        totals.failures.append(f"seed {seed}: aborted with {type(exc).__name__}: {exc}"[:300])
        return
    totals.rounds += 1
    if status not in (0, 3):
        totals.aborted += 1
        totals.failures.append(f"seed {seed}: exit status {status}")
        return
    summary = json.loads(out.getvalue())
    totals.rows_read += summary["records"]
    totals.good += len(good)
    rejected = list(_rejected(rejects, fmt)) if rejects.exists() else []
    with_reason = [row for row in rejected if row]
    totals.invalid_with_reason += len(with_reason)
    fake.state.wait_idle()
    missing = [phone for phone in good if fake.state.find_lead(phone) is None]
    unaccounted = held - summary["queued"] - len(rejected)
    totals.lost += len(missing) + max(unaccounted, 0) + (len(rejected) - len(with_reason))
    if missing or unaccounted or summary["records"] != held or len(rejected) != len(with_reason):
        totals.failures.append(
            f"seed {seed} ({fmt}): {held} records, read {summary['records']}, queued {summary['queued']}, "
            f"rejected {len(rejected)} ({len(with_reason)} with reason), good not saved {missing[:3]}"
        )


def _rejected(path: Path, fmt: str) -> Iterator[str]:
    """The reasons of each rejected record in a rejects file."""
    with path.open(newline="", encoding="utf-8", errors="surrogateescape") as handle:
        if fmt == "csv":
            reader = csv.reader(handle)
            header = next(reader)
            at = header.index("#reasons")
            for row in reader:
                yield row[at] if len(row) > at else ""
        else:
            for line in handle:
                yield " | ".join(json.loads(line).get("#reasons") or [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--records", type=int, default=300, help="records per file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    totals = Totals()
    deadline = time.monotonic() + args.seconds
    with FakeTelecrm.running(async_rate_limit=None) as fake, tempfile.TemporaryDirectory() as folder:
        for key, value in {
            "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
            "TELECRM_SYNC_TOKEN": fake.sync_token,
            "TELECRM_ASYNC_TOKEN": fake.async_token,
            "TELECRM_BASE_URL": fake.base_url,
            "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
        }.items():
            os.environ[key] = value
        seed = args.seed
        while time.monotonic() < deadline:
            run_once(fake, Path(folder), "csv" if seed % 2 else "jsonl", args.records, seed, totals)
            for stale in Path(folder).iterdir():
                stale.unlink()
            seed += 1
            if totals.rounds % 10 == 0:
                print(totals.line(), flush=True)
    print(totals.line())
    for failure in totals.failures[:20]:
        print("  ", failure)


if __name__ == "__main__":
    main()
