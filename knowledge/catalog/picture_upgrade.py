"""Moving a stored demo catalog to the shipped demo pictures.

Demo catalogs saved before the pictures shipped point every product at
:data:`~knowledge.catalog.pictures.LEGACY_DEMO_PREFIX`, a host that never resolved. Their
products get the picture the generator gives them now (:func:`picture_path` of their
category and first colour), so an existing demo database shows pictures and matches a fresh
one (the same catalog fingerprint, so the search index stays current). Only URLs on that
reserved host change: a shop's own catalog is never touched. ``shopbot catalog demo
--if-empty`` (what ``make run`` runs) calls it when the database already holds products.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update

from core.db.base import Base, utc_now
from core.db.database import Database
from knowledge.catalog.pictures import LEGACY_DEMO_PREFIX, picture_path

__all__ = ["upgrade_demo_pictures"]


def upgrade_demo_pictures(db: Database) -> int:
    """Points products whose image is on the old demo host at their demo picture; how many
    changed."""
    products = Base.metadata.tables["products"]
    with db.begin() as connection:
        rows = connection.execute(
            select(products.c.sku, products.c.category_path, products.c.colours).where(
                products.c.image_url.startswith(LEGACY_DEMO_PREFIX, autoescape=True)
            )
        ).all()
        if not rows:
            return 0
        now = utc_now()
        changes = [
            {
                "key": row.sku,
                "url": picture_path(row.category_path or "", tuple(row.colours or ())),
                "now": now,
            }
            for row in rows
        ]
        statement = (
            update(products)
            .where(products.c.sku == bindparam("key"))
            .values(image_url=bindparam("url"), updated_at=bindparam("now"))
        )
        connection.execute(statement, changes)
    return len(changes)
