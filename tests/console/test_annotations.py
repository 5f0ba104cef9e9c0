"""The annotation services: tags (and the list's tag filter), notes, intent corrections with
entities, their review, the counts, the NLU export (valid Rasa YAML, redacted) and erasure;
SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import yaml
from sqlalchemy import delete, select

from core.db.database import Database
from core.errors import AnnotationError, NotFoundError
from core.settings import PROJECT_ROOT, Settings
from shop.annotations import (
    TAG_SOURCE,
    Annotations,
    EntitySpan,
    Vocabulary,
    nlu_yaml,
    redacted_spans,
    training_example,
)
from shop.annotations.tables import CORRECTIONS, NOTES, TAGS
from shop.conversations import (
    ConversationFilters,
    ConversationState,
    fold_events,
    list_conversations,
    register_tag_source,
)
from shop.conversations.store import save_states
from shop.conversations.tables import SUMMARIES, TURNS
from shop.privacy import EventStore, PrivacyService
from shopbot.runtime import RASA_PYTHON, offline_environment
from tests.console.conftest import ConsoleServer
from tests.console.conversation_samples import ANGRY, FRENCH, HAPPY, remove, store
from tests.console.rasa_events import Script
from tests.console.support import csrf_token, secret

VOCABULARY = Vocabulary.from_domain(PROJECT_ROOT / "domain.yml")
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def _conversations() -> dict[str, list[dict[str, object]]]:
    mail = Script(channel="socketio")
    mail.user(
        "my order #100 234 never came, mail bea@example.com or call +44 20 7946 0958",
        "greet",
        0.41,
        runner_up=("order_status", 0.38),
        entities=[
            {"entity": "order_number", "start": 9, "end": 17, "value": "100234"},
            {"entity": "email", "start": 35, "end": 50, "value": "bea@example.com"},
        ],
    ).listen()
    mail.user("/human_handoff", "human_handoff", 1.0).listen()
    german = Script(channel="rest")
    german.user("wo ist mein paket?", "ask_carrier", 0.52, language="de").listen()
    german.user("[x](order_number) {y} ]]", "inform", 0.6, language="de").listen()
    quiet = Script(channel="rest")
    quiet.user("hello", "greet", language=None).listen()
    return {"anno-mail": mail.events, "anno-de": german.events, "anno-quiet": quiet.events}


@pytest.fixture(scope="module")
def services(database: Database) -> Iterator[Annotations]:
    """Three conversations in the summaries; the annotation services on them."""
    states = []
    for sender, events in _conversations().items():
        state = ConversationState(sender)
        fold_events(state, events)
        states.append(state)
    with database.begin() as connection:
        save_states(connection, states)
    yield Annotations.build(database, VOCABULARY, clock=lambda: NOW)
    with database.begin() as connection:
        for table in (TURNS, SUMMARIES):
            connection.execute(delete(table))


@pytest.fixture
def annotated(services: Annotations, database: Database) -> Iterator[Annotations]:
    """The services, every annotation gone after the test; the tags answer the list."""
    register_tag_source(TAG_SOURCE)
    yield services
    with database.begin() as connection:
        for table in (TAGS, NOTES, CORRECTIONS):
            connection.execute(delete(table))


# --- the vocabulary --------------------------------------------------------------------


def test_the_vocabulary_is_the_domains() -> None:
    assert {"greet", "order_status", "human_handoff"} <= set(VOCABULARY.intents)
    assert VOCABULARY.entities == ("order_number", "email", "satisfaction_rating")
    with pytest.raises(AnnotationError):
        VOCABULARY.intent("nlu_fallback")
    with pytest.raises(AnnotationError):
        VOCABULARY.entity("credit_card")


# --- tags ------------------------------------------------------------------------------


def test_tags_are_normalised_once_each_and_filter_the_list(
    annotated: Annotations, database: Database
) -> None:
    tags = annotated.tags
    assert tags.add("anno-mail", "  Refund Bug ", "lee") == ("refund-bug",)
    assert tags.add("anno-mail", "refund-bug", "ada") == ("refund-bug",)
    assert tags.add("anno-mail", "vip", "lee") == ("refund-bug", "vip")
    assert tags.add("anno-de", "vip", "lee") == ("vip",)
    assert [(count.name, count.count) for count in tags.counts()] == [
        ("vip", 2),
        ("refund-bug", 1),
    ]
    listed = list_conversations(database, ConversationFilters(tags=("refund-bug",)))
    assert [item.conversation_id for item in listed.items] == ["anno-mail"]
    assert listed.items[0].tags == ("refund-bug", "vip")
    assert tags.remove("anno-mail", "VIP") == ("refund-bug",)
    assert tags.remove("anno-mail", "never-there") == ("refund-bug",)


@pytest.mark.parametrize("bad", ["", "   ", "-lead", "x" * 33, "<script>", "a/b", 7])
def test_a_malformed_tag_is_refused(annotated: Annotations, bad: object) -> None:
    with pytest.raises(AnnotationError):
        annotated.tags.add("anno-mail", bad, "lee")


def test_only_existing_conversations_are_annotated(annotated: Annotations) -> None:
    with pytest.raises(NotFoundError):
        annotated.tags.add("nobody", "vip", "lee")
    with pytest.raises(NotFoundError):
        annotated.notes.add("nobody", "hello", "lee")
    with pytest.raises(NotFoundError):
        annotated.corrections.record("nobody", 0, intent="greet", author="lee")
    with pytest.raises(NotFoundError):
        annotated.corrections.record("anno-mail", 9, intent="greet", author="lee")


# --- notes -----------------------------------------------------------------------------


def test_notes_keep_author_and_time_and_are_stored_redacted(annotated: Annotations) -> None:
    note = annotated.notes.add("anno-mail", "  Called back: ada@example.com <b>ok</b>\r\n", "lee")
    assert (note.author, note.created_at, note.body) == (
        "lee",
        NOW,
        "Called back: [email] <b>ok</b>",
    )
    annotated.notes.add("anno-mail", "second", "ada")
    assert [n.body for n in annotated.notes.of("anno-mail")] == [note.body, "second"]
    for bad in ("", "   ", None, "x" * 4001):
        with pytest.raises(AnnotationError):
            annotated.notes.add("anno-mail", bad, "lee")


# --- corrections -----------------------------------------------------------------------


def test_a_correction_keeps_the_redacted_text_and_what_the_bot_understood(
    annotated: Annotations,
) -> None:
    shown = "my order #100 234 never came, mail [email] or call [phone]"
    entities = [
        {"start": 9, "end": 17, "entity": "order_number", "value": "100234"},
        {"start": 35, "end": 42, "entity": "email"},
    ]
    saved = annotated.corrections.record(
        "anno-mail", 0, intent="order_status", entities=entities, author="lee"
    )
    assert saved.text == shown
    assert saved.entities == (
        EntitySpan(9, 17, "order_number", "100234"),
        EntitySpan(35, 42, "email"),
    )
    assert (saved.predicted_intent, saved.predicted_confidence) == ("greet", 0.41)
    assert (saved.intent, saved.kind, saved.status, saved.language) == (
        "order_status",
        "correction",
        "open",
        "en",
    )


def test_correcting_a_turn_again_replaces_it_and_opens_it_again(
    annotated: Annotations,
) -> None:
    corrections = annotated.corrections
    first = corrections.record("anno-de", 0, intent="order_status", author="lee")
    corrections.set_status(first.id, "done", "ada")
    again = corrections.record("anno-de", 0, intent="ask_carrier", kind="example", author="ada")
    assert again.id == first.id
    assert (again.intent, again.kind, again.status, again.author, again.reviewed_by) == (
        "ask_carrier",
        "example",
        "open",
        "ada",
        None,
    )
    assert len(corrections.of_conversation("anno-de")) == 1


@pytest.mark.parametrize(
    ("turn", "changes", "message"),
    [
        (0, {"intent": "no_such_intent"}, "intent of the domain"),
        (0, {"kind": "rumour"}, "kind"),
        (0, {"entities": [{"start": 0, "end": 99, "entity": "email"}]}, "within"),
        (0, {"entities": [{"start": 3, "end": 8, "entity": "shoe_size"}]}, "entity of the domain"),
        (0, {"entities": [{"start": "0", "end": 2, "entity": "email"}]}, "within"),
        (0, {"entities": [{"start": 3, "end": 8, "entity": "email"}] * 2}, "overlap"),
        (0, {"entities": [{"start": 3, "end": 8, "entity": "email", "value": {}}]}, "value"),
        (0, {"entities": "everything"}, "list"),
        (0, {"language": "German!"}, "language"),
        (1, {}, "payload"),
    ],
)
def test_a_bad_correction_is_refused(
    annotated: Annotations, turn: int, changes: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {"intent": "greet", "author": "lee", **changes}
    with pytest.raises(AnnotationError, match=message):
        annotated.corrections.record("anno-mail", turn, **values)  # type: ignore[arg-type]


def test_entity_spans_drop_surrounding_spaces_and_keep_a_distinct_value(
    annotated: Annotations,
) -> None:
    saved = annotated.corrections.record(
        "anno-de",
        0,
        intent="ask_carrier",
        entities=[{"start": 2, "end": 7, "entity": "order_number", "value": "ist"}],
        author="lee",
    )
    assert saved.entities == (EntitySpan(3, 6, "order_number"),)  # "ist", the value the same


def test_a_conversation_without_a_language_needs_one_given(annotated: Annotations) -> None:
    with pytest.raises(AnnotationError, match="language"):
        annotated.corrections.record("anno-quiet", 0, intent="greet", author="lee")
    saved = annotated.corrections.record(
        "anno-quiet", 0, intent="greet", author="lee", language="pt-BR"
    )
    assert saved.language == "pt-BR"


def test_the_bots_entities_are_suggested_on_the_redacted_text(annotated: Annotations) -> None:
    suggested = annotated.corrections.suggested_entities("anno-mail")
    assert suggested == {
        0: (EntitySpan(9, 17, "order_number", "100234"), EntitySpan(35, 42, "email"))
    }
    # A redaction that crosses an entity's edge gives no suggestion rather than a wrong one.
    assert redacted_spans("call +44 20 7946 0958", [{"entity": "x", "start": 5, "end": 9}]) == ()


def test_review_counts_and_the_most_corrected_intents(annotated: Annotations) -> None:
    corrections = annotated.corrections
    mail = corrections.record("anno-mail", 0, intent="order_status", author="lee")
    corrections.record("anno-de", 0, intent="order_status", author="lee")
    german = corrections.record("anno-de", 1, intent="inform", kind="example", author="lee")
    corrections.record("anno-quiet", 0, intent="goodbye", author="lee", language="en")
    corrections.set_status(german.id, "dismissed", "ada")
    assert [(c.name, c.count) for c in corrections.open_by_intent()] == [
        ("order_status", 2),
        ("goodbye", 1),
    ]
    assert [(c.name, c.count) for c in corrections.open_by_intent("de")] == [("order_status", 1)]
    assert [(c.name, c.count) for c in corrections.by_language()] == [("en", 2), ("de", 1)]
    assert [(c.name, c.count) for c in corrections.most_corrected()] == [
        ("greet", 2),
        ("ask_carrier", 1),
    ]
    done = corrections.set_status(mail.id, "done", "ada")
    assert (done.status, done.reviewed_by, done.reviewed_at) == ("done", "ada", NOW)
    page = corrections.list(status="open")
    assert page.total == 2
    assert {item.id for item in corrections.list(status=None).items} >= {mail.id, german.id}
    assert corrections.list(status="dismissed", language="de").items[0].id == german.id
    reopened = corrections.set_status(mail.id, "open", "lee")
    assert (reopened.status, reopened.reviewed_by) == ("open", None)
    with pytest.raises(AnnotationError):
        corrections.set_status(mail.id, "approved", "ada")
    with pytest.raises(NotFoundError):
        corrections.set_status(999_999, "done", "ada")


# --- the NLU export --------------------------------------------------------------------


def _export(annotated: Annotations, language: str) -> str:
    found = annotated.corrections.for_export(language)
    return nlu_yaml(found, language, NOW)


def _examples(document: str) -> dict[str, list[str]]:
    data = yaml.safe_load(document)
    assert data["version"] == "3.1"
    found: dict[str, list[str]] = {}
    for block in data["nlu"]:
        assert set(block) == {"intent", "examples"}
        assert block["intent"] in VOCABULARY.intents
        lines = block["examples"].splitlines()
        assert all(line.startswith("- ") for line in lines), lines
        found[block["intent"]] = [line[2:] for line in lines]
    return found


def test_the_export_is_rasa_nlu_yaml_per_language_redacted(annotated: Annotations) -> None:
    annotated.corrections.record(
        "anno-mail",
        0,
        intent="order_status",
        entities=[
            {"start": 9, "end": 17, "entity": "order_number", "value": "100234"},
            {"start": 35, "end": 42, "entity": "email"},
        ],
        author="lee",
    )
    annotated.corrections.record("anno-de", 0, intent="order_status", author="lee")
    annotated.corrections.record("anno-de", 1, intent="inform", kind="example", author="lee")
    english = _export(annotated, "en")
    assert _examples(english) == {
        "order_status": [
            'my order [#100 234]{"entity": "order_number", "value": "100234"} never came, '
            "mail [shopper@example.com](email) or call PHONE"
        ]
    }
    assert "bea@example.com" not in english and "7946" not in english
    assert "# the bot understood: greet x1" in english
    german = _examples(_export(annotated, "de"))
    assert german == {
        "inform": ["(x)(order_number) (y) ))"],  # brackets that would annotate are neutralised
        "order_status": ["wo ist mein paket?"],
    }
    assert _examples(_export(annotated, "fr")) == {}


def test_an_empty_export_is_still_valid() -> None:
    assert yaml.safe_load(nlu_yaml([], "fr", NOW)) == {"version": "3.1", "nlu": []}


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("line\nbreak\u2028and\ttab\x85x", (), "line break and tab x"),
        ("  spaced   out  ", (), "spaced out"),
        ("[email]", (EntitySpan(0, 7, "email"),), "[shopper@example.com](email)"),
        ("card 4111 1111 1111 1111 please", (), "card CARD please"),
        ('{"entity": "x"}', (), '("entity": "x")'),
        ("ab", (EntitySpan(0, 1, "email", 'x}"y'),), '[a]{"entity": "email", "value": "x)\\"y"}b'),
    ],
)
def test_training_examples_are_one_clean_line(
    text: str, spans: tuple[EntitySpan, ...], expected: str
) -> None:
    assert training_example(text, spans) == expected


@pytest.mark.rasa
def test_rasas_own_reader_loads_the_export(annotated: Annotations, tmp_path: Path) -> None:
    annotated.corrections.record(
        "anno-mail",
        0,
        intent="order_status",
        entities=[
            {"start": 9, "end": 17, "entity": "order_number", "value": "100234"},
            {"start": 35, "end": 42, "entity": "email"},
        ],
        author="lee",
    )
    annotated.corrections.record("anno-quiet", 0, intent="greet", author="lee", language="en")
    exported = tmp_path / "nlu.yml"
    exported.write_text(_export(annotated, "en"), encoding="utf-8")
    if not RASA_PYTHON.exists():
        pytest.fail(".venv-rasa is missing: run `make test` (it creates it)")
    program = (
        "import json, sys\n"
        "from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader\n"
        "data = RasaYAMLReader().read(sys.argv[1])\n"
        "print(json.dumps([m.as_dict() for m in data.training_examples]))\n"
    )
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", program, str(exported)],
        capture_output=True,
        text=True,
        env=offline_environment(),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    examples = {item["text"]: item for item in json.loads(result.stdout.strip().splitlines()[-1])}
    mail = examples["my order #100 234 never came, mail shopper@example.com or call PHONE"]
    assert mail["intent"] == "order_status"
    assert [(e["entity"], e["value"]) for e in mail["entities"]] == [
        ("order_number", "100234"),
        ("email", "shopper@example.com"),
    ]
    assert examples["hello"]["intent"] == "greet"


# --- erasure ---------------------------------------------------------------------------


def test_erasing_a_conversation_removes_its_annotations(
    annotated: Annotations, database: Database, tmp_path: Path
) -> None:
    annotated.tags.add("anno-mail", "vip", "lee")
    annotated.tags.add("anno-de", "vip", "lee")
    annotated.notes.add("anno-mail", "call them", "lee")
    annotated.corrections.record("anno-mail", 0, intent="order_status", author="lee")
    settings = Settings(client_key_secret=secret())
    tracker = EventStore("tracker_store", Database(f"sqlite:///{tmp_path / 'tracker.db'}"))
    service = PrivacyService(settings, database, [tracker])
    report = service.erase_conversation("anno-mail")
    assert (
        report.removed["conversation_tags"],
        report.removed["conversation_notes"],
        report.removed["nlu_corrections"],
    ) == (1, 1, 1)
    with database.begin() as connection:
        left = connection.execute(select(TAGS.c.conversation_id)).scalars().all()
        assert left == ["anno-de"]
        assert connection.execute(select(NOTES.c.id)).first() is None
        assert connection.execute(select(CORRECTIONS.c.id)).first() is None
    tracker.database.dispose()


# --- over HTTP, against the web server ---------------------------------------------------


@pytest.fixture(scope="module")
def lead(console: ConsoleServer) -> Iterator[httpx.Client]:
    """The sample conversations in the server's summaries; lee (a lead) signed in."""
    store(console.database)
    with console.signed_in("lee") as client:
        client.headers["X-CSRF-Token"] = csrf_token(client)
        yield client
    with console.database.begin() as connection:
        for table in (TAGS, NOTES, CORRECTIONS):
            connection.execute(delete(table))
    remove(console.database)


