"""``shopbot eval langid FILE``: a tiny labelled TSV through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from shopbot.cli.main import app

runner = CliRunner()


def test_eval_langid_json(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text(
        "lang\ttext\n"
        "es\tmuchas gracias\n"
        "de\two ist mein paket\n"
        "zh\t我的订单在哪里\n"
        "fr\tje voudrais annuler ma commande de la semaine dernière\n"
        "en\tdanke\n",  # labelled wrong on purpose: one miss
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "langid", str(path), "--no-progress"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"overall", "by_language", "by_length"}
    assert data["overall"] == {"accuracy": 0.8, "n": 5}
    assert data["by_language"]["en"] == {"accuracy": 0.0, "n": 1}
    assert data["by_language"]["zh"] == {"accuracy": 1.0, "n": 1}
    assert set(data["by_length"]) == {"1-2", "3-5", "6+"}
    assert data["by_length"]["6+"] == {"accuracy": 1.0, "n": 1}
    assert data["by_length"]["1-2"]["n"] == 2


def test_eval_langid_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("language\ttext\nes\thola\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "langid", str(path), "--no-progress"])
    assert result.exit_code == 2
    assert "column(s) lang" in " ".join(result.output.replace("│", " ").split())


def test_eval_langid_words_and_pairs(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text(
        "lang\ttext\nes\tAna compró pan\nde\tAna kaufte Brot\nfr\tAna achète du pain\n",
        encoding="utf-8",
    )
    words = runner.invoke(app, ["eval", "langid", str(path), "--no-progress", "--units", "words"])
    assert words.exit_code == 0, words.output
    data = json.loads(words.stdout)
    assert data["overall"]["n"] == 7  # "Ana" is in every language: left out
    assert data["by_language"]["fr"]["n"] == 3
    pairs = runner.invoke(app, ["eval", "langid", str(path), "--no-progress", "--units", "pairs"])
    assert json.loads(pairs.stdout)["overall"]["n"] == 7
    bad = runner.invoke(app, ["eval", "langid", str(path), "--no-progress", "--units", "chars"])
    assert bad.exit_code == 2
