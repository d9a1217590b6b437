"""A PostgreSQL server for the `postgres` dbt target: the configured one, or a local one.

    python -m crm_warehouse.postgres_server ensure

With `CRM_PG_HOST` set, the server is the user's: this only checks that the builder can log
in. Without it, a local server on 127.0.0.1 is made ready: Debian's PostgreSQL is installed
with apt-get when absent, its cluster started with `pg_ctlcluster`, and the roles and database
the project uses are created once:

- `crm_builder` (CRM_PG_USER / CRM_PG_PASSWORD) owns database `crm` (CRM_PG_DATABASE), created
  with the C collation so that text sorts as on DuckDB (person ids are chosen by the smallest
  identifier of a component);
- `bi_reader` (CRM_PG_READER, CRM_PG_READER_PASSWORD), the role BI tools log in as: dbt's
  `grants` give it SELECT on the marts only, and the on-run-end hook USAGE on schema marts.

Server administration runs as the `postgres` operating-system user (runuser as root, else
sudo), the way Debian's packaging expects.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass

import psycopg2
import psycopg2.extensions

READY_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    database: str
    builder: str
    builder_password: str
    reader: str
    reader_password: str
    is_local: bool

    @classmethod
    def from_environment(cls) -> Settings:
        env = os.environ
        return cls(
            host=env.get("CRM_PG_HOST") or "127.0.0.1",
            port=int(env.get("CRM_PG_PORT") or 5432),
            database=env.get("CRM_PG_DATABASE") or "crm",
            builder=env.get("CRM_PG_USER") or "crm_builder",
            builder_password=env.get("CRM_PG_PASSWORD") or "crm_builder",
            reader=env.get("CRM_PG_READER") or "bi_reader",
            reader_password=env.get("CRM_PG_READER_PASSWORD") or "bi_reader",
            is_local=not env.get("CRM_PG_HOST"),
        )

    def connect(
        self, user: str, password: str, database: str | None = None
    ) -> psycopg2.extensions.connection:
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=user,
            password=password,
            dbname=database or self.database,
            connect_timeout=5,
        )


def as_postgres_user(command: Sequence[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return ["sudo", "-u", "postgres", *command]


def as_root(command: Sequence[str]) -> list[str]:
    return list(command) if os.geteuid() == 0 else ["sudo", *command]


def install_postgresql() -> None:
    print("[postgres] installing Debian's postgresql with apt-get", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(as_root(["apt-get", "update", "-qq"]), check=True, env=environment)
    subprocess.run(
        as_root(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]),
        check=True,
        env=environment,
    )


def local_cluster() -> tuple[str, str, int, str]:
    """(version, name, port, status) of the local cluster, installing PostgreSQL if needed."""
    if shutil.which("pg_lsclusters") is None:
        install_postgresql()
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], check=True, capture_output=True, text=True
    ).stdout.split("\n")
    clusters = [line.split() for line in listing if line.strip()]
    if not clusters:
        raise SystemExit("[postgres] PostgreSQL is installed but has no cluster (pg_createcluster)")
    version, name, port, status = clusters[0][:4]
    return version, name, int(port), status


def run_as_superuser(statement: str, database: str = "postgres") -> str:
    completed = subprocess.run(
        as_postgres_user(["psql", "-X", "-q", "-t", "-A", "-d", database, "-c", statement]),
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    )
    return completed.stdout.strip()


def wait_until_ready(settings: Settings) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while True:
        ready = subprocess.run(
            ["pg_isready", "-q", "-h", settings.host, "-p", str(settings.port)], check=False
        )
        if ready.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"[postgres] not ready on {settings.host}:{settings.port}")
        time.sleep(0.5)


def ensure_role(name: str, password: str) -> None:
    literal = "'" + password.replace("'", "''") + "'"
    exists = run_as_superuser(f"select 1 from pg_roles where rolname = '{name}'")
    verb = "alter" if exists == "1" else "create"
    run_as_superuser(f'{verb} role "{name}" login password {literal}')


def ensure_local_server(settings: Settings) -> None:
    version, name, port, status = local_cluster()
    if port != settings.port:
        raise SystemExit(
            f"[postgres] the local cluster {version}/{name} listens on {port}, "
            f"CRM_PG_PORT is {settings.port}"
        )
    if status != "online":
        print(f"[postgres] starting cluster {version}/{name} on port {port}", flush=True)
        subprocess.run(as_root(["pg_ctlcluster", version, name, "start"]), check=True)
    wait_until_ready(settings)
    ensure_role(settings.builder, settings.builder_password)
    ensure_role(settings.reader, settings.reader_password)
    exists = run_as_superuser(f"select 1 from pg_database where datname = '{settings.database}'")
    if exists != "1":
        run_as_superuser(
            f'create database "{settings.database}" owner "{settings.builder}" '
            "template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'"
        )
    run_as_superuser(f'grant connect on database "{settings.database}" to "{settings.reader}"')


def check_builder_login(settings: Settings) -> None:
    connection = settings.connect(settings.builder, settings.builder_password)
    with closing(connection), connection.cursor() as cursor:
        cursor.execute("select current_setting('server_version')")
        (version,) = cursor.fetchone()
    print(
        f"[postgres] {settings.builder}@{settings.host}:{settings.port}/{settings.database} "
        f"ready (PostgreSQL {version})",
        flush=True,
    )


def ensure(settings: Settings) -> None:
    if settings.is_local:
        ensure_local_server(settings)
    check_builder_login(settings)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["ensure"])
    parser.parse_args(argv)
    ensure(Settings.from_environment())


if __name__ == "__main__":
    main()
