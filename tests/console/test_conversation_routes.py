"""The conversation pages and their JSON API over HTTP, against a real
``python -m shopbot.web``: roles, the list's filters, search, sort and pages (in the URL),
the transcript with everything the bot understood, redaction and the admin's reveal, and
shopper text rendered inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import quote

import httpx
import pytest

from tests.console.conftest import ConsoleServer
from tests.console.conversation_samples import ANGRY, FRENCH, HAPPY, remove, store
from tests.console.support import csrf_token

#: Every route of this part, with a URL to try (GET unless named).
ROUTES = [
    ("GET", "/console/conversations"),
    ("GET", f"/console/conversations/{ANGRY}"),
    ("GET", "/console/corrections"),
    ("GET", "/console/api/conversations"),
    ("GET", f"/console/api/conversations/{ANGRY}"),
    ("GET", f"/console/api/conversations/{ANGRY}/notes"),
    ("POST", f"/console/api/conversations/{ANGRY}/notes"),
    ("POST", f"/console/api/conversations/{ANGRY}/tags"),
    ("DELETE", f"/console/api/conversations/{ANGRY}/tags/never"),
    ("POST", f"/console/api/conversations/{ANGRY}/turns/0/correction"),
    ("GET", "/console/api/corrections"),
    ("POST", "/console/api/corrections/1/status"),
    ("GET", "/console/api/nlu-export?language=de"),
    ("GET", "/console/api/exports/conversations.csv"),
    ("GET", "/console/api/exports/conversations.jsonl"),
]


@pytest.fixture(scope="module", autouse=True)
def samples(console: ConsoleServer) -> Iterator[None]:
    """The sample conversations in the server's summaries."""
    store(console.database)
    yield
    remove(console.database)


@pytest.fixture(scope="module")
def clients(console: ConsoleServer) -> Iterator[dict[str, httpx.Client]]:
    """Clients signed in as sam (agent), lee (lead) and ada (admin), with their CSRF
    headers set."""
    with ExitStack() as stack:
        signed = {}
        for name in ("sam", "lee", "ada"):
            client = stack.enter_context(console.signed_in(name))
            client.headers["X-CSRF-Token"] = csrf_token(client)
            signed[name] = client
        yield signed


@pytest.fixture(scope="module")
def lead(clients: dict[str, httpx.Client]) -> httpx.Client:
    """lee, a lead."""
    return clients["lee"]


def _ids(page: str) -> list[str]:
    return re.findall(r'class="conversation-link">([^<]+)<', page)


# --- roles -----------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_agents_are_refused_and_leads_and_admins_admitted(
    clients: dict[str, httpx.Client], method: str, url: str
) -> None:
    for user, refused in (("sam", True), ("lee", False), ("ada", False)):
        headers = {"Accept": "application/json"}
        response = clients[user].request(method, url, headers=headers, json={})
        if refused:
            assert response.status_code == 403, (user, method, url)
        else:
            assert response.status_code not in (401, 403), (user, method, url)
            assert response.status_code < 500, (user, method, url, response.text)


def test_without_a_session_the_pages_send_to_the_sign_in(console: ConsoleServer) -> None:
    with console.client() as client:
        page = client.get("/console/conversations?language=de")
        assert page.status_code == 302
        assert (
            page.headers["location"] == "/console/login?next=/console/conversations%3Flanguage%3Dde"
        )
        assert client.get("/console/api/conversations").status_code == 401
        assert client.get("/console/api/exports/conversations.csv").status_code == 401


def test_state_changes_need_the_csrf_token(console: ConsoleServer) -> None:
    with console.signed_in("lee") as client:
        refused = client.post(f"/console/api/conversations/{ANGRY}/tags", json={"tag": "x"})
        assert refused.status_code == 403 and refused.json()["error"] == "csrf"


# --- the list --------------------------------------------------------------------------


def test_the_list_shows_every_conversation_newest_activity_first(lead: httpx.Client) -> None:
    page = lead.get("/console/conversations")
    assert page.status_code == 200
    assert 'aria-current="page">Conversations' in page.text
    ids = _ids(page.text)
    assert ids.index(HAPPY) < ids.index(ANGRY) < ids.index(FRENCH)
    assert "conversations" in page.text and "Export CSV" in page.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=de", [ANGRY]),
        ("language=de&language=fr", [ANGRY, FRENCH]),
        ("channel=socketio", [HAPPY]),
        ("lowest_max=-0.5", [ANGRY]),
        ("mean_min=0.2", [HAPPY]),
        ("handed_over=yes", [ANGRY]),
        ("fallback=yes", [ANGRY]),
        ("failed_search=yes", [ANGRY]),
        ("rated=no", [FRENCH]),
        ("rating=5&rating=4", [HAPPY]),
        ("verified=yes", [HAPPY]),
        ("intent=greet", [FRENCH]),
        ("reason=requested", [ANGRY]),
        ("from=2026-06-01&until=2026-06-02", [HAPPY]),
        ("q=stiefel", [ANGRY]),
        ("q=BONJ", [FRENCH]),
        ("language=de&lowest_max=-0.5&q=bestellung", [ANGRY]),
        ("sort=started&order=asc&channel=rest&channel=telegram", [FRENCH, ANGRY]),
    ],
)
def test_each_filter_in_the_url(lead: httpx.Client, query: str, expected: list[str]) -> None:
    page = lead.get(f"/console/conversations?{query}")
    assert page.status_code == 200
    listed = [item for item in _ids(page.text) if item.startswith("rt-")]
    assert listed == expected
    api = lead.get(f"/console/api/conversations?{query}").json()
    assert [
        item["conversation_id"]
        for item in api["items"]
        if item["conversation_id"].startswith("rt-")
    ] == expected


