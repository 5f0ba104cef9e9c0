"""The production profile for real, as ``shopbot production up`` started it on free ports
and names of its own (the package's ``profile`` fixture, shared with test_profile_faults.py,
which runs after this module and ends with ``down``).

Checked: every process healthy; REST conversations through nginx; each conversation served
by one Rasa server and both servers serving (nginx's access log names the server of each
request); the widget's socket.io over WebSocket and over long-polling through nginx; the
tracker in PostgreSQL. Skipped, saying why, only when nginx,
PostgreSQL, Redis or RabbitMQ is not there.
"""

from __future__ import annotations

import json
import os
import subprocess

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser
from websockets.sync.client import connect

from shop.rasa_api import RasaClient
from shopbot.production.launcher import status
from shopbot.production.profile import Role
from tests.e2e.socketio_wire import WireClient
from tests.e2e.web_fixtures import ShopPage

from .conftest import SHOPBOT, Running, upstream_of

pytestmark = pytest.mark.e2e


@pytest.fixture
def running(profile: Running) -> Running:
    return profile


def _conversation_turn(running: Running, sender: str, text: str) -> str:
    """One REST turn through nginx; the server that answered it (nginx's log)."""
    replies = running.client.send(sender, text)
    assert replies and any(reply.get("text") for reply in replies), replies
    return running.log.upstream_of_next()


def test_up_starts_every_process_healthy(running: Running) -> None:
    print(f"\nshopbot production up: {running.seconds:.1f} s")
    processes = {item["name"]: item for item in running.status()}
    assert set(processes) == {service.name for service in running.profile.services}
    http = [s.name for s in running.profile.services if s.health_url]
    unhealthy = {name: processes[name]["detail"] for name in http if not processes[name]["healthy"]}
    assert not unhealthy, f"{unhealthy}\n{running.up.stderr[-3000:]}"
    for name in http:
        assert processes[name]["state"] == "RUNNING" and processes[name]["pid"] > 0


def test_the_summary_consumer_runs(running: Running) -> None:
    consumer = next(item for item in status(running.profile) if item.service.name == "summaries")
    if not consumer.healthy:
        help_text = subprocess.run(
            [str(SHOPBOT), "conversations", "follow", "--help"],
            capture_output=True,
            text=True,
            check=False,
            env={**running.environment, "COLUMNS": "200"},
        ).stdout
        if "--broker" not in help_text:
            pytest.skip("`shopbot conversations follow --broker amqp` does not exist yet")
    assert consumer.healthy, (consumer.state, consumer.detail)


def test_rest_conversations_through_nginx_stick_to_one_rasa_server(running: Running) -> None:
    rasa = {f"127.0.0.1:{s.port}" for s in running.profile.by_role(Role.RASA)}
    served: dict[str, set[str]] = {}
    stamp = os.urandom(4).hex()
    for text in ("hello", "how long does delivery take?"):
        for number in range(12):
            sender = f"prod-{stamp}-{number}"
            served.setdefault(sender, set()).add(_conversation_turn(running, sender, text))
    for sender in list(served)[:4]:  # the HTTP API (agents' replies) follows the conversation
        running.client.tracker(sender)
        served[sender].add(running.log.upstream_of_next())
    assert all(len(upstreams) == 1 for upstreams in served.values()), served
    used = {next(iter(upstreams)) for upstreams in served.values()}
    assert used == rasa, f"12 conversations all on {used}"


def test_the_tracker_lands_in_postgresql(running: Running) -> None:
    sender = f"prod-pg-{os.urandom(4).hex()}"
    _conversation_turn(running, sender, "hi")
    _conversation_turn(running, sender, "what is your return policy?")
    settings = running.profile.settings
    url = settings.pg_admin_url.rsplit("/", 1)[0] + f"/{settings.tracker_db}"
    with psycopg.connect(url) as db:
        texts = [
            json.loads(row[0]).get("text")
            for row in db.execute(
                "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' ORDER BY id",
                (sender,),
            )
        ]
    assert texts == ["hi", "what is your return policy?"]


def _origin(running: Running) -> str:
    return f"http://127.0.0.1:{running.profile.settings.front_port}"


