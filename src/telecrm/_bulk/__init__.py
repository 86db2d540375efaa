"""Bulk ingestion: ``client.ingest.upsert_many``.

Only :mod:`telecrm._bulk.options` is loaded with ``import telecrm``; the engine, preflight, the journal (and
SQLite) and the pacer load on the first ``upsert_many``.
"""
