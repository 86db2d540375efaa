"""A dlt source for Telecrm: the workspace's leads, team, fields and pipeline into any dlt destination.

Needs the ``dlt`` extra (``pip install 'telecrm[dlt]'``, which brings DuckDB too)::

    import dlt
    from telecrm.dlt import telecrm_source

    pipeline = dlt.pipeline("telecrm", destination="duckdb", dataset_name="telecrm")
    pipeline.run(telecrm_source())

``telecrm export`` runs the same pipeline from the command line. See the export guide for what each table
holds, how incremental runs work and what they can miss.
"""

from __future__ import annotations

try:
    import dlt as _dlt  # noqa: F401  # only to say what is missing, before anything else fails
except ImportError as _missing:  # exercised in a subprocess by the tests
    raise ImportError(
        "telecrm.dlt needs the dlt extra: pip install 'telecrm[dlt]'", name=_missing.name, path=_missing.path
    ) from _missing

from ._source import DEFAULT_OVERLAP_MS, telecrm_source

__all__ = ["DEFAULT_OVERLAP_MS", "telecrm_source"]
