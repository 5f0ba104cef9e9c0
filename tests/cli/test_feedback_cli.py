"""``shopbot feedback list|show`` on a SQLite tracker store shaped as Rasa's SQLTrackerStore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert
from typer.testing import CliRunner

from shop.feedback import events_table
from shopbot.cli.feedback import app, score_bar, sparkline

runner = CliRunner()


def _user(text: str, label: str, score: float, at: float) -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": at,
        "text": text,
        "parse_data": {
            "text": text,
            "language": {"language": "en"},
            "sentiment": {"label": label, "score": score, "confidence": 0.9},
        },
    }


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_engine(url)
    events_table.metadata.create_all(engine)
    conversations = {
        "angry-1": [
            _user("where is my parcel, write to jo@example.com", "neutral", 0.0, 100.0),
            _user("this is a disgrace", "negative", -0.9, 110.0),
            {
                "event": "bot",
                "timestamp": 111.0,
                "text": "sorry",
                "metadata": {"utter_action": "utter_offer_human"},
            },
            {"event": "slot", "timestamp": 112.0, "name": "human_offered", "value": True},
            {"event": "pause", "timestamp": 120.0},
        ],
        "happy-2": [
            _user("thanks, great", "positive", 0.8, 200.0),
            {"event": "slot", "timestamp": 201.0, "name": "satisfaction_rating", "value": 5.0},
            {"event": "slot", "timestamp": 202.0, "name": "satisfaction_comment", "value": "fast!"},
        ],
    }
    with engine.begin() as connection:
        for sender, events in conversations.items():
            for event in events:
                connection.execute(
                    insert(events_table).values(
                        sender_id=sender,
                        type_name=event["event"],
                        timestamp=event["timestamp"],
                        data=json.dumps(event),
                    )
                )
    engine.dispose()
    return url


def test_list_puts_the_latest_conversation_first(store: str) -> None:
    result = runner.invoke(app, ["list", "--tracker-store", store, "--json"])
    assert result.exit_code == 0, result.output
    conversations = json.loads(result.stdout)["conversations"]
    assert [c["sender_id"] for c in conversations] == ["happy-2", "angry-1"]
    assert conversations[0]["rating"] == 5
    assert conversations[1]["summary"]["minimum"] == -0.9
    assert conversations[1]["handed_over"] is True


def test_show_gives_messages_summary_rating_and_redacts(store: str) -> None:
    result = runner.invoke(app, ["show", "angry-1", "--tracker-store", store, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [m["sentiment"]["label"] for m in report["messages"]] == ["neutral", "negative"]
    assert "jo@example.com" not in result.stdout
    assert report["summary"]["negative_streak"] == 1
    assert report["human_offered"] is True


def test_show_as_tables(store: str) -> None:
    result = runner.invoke(app, ["show", "happy-2", "--tracker-store", store])
    assert result.exit_code == 0, result.output
    assert "positive" in result.stdout and "rating: 5/5" in result.stdout
    assert "comment: fast!" in result.stdout
    listing = runner.invoke(app, ["list", "--tracker-store", store])
    assert listing.exit_code == 0 and "angry-1" in listing.stdout


def test_unknown_conversation_fails_clearly(store: str) -> None:
    result = runner.invoke(app, ["show", "nobody", "--tracker-store", store])
    assert result.exit_code == 1
    assert "no conversation" in result.output


def test_unreachable_store_is_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "--tracker-store", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code in (1, 3)
    assert "error" in result.output


def test_charts() -> None:
    assert sparkline([-1.0, 0.0, 1.0]) == "▁▅█"
    assert score_bar(-1.0, width=4) == "██│  "
    assert score_bar(0.5, width=4) == "  │█ "
