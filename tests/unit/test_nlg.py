"""The NLG renderer: named responses in the conversation's language, placeholders, channel
variations, English fallback and the once-only "not spoken" notice."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from core.errors import ResponseError
from core.languages import REPLY_LANGUAGES
from core.settings import PROJECT_ROOT
from knowledge.responses import ResponseCatalog, render

DOMAIN = """
responses:
  utter_greet:
    - text: "Hello {name}!"
      buttons:
        - title: "Track {thing}"
          payload: /order_status
  utter_price:
    - text: "{title} costs {price}."
    - text: "{title}: {price}"
      channel: telegram
  utter_only_english:
    - text: "Only in English."
  utter_language_not_spoken:
    - text: "I only write English here."
"""
SPANISH = """
language: es
responses:
  utter_greet:
    - text: "¡Hola {name}!"
      buttons:
        - title: "Seguir {thing}"
          payload: /order_status
  utter_price:
    - text: "{title} cuesta {price}."
    - text: "{title}: {price}"
      channel: telegram
"""


@pytest.fixture
def catalog(tmp_path: Path) -> ResponseCatalog:
    (tmp_path / "domain.yml").write_text(DOMAIN, encoding="utf-8")
    (tmp_path / "responses").mkdir()
    (tmp_path / "responses" / "es.yml").write_text(SPANISH, encoding="utf-8")
    return ResponseCatalog.load(tmp_path / "domain.yml", tmp_path / "responses", ["en", "es"])


def tracker(language: str | None = None, events: list[dict[str, Any]] | None = None) -> dict:
    return {"slots": {"language": language, "name": "Ana"}, "events": events or []}


def test_english_by_default_with_slots_and_arguments_filled(catalog: ResponseCatalog) -> None:
    message = render(catalog, "utter_greet", {"thing": "a parcel"}, tracker())
    assert message == {
        "text": "Hello Ana!",
        "buttons": [{"title": "Track a parcel", "payload": "/order_status"}],
    }


def test_the_language_slot_chooses_the_translation(catalog: ResponseCatalog) -> None:
    message = render(catalog, "utter_greet", {"thing": "mi pedido"}, tracker("es"))
    assert message["text"] == "¡Hola Ana!"
    assert message["buttons"] == [{"title": "Seguir mi pedido", "payload": "/order_status"}]


def test_arguments_win_over_slots_and_unknown_placeholders_stay(
    catalog: ResponseCatalog,
) -> None:
    message = render(catalog, "utter_greet", {"name": "Bea"}, tracker("es"))
    assert message["text"] == "¡Hola Bea!"
    assert message["buttons"][0]["title"] == "Seguir {thing}"


def test_missing_translation_and_unknown_language_fall_back_to_english(
    catalog: ResponseCatalog,
) -> None:
    assert render(catalog, "utter_only_english", {}, tracker("es"))["text"] == "Only in English."
    assert render(catalog, "utter_greet", {}, tracker("ru"))["text"] == "Hello Ana!"


def test_channel_variation_wins_on_its_channel_only(catalog: ResponseCatalog) -> None:
    arguments = {"title": "Boots", "price": "€89.00"}
    for seed in range(5):
        chooser = random.Random(seed)
        on_telegram = render(catalog, "utter_price", arguments, tracker("es"), "telegram",
                             chooser=chooser)  # fmt: skip
        assert on_telegram["text"] == "Boots: €89.00"
        on_rest = render(catalog, "utter_price", arguments, tracker("es"), "rest", chooser=chooser)
        assert on_rest["text"] == "Boots cuesta €89.00."


def test_unknown_response_is_an_error(catalog: ResponseCatalog) -> None:
    with pytest.raises(ResponseError):
        render(catalog, "utter_nothing", {}, tracker())


NOTICE_TURN = [
    {"event": "user", "text": "где мой заказ"},
    {"event": "slot", "name": "language_notice", "value": "not_spoken"},
]


def test_not_spoken_notice_comes_first_once_in_the_turn(catalog: ResponseCatalog) -> None:
    first = render(catalog, "utter_greet", {}, tracker("en", NOTICE_TURN))
    assert first["text"] == "I only write English here.\n\nHello Ana!"
    answered = [*NOTICE_TURN, {"event": "bot", "text": first["text"]}]
    assert render(catalog, "utter_greet", {}, tracker("en", answered))["text"] == "Hello Ana!"
    next_turn = [*answered, {"event": "user", "text": "ok"}]
    assert render(catalog, "utter_greet", {}, tracker("en", next_turn))["text"] == "Hello Ana!"


def test_translation_file_must_name_its_language(tmp_path: Path) -> None:
    (tmp_path / "domain.yml").write_text(DOMAIN, encoding="utf-8")
    (tmp_path / "fr.yml").write_text(SPANISH, encoding="utf-8")
    with pytest.raises(ResponseError, match="'language' must be 'fr'"):
        ResponseCatalog.load(tmp_path / "domain.yml", tmp_path, ["fr"])


def test_the_projects_responses_load_in_every_reply_language() -> None:
    catalog = ResponseCatalog.load(
        PROJECT_ROOT / "domain.yml",
        PROJECT_ROOT / "responses",
        REPLY_LANGUAGES,
    )
    assert "utter_greet" in catalog.names()
    message = render(catalog, "utter_greet", {}, {"slots": {"language": "en"}})
    assert message["text"].startswith("Hi!")
