"""upsert_many's options as checked: what each defaults to."""

from __future__ import annotations

import pytest

from telecrm import ValidationError
from telecrm._bulk.options import bulk_options


def test_concurrency_left_out_is_left_to_adapt():
    assert bulk_options({}).concurrency is None


def test_a_given_concurrency_is_kept_whatever_the_tokens():
    assert bulk_options({"tokens": ["a", "b"], "concurrency": 3}).concurrency == 3


def test_a_journal_whose_log_is_a_link_to_the_journal_itself_is_refused(tmp_path):
    journal = tmp_path / "run.journal"
    journal.touch()
    (tmp_path / "run.journal-wal").symlink_to(journal)

    with pytest.raises(ValidationError, match=r"the journal's write-ahead log .* is the journal"):
        bulk_options({"journal": journal})
