"""``shopbot search``: find products as the assistant would, from the command line.

The index is the one ``shopbot index build`` keeps in ``var/index/<encoder>/``; when it
is missing or stale it is brought up to date first (progress bar on stderr). The table shows
prices as shoppers see them, in the storefront currency ("≈ €106.47 (115.00 USD)" when
converted); ``--json`` keeps the catalog's own price and currency.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from core.money import format_money
from core.settings import Settings, get_settings
from knowledge.catalog.currencies import Storefront
from knowledge.catalog.schema import CatalogProduct
from knowledge.search import ProductSearch, SearchResult
from shopbot.cli.db import JsonOption, open_database
from shopbot.cli.index import encoding_progress
from shopbot.cli.output import print_json, shopbot_errors, stderr, stdout

__all__ = ["EncoderSpecOption", "ModeOption", "open_search", "search"]

EncoderSpecOption = Annotated[
    str | None,
    typer.Option("--encoder", help="minilm, e5 or st:<model> (default: SHOPBOT_SEARCH_ENCODER)."),
]
ModeOption = Annotated[
    str | None,
    typer.Option("--mode", help="combined, semantic or lexical (default: SHOPBOT_SEARCH_MODE)."),
]
DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", help="SQLAlchemy URL (default: the DATABASE_URL setting)."),
]


def open_search(
    encoder: str | None, mode: str | None, database_url: str | None, *, progress: bool = True
) -> ProductSearch:
    """The product search the settings describe, with command-line overrides."""
    settings: Settings = get_settings()
    if encoder:
        settings = settings.model_copy(update={"search_encoder": encoder})
    if mode:
        if mode not in ("combined", "semantic", "lexical"):
            raise typer.BadParameter("use combined, semantic or lexical", param_hint="--mode")
        settings = settings.model_copy(update={"search_mode": mode})
    database = open_database(database_url)
    try:
        with encoding_progress(progress) as report:
            return ProductSearch.open(database, settings, progress=report, threads=None)
    finally:
        database.dispose()


def _price_text(product: CatalogProduct, storefront: Storefront) -> str:
    """The storefront price; a converted one marked, with the catalog's price after it."""
    shown = storefront.product_price(product)
    if shown is None or product.price is None:
        return "-"
    text = format_money(shown.amount, shown.currency)
    if not shown.converted:
        return text
    return f"\u2248 {text} ({product.price} {product.currency})"


def _print_table(result: SearchResult, storefront: Storefront) -> None:
    filters = result.query.filters.describe()
    if filters:
        stderr.print(f"Filters: {', '.join(filters)}")
    if not result.hits:
        advice = f" Try without: {', '.join(result.broaden)}." if result.broaden else ""
        stdout.print(f"Nothing fits ({result.no_match}).{advice}")
        return
    table = Table("#", "id", "title", "category", "price", "score")
    for position, hit in enumerate(result.hits, start=1):
        product = hit.product
        price = _price_text(product, storefront)
        table.add_row(
            str(position), product.id, product.title, product.category_path, price,
            f"{hit.score:.3f}",
        )  # fmt: skip
    stdout.print(table)


def search(
    query: Annotated[str, typer.Argument(help="What the shopper would write.")],
    lang: Annotated[str, typer.Option("--lang", help="Language of the query (ISO 639-1).")] = "en",
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many results.")] = 10,
    encoder: EncoderSpecOption = None,
    mode: ModeOption = None,
    database_url: DatabaseOption = None,
    json_output: JsonOption = False,
) -> None:
    """Search the catalog: semantic ranking, filters read from the words, relevance rule."""
    with shopbot_errors():
        engine = open_search(encoder, mode, database_url, progress=not json_output)
        result = engine.search(query, language=lang, k=k)
    if json_output:
        print_json(result.to_json())
    else:
        _print_table(result, engine.storefront)
