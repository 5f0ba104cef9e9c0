"""``shopbot eval sentiment FILE``: accuracy and macro-F1 of the sentiment classifier.

Reads a TSV with columns ``label`` (negative / neutral / positive) and ``text`` and an
optional ``lang`` (``knowledge.sentiment.read_sentiment_file``) and prints ONE JSON
document on stdout: ``{"overall": {"n", "accuracy", "macro_f1"}, "per_language": {...},
"mean_macro_f1_over_languages"}``.

Without ``--url`` the classifier is trained in-process on the project's examples (or the
``--examples`` folder) exactly as the Rasa component trains it (e5 vectors cached in
``var/cache/embeddings``); with ``--url`` every text goes to a running Rasa server's
``/model/parse`` and the ``sentiment`` of its parse data is scored (what the bot stores).
Progress goes to stderr.

Registered in ``shopbot.cli.evaluate`` as ``app.command("sentiment")(sentiment)``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer

from shopbot.cli.evaluate_intents import EXIT_SERVER_UNAVAILABLE, ParseServerError, parse_all
from shopbot.cli.output import counting_progress, fail, print_json, stderr

__all__ = ["sentiment", "sentiment_label"]


def sentiment_label(body: dict[str, Any]) -> str | None:
    """The sentiment label of a parse result (``None`` when the server gave none)."""
    sentiment = body.get("sentiment")
    label = sentiment.get("label") if isinstance(sentiment, dict) else None
    return label if isinstance(label, str) else None


def _from_server(
    url: str, token: str | None, texts: list[str], concurrency: int, progress: bool
) -> list[str | None]:
    with counting_progress("Parsing", enabled=progress) as bar:
        task = bar.add_task("messages", total=len(texts))
        try:
            return asyncio.run(
                parse_all(
                    url,
                    texts,
                    token=token,
                    concurrency=concurrency,
                    on_done=lambda: bar.advance(task),
                    pick=sentiment_label,
                )
            )
        except ParseServerError as error:
            fail(str(error), code=EXIT_SERVER_UNAVAILABLE)


def _in_process(texts: list[str], examples: Path | None, progress: bool) -> list[str | None]:
    from core.settings import get_settings
    from knowledge.embedding_cache import EmbeddingCache
    from knowledge.sentiment import EXAMPLES_DIR
    from knowledge.standalone_sentiment import SentimentModel

    cache = EmbeddingCache(get_settings().embedding_cache_dir)
    with counting_progress("Training", enabled=progress) as bar:
        task = bar.add_task("examples", total=None)
        model = SentimentModel.train(
            directory=examples or EXAMPLES_DIR,
            cache=cache,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    with counting_progress("Classifying", enabled=progress) as bar:
        task = bar.add_task("messages", total=len(texts))
        sentiments = model.predict(
            texts, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    return [s.label for s in sentiments]


def sentiment(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="TSV: label, text (and optional lang)."),
    ],
    url: Annotated[
        str | None,
        typer.Option("--url", help="A running Rasa server to ask instead of training here."),
    ] = None,
    token: Annotated[
        str | None, typer.Option("--token", help="The server's --auth-token (sent as ?token=).")
    ] = None,
    examples: Annotated[
        Path | None,
        typer.Option(
            "--examples",
            exists=True,
            file_okay=False,
            help="Train on this folder of <lang>.tsv files instead of the project's examples.",
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Requests in flight.")
    ] = 4,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
) -> None:
    """Label every text of FILE and print accuracy and macro-F1 per language as JSON."""
    from knowledge.sentiment import read_sentiment_file, score_predictions

    if url is not None and not url.startswith(("http://", "https://")):
        raise typer.BadParameter("must start with http:// or https://", param_hint="--url")
    try:
        rows = read_sentiment_file(file)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="FILE") from error
    if not rows:
        raise typer.BadParameter("no labelled rows", param_hint="FILE")
    texts = [row.text for row in rows]
    if url:
        predicted = _from_server(url, token, texts, concurrency, progress)
    else:
        predicted = _in_process(texts, examples, progress)
    missing = sum(1 for label in predicted if label is None)
    if missing:
        stderr.print(f"{missing} message(s) got no sentiment; they count as wrong")
    print_json(score_predictions(rows, [label or "none" for label in predicted]))
