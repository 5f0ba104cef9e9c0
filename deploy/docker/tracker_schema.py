"""The one-shot ``tracker-schema`` service of deploy/compose.yml, in the Rasa image.

Rasa's tracker store tables, created once before the Rasa servers start, as ``shopbot
production up`` does (shopbot/production/tracker_schema.py: two servers creating them at the
same moment on an empty PostgreSQL database collide and one dies): one instance of the
servers' own tracker store class (``bot.tracker_store.KeptSQLTrackerStore``, which creates
what is missing and leaves what is there) on the database of ``SHOPBOT_TRACKER_DB_*``.
"""

from __future__ import annotations

import os
import sys

from bot.tracker_store import KeptSQLTrackerStore

VARIABLES = (
    "SHOPBOT_TRACKER_DB_HOST",
    "SHOPBOT_TRACKER_DB_PORT",
    "SHOPBOT_TRACKER_DB_USER",
    "SHOPBOT_TRACKER_DB_PASSWORD",
    "SHOPBOT_TRACKER_DB_NAME",
)


def main() -> int:
    """Create the tables; 1 with one line when a variable is missing or it fails."""
    missing = [name for name in VARIABLES if not os.environ.get(name)]
    if missing:
        print(f"tracker-schema: not set: {', '.join(missing)}", file=sys.stderr)
        return 1
    host, port, user, password, database = (os.environ[name] for name in VARIABLES)
    try:
        store = KeptSQLTrackerStore(
            dialect="postgresql",
            host=host,
            port=port,
            username=user,
            password=password,
            db=database,
        )
    except Exception as error:  # whatever SQLAlchemy raises: one line, exit 1
        print(f"tracker-schema: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    store.engine.dispose()
    print(f"tracker-schema: the tracker store's tables are in {database}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
