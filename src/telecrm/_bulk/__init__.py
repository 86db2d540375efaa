"""Bulk ingestion: ``client.ingest.upsert_many``.

Only :mod:`telecrm._bulk.options` and :mod:`telecrm._bulk.schema` (public names) are loaded with
``import telecrm``; the engine, preflight, the journal (and SQLite) and the pacer load on the first
``upsert_many``. A client is seen only through the port ``resources/ingest.py`` hands over
(:mod:`telecrm._bulk.port`).
"""
