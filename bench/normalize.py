"""Normalising messy input (``normalize``, ``xlsx``; also ``python bench/normalize.py``).

normalize
    What reading phones, dates and emails as people write them costs a bulk ingestion, per record. Paired
    rounds (the contenders alternate, on one long-lived async client against the canned server of
    ``_scenario.py``): ``upsert_many`` on records as a spreadsheet holds them (``+91 97000 00001``,
    ``097000-00002``, ``2026-03-09``, ``9 Mar 2026``, emails in mixed case), normalised as by default,
    against the same records already in the API's form with ``normalize_phones=False`` and
    ``normalize_dates=False`` (phones then only checked against the digits-only form, dates against the
    workspace format). The difference of their CPU per record is the normalisation's cost, shown as a share
    of the messy run's CPU per record. Goal: under 10%. Every phone is distinct, so libphonenumber parses
    each one (the SDK caches repeated numbers, which real files have and this benchmark does not).
    For scale: ``telecrm.normalize_phone`` alone, CPU per call on fresh numbers.

xlsx
    Reading a 10,000-row, 8-column ``.xlsx`` (written once by openpyxl) with python-calamine, the reader
    ``telecrm ingest`` uses, and with openpyxl in read-only mode: CPU per read of the whole sheet, paired
    rounds. Informational: why calamine was chosen.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import tempfile
import time
from datetime import datetime
from itertools import count as counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _measure import Figure, ratio, rounds, verdict  # noqa: E402
from _scenario import api_server  # noqa: E402

from telecrm import AsyncTelecrm, normalize_phone  # noqa: E402

SHARE_GOAL = 0.10
RECORDS = 1_000
_PHONE_FORMS = ("+91 {a} {b}", "0{a}-{b}", "(0){a} {b}", "{a}{b}", "+91-{a}-{b}", "0091 {a} {b}")
_DATE_FORMS = ("2026-03-09", "9 Mar 2026", "09-03-2026", "2026-03-09T10:30:00")


def _messy(index: int) -> dict[str, Any]:
    national = f"97{index:08d}"
    form = _PHONE_FORMS[index % len(_PHONE_FORMS)]
    return {
        "phone": form.format(a=national[:5], b=national[5:]),
        "name": f"Messy Lead {index}",
        "email": f" Messy.Lead.{index}@Mail.Example ",
        "city": "Pune",
        "next_follow_up": _DATE_FORMS[index % len(_DATE_FORMS)],
        "budget_lakhs": 40 + index % 160,
    }


def _clean(index: int) -> dict[str, Any]:
    """The same record as the API stores it."""
    return {
        "phone": f"9197{index:08d}",
        "name": f"Messy Lead {index}",
        "email": f"messy.lead.{index}@mail.example",
        "city": "Pune",
        "next_follow_up": "09/03/2026",
        "budget_lakhs": 40 + index % 160,
    }


def bench_normalize() -> list[Figure]:
    count = rounds(5)
    fresh = counter(0, RECORDS)
    with api_server() as server:
        loop = asyncio.new_event_loop()
        client = AsyncTelecrm(**server.client_settings())
        try:

            def cpu(options: dict[str, Any], make: Any) -> float:
                start = next(fresh)
                records = [make(start + i) for i in range(RECORDS)]
                spent = time.process_time()
                report = loop.run_until_complete(
                    client.ingest.upsert_many(records, rate_per_hour=math.inf, **options)
                )
                spent = time.process_time() - spent
                if report.queued != RECORDS:
                    raise RuntimeError(f"only {report.queued} of {RECORDS} queued: {report.problems[:1]}")
                return spent / RECORDS * 1e6

            cpu({}, _messy)  # the workspace read and the connections
            messy, clean = [], []
            off = {"normalize_phones": False, "normalize_dates": False}
            for index in range(count):
                pair = [(messy, {}, _messy), (clean, off, _clean)]
                for samples, options, make in pair if index % 2 == 0 else reversed(pair):
                    samples.append(cpu(options, make))
        finally:
            loop.run_until_complete(client.close())
            loop.close()
    shares = [(m - c) / m for m, c in zip(messy, clean, strict=True)]
    share = statistics.median(shares)
    per_phone = _normalize_phone_cpu()
    result = (
        f"{share:.1%} of {statistics.median(messy):,.0f} us CPU/record [{min(shares):.1%}-{max(shares):.1%}] "
        f"(normalised {statistics.median(messy):,.0f} vs as-is {statistics.median(clean):,.0f} us; "
        f"normalize_phone alone {per_phone:,.0f} us)"
    )
    print(f"  normalisation: {result}", flush=True)
    return [
        Figure(
            "normalisation cost per bulk record",
            result,
            f"< {SHARE_GOAL:.0%} of CPU/record",
            verdict(share < SHARE_GOAL),
        )
    ]


def _normalize_phone_cpu() -> float:
    values = [f"+91 96{index:08d}" for index in range(5_000)]  # fresh: none cached yet
    started = time.process_time()
    for value in values:
        normalize_phone(value)
    return (time.process_time() - started) / len(values) * 1e6


# --- xlsx readers ------------------------------------------------------------------------------------------

XLSX_ROWS = 10_000


def bench_xlsx() -> list[Figure]:
    try:
        import openpyxl  # noqa: F401
        import python_calamine  # noqa: F401
    except ImportError as missing:
        return [
            Figure.skipped("xlsx readers", "info", f"needs python-calamine and openpyxl ({missing.name})")
        ]
    with tempfile.TemporaryDirectory() as directory:
        path = _workbook(Path(directory) / "leads.xlsx")
        calamine, openpyxl_cpu = [], []
        for index in range(rounds(3)):
            pair = [(calamine, _read_calamine), (openpyxl_cpu, _read_openpyxl)]
            for samples, read in pair if index % 2 == 0 else reversed(pair):
                started = time.process_time()
                rows = read(path)
                samples.append(time.process_time() - started)
                if rows != XLSX_ROWS + 1:
                    raise RuntimeError(f"read {rows} rows, not {XLSX_ROWS + 1}")
    speed = ratio(openpyxl_cpu, calamine)
    fast, slow = statistics.median(calamine) * 1e3, statistics.median(openpyxl_cpu) * 1e3
    result = (
        f"calamine {fast:,.0f} ms, openpyxl {slow:,.0f} ms CPU per {XLSX_ROWS:,} rows "
        f"(openpyxl / calamine {speed})"
    )
    print(f"  xlsx: {result}", flush=True)
    return [Figure("xlsx read, calamine vs openpyxl", result, "info", verdict(None))]


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Leads")
    sheet.append(
        ["name", "phone", "email", "next_follow_up", "budget_lakhs", "city", "rating", "lead_source"]
    )
    for i in range(XLSX_ROWS):
        day = datetime(2026, 3, 1 + i % 28)
        sheet.append(
            [f"Lead {i}", 9811100000 + i, f"lead{i}@mail.example", day, 40 + i % 100, "Pune", 1 + i % 5, "X"]
        )
    book.save(path)
    return path


def _read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as book:
        return sum(1 for _ in book.get_sheet_by_index(0).iter_rows())


def _read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


if __name__ == "__main__":
    for figure in [*bench_normalize(), *bench_xlsx()]:
        figure.show()
