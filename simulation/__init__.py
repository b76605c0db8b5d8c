"""The school-year simulator: a controlled clock over a whole school year, the real Celery tasks,
a seeded population of parents and staff acting through the apps' services, every rule checked
as an invariant each simulated day, injected faults, and a weekly report.

An aggregator layer: it may import every feature app; nothing imports it.
"""
