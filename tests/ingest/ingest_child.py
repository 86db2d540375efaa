"""A bulk ingestion in a process of its own, for the test that kills it mid-way and starts it again.

    python ingest_child.py JOURNAL RECORDS RATE_PER_HOUR

Client settings come from the TELECRM_* environment. The records are `kill_test_record(0..RECORDS-1)`; at the
end the report's counts are printed as one JSON line.
"""

from __future__ import annotations

import json
import sys

from bulk_records import kill_test_record

from telecrm import Telecrm


def main() -> None:
    journal, count, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with Telecrm() as client:
        report = client.ingest.upsert_many(
            (kill_test_record(index) for index in range(count)),
            journal=journal,
            rate_per_hour=rate,
            concurrency=8,
        )
    print(
        json.dumps(
            {
                "queued": report.queued,
                "invalid": report.invalid,
                "failed": report.failed,
                "from_journal": report.from_journal,
                "possibly_duplicated": [o.index for o in report.outcomes if o.possibly_duplicated],
                "requests": report.requests,
            }
        )
    )


if __name__ == "__main__":
    main()
