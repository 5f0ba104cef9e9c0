"""Rasa's tracker store schema, created once before several Rasa servers start.

Every Rasa server creates the tracker store's tables and triggers when it starts
(``bot.tracker_store.KeptSQLTrackerStore``, with ``CREATE ... IF NOT EXISTS``); two servers
doing so at the same moment on an empty PostgreSQL database collide (a duplicate
``pg_type`` entry) and one of them dies, to be restarted a minute later. So, as a deployment
runs its migrations before its replicas, ``up`` creates the schema with one instance of the
same class in the Rasa environment, when the database does not have it yet.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping

import psycopg

from core.errors import DeploymentError
from shopbot.production.profile import RASA_PYTHON

__all__ = ["ensure_tracker_schema", "has_tracker_schema"]

#: The tables a Rasa server of the profile expects (Rasa's events, bot/'s change counts and
#: pending reminders).
TABLES = ("events", "shopbot_event_changes", "shopbot_reminders")
_CREATE = """
import os
from bot.tracker_store import KeptSQLTrackerStore
KeptSQLTrackerStore(
    dialect="postgresql",
    host=os.environ["SHOPBOT_TRACKER_DB_HOST"],
    port=os.environ["SHOPBOT_TRACKER_DB_PORT"],
    username=os.environ["SHOPBOT_TRACKER_DB_USER"],
    password=os.environ["SHOPBOT_TRACKER_DB_PASSWORD"],
    db=os.environ["SHOPBOT_TRACKER_DB_NAME"],
).engine.dispose()
"""


def _conninfo(environment: Mapping[str, str]) -> str:
    return psycopg.conninfo.make_conninfo(
        host=environment["SHOPBOT_TRACKER_DB_HOST"],
        port=environment["SHOPBOT_TRACKER_DB_PORT"],
        user=environment["SHOPBOT_TRACKER_DB_USER"],
        password=environment["SHOPBOT_TRACKER_DB_PASSWORD"],
        dbname=environment["SHOPBOT_TRACKER_DB_NAME"],
        connect_timeout=10,
    )


def has_tracker_schema(environment: Mapping[str, str]) -> bool:
    """Whether the tracker database of ``environment`` has every table of :data:`TABLES`."""
    query = "SELECT count(to_regclass(name)) FROM unnest(%s::text[]) AS name"
    try:
        with psycopg.connect(_conninfo(environment)) as db:
            row = db.execute(query, (list(TABLES),)).fetchone()
    except psycopg.Error as error:
        raise DeploymentError(f"cannot read the tracker store's database: {error}") from error
    return row is not None and row[0] == len(TABLES)


def ensure_tracker_schema(environment: Mapping[str, str]) -> bool:
    """Create the schema unless it is there; whether it was created."""
    if has_tracker_schema(environment):
        return False
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", _CREATE],
        env=dict(environment),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0 or not has_tracker_schema(environment):
        tail = " / ".join(result.stderr.strip().splitlines()[-3:])
        raise DeploymentError(f"cannot create the tracker store's tables: {tail}")
    return True
