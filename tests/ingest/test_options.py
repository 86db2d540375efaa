"""upsert_many's options as checked: what each defaults to."""

from __future__ import annotations

from telecrm._bulk.options import bulk_options


def test_concurrency_left_out_is_left_to_adapt():
    assert bulk_options({}).concurrency is None


def test_a_given_concurrency_is_kept_whatever_the_tokens():
    assert bulk_options({"tokens": ["a", "b"], "concurrency": 3}).concurrency == 3
