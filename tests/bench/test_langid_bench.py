"""bench.langid: the row sets it measures, its summaries, and the same-run baseline detector."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bench.langid import data_sets, latin_accuracy, spoken_claims
from bench.langid_baseline import baseline_detector
from knowledge.language import LabelledText


def _tag(index: int) -> str:
    """A distinct run of letters per index (0 -> "aa", 27 -> "bb")."""
    return chr(97 + index // 26) + chr(97 + index % 26)


def _rows() -> list[LabelledText]:
    rows: list[LabelledText] = []
    for index in range(120):
        rows.append(LabelledText("es", f"Ana compra pan{_tag(index)} y leche"))
        rows.append(LabelledText("pl", f"Ana kupuje chleb{_tag(index)} i mleko"))
    return rows


def test_held_out_samples_share_nothing_with_the_tuning_rows() -> None:
    sets = data_sets(_rows(), [LabelledText("en", "hello")], per_language=500)
    assert len(sets["sentences tuning"]) == 200
    assert len(sets["sentences held-out"]) == 40
    tuning = {row.text for row in sets["words tuning"]}
    held_out = {row.text for row in sets["words held-out"]}
    assert "leche" in tuning and "leche" not in held_out
    assert "Ana" not in tuning | held_out  # in both languages' sentences
    assert held_out == {f"pan{_tag(index)}" for index in range(100, 120)} | {
        f"chleb{_tag(index)}" for index in range(100, 120)
    }
    assert sets["chat"] == [LabelledText("en", "hello")]


def test_summaries() -> None:
    report = {
        "by_language": {
            "es": {"accuracy": 0.5, "n": 4},
            "pl": {"accuracy": 1.0, "n": 2},
            "zh": {"accuracy": 0.0, "n": 10},
        }
    }
    assert latin_accuracy(report) == {"accuracy": round(4 / 6, 4), "n": 6}
    rows = [LabelledText("pl", "a"), LabelledText("pl", "b"), LabelledText("es", "c")]
    assert spoken_claims(lambda text: "es" if text == "a" else "pl", rows) == 0.5
    assert spoken_claims(lambda text: "es", rows[2:]) is None


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_baseline_detector_is_the_commit_s_own_code() -> None:
    try:
        detector = baseline_detector("HEAD")
    except subprocess.CalledProcessError:
        pytest.skip("not a git checkout")
    assert type(detector).__module__.startswith("_langid_baseline_HEAD")
    assert detector.detect("muchas gracias").language == "es"