def _api(conversation_id: str) -> str:
    return f"/console/api/conversations/{quote(conversation_id, safe='')}"


def test_tags_over_http_filter_the_list(lead: httpx.Client) -> None:
    added = lead.post(f"{_api(ANGRY)}/tags", json={"tag": "Refund Bug"})
    assert added.status_code == 200 and added.json() == {"tags": ["refund-bug"]}
    assert lead.post(f"{_api(HAPPY)}/tags", json={"tag": "vip"}).json() == {"tags": ["vip"]}
    listed = lead.get("/console/conversations?tag=refund-bug").text
    assert f">{ANGRY}<" in listed and f">{HAPPY}<" not in listed
    assert 'name="tag" value="refund-bug" checked' in listed
    page = lead.get(f"/console/conversations/{ANGRY}").text
    assert 'data-remove-tag="refund-bug"' in page
    removed = lead.delete(f"{_api(ANGRY)}/tags/refund-bug")
    assert removed.json() == {"tags": []}


@pytest.mark.parametrize(
    ("url", "body", "status"),
    [
        (f"{_api(ANGRY)}/tags", {"tag": "<b>"}, 400),
        (f"{_api(ANGRY)}/tags", {"tag": ""}, 400),
        (f"{_api(ANGRY)}/tags", ["vip"], 400),
        (f"{_api('nobody')}/tags", {"tag": "vip"}, 404),
        (f"{_api(ANGRY)}/notes", {"body": "   "}, 400),
        (f"{_api(ANGRY)}/notes", {"body": "x" * 5000}, 400),
        (f"{_api(ANGRY)}/notes", {}, 400),
        (f"{_api('nobody')}/notes", {"body": "hi"}, 404),
        (f"{_api(ANGRY)}/turns/0/correction", {"intent": "nope"}, 400),
        (f"{_api(ANGRY)}/turns/0/correction", {"intent": "greet", "kind": "x"}, 400),
        (
            f"{_api(ANGRY)}/turns/0/correction",
            {"intent": "greet", "entities": [{"start": 0, "end": 500, "entity": "email"}]},
            400,
        ),
        (f"{_api(ANGRY)}/turns/9/correction", {"intent": "greet"}, 404),
        (f"{_api('nobody')}/turns/0/correction", {"intent": "greet"}, 404),
        ("/console/api/corrections/999999/status", {"status": "done"}, 404),
        ("/console/api/corrections/1/status", {"status": "approved"}, 400),
    ],
)
def test_refused_annotations_say_why(
    lead: httpx.Client, url: str, body: object, status: int
) -> None:
    response = lead.post(url, json=body)
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error", "message"}


