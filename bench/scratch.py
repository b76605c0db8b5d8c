"""Kept for the benches not yet moved to bench.support: the scratch database lives there."""

from bench.support import recreate_database  # noqa: F401