def test_the_widget_talks_over_websocket_through_nginx(running: Running) -> None:
    url = (
        running.profile.settings.front_url.replace("http://", "ws://")
        + "/socket.io/?EIO=4&transport=websocket&shopbot_session=new-"
        + os.urandom(6).hex()
    )
    with connect(url, additional_headers={"Origin": _origin(running)}, open_timeout=30) as ws:
        assert str(ws.recv(timeout=30)).startswith("0")
        ws.send("40")
        assert str(ws.recv(timeout=30)).startswith("40")
        wire = WireClient(ws)
        token = wire.session(None)
        assert token.startswith("web-")
        assert any(wire.say(token, "hello"))
    # nginx logs the WebSocket when it closes: switched protocols (101), through the front.
    line = running.log.lines(1, timeout=30)[0]
    assert '"GET /socket.io/" 101 ' in line, line


def _polling(
    client: httpx.Client, key: str, sid: str | None = None, body: str | None = None
) -> str:
    params = {"EIO": "4", "transport": "polling", "shopbot_session": key}
    if sid:
        params["sid"] = sid
    if body is None:
        answer = client.get("/socket.io/", params=params)
    else:
        answer = client.post("/socket.io/", params=params, content=body)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_widget_long_polls_through_nginx_on_one_server(running: Running) -> None:
    """engine.io's polling is many requests; served by two servers it would fail (400)."""
    headers = {"Origin": _origin(running)}
    with httpx.Client(
        base_url=running.profile.settings.front_url, headers=headers, timeout=40
    ) as client:
        for _ in range(3):
            key = "new-" + os.urandom(6).hex()
            opened = _polling(client, key)
            sid = json.loads(opened[1:])["sid"]
            assert _polling(client, key, sid, "40").lower() == "ok"
            assert _polling(client, key, sid).startswith("40")
            request = json.dumps(["session_request", {"session_id": None}])
            _polling(client, key, sid, "42" + request)
            packets = _polling(client, key, sid).split("\x1e")
            confirm = next(p for p in packets if p.startswith('42["session_confirm"'))
            assert json.loads(confirm[2:])[1].startswith("web-")
            lines = running.log.lines(5)
            upstreams = {line.split("upstream=")[1].split()[0] for line in lines}
            assert len(upstreams) == 1, lines


def test_the_widget_through_nginx_gets_an_agents_reply(running: Running, browser: Browser) -> None:
    """The demo page and the widget through the front; after a reload the widget's socket
    carries its conversation, and an agent's message through the HTTP API reaches it."""
    context = browser.new_context(locale="en-GB", service_workers="block")
    context.set_default_timeout(60_000)
    sockets: list[str] = []
    page = context.new_page()
    page.on("websocket", lambda socket: sockets.append(socket.url))
    shop = ShopPage(context=context, page=page, base_url=running.profile.settings.browser_url)
    try:
        shop.open_shop()
        shop.open_chat()
        assert any(shop.say("how long does delivery take?"))
        conversation = shop.conversation_id()
        assert "shopbot_session=new-" in sockets[0]
        shop.page.reload()
        shop.launcher().wait_for()
        assert any(shop.say("and what is your return policy?"))
        assert f"shopbot_session={conversation}" in sockets[-1]
        rows = shop.bot_rows()
        running.client.append_events(conversation, [{"event": "bot", "text": "Agent Kim here."}])
        shop.wait_for_bot_rows(rows + 1)
        assert shop.bot_texts()[-1] == "Agent Kim here."
        # The same conversation's message handled by the other Rasa server (straight to it,
        # not through nginx) reaches the socket too: the rooms are shared through Redis.
        lines = running.log.rest(settle=1)
        api = [line for line in lines if '"POST /conversations/..."' in line]
        assert len(api) == 1, lines
        other = next(
            f"http://127.0.0.1:{s.port}"
            for s in running.profile.by_role(Role.RASA)
            if f"127.0.0.1:{s.port}" != upstream_of(api[0])
        )
        with RasaClient(other, token=running.client.token) as direct:
            direct.append_events(conversation, [{"event": "bot", "text": "Agent Lee too."}])
        shop.wait_for_bot_rows(rows + 2)
        assert shop.bot_texts()[-1] == "Agent Lee too."
    finally:
        context.close()
    lines += running.log.rest(settle=2)
    websockets = [line for line in lines if '"GET /socket.io/" 101 ' in line]
    assert len(websockets) == 2, lines
    # The reloaded widget's socket and the agent's message went to the same Rasa server.
    assert upstream_of(websockets[-1]) == upstream_of(api[0])
