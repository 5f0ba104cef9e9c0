"""``shopbot eval intents FILE --url URL`` against a tiny fake Rasa parse server.

The server is a real HTTP server on 127.0.0.1 (``http.server`` in a thread) that answers
``POST /model/parse`` like Rasa: ``{"text": ..., "intent": {"name": ..., "confidence": ...}}``.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import typer
from typer.testing import CliRunner

from shopbot.cli.evaluate_intents import EXIT_SERVER_UNAVAILABLE, intents

TOKEN = "s3cret-token"
ANSWERS = {"hello": "greet", "hola": "greet", "gracias": "greet", "danke": "thanks"}

runner = CliRunner()


def _app() -> typer.Typer:
    """The command as ``shopbot.cli.evaluate`` registers it (plus a sibling, to keep a group)."""
    app = typer.Typer()
    app.command("intents")(intents)

    @app.command("noop")
    def noop() -> None:  # pragma: no cover - only there so that "intents" is a subcommand
        """Nothing."""

    return app


class _ParseHandler(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _ParseHandler.requests.append({"path": url.path, "query": query, "body": body})
        if url.path != "/model/parse":
            self._answer(404, {"message": "not found"})
        elif query.get("token") != [TOKEN]:
            self._answer(401, {"message": "unauthorized"})
        else:
            name = ANSWERS.get(body["text"], "nlu_fallback")
            self._answer(200, {"text": body["text"], "intent": {"name": name, "confidence": 0.9}})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    _ParseHandler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ParseHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def rows_file(tmp_path: Path) -> Path:
    path = tmp_path / "rows.tsv"
    path.write_text(
        "lang\tintent\ttext\n"
        "en\tgreet\thello\n"
        "es\tgreet\thola\n"
        "es\tthanks\tgracias\n"
        "de\tthanks\tdanke\n"
        "fr\tthanks\tmerci\n",
        encoding="utf-8",
    )
    return path


def test_eval_intents_json(server: str, rows_file: Path) -> None:
    result = runner.invoke(
        _app(),
        ["intents", str(rows_file), "--url", server + "/", "--token", TOKEN, "--no-progress"],
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"overall", "by_language", "confusions"}
    assert data["overall"] == {"accuracy": 0.6, "n": 5}
    assert data["by_language"]["es"] == {"accuracy": 0.5, "n": 2}
    assert data["by_language"]["fr"] == {"accuracy": 0.0, "n": 1}
    assert data["confusions"] == [
        {"intent": "thanks", "predicted": "greet", "count": 1, "examples": ["gracias"]},
        {"intent": "thanks", "predicted": "nlu_fallback", "count": 1, "examples": ["merci"]},
    ]
    sent = sorted(request["body"]["text"] for request in _ParseHandler.requests)
    assert sent == ["danke", "gracias", "hello", "hola", "merci"]
    assert {request["path"] for request in _ParseHandler.requests} == {"/model/parse"}


def test_eval_intents_with_progress_keeps_stdout_json(server: str, rows_file: Path) -> None:
    result = runner.invoke(
        _app(),
        ["intents", str(rows_file), "--url", server, "--token", TOKEN, "--concurrency", "1"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"]["n"] == 5


def test_wrong_token_is_a_clear_error(server: str, rows_file: Path) -> None:
    result = runner.invoke(
        _app(), ["intents", str(rows_file), "--url", server, "--token", "nope", "--no-progress"]
    )
    assert result.exit_code == EXIT_SERVER_UNAVAILABLE
    assert "HTTP 401" in result.output and "--token" in result.output
    assert result.stdout == "" or "error" in result.output


def test_unreachable_server_is_a_clear_error(rows_file: Path) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(
        _app(), ["intents", str(rows_file), "--url", f"http://127.0.0.1:{port}", "--no-progress"]
    )
    assert result.exit_code == EXIT_SERVER_UNAVAILABLE
    assert "cannot reach the Rasa server" in " ".join(result.output.split())


def test_bad_file_is_a_usage_error(tmp_path: Path, server: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("label\ttext\ngreet\thello\n", encoding="utf-8")
    result = runner.invoke(_app(), ["intents", str(path), "--url", server, "--no-progress"])
    assert result.exit_code == 2
    assert "column(s) intent" in " ".join(result.output.replace("│", " ").split())
    assert _ParseHandler.requests == []


def test_url_must_be_http(rows_file: Path) -> None:
    result = runner.invoke(_app(), ["intents", str(rows_file), "--url", "localhost:5005"])
    assert result.exit_code == 2