def test_a_body_that_is_not_json_is_refused(lead: httpx.Client) -> None:
    response = lead.post(
        f"{_api(ANGRY)}/notes", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_notes_over_http_are_redacted_and_render_inert(lead: httpx.Client) -> None:
    hostile = '<script>window.__pwned=3</script><img src=x onerror="alert(1)"> ring ada@example.com'
    created = lead.post(f"{_api(ANGRY)}/notes", json={"body": hostile})
    assert created.status_code == 201
    note = created.json()
    assert note["author"] == "lee" and "ada@example.com" not in note["body"]
    page = lead.get(f"/console/conversations/{ANGRY}").text
    assert "<script>window.__pwned=3" not in page and '<img src=x onerror="alert(1)">' not in page
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt;" in page
    assert lead.get(f"{_api(ANGRY)}/notes").json()["notes"][-1]["body"] == note["body"]


def test_a_correction_is_reviewed_and_exported_per_language(lead: httpx.Client) -> None:
    created = lead.post(
        f"{_api(ANGRY)}/turns/0/correction",
        json={
            "intent": "order_status",
            "entities": [{"start": 24, "end": 30, "entity": "order_number"}],
            "language": "de",
        },
    )
    assert created.status_code == 201, created.text
    correction = created.json()
    assert correction["text"] == "wo ist meine bestellung 100234? schreib an [email]"
    assert (correction["predicted_intent"], correction["status"]) == ("ask_carrier", "open")
    example = lead.post(
        f"{_api(FRENCH)}/turns/0/correction", json={"intent": "greet", "kind": "example"}
    )
    assert example.status_code == 201 and example.json()["language"] == "fr"

    page = lead.get(f"/console/conversations/{ANGRY}").text
    assert "Corrected: <strong>order_status</strong>" in page
    corrections = lead.get("/console/corrections").text
    assert 'href="/console/api/nlu-export?language=de"' in corrections
    assert "order_status</a></th><td>1</td>" in corrections
    listed = lead.get("/console/api/corrections?language=de").json()
    assert [item["id"] for item in listed["items"]] == [correction["id"]]
    assert listed["open_by_intent"] == [{"name": "order_status", "count": 1}]

    exported = lead.get("/console/api/nlu-export?language=de")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/x-yaml")
    assert 'filename="nlu-corrections-de.yml"' in exported.headers["content-disposition"]
    assert _examples(exported.text) == {
        "order_status": [
            "wo ist meine bestellung [100234](order_number)? schreib an shopper@example.com"
        ]
    }
    assert lead.get("/console/api/nlu-export").status_code == 400
    assert lead.get("/console/api/nlu-export?language=de&status=maybe").status_code == 400

    done = lead.post(f"/console/api/corrections/{correction['id']}/status", json={"status": "done"})
    assert (done.json()["status"], done.json()["reviewed_by"]) == ("done", "lee")
    assert _examples(lead.get("/console/api/nlu-export?language=de").text) == {}
    assert "order_status" in lead.get("/console/api/nlu-export?language=de&status=done").text
