"""Formal or informal address (issue 21): the shop's choice per language
(``SHOPBOT_RESPONSE_REGISTERS``), the files it picks, and the checker that keeps each file to
its register (the shipped files themselves are checked in test_response_translations.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from core.errors import ConfigurationError, ResponseError
from core.languages import REGISTER_LANGUAGES, parse_response_registers
from core.settings import Settings, get_settings
from knowledge.policy import load_policy
from knowledge.responses import ResponseCatalog, render
from knowledge.responses.register import register_marks, register_problems

ROOT = Path(__file__).resolve().parents[2]


# --- the setting ------------------------------------------------------------------------


def test_unset_or_empty_means_every_default_file() -> None:
    assert parse_response_registers(None) == {}
    assert parse_response_registers("") == {}
    assert parse_response_registers("{}") == {}


def test_a_json_object_of_languages_and_registers() -> None:
    chosen = parse_response_registers('{"de": "formal", "FR": "Informal", "nl": "formal"}')
    assert chosen == {"de": "formal", "fr": "informal", "nl": "formal"}
    assert parse_response_registers({"pt": "informal"}) == {"pt": "informal"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{"de": "casual"}', "the register of 'de' must be formal or informal"),
        ('{"zh": "informal"}', "'zh' is not a language written in two registers"),
        ('{"en": "formal"}', "'en' is not a language written in two registers"),
        ('{"de": 1}', "the register of 'de' must be formal or informal"),
        ('["de", "formal"]', "must be a JSON object"),
        ("de=formal", "must be a JSON object"),
    ],
)
def test_an_unknown_language_or_register_is_refused(value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match="SHOPBOT_RESPONSE_REGISTERS") as error:
        parse_response_registers(value)
    assert message in str(error.value)


def test_the_settings_read_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPBOT_RESPONSE_REGISTERS", '{"de": "formal"}')
    assert Settings().response_registers == {"de": "formal"}
    monkeypatch.delenv("SHOPBOT_RESPONSE_REGISTERS")
    assert Settings().response_registers == {}


def test_a_wrong_setting_stops_the_start_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOPBOT_RESPONSE_REGISTERS", '{"de": "polite"}')
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match="register of 'de' must be formal or"):
            get_settings()
    finally:
        get_settings.cache_clear()


# --- the files it picks ---------------------------------------------------------------


def greeting(catalog: ResponseCatalog, language: str) -> str:
    return str(render(catalog, "utter_greet", {}, {"slots": {"language": language}})["text"])


def test_the_default_files_without_a_choice() -> None:
    catalog = ResponseCatalog.load(ROOT / "domain.yml", ROOT / "responses", REGISTER_LANGUAGES)
    assert dict(catalog.registers) == {
        "de": "informal", "es": "informal", "fr": "formal", "it": "informal",
        "nl": "informal", "pt": "formal",
    }  # fmt: skip
    assert "für dich" in greeting(catalog, "de")


def test_the_chosen_register_file_replaces_the_default_one() -> None:
    catalog = ResponseCatalog.load(
        ROOT / "domain.yml",
        ROOT / "responses",
        ("de", "fr", "nl", "zh"),
        {"de": "formal", "fr": "informal", "nl": "informal"},
    )
    assert dict(catalog.registers) == {
        "de": "formal", "fr": "informal", "nl": "informal", "zh": "formal",
    }  # fmt: skip
    assert "Was kann ich für Sie tun?" in greeting(catalog, "de")
    assert "pour toi" in greeting(catalog, "fr")
    assert "Waarmee kan ik je helpen?" in greeting(catalog, "nl")


def test_a_chosen_register_without_its_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "de.yml").write_text(
        "language: de\nregister: informal\nresponses:\n  utter_greet:\n    - text: Hallo\n",
        encoding="utf-8",
    )
    with pytest.raises(ResponseError, match=r"de\.formal\.yml does not exist"):
        ResponseCatalog.load(ROOT / "domain.yml", tmp_path, ["de"], {"de": "formal"})


def test_a_register_file_must_say_the_register_of_its_name(tmp_path: Path) -> None:
    (tmp_path / "de.yml").write_text(
        "language: de\nregister: informal\nresponses: {}\n", encoding="utf-8"
    )
    (tmp_path / "de.formal.yml").write_text(
        "language: de\nregister: informal\nresponses: {}\n", encoding="utf-8"
    )
    with pytest.raises(ResponseError, match="'register' must be 'formal'"):
        ResponseCatalog.load(ROOT / "domain.yml", tmp_path, ["de"], {"de": "formal"})


# --- the checker -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "marks"),
    [
        # The issue's mix: "du" and "Sie" in one German text.
        ("de", "Danke! Kannst du dieses Gespräch bewerten? Das hilft Ihnen.",
         [("informal", "Kannst"), ("informal", "du"), ("formal", "Ihnen")]),
        ("de", "Bitte bewerten Sie dieses Gespräch.", [("formal", "Sie")]),
        ("de", "Schreib, wenn dir was fehlt.", [("informal", "Schreib"), ("informal", "dir")]),
        ("de", "Versuch es mit einer anderen Farbe.", [("informal", "Versuch es")]),
        ("fr", "Tu peux vérifier votre commande ?", [("informal", "Tu"), ("formal", "votre")]),
        ("fr", "Je peux t'aider ? Dis-moi tout.", [("informal", "t'"), ("informal", "Dis-moi")]),
        ("fr", "Essayez avec moins de détails, chez nous.", [("formal", "Essayez")]),
        ("nl", "Kun je uw bestelnummer controleren?", [("informal", "je"), ("formal", "uw")]),
        ("es", "Puedo ayudarte con su pedido", [("informal", "ayudarte"), ("formal", "su pedido")]),
        ("es", "¿Usted quiere que le ayude?", [("formal", "Usted"), ("formal", "le ayude")]),
        ("it", "Posso aiutarti? La contatteremo noi.", [("informal", "aiutarti")]),
        ("it", "Se vuole, La contatteremo.", [("formal", "La")]),
        ("it", "Hai bisogno di contattarLa?", [("informal", "Hai"), ("formal", "contattarLa")]),
        ("pt", "Podes ver a sua encomenda?", [("informal", "Podes"), ("formal", "sua encomenda")]),
        ("zh", "您好，你的订单已发货。", [("formal", "您"), ("informal", "你")]),
    ],
)  # fmt: skip
def test_the_marks_of_each_register_are_found(
    language: str, text: str, marks: list[tuple[str, str]]
) -> None:
    assert register_marks(text, language) == marks


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # At a sentence start "Sie" may be "she" or "they": not a mark.
        ("de", "Die Bestellung ist unterwegs. Sie kommt morgen an."),
        # Quoted examples are what the shopper types; placeholders are filled later.
        ("nl", 'Vraag gewoon "heb je iets vergelijkbaars?". {title} kost {price}.'),
        ("fr", "Il suffit de demander « tu as quelque chose de similaire ? »."),
        ("de", "Die Bestellung hat ihre Originalverpackung."),
        ("es", "Es parte del pedido; la suerte no cuenta."),
        ("it", "I negozi sono aperti e gli esperti rispondono."),
    ],
)
def test_what_is_not_a_mark(language: str, text: str) -> None:
    assert register_marks(text, language) == []


def test_problems_are_the_marks_of_the_other_register() -> None:
    text = "Wie war ich? Bitte bewerten Sie dieses Gespräch, wenn du magst."
    assert register_problems(text, "de", "informal") == ["Sie"]
    assert register_problems(text, "de", "formal") == ["du", "magst"]
    assert register_problems("Hello you", "en", "formal") == []
    with pytest.raises(ValueError, match="formal or informal"):
        register_problems(text, "de", "polite")


# --- words shown outside the response files ----------------------------------------------

NEUTRAL_LANGUAGES = ("de", "fr", "nl", "es", "it", "pt")


def widget_strings(language: str) -> list[str]:
    """The widget's interface strings of ``language`` (web/widget/shopbot-widget.js)."""
    source = (ROOT / "web" / "widget" / "shopbot-widget.js").read_text(encoding="utf-8")
    start = source.index(f"\n    {language}: {{")
    block = source[start : source.index("\n    },", start)]
    return re.findall(r'"((?:[^"\\]|\\.)*)"', block)


