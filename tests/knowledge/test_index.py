"""The product index: cache, build/search/save/load, staleness, updates, HNSW, the CLI.

A tiny deterministic bag-of-words encoder stands in for the real models (their own tests
are in ``test_encoders.py``); the CLI test uses the real e5 encoder on five products.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from core.db.database import Database
from core.db.migrate import upgrade
from core.db.models import Product
from knowledge import index_faiss
from knowledge.embedding_cache import EmbeddingCache, encode_passages
from knowledge.encoders import Encoder, Vectors, load_encoder, normalise_rows
from knowledge.index import (
    HnswParams,
    ProductIndex,
    ProductIndexError,
    StaleIndexError,
    ensure_index,
    faiss_label,
)
from knowledge.index_store import MANIFEST_NAME, read_manifest
from shopbot.cli.main import app

TEXTS = [
    "waterproof leather hiking boots with a grippy rubber sole",
    "lightweight trail running shoes for rocky paths",
    "insulated winter parka with a fur-lined hood",
    "packable rain jacket that folds into its own pocket",
    "merino wool base layer for cold mornings",
    "two-person dome tent for backpacking trips",
    "down sleeping bag rated to minus ten degrees",
    "inflatable camping mattress with a built-in pump",
    "stainless steel insulated water bottle keeps drinks cold",
    "folding camp chair with a cup holder",
    "adjustable dumbbells from two to twenty kilograms",
    "non-slip yoga mat with alignment lines",
    "resistance bands set with door anchor",
    "foam roller for muscle recovery after running",
    "heart rate monitor chest strap with bluetooth",
    "usb-c fast charger with two ports",
    "braided charging cable two metres long",
    "wireless noise-cancelling headphones with long battery life",
    "magnetic phone car mount for air vents",
    "rugged phone case that survives drops",
    "chef knife of stainless steel with a wooden handle",
    "cast iron frying pan preseasoned for the oven",
    "ceramic non-stick saucepan with a glass lid",
    "bamboo cutting board with a juice groove",
    "electric kettle with temperature control for tea",
    "vitamin c face serum for brighter skin",
    "fragrance-free moisturiser for sensitive skin",
    "mineral sunscreen spf fifty for the beach",
    "solid shampoo bar without plastic packaging",
    "soft bristle toothbrush made of bamboo",
    "wooden train set with a bridge and tunnel",
    "science experiment kit for curious ten year olds",
    "thousand piece jigsaw puzzle of a mountain lake",
    "strategy board game for the whole family",
    "plush teddy bear that is machine washable",
    "carry-on suitcase with spinner wheels",
    "laptop backpack with a padded sleeve",
    "leather weekend duffel bag for short trips",
    "anti-theft travel sling with rfid blocking",
    "packing cubes set to organise a suitcase",
    "automatic diver watch water resistant to two hundred metres",
    "minimalist quartz watch with a mesh strap",
    "sterling silver hoop earrings",
    "gold plated pendant necklace with a small heart",
    "smart fitness watch with gps and sleep tracking",
    "organic cotton crew neck t-shirt",
    "slim fit stretch denim jeans",
    "wool blend knitted scarf in winter colours",
    "linen summer dress with short sleeves",
    "reflective cycling vest for riding after dark",
]


@dataclass(frozen=True)
class Item:
    """A product as the index sees it."""

    id: str
    text: str

    def text_for_embedding(self) -> str:
        return self.text


class BagOfWords:
    """A deterministic fake encoder: sum of per-word random vectors; counts encoded texts."""

    def __init__(self, name: str = "test:bag-of-words", dimension: int = 64) -> None:
        self.name = name
        self.dimension = dimension
        self.encoded: list[str] = []

    def _vector(self, text: str) -> Vectors:
        total = np.zeros(self.dimension, dtype=np.float64)
        for word in text.lower().split():
            seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "big")
            total += np.random.default_rng(seed).standard_normal(self.dimension)
        return total.astype(np.float32)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return normalise_rows([self._vector(t) for t in texts], self.dimension)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        self.encoded.extend(texts)
        return normalise_rows(np.array([self._vector(t) for t in texts]), self.dimension)


def items() -> list[Item]:
    return [Item(f"P{number:03d}", text) for number, text in enumerate(TEXTS)]


def top_ids(
    index: ProductIndex, encoder: BagOfWords, query: str, k: int = 5, **kw: object
) -> list[str]:
    vector = encoder.encode_queries([query])[0]
    return [pid for pid, _ in index.search(vector, k, **kw)]  # type: ignore[arg-type]


@pytest.fixture
def encoder() -> BagOfWords:
    return BagOfWords()


# --- Embedding cache ------------------------------------------------------------------


def test_cache_hit_avoids_re_encoding(tmp_path: Path, encoder: BagOfWords) -> None:
    cache = EmbeddingCache(tmp_path / "cache")
    texts = [item.text for item in items()]
    first, stats = encode_passages(encoder, texts, cache=cache, batch_size=16)
    assert (stats.from_cache, stats.encoded, len(encoder.encoded)) == (0, 50, 50)
    assert cache.count(encoder.name) == 50

    encoder.encoded.clear()
    again, stats = encode_passages(encoder, texts, cache=cache)
    assert (stats.from_cache, stats.encoded, encoder.encoded) == (50, 0, [])
    np.testing.assert_array_equal(first, again)

    changed = [*texts[:-1], "a brand new description", "a brand new description"]
    _, stats = encode_passages(encoder, changed, cache=cache)
    assert (stats.from_cache, stats.encoded) == (49, 1)
    assert encoder.encoded == ["a brand new description"]


def test_an_interrupted_run_keeps_the_batches_it_finished(
    tmp_path: Path, encoder: BagOfWords, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = EmbeddingCache(tmp_path)
    texts = [item.text for item in items()]
    real = encoder.encode_passages

    def failing(batch: Sequence[str]) -> Vectors:
        if len(encoder.encoded) >= 20:
            raise KeyboardInterrupt
        return real(batch)

    monkeypatch.setattr(encoder, "encode_passages", failing)
    with pytest.raises(KeyboardInterrupt):
        encode_passages(encoder, texts, cache=cache, batch_size=10)
    monkeypatch.undo()
    _, stats = encode_passages(encoder, texts, cache=cache, batch_size=10)
    assert (stats.from_cache, stats.encoded) == (20, 30)


def test_cache_is_per_encoder_and_survives_a_damaged_file(
    tmp_path: Path, encoder: BagOfWords
) -> None:
    cache = EmbeddingCache(tmp_path)
    encode_passages(encoder, ["red shoes"], cache=cache)
    other = BagOfWords(name="test:other")
    _, stats = encode_passages(other, ["red shoes"], cache=cache)
    assert stats.encoded == 1
    assert cache.path_for(encoder.name) != cache.path_for(other.name)

    cache.path_for(encoder.name).write_bytes(b"this is not a database" * 100)
    vectors, stats = encode_passages(encoder, ["red shoes"], cache=cache)
    assert stats.encoded == 1 and vectors.shape == (1, 64)
    assert list(tmp_path.glob("*.corrupt-*"))
    assert cache.count(encoder.name) == 1


# --- Build, search, save, load ----------------------------------------------------------


def test_build_search_save_load_round_trip(tmp_path: Path, encoder: BagOfWords) -> None:
    index = ProductIndex.build(items(), encoder, fingerprint="fp-1")
    assert (len(index), index.kind, index.dimension) == (50, "flat", 64)
    results = index.search(encoder.encode_queries([TEXTS[31]])[0], 3)
    assert results[0][0] == "P031" and results[0][1] == pytest.approx(1.0, abs=1e-5)
    assert results[0][1] >= results[1][1] >= results[2][1]
    assert top_ids(index, encoder, "hiking boots waterproof")[0] == "P000"

    index.save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
    assert manifest["ids"] == [item.id for item in items()]
    assert manifest["encoder"] == encoder.name and manifest["fingerprint"] == "fp-1"
    assert manifest["counts"] == {"items": 50, "vectors": 50, "tombstones": 0}
    assert manifest["labels"][0] == faiss_label("P000") and manifest["kind"] == "flat"

    loaded = ProductIndex.load(tmp_path, encoder, expected_fingerprint="fp-1")
    query = encoder.encode_queries(["camping tent for two"])[0]
    assert loaded.search(query, 5) == index.search(query, 5)
    assert loaded.search(query, 0) == [] and len(loaded.search(query, 500)) == 50


def test_duplicate_ids_are_refused(encoder: BagOfWords) -> None:
    with pytest.raises(ProductIndexError, match="duplicate"):
        ProductIndex.build([Item("A", "x"), Item("A", "y")], encoder, fingerprint="f")


@pytest.mark.parametrize("kind", ["flat", "hnsw", "hnsw-overfetch"])
def test_allowed_ids_restrict_the_results(
    kind: str, encoder: BagOfWords, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "hnsw-overfetch":  # HNSW scores small sets exactly: force the other path
        monkeypatch.setattr(index_faiss, "EXACT_SUBSET_LIMIT", 0)
    index = ProductIndex.build(items(), encoder, fingerprint="f", kind=kind.split("-")[0])
    allowed = {"P010", "P011", "P012", "UNKNOWN"}
    found = top_ids(index, encoder, TEXTS[0], k=10, allowed_ids=allowed)
    assert sorted(found) == ["P010", "P011", "P012"]
    assert top_ids(index, encoder, TEXTS[0], allowed_ids=set()) == []
    assert top_ids(index, encoder, TEXTS[11], k=1, allowed_ids=allowed) == ["P011"]


# --- Stale and damaged indexes -----------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path, encoder: BagOfWords) -> Path:
    ProductIndex.build(items(), encoder, fingerprint="fp-1").save(tmp_path)
    return tmp_path


def _reason(directory: Path, encoder: BagOfWords, fingerprint: str | None = "fp-1") -> str:
    with pytest.raises(StaleIndexError) as caught:
        ProductIndex.load(directory, encoder, expected_fingerprint=fingerprint)
    return caught.value.reason


def test_a_stale_fingerprint_or_another_encoder_raises(saved: Path, encoder: BagOfWords) -> None:
    assert _reason(saved, encoder, "fp-2") == "fingerprint"
    assert _reason(saved, BagOfWords(name="test:another")) == "encoder"
    assert _reason(saved, BagOfWords(dimension=32)) == "dimension"
    assert len(ProductIndex.load(saved, encoder, expected_fingerprint=None)) == 50


def test_missing_or_damaged_files_raise(saved: Path, encoder: BagOfWords, tmp_path: Path) -> None:
    assert _reason(tmp_path / "nowhere", encoder) == "missing"
    faiss_file = saved / read_manifest(saved).index_file
    faiss_file.write_bytes(faiss_file.read_bytes()[:-100])
    assert _reason(saved, encoder) == "corrupt"
    faiss_file.unlink()
    assert _reason(saved, encoder) == "missing"
    (saved / MANIFEST_NAME).write_text("{not json")
    assert _reason(saved, encoder) == "corrupt"
    (saved / MANIFEST_NAME).write_text(json.dumps({"format_version": 99}))
    assert _reason(saved, encoder) == "format"


# --- Updates without a rebuild ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_upsert_and_remove_change_results_without_a_rebuild(
    kind: str, encoder: BagOfWords, tmp_path: Path
) -> None:
    index = ProductIndex.build(items(), encoder, fingerprint="fp-1", kind=kind)
    built_at, encoder.encoded[:] = index.built_at, []
    query = "glow in the dark frisbee for night games"
    assert "P033" not in top_ids(index, encoder, query, k=1)

    unchanged = items()[:3]
    changed = Item("P033", query)
    stats = index.upsert([*unchanged, changed, Item("P900", "heated socks")], fingerprint="fp-2")
    assert (stats.added, stats.updated, stats.unchanged, stats.encoded) == (1, 1, 3, 2)
    assert encoder.encoded == [query, "heated socks"]
    assert top_ids(index, encoder, query, k=1) == ["P033"]
    assert top_ids(index, encoder, "heated socks", k=1) == ["P900"]
    assert len(index) == 51 and index.fingerprint == "fp-2" and index.built_at == built_at

    index.remove(["P033", "NOT-THERE"], fingerprint="fp-3")
    assert "P033" not in index and len(index) == 50
    assert "P033" not in top_ids(index, encoder, query, k=50)
    if kind == "hnsw":
        assert index.tombstone_count == 2

    index.save(tmp_path)
    loaded = ProductIndex.load(tmp_path, encoder, expected_fingerprint="fp-3")
    assert "P033" not in top_ids(loaded, encoder, query, k=50)
    assert top_ids(loaded, encoder, "heated socks", k=1) == ["P900"]
    assert loaded.tombstone_count == index.tombstone_count


def test_hnsw_compacts_when_tombstones_pass_a_fifth(encoder: BagOfWords) -> None:
    index = ProductIndex.build(items(), encoder, fingerprint="f", kind="hnsw")
    index.remove([f"P{n:03d}" for n in range(10)], fingerprint="f")
    assert index.tombstone_count == 10 and not index.last_stats.compacted
    index.remove(["P010"], fingerprint="f")
    assert index.last_stats.compacted and index.tombstone_count == 0 and len(index) == 39
    assert top_ids(index, encoder, TEXTS[20], k=1) == ["P020"]


def test_ensure_index_loads_updates_or_rebuilds(tmp_path: Path, encoder: BagOfWords) -> None:
    catalog = items()
    index, rebuilt = ensure_index(tmp_path, catalog, encoder, "fp-1")
    assert rebuilt and len(encoder.encoded) == 50

    encoder.encoded.clear()
    index, rebuilt = ensure_index(tmp_path, catalog, encoder, "fp-1")
    assert not rebuilt and encoder.encoded == []

    # A price change: new fingerprint, same texts: nothing is encoded.
    index, rebuilt = ensure_index(tmp_path, catalog, encoder, "fp-2")
    assert not rebuilt and encoder.encoded == [] and index.fingerprint == "fp-2"

    # One description changed, one product gone: only that text is encoded.
    catalog = [replace(catalog[0], text="heated gloves"), *catalog[2:]]
    index, rebuilt = ensure_index(tmp_path, catalog, encoder, "fp-3")
    assert not rebuilt and encoder.encoded == ["heated gloves"]
    assert (index.last_stats.updated, index.last_stats.removed) == (1, 1)
    assert ProductIndex.load(tmp_path, encoder, expected_fingerprint="fp-3").ids == index.ids

    _, rebuilt = ensure_index(tmp_path, catalog, encoder, "fp-3", kind="hnsw")
    assert rebuilt and read_manifest(tmp_path).kind == "hnsw"
    index, rebuilt = ensure_index(tmp_path, catalog, encoder, "fp-3")  # auto keeps the kind
    assert not rebuilt and index.kind == "hnsw"
    index, rebuilt = ensure_index(
        tmp_path, catalog, encoder, "fp-3", hnsw=HnswParams(ef_search=128)
    )
    assert not rebuilt and index.hnsw == HnswParams(ef_search=128)
    _, rebuilt = ensure_index(
        tmp_path, catalog, encoder, "fp-3", kind="hnsw", hnsw=HnswParams(m=16)
    )
    assert rebuilt and read_manifest(tmp_path).hnsw["m"] == 16
    _, rebuilt = ensure_index(tmp_path, catalog, BagOfWords(name="test:new"), "fp-3")
    assert rebuilt


# --- HNSW quality -------------------------------------------------------------------------


def test_hnsw_recall_at_10_against_flat() -> None:
    rng = np.random.default_rng(7)
    dimension, count = 32, 3000
    vectors = normalise_rows(rng.standard_normal((count, dimension)), dimension)
    ids = [f"R{n}" for n in range(count)]
    encoder = BagOfWords(dimension=dimension)
    flat = ProductIndex.from_vectors(ids, vectors, encoder, fingerprint="f", kind="flat")
    hnsw = ProductIndex.from_vectors(
        ids, vectors, encoder, fingerprint="f", kind="hnsw", hnsw=HnswParams(ef_search=64)
    )
    assert hnsw.kind == "hnsw"
    queries = normalise_rows(vectors[:200] + 0.3 * rng.standard_normal((200, dimension)), dimension)
    found = 0
    for query in queries:
        exact = {pid for pid, _ in flat.search(query, 10)}
        found += len(exact & {pid for pid, _ in hnsw.search(query, 10)})
    assert found / (10 * len(queries)) >= 0.95


# --- Command line --------------------------------------------------------------------------


def _tiny_database(tmp_path: Path) -> tuple[str, Database]:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    database = Database(url)
    upgrade(database)
    rows = [
        ("BOOT-1", "Trail hiking boots", "Waterproof leather boots for wet mountain trails."),
        ("KNIFE-1", "Chef knife", "A stainless steel kitchen knife."),
        ("TENT-1", "Dome tent", "A two-person tent for backpacking."),
        ("MUG-1", "Camping mug", "An enamel mug for coffee outdoors."),
        ("OLD-1", "Old lamp", "Discontinued."),
    ]
    with database.session() as session:
        for sku, title, description in rows:
            session.add(
                Product(
                    sku=sku,
                    title=title,
                    description=description,
                    brand="Acme",
                    category_path="Test > Things",
                    price=Decimal("10.00"),
                    colours=["red"],
                    materials=["steel"],
                    tags=["demo"],
                    active=sku != "OLD-1",
                )
            )
    return url, database


def test_cli_builds_and_reports_status_on_a_tiny_database(tmp_path: Path) -> None:
    url, database = _tiny_database(tmp_path)
    runner = CliRunner()
    out, cache = str(tmp_path / "index"), str(tmp_path / "cache")
    common = ["--encoder", "e5", "--database-url", url, "--json"]
    result = runner.invoke(
        app, ["index", "build", *common, "--out", out, "--cache-dir", cache, "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["items"] == 4 and summary["kind"] == "flat" and summary["encoded"] == 4
    assert summary["encoder"] == "e5:multilingual-e5-small" and summary["index_bytes"] > 0

    result = runner.invoke(app, ["index", "status", *common, "--dir", out, "--check"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["current"] is True

    with sqlite3.connect(tmp_path / "shop.db") as connection:
        connection.execute("UPDATE products SET price = 12.50 WHERE sku = 'MUG-1'")
    result = runner.invoke(app, ["index", "status", *common, "--dir", out, "--check"])
    assert result.exit_code == 1
    status = json.loads(result.stdout)
    assert status["current"] is False and status["reason"] == "fingerprint"

    result = runner.invoke(
        app, ["index", "build", *common, "--out", out, "--cache-dir", cache, "--no-progress"]
    )
    assert json.loads(result.stdout)["from_cache"] == 4
    index = ProductIndex.load(out, _e5(), expected_fingerprint=None)
    query = _e5().encode_queries(["boots for rainy mountain hikes"])[0]
    assert index.search(query, 1)[0][0] == "BOOT-1"
    database.dispose()


def _e5() -> Encoder:
    return load_encoder("e5")
