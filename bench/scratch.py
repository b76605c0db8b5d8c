"""Shared by the benchmarks: a scratch PostgreSQL database, dropped and created anew."""

from urllib.parse import urlparse


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
