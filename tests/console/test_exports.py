"""Exports of the filtered conversations: CSV (one row per conversation) and JSON Lines
(every turn), redacted, streamed in chunks; over HTTP against a real
``python -m shopbot.web``, and the chunking in-process."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from shop import conversation_exports
from shop.conversation_exports import CSV_COLUMNS, csv_chunks, export_text, jsonl_chunks
from shop.conversations import ConversationFilters, Sort
from tests.console.conftest import CONVERSATIONS, ConsoleServer
from tests.console.conversation_samples import ANGRY, FRENCH, HAPPY, remove, store
from tests.console.support import secret

CSV_URL = "/console/api/exports/conversations.csv"
JSONL_URL = "/console/api/exports/conversations.jsonl"


@pytest.fixture(scope="module")
def lead(console: ConsoleServer) -> Iterator[httpx.Client]:
    """The sample conversations stored; lee (a lead) signed in."""
    store(console.database)
    with console.signed_in("lee") as client:
        yield client
    remove(console.database)


def _rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


def _lines(response: httpx.Response) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines()]


def test_the_csv_has_one_redacted_row_per_conversation(lead: httpx.Client) -> None:
    response = lead.get(CSV_URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="conversations-\d{8}-\d{4}\.csv"',
        response.headers["content-disposition"],
    )
    assert response.headers.get("transfer-encoding") == "chunked"  # streamed, no length
    assert response.headers["cache-control"] == "no-store"
    assert next(csv.reader(io.StringIO(response.text))) == list(CSV_COLUMNS)
    rows = {row["conversation"]: row for row in _rows(response)}
    assert {ANGRY, HAPPY, FRENCH} <= set(rows)
    assert len(rows) == 3 + len(CONVERSATIONS)
    angry = rows[ANGRY]
    assert (angry["channel"], angry["language"], angry["turns"]) == ("rest", "de", "3")
    assert (angry["handed_over"], angry["handover_reason"], angry["rating"]) == (
        "true",
        "requested",
        "2",
    )
    assert angry["sentiment_min"] == "-0.8" and angry["failed_searches"] == "1"
    assert angry["comment"] == "zu langsam, [email]"
    assert angry["first_message"] == "wo ist meine bestellung [order]? schreib an [email]"
    assert rows[HAPPY]["verified"] == "true" and rows[FRENCH]["verified"] == "false"
    assert rows[HAPPY]["first_message"].startswith("'=cmd")  # no formula in a sheet
    assert re.fullmatch(r"[0-9a-f]{24}", angry["conversation_key"])
    for secret_text in ("bea@example.com", "ada@example.com", "100234", "7946"):
        assert secret_text not in response.text


def test_the_csv_exports_the_filtered_list_in_its_order(lead: httpx.Client) -> None:
    german = _rows(lead.get(f"{CSV_URL}?language=de&page=3&size=10"))
    assert [row["conversation"] for row in german] == [ANGRY]
    ordered = _rows(lead.get(f"{CSV_URL}?sort=started&order=asc&channel=rest&channel=telegram"))
    assert [row["conversation"] for row in ordered] == [FRENCH, ANGRY]
    assert _rows(lead.get(f"{CSV_URL}?q=zzzznothing")) == []
    assert lead.get(f"{CSV_URL}?q=zzzznothing").text.strip() == ",".join(CSV_COLUMNS)


def test_json_lines_have_every_turn_redacted(lead: httpx.Client) -> None:
    response = lead.get(f"{JSONL_URL}?language=de&language=en")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    lines = {line["conversation"]["conversation"]: line for line in _lines(response)}
    assert set(lines) == {ANGRY, HAPPY}
    angry = lines[ANGRY]
    assert [turn["intent"] for turn in angry["turns"]] == [
        "ask_carrier",
        "search_product",
        "nlu_fallback",
    ]
    first = angry["turns"][0]
    assert first["text"] == "wo ist meine bestellung [order]? schreib an [email]"
    assert (first["confidence"], first["runner_up"]) == (0.41, "order_status")
    assert first["entities"][0]["value"] == "[order]"
    assert angry["turns"][1]["searches"] == [{"query": "wasserdichte lila stiefel", "results": 0}]
    agent = angry["turns"][2]["replies"][-1]
    assert (agent["agent"], agent["text"]) == ("sam", "Hallo, ich bin Sam. Rufen Sie [phone] an.")
    assert ["verified_order", "[order]"] in lines[HAPPY]["turns"][0]["slots"]
    for secret_text in ("bea@example.com", "100234", "1234567"):
        assert secret_text not in response.text
    keys = {row["conversation"]: row["conversation_key"] for row in _rows(lead.get(CSV_URL))}
    assert angry["conversation"]["conversation_key"] == keys[ANGRY]  # the files join


def test_a_filter_not_understood_is_a_400_before_any_export(lead: httpx.Client) -> None:
    for url in (CSV_URL, JSONL_URL):
        response = lead.get(f"{url}?lowest_max=lots")
        assert response.status_code == 400
        assert response.json()["error"] == "bad_request"


def test_agents_cannot_export(console: ConsoleServer) -> None:
    with console.signed_in("sam") as agent:
        assert agent.get(CSV_URL).status_code == 403
        assert agent.get(JSONL_URL).status_code == 403


# --- in-process: chunks, not the whole export ----------------------------------------------


def test_exports_are_made_chunk_by_chunk(
    console: ConsoleServer, lead: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversation_exports, "CHUNK_CONVERSATIONS", 2)
    read: list[str] = []
    original = conversation_exports.iter_conversations

    def counting(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in original(*args, **kwargs):
            read.append(item.conversation_id)
            yield item

    monkeypatch.setattr(conversation_exports, "iter_conversations", counting)
    key = secret()
    chunks = csv_chunks(console.database, ConversationFilters(), Sort(), key)
    assert next(chunks).startswith("conversation,conversation_key,")
    first = next(chunks)
    assert len(read) <= 3  # one chunk read (and at most the next one begun), not everything
    assert len(list(csv.reader(io.StringIO(first)))) == 2
    rest = list(chunks)
    assert len(rest) == 2 and len(read) == 3 + len(CONVERSATIONS)
    lines = list(jsonl_chunks(console.database, ConversationFilters(), Sort(), key))
    assert [piece.count("\n") for piece in lines] == [2, 2, 2]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("order 100234 and #100 235", "order [order] and [order]"),
        ("mail bea@example.com", "mail [email]"),
        ("whatsapp:+447700900059", "whatsapp:[phone]"),
        ("price 1299", "price 1299"),
    ],
)
def test_export_text_masks_order_numbers_too(text: str, shown: str) -> None:
    assert export_text(text) == shown