def refusal_strings(language: str) -> list[str]:
    """The channels' refusal texts of ``language`` (bot/channels/refusals.py; read as text:
    the module needs the Rasa environment)."""
    source = (ROOT / "bot" / "channels" / "refusals.py").read_text(encoding="utf-8")
    return re.findall(rf'^\s+"{language}": "((?:[^"\\]|\\.)*)",$', source, re.MULTILINE)


@pytest.mark.parametrize("language", NEUTRAL_LANGUAGES)
def test_the_widget_and_the_refusals_fit_either_register(language: str) -> None:
    """The shop's register reaches the response files only, so these words address nobody:
    no word of either register."""
    texts = widget_strings(language) + refusal_strings(language)
    assert len(texts) > 20
    marked = {text: register_marks(text, language) for text in texts}
    assert not {text: marks for text, marks in marked.items() if marks}


# --- the store policy ---------------------------------------------------------------------

POLICIES = ROOT / "knowledge" / "policies"


def default_register(language: str) -> str:
    document = yaml.safe_load((ROOT / "responses" / f"{language}.yml").read_text("utf-8"))
    return str(document["register"])


@pytest.mark.parametrize(
    "path",
    sorted(p for p in POLICIES.glob("*.md") if p.stem.split(".")[0] in REGISTER_LANGUAGES),
    ids=lambda path: path.stem,
)
def test_every_policy_text_keeps_to_its_register(path: Path) -> None:
    language, _, register = path.stem.partition(".")
    register = register or default_register(language)
    assert register in ("formal", "informal"), path.name
    policy = load_policy(POLICIES, language, register)
    mixed = {
        topic: words
        for topic, text in policy.sections.items()
        if (words := register_problems(text, language, register))
    }
    assert not mixed, f"{path.name} ({register}): {mixed}"


def test_the_chosen_register_picks_the_policy_file() -> None:
    assert "erhalten Sie" in load_policy(POLICIES, "de", "formal").answer("shipping")
    assert "bekommst du" in load_policy(POLICIES, "de", "informal").answer("shipping")
    assert "bekommst du" in load_policy(POLICIES, "de").answer("shipping")
    assert "Le avisaremos" in load_policy(POLICIES, "es", "formal").answer("return_instructions")
    assert "La avviseremo" in load_policy(POLICIES, "it", "formal").answer("return_instructions")
    assert "Avisamos-te" in load_policy(POLICIES, "pt", "informal").answer("return_instructions")
    # Without the other register's file, the default one answers.
    assert load_policy(POLICIES, "en", "formal").answer("shipping") == load_policy(
        POLICIES, "en"
    ).answer("shipping")
