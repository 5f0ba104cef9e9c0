"""Ranking metrics and the labelled-query reader (values computed by hand)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from knowledge.search.metrics import (
    CategoryOutcome,
    LabelledQuery,
    category_precision_at_k,
    category_summary,
    evaluate,
    mrr_at_k,
    ndcg_at_k,
    read_labelled_queries,
    recall_at_k,
)

# 1/log2(3) and 1/log2(6): the gains at ranks 2 and 5.
RANK2 = 0.6309297535714575
RANK5 = 0.38685280723454163


def test_ndcg_binary_gains_over_the_ideal_of_min_k_and_relevant() -> None:
    # Hits at ranks 1, 3, 5: DCG = 1 + 1/2 + 1/log2(6); ideal = 1 + 1/log2(3) + 1/2.
    ranked = ["a", "x", "b", "y", "c"]
    expected = (1 + 0.5 + RANK5) / (1 + RANK2 + 0.5)
    assert ndcg_at_k(ranked, {"a", "b", "c"}) == pytest.approx(expected)
    assert expected == pytest.approx(0.88546, abs=1e-5)
    # k=3 keeps ranks 1-3 (1 + 1/2) against the same three-hit ideal.
    assert ndcg_at_k(ranked, {"a", "b", "c"}, k=3) == pytest.approx(0.70392, abs=1e-5)


def test_ndcg_perfect_empty_and_missing() -> None:
    assert ndcg_at_k(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    # 40 relevant products: ten relevant ids in the top ten is ideal.
    many = {f"p{i}" for i in range(40)}
    assert ndcg_at_k([f"p{i}" for i in range(10)], many) == pytest.approx(1.0)
    assert ndcg_at_k([], {"a"}) == 0.0
    assert ndcg_at_k(["a"], set()) == 0.0
    assert ndcg_at_k(["x", "y"], {"a"}) == 0.0


def test_repeated_ids_count_once() -> None:
    # ["a", "a", "b"] is read as ["a", "b"]: a perfect ranking of two relevant ids.
    assert ndcg_at_k(["a", "a", "b"], {"a", "b"}) == pytest.approx(1.0)
    assert recall_at_k(["a", "a", "a"], {"a", "b"}, k=2) == pytest.approx(0.5)


def test_mrr_at_k() -> None:
    assert mrr_at_k(["x", "y", "b"], {"b"}) == pytest.approx(1 / 3)
    assert mrr_at_k(["b", "y"], {"b", "y"}) == 1.0
    assert mrr_at_k(["x", "y", "b"], {"b"}, k=2) == 0.0
    assert mrr_at_k([], {"b"}) == 0.0


def test_recall_divides_by_min_k_and_relevant() -> None:
    assert recall_at_k(["a", "x", "b"], {"a", "b", "c"}) == pytest.approx(2 / 3)
    many = {f"p{i}" for i in range(40)}
    assert recall_at_k([f"p{i}" for i in range(10)], many) == 1.0
    assert recall_at_k([f"p{i}" for i in range(5)], many) == 0.5
    assert recall_at_k(["a"], set()) == 0.0


def test_category_precision_counts_empty_ranks_as_misses() -> None:
    assert category_precision_at_k(["Boots", "Boots", "Rings"], {"Boots"}, k=5) == 0.4
    assert category_precision_at_k(["A", "B", "A", "A", "A", "A"], {"A", "B"}, k=5) == 1.0
    assert category_precision_at_k([], {"Boots"}, k=5) == 0.0
    with pytest.raises(ValueError):
        category_precision_at_k(["A"], {"A"}, k=0)


def test_category_summary_separates_nothing_fits_and_absent_requests() -> None:
    outcomes = [
        CategoryOutcome(frozenset({"Boots"}), ("Boots",) * 5),
        CategoryOutcome(frozenset({"Boots"}), ()),  # nothing fits for a sold product
        CategoryOutcome(frozenset(), ()),  # declined: the shop sells none
        CategoryOutcome(frozenset(), ("Rings",)),  # offered something unrelated
    ]
    summary = category_summary(outcomes, k=5)
    assert summary == {
        "precision@5": 0.5,
        "nothing_fits": 0.5,
        "absent_declined": 0.5,
        "n": 2,
        "n_absent": 2,
    }
    assert category_summary([], k=5)["precision@5"] is None


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError, match="k must be"):
        ndcg_at_k(["a"], {"a"}, k=0)


def _queries() -> list[LabelledQuery]:
    return [
        LabelledQuery("q1", frozenset({"a", "b"}), "en", "keyword"),
        LabelledQuery("q2", frozenset({"c"}), "de", "natural"),
        LabelledQuery("q3", frozenset(), "en", "no_match"),
        LabelledQuery("q4", frozenset(), "en", "no_match"),
        LabelledQuery("q5", frozenset({"d"}), "en", "keyword"),
    ]


ANSWERS: dict[str, list[str]] = {
    "q1": ["a", "x", "b"],  # nDCG (1 + 1/2) / (1 + 1/log2 3) = 0.9197, MRR 1, recall 1
    "q2": ["x", "c"],  # nDCG 1/log2 3 = 0.6309, MRR 1/2, recall 1
    "q3": [],  # right: nothing fits
    "q4": ["a"],  # wrong: answered although nothing fits
    "q5": [],  # wrong: said nothing fits
}


def test_evaluate_overall_language_and_kind() -> None:
    calls: list[tuple[str, str]] = []

    def run(query: str, lang: str) -> Sequence[str]:
        calls.append((query, lang))
        return ANSWERS[query]

    report = evaluate(run, _queries())
    assert calls == [("q1", "en"), ("q2", "de"), ("q3", "en"), ("q4", "en"), ("q5", "en")]
    assert report["overall"] == {
        "ndcg@10": 0.5169,  # (0.9197 + 0.6309 + 0) / 3
        "mrr@10": 0.5,
        "recall@10": 0.6667,
        "no_match_precision": 0.5,  # q3 and q5 answered nothing; only q3 had no relevant id
        "no_match_recall": 0.5,  # q3 and q4 have no relevant id; only q3 answered nothing
        "n": 5,
    }
    assert report["by_language"]["en"] == {
        "ndcg@10": 0.4599,
        "mrr@10": 0.5,
        "recall@10": 0.5,
        "no_match_precision": 0.5,
        "no_match_recall": 0.5,
        "n": 4,
    }
    assert report["by_language"]["de"] == {
        "ndcg@10": 0.6309,
        "mrr@10": 0.5,
        "recall@10": 1.0,
        "no_match_precision": None,
        "no_match_recall": None,
        "n": 1,
    }
    assert report["by_kind"]["no_match"] == {
        "ndcg@10": None,
        "mrr@10": None,
        "recall@10": None,
        "no_match_precision": 1.0,
        "no_match_recall": 0.5,
        "n": 2,
    }
    assert list(report["by_kind"]) == ["keyword", "natural", "no_match"]


def test_evaluate_other_k_names_the_keys() -> None:
    report = evaluate(lambda query, lang: ANSWERS[query], _queries()[:1], k=1)
    assert report["overall"]["ndcg@1"] == 1.0
    assert report["overall"]["recall@1"] == 1.0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "queries.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_labelled_queries(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\ufeffquery\trelevant_ids\tkind\tlang\tnote\n"
        "rain jacket\tA-1, A-2\tkeyword\ten\tx\n"
        "\n"
        "lawn mower\t\tno_match\t\t\n",
    )
    assert read_labelled_queries(path) == [
        LabelledQuery("rain jacket", frozenset({"A-1", "A-2"}), "en", "keyword"),
        LabelledQuery("lawn mower", frozenset(), "en", "no_match"),
    ]


def test_read_labelled_queries_optional_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "relevant_ids\tquery\nA-1\twanderschuhe\n")
    assert read_labelled_queries(path) == [LabelledQuery("wanderschuhe", frozenset({"A-1"}))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1"),
        ("query\tkind\nboots\tkeyword\n", "line 1: the header lacks column"),
        ("query\trelevant_ids\tquery\n", "line 1: repeated column"),
        ("query\trelevant_ids\nboots\tA-1\nsocks\n", "line 3: 1 tab-separated fields"),
        ("query\trelevant_ids\nboots\tA-1\t\n", "line 2: 3 tab-separated fields"),
        ("query\trelevant_ids\n \tA-1\n", "line 2: the query is empty"),
    ],
)
def test_read_labelled_queries_names_the_bad_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_labelled_queries(_write(tmp_path, text))


def test_read_labelled_queries_refuses_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "latin.tsv"
    path.write_bytes("query\trelevant_ids\nchaussures d'\xe9t\xe9\t\n".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        read_labelled_queries(path)
