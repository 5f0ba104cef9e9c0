"""Action tests run against a real, seeded SQLite order database (never a mock of it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from actions.services import Services, use_services
from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import PROJECT_ROOT, Settings
from shop.sampling import sample_orders
from shopbot.demo.seed import seed_demo_data

if TYPE_CHECKING:
    from knowledge.search import ProductSearch


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small seeded database file for the whole session; tests copy it."""
    path = tmp_path_factory.mktemp("actions-db") / "shop.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    seed_demo_data(database, seed=5, customers=120, orders=600)
    database.dispose()
    return path


@pytest.fixture
def services(seeded_sqlite: Path, tmp_path: Path) -> Iterator[Services]:
    """Services over a fresh copy of the seeded database, used by every action."""
    copy = tmp_path / "shop.db"
    copy.write_bytes(seeded_sqlite.read_bytes())
    settings = Settings(database_url=f"sqlite:///{copy}", environment="test")
    built = Services.build(settings, Database(settings.database_url))
    use_services(built)
    yield built
    use_services(None)
    built.database.dispose()


@pytest.fixture
def orders(services: Services) -> list[dict[str, object]]:
    """Demo orders across every status."""
    return sample_orders(services.database, 200, seed=2)


def first_order(orders: list[dict[str, object]], *statuses: str) -> dict[str, object]:
    """The first demo order with one of ``statuses``."""
    return next(order for order in orders if order["status"] in statuses)


# --- Products: a catalog in the order database, and one product search for the session ------
#: Products of the test catalog (generate_catalog's first N: every top category).
CATALOG_SIZE = 300


@pytest.fixture(scope="session")
def catalog_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded database whose orders use a generated catalog (saved before seeding)."""
    from knowledge.catalog import generate_catalog, save_catalog

    path = tmp_path_factory.mktemp("catalog-db") / "shop.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    save_catalog(database, generate_catalog(CATALOG_SIZE))
    seed_demo_data(database, seed=5, customers=120, orders=600)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def product_search(catalog_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> ProductSearch:
    """One product search over the test catalog (the project's embedding cache makes
    reruns fast; the index lives in a temporary folder)."""
    from knowledge.search import ProductSearch

    settings = Settings(
        database_url=f"sqlite:///{catalog_sqlite}",
        environment="test",
        index_dir=tmp_path_factory.mktemp("index"),
        embedding_cache_dir=PROJECT_ROOT / "var" / "cache" / "embeddings",
    )
    database = Database(settings.database_url)
    try:
        return ProductSearch.open(database, settings)
    finally:
        database.dispose()


@pytest.fixture
def catalog_services(
    catalog_sqlite: Path, product_search: ProductSearch, tmp_path: Path
) -> Iterator[Services]:
    """Services over a fresh copy of the catalog database, sharing the session's search."""
    copy = tmp_path / "shop.db"
    copy.write_bytes(catalog_sqlite.read_bytes())
    settings = Settings(database_url=f"sqlite:///{copy}", environment="test")
    built = Services.build(settings, Database(settings.database_url), catalog=product_search)
    use_services(built)
    yield built
    use_services(None)
    built.database.dispose()
