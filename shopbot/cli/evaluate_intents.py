"""``shopbot eval intents FILE --url URL``: intent accuracy of a running Rasa server.

Reads a TSV with columns ``intent`` and ``text`` and an optional ``lang``
(``shopbot.nlu_eval``), sends every text to the server's ``POST {url}/model/parse``
(``?token=`` when ``--token`` is given; the server must run with ``--enable-api``), and
prints ONE JSON document on stdout: ``{"overall": {"accuracy", "n"}, "by_language": {...},
"confusions": [...]}`` (the ten most frequent, with up to three example texts each). The
intent compared is the server's top intent as the bot would act on it, so an
``nlu_fallback`` counts as wrong. Progress goes to stderr.

Registered in ``shopbot.cli.evaluate`` as ``app.command("intents")(intents)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from shopbot.cli.output import counting_progress, fail, print_json
from shopbot.nlu_eval import LabelledIntent, read_labelled_intents, score_intents

__all__ = ["ParseServerError", "intents", "parse_all", "top_intent"]

EXIT_SERVER_UNAVAILABLE = 3


class ParseServerError(Exception):
    """The Rasa server cannot be reached or answers ``/model/parse`` with an error."""


def _parse_url(url: str) -> str:
    return url.rstrip("/") + "/model/parse"


async def _parse_one(
    client: httpx.AsyncClient, endpoint: str, params: dict[str, str], text: str
) -> dict[str, Any]:
    try:
        response = await client.post(endpoint, params=params, json={"text": text})
    except httpx.TimeoutException as error:
        raise ParseServerError(f"{endpoint}: no answer in time ({type(error).__name__})") from error
    except httpx.TransportError as error:
        raise ParseServerError(
            f"cannot reach the Rasa server at {endpoint} ({type(error).__name__}: {error}); "
            "is it running with --enable-api?"
        ) from error
    if response.status_code in (401, 403):
        raise ParseServerError(
            f"{endpoint} refused the request (HTTP {response.status_code}): check --token"
        )
    if response.status_code == 404:
        raise ParseServerError(
            f"{endpoint} not found (HTTP 404): is the URL the Rasa server's, with --enable-api?"
        )
    if response.status_code >= 400:
        raise ParseServerError(f"{endpoint} answered HTTP {response.status_code}")
    try:
        body: Any = response.json()
    except ValueError as error:
        raise ParseServerError(f"{endpoint} did not answer with JSON") from error
    return body if isinstance(body, dict) else {}


def top_intent(body: dict[str, Any]) -> str | None:
    """The parse result's top intent name."""
    intent = body.get("intent")
    name = intent.get("name") if isinstance(intent, dict) else None
    return name if isinstance(name, str) else None


async def parse_all(
    url: str,
    texts: list[str],
    token: str | None = None,
    concurrency: int = 4,
    timeout: float = 30.0,
    on_done: Any = None,
    pick: Callable[[dict[str, Any]], str | None] = top_intent,
) -> list[str | None]:
    """``pick`` of the server's parse of each of ``texts`` (in order; default: the top
    intent), ``concurrency`` at a time.

    Raises :class:`ParseServerError` on the first transport or HTTP error.
    """
    endpoint = _parse_url(url)
    params = {"token": token} if token else {}
    semaphore = asyncio.Semaphore(concurrency)
    results: list[str | None] = [None] * len(texts)

    async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:

        async def run(index: int, text: str) -> None:
            async with semaphore:
                results[index] = pick(await _parse_one(client, endpoint, params, text))
            if on_done is not None:
                on_done()

        tasks = [asyncio.create_task(run(index, text)) for index, text in enumerate(texts)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
    return results


def intents(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="TSV: intent, text (and optional lang)."),
    ],
    url: Annotated[str, typer.Option("--url", help="The Rasa server, e.g. http://127.0.0.1:5005.")],
    token: Annotated[
        str | None, typer.Option("--token", help="The server's --auth-token (sent as ?token=).")
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Requests in flight.")
    ] = 4,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for one answer.")
    ] = 30.0,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
) -> None:
    """Send every text of FILE to a Rasa server's /model/parse and print the intent accuracy."""
    if not url.startswith(("http://", "https://")):
        raise typer.BadParameter("must start with http:// or https://", param_hint="--url")
    try:
        rows: list[LabelledIntent] = read_labelled_intents(file)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="FILE") from error
    with counting_progress("Parsing", enabled=progress) as bar:
        task = bar.add_task("messages", total=len(rows))
        try:
            predicted = asyncio.run(
                parse_all(
                    url,
                    [row.text for row in rows],
                    token=token,
                    concurrency=concurrency,
                    timeout=timeout,
                    on_done=lambda: bar.advance(task),
                )
            )
        except ParseServerError as error:
            fail(str(error), code=EXIT_SERVER_UNAVAILABLE)
    print_json(score_intents(rows, predicted))
