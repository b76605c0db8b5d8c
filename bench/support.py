"""Shared by the benchmarks: where they run, a scratch database, and figures that cannot flatter.

Every bench takes its PostgreSQL database and its Redis database from the environment
(`DATABASE_URL`, `REDIS_URL`; `make bench` sets scratch defaults), drops and recreates that
database itself, warms up before it measures, measures the work and its baseline with the same
client in the same run, repeats (3 times unless `BENCH_REPEAT` says otherwise) and prints
min/median/max of each and of their ratio.
"""

import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import urlparse


def environment_urls():
    """(DATABASE_URL, REDIS_URL) from the environment; exits with a clear message when unset.

    The database named in DATABASE_URL is dropped and recreated by the bench: never point it at
    data you want to keep.
    """
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url.startswith("redis://"):
        sys.exit(
            "Set DATABASE_URL (a scratch PostgreSQL database: the bench drops and recreates it) and "
            "REDIS_URL (a Redis database the bench may flush), e.g. `make bench` does:\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ob_bench REDIS_URL=redis://127.0.0.1:6379/15"
        )
    return database_url, redis_url


def repetitions():
    return max(1, int(os.environ.get("BENCH_REPEAT", "3")))


def recreate_database(url):
    """Drop (forcing out any session) and create the database named in `url`."""
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def dump_database(url, path):
    """Save the database named in `url` to `path` (pg_dump's custom format), for `restore_database`."""
    subprocess.run(["pg_dump", "--format=custom", f"--file={path}", f"--dbname={url}"], check=True)


def restore_database(url, path):
    """Drop and recreate the database named in `url` and load `path` (made by `dump_database`): each
    repetition of a bench that commits starts from the same rows."""
    recreate_database(url)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={url}", str(path)], check=True)


def drop_database(url):
    import psycopg2

    parts = urlparse(url)
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


@dataclass(frozen=True)
class Spread:
    """min/median/max of one measure over the repetitions."""

    values: tuple

    @classmethod
    def of(cls, values):
        return cls(tuple(values))

    @property
    def min(self):
        return min(self.values)

    @property
    def median(self):
        return statistics.median(self.values)

    @property
    def max(self):
        return max(self.values)

    def text(self, fmt="{:.3f}"):
        return " / ".join(fmt.format(v) for v in (self.min, self.median, self.max))

    def as_dict(self):
        return {"min": self.min, "median": self.median, "max": self.max, "values": list(self.values)}


def ratios(work, baseline):
    """Per repetition work ÷ baseline (paired: the same repetition's baseline)."""
    return Spread.of(w / b for w, b in zip(work, baseline, strict=True))


def report(title, rows):
    """Print `rows` [(measure, Spread, unit)] as an aligned min / median / max table."""
    print(f"\n{title}  (min / median / max over {max(len(s.values) for _, s, _ in rows)} runs)")
    width = max(len(name) for name, _, _ in rows)
    for name, spread, unit in rows:
        print(f"  {name:<{width}}  {spread.text()} {unit}".rstrip())
