"""``shopbot eval``: measure the assistant on labelled data (one JSON document on stdout).

``shopbot eval search FILE``: a TSV with columns ``query`` and ``relevant_ids``
(comma-separated product ids; empty when nothing should match) and optional ``lang`` and
``kind``; prints nDCG@10, MRR@10, recall@10 and the no-match figures, overall and by
language and kind (``knowledge.search.metrics``).

``shopbot eval langid FILE``: a TSV with columns ``lang`` (ISO 639-1) and ``text``; runs the
language detector on every row without a conversation prior and prints its accuracy
overall, by language and by length (1-2, 3-5, 6+ words; ``knowledge.language``).
``--units words`` (or ``pairs``) measures single words (word pairs) cut from the rows
instead (``knowledge.language.short_texts``: words shared by several languages left out, at
most ``--per-language`` per language, seeded).

``shopbot eval intents FILE --url URL``: a TSV with columns ``intent`` and ``text`` (optional
``lang``); sends each text to a running Rasa server's parse endpoint and prints the intent
accuracy overall and by language, and the most frequent confusions.

``shopbot eval sentiment FILE [--url URL]``: a TSV with columns ``label`` and ``text``
(optional ``lang``); prints accuracy and macro-F1 per language and overall
(``shopbot.cli.evaluate_sentiment``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from knowledge.search.metrics import evaluate, read_labelled_queries
from shopbot.cli.evaluate_intents import intents
from shopbot.cli.evaluate_sentiment import sentiment
from shopbot.cli.output import counting_progress, print_json, shopbot_errors
from shopbot.cli.search import DatabaseOption, EncoderSpecOption, ModeOption, open_search

__all__ = ["app"]

app = typer.Typer(help="Measure the assistant on labelled data.", no_args_is_help=True)


@app.command("search")
def search(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="TSV: query, relevant_ids.")
    ],
    k: Annotated[int, typer.Option("--k", min=1, help="Results asked per query.")] = 10,
    encoder: EncoderSpecOption = None,
    mode: ModeOption = None,
    database_url: DatabaseOption = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
) -> None:
    """Rank every query of FILE and print nDCG@10, MRR@10, recall@10 and no-match figures."""
    with shopbot_errors():
        try:
            queries = read_labelled_queries(file)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="FILE") from error
        engine = open_search(encoder, mode, database_url, progress=progress)
        with counting_progress("Searching", enabled=progress) as bar:
            task = bar.add_task("queries", total=len(queries))

            def run(query: str, language: str) -> list[str]:
                ids = engine.search(query, language=language, k=k).ids
                bar.advance(task)
                return ids

            report = evaluate(run, queries)
    print_json(report)


@app.command("langid")
def langid(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="TSV: lang, text.")],
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
    units: Annotated[
        str,
        typer.Option(
            "--units",
            help="sentences (the rows), or words / pairs cut from them.",
            case_sensitive=False,
        ),
    ] = "sentences",
    per_language: Annotated[
        int, typer.Option("--per-language", min=1, help="Words or pairs per language, at most.")
    ] = 200,
) -> None:
    """Detect the language of every row of FILE and print the accuracy as JSON."""
    from knowledge.language import LanguageDetector, evaluate_langid, read_langid_file
    from knowledge.language.short_texts import shared_words, short_texts

    chosen = units.lower()
    if chosen not in ("sentences", "words", "pairs"):
        raise typer.BadParameter("one of sentences, words, pairs", param_hint="--units")
    try:
        rows = read_langid_file(file)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="FILE") from error
    if chosen != "sentences":
        samples = short_texts(rows, shared_words(rows), per_language=per_language)
        rows = samples.words if chosen == "words" else samples.pairs
    detector = LanguageDetector()
    with counting_progress("Detecting", enabled=progress) as bar:
        task = bar.add_task("rows", total=len(rows))

        def run(text: str) -> str:
            language = detector.detect(text).language
            bar.advance(task)
            return language

        report = evaluate_langid(run, rows)
    print_json(report)


app.command("intents")(intents)
app.command("sentiment")(sentiment)
