"""upsert_many's options as checked: what each defaults to."""

from __future__ import annotations

from telecrm._bulk.options import CONCURRENCY_PER_TOKEN, bulk_options


def test_concurrency_defaults_to_four_requests_in_flight_per_token():
    assert CONCURRENCY_PER_TOKEN == 4
    assert bulk_options({}).concurrency == 4


def test_concurrency_grows_with_the_tokens_sharing_the_load():
    assert bulk_options({"tokens": ["a", "b", "c"]}).concurrency == 12


def test_a_given_concurrency_is_kept_whatever_the_tokens():
    assert bulk_options({"tokens": ["a", "b"], "concurrency": 3}).concurrency == 3