def test_sorting_and_pages_keep_the_filters(lead: httpx.Client) -> None:
    page = lead.get("/console/conversations?sort=lowest_sentiment&order=asc&size=10&channel=rest")
    assert _ids(page.text)[0] == ANGRY
    first = lead.get("/console/conversations?size=10&q=e")
    assert "1–" in first.text
    second = lead.get("/console/conversations?size=10&page=2&channel=rest")
    assert "There is no page 2" in second.text
    assert 'href="/console/conversations?channel=rest&amp;size=10"' in second.text
    # links to a transcript carry the list's state back
    linked = lead.get("/console/conversations?language=de")
    assert f'/console/conversations/{ANGRY}?back=%3Flanguage%3Dde"' in linked.text


def test_an_empty_result_says_so_and_offers_to_clear(lead: httpx.Client) -> None:
    page = lead.get("/console/conversations?q=zzzznothing")
    assert "No conversation matches these filters." in page.text
    assert 'href="/console/conversations">clear them all' in page.text


def test_filters_not_understood_are_named_not_fatal(lead: httpx.Client) -> None:
    page = lead.get("/console/conversations?language=German!&lowest_max=2&page=x&sort=size")
    assert page.status_code == 200
    assert "Not understood, so left out: lowest_max, language, sort, page." in page.text
    api = lead.get("/console/api/conversations?lowest_max=oops")
    assert api.status_code == 400 and "lowest_max" in api.json()["message"]


def test_the_filter_choices_come_from_the_data(lead: httpx.Client) -> None:
    page = lead.get("/console/conversations")
    for channel in ("rest", "socketio", "telegram"):
        assert f'name="channel" value="{channel}"' in page.text
    for language in ("de", "en", "fr"):
        assert f'name="language" value="{language}"' in page.text
    assert '<option value="ask_carrier">' in page.text
    assert '<option value="nlu_fallback">' in page.text


# --- the transcript --------------------------------------------------------------------


def test_the_transcript_shows_what_the_bot_understood_and_what_followed(
    lead: httpx.Client,
) -> None:
    page = lead.get(f"/console/conversations/{ANGRY}")
    assert page.status_code == 200
    text = page.text
    for expected in (
        '<strong class="intent">ask_carrier</strong> 41%',
        "runner-up</span> order_status 38%",
        "order_number</span> 100234",
        "negative -0.40",
        "<code>action_ask_carrier</code>",
        "<code>language</code> = de",
        "“wasserdichte lila stiefel” →",
        "found nothing",
        '<code class="response">utter_search_no_match</code>',
        "Agent sam",
        "handed over: requested",
        '<span class="label">pause</span> requested',
        "2/5",
        "zu langsam, [email]",
        'data-entities="[{&#34;start&#34;: 24, &#34;end&#34;: 30, '
        '&#34;entity&#34;: &#34;order_number&#34;}]"',
    ):
        assert expected in text, expected


def test_a_proactive_notice_is_marked_in_the_transcript(lead: httpx.Client) -> None:
    page = lead.get(f"/console/conversations/{FRENCH}").text
    assert "DHL signale un retard" in page and "EXTERNAL: " not in page
    notice = page.index('<code class="response">utter_notice_delayed</code>')
    assert page.rfind("Proactive notice", 0, notice) > page.rfind("utter_greet", 0, notice)
    assert page.count("Proactive notice") == 1


def test_personal_data_is_redacted_and_only_admins_may_reveal(
    clients: dict[str, httpx.Client], lead: httpx.Client
) -> None:
    page = lead.get(f"/console/conversations/{ANGRY}").text
    assert "bea@example.com" not in page and "1234567" not in page
    assert "schreib an [email]" in page and "Rufen Sie [phone] an." in page
    assert "reveal-button" not in page
    assert lead.get(f"/console/api/conversations/{ANGRY}").json()["transcript"]["redacted"]
    admin = clients["ada"]
    assert 'id="reveal-button"' in admin.get(f"/console/conversations/{ANGRY}").text
    revealed = admin.post(f"/console/api/conversations/{ANGRY}/reveal")
    assert "bea@example.com" in revealed.text


def test_html_in_a_message_or_an_id_is_escaped(lead: httpx.Client) -> None:
    page = lead.get(f"/console/conversations/{ANGRY}").text
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;&lt;script&gt;" in page
    hostile = "web-<img src=x onerror=alert(1)>"
    listed = lead.get("/console/conversations").text
    assert "<img src=x onerror=alert(1)>" not in listed
    assert f'href="/console/conversations/{quote(hostile, safe="")}"' in listed
    shown = lead.get(f"/console/conversations/{quote(hostile, safe='')}")
    assert shown.status_code == 200
    assert "web-&lt;img src=x onerror=alert(1)&gt;" in shown.text


def test_an_unknown_conversation_is_404(lead: httpx.Client) -> None:
    assert lead.get("/console/conversations/nobody-here").status_code == 404
    assert lead.get("/console/api/conversations/nobody-here").status_code == 404
    long_id = "x" * 300
    assert lead.get(f"/console/api/conversations/{long_id}").status_code == 400


def test_the_transcript_api_has_turns_notes_and_corrections(lead: httpx.Client) -> None:
    data = lead.get(f"/console/api/conversations/{HAPPY}").json()
    turns = data["transcript"]["turns"]
    assert [turn["intent"] for turn in turns] == ["order_status", "search_product"]
    assert turns[1]["searches"] == [
        {"query": '=HYPERLINK("http://x") waterproof boots', "results": 3}
    ]
    assert data["transcript"]["conversation"]["verified_order"] == "100234"
    assert data["notes"] == [] and data["corrections"] == []
