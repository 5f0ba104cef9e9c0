"""``shopbot eval sentiment FILE``: trained in-process on a small examples folder.

(The ``--url`` mode, against the real Rasa server, is in tests/e2e/test_rest_feedback.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from shopbot.cli.evaluate_sentiment import sentiment, sentiment_label

runner = CliRunner()

EXAMPLES = """label\ttext
negative\tterrible service, my parcel is lost
negative\tI'm really angry, nobody answers
negative\tthe jacket arrived torn, awful
negative\tworst shop ever
positive\tthank you so much, great help
positive\tlove it, arrived early
positive\tperfect, you saved my day
positive\tawesome service, thanks
neutral\twhere is my order
neutral\twhat are your opening hours
neutral\tcan I pay by card
neutral\tmy order number is 12345
"""
TEST = """lang\tlabel\ttext
en\tnegative\tthis is awful, I want a refund now
en\tpositive\tthanks a lot, wonderful help
es\tneutral\t¿cuál es vuestro horario?
"""


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("sentiment")(sentiment)

    @app.command("noop")
    def noop() -> None:  # pragma: no cover - keeps "sentiment" a subcommand
        """Nothing."""

    return app


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "en.tsv").write_text(EXAMPLES, encoding="utf-8")
    test = tmp_path / "test.tsv"
    test.write_text(TEST, encoding="utf-8")
    return examples, test


def test_prints_accuracy_and_macro_f1_per_language(files: tuple[Path, Path]) -> None:
    examples, test = files
    result = runner.invoke(
        _app(), ["sentiment", str(test), "--examples", str(examples), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"]["n"] == 3
    assert set(report["per_language"]) == {"en", "es"}
    assert report["overall"]["accuracy"] >= 2 / 3
    assert 0 <= report["mean_macro_f1_over_languages"] <= 1


def test_bad_label_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("label\ttext\nfurious\thello\n", encoding="utf-8")
    result = runner.invoke(_app(), ["sentiment", str(bad)])
    assert result.exit_code == 2
    assert "furious" in result.output


def test_url_must_be_http(files: tuple[Path, Path]) -> None:
    _examples, test = files
    result = runner.invoke(_app(), ["sentiment", str(test), "--url", "ftp://x"])
    assert result.exit_code == 2


def test_label_is_read_from_the_parse_data() -> None:
    assert sentiment_label({"sentiment": {"label": "positive"}}) == "positive"
    assert sentiment_label({"intent": {"name": "greet"}}) is None
