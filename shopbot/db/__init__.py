"""The order database: models, engine wrapper, migrations and demo data.

>>> from shopbot.db import Database, upgrade
>>> db = Database("sqlite:///var/shop.db")
>>> upgrade(db)  # doctest: +SKIP
"""

from shopbot.db.base import Base, UTCDateTime, utc_now
from shopbot.db.database import Database
from shopbot.db.migrate import current_revision, head_revision, upgrade

__all__ = [
    "Base",
    "Database",
    "UTCDateTime",
    "current_revision",
    "head_revision",
    "upgrade",
    "utc_now",
]
