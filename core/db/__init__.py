"""The order database: models, engine wrapper, migrations and demo data.

>>> from core.db import Database, upgrade
>>> db = Database("sqlite:///var/shop.db")
>>> upgrade(db)  # doctest: +SKIP
"""

from core.db.base import Base, UTCDateTime, utc_now
from core.db.database import Database
from core.db.migrate import current_revision, head_revision, upgrade

__all__ = [
    "Base",
    "Database",
    "UTCDateTime",
    "current_revision",
    "head_revision",
    "upgrade",
    "utc_now",
]
