"""nginx's routing with the rendered configuration, in seconds: nginx itself in front of
small servers that stand in for the Rasa, action and web servers and say who they are.

One conversation always reaches one Rasa server, whether it arrives as a REST webhook
(the body's ``sender``), through the HTTP API (``/conversations/<id>/...``) or as the
widget's socket.io requests (``?shopbot_session=<id>``); Telegram and Messenger bodies
name the same conversation as the HTTP API does; the action calls are shared; a Rasa server
that is down leaves its conversations to the other. The end-to-end module does the same
with the real servers."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from shopbot.production.nginx_config import render_nginx_config
from shopbot.production.profile import ProductionSettings, Profile, build_profile
from shopbot.runtime import free_port

from .conftest import AccessLog, nginx_or_skip


class _Named(BaseHTTPRequestHandler):
    """Answers every request with the port it listens on and the body's size."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        port = self.server.server_address[1]
        payload = json.dumps({"port": port, "received": len(body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Routed:
    profile: Profile
    client: httpx.Client
    log: AccessLog
    servers: dict[int, ThreadingHTTPServer]

    def rasa(self, port: int) -> str:
        return f"127.0.0.1:{port}"


def _serve(port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Named)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def routed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Routed]:
    nginx = nginx_or_skip()
    work = tmp_path_factory.mktemp("routing")
    rasa, actions = (free_port(), free_port()), (free_port(), free_port())
    settings = ProductionSettings(
        state_dir=work / "state",
        log_dir=work / "log",
        front_port=free_port(),
        action_proxy_port=free_port(),
        web_port=free_port(),
        rasa_ports=rasa,
        action_ports=actions,
    )
    profile = build_profile(settings, nginx)
    for folder in (profile.state_dir / "nginx", profile.log_dir):
        folder.mkdir(parents=True)
    profile.nginx_conf.write_text(render_nginx_config(profile))
    servers = {port: _serve(port) for port in (*rasa, *actions, settings.web_port)}
    process = subprocess.Popen(list(profile.service("nginx").command))
    client = httpx.Client(base_url=settings.front_url, timeout=10)
    try:
        for _ in range(100):
            try:
                if client.get("/shopbot-proxy-health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            threading.Event().wait(0.05)
        (profile.log_dir / "nginx-access.log").touch()
        yield Routed(profile, client, AccessLog(profile.access_log), servers)
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
        for server in servers.values():
            server.shutdown()
            server.server_close()


def _rest(routed: Routed, sender: str) -> int:
    answer = routed.client.post(
        "/webhooks/rest/webhook", json={"sender": sender, "message": "where is my order?"}
    )
    assert answer.status_code == 200
    return int(answer.json()["port"])


def test_a_rest_sender_always_reaches_one_rasa_server(routed: Routed) -> None:
    rasa_ports = set(routed.profile.settings.rasa_ports)
    served: dict[str, set[int]] = {}
    for turn in range(3):
        for number in range(24):
            sender = f"shopper-{number}"
            port = _rest(routed, sender)
            assert routed.log.upstream_of_next() == f"127.0.0.1:{port}"
            served.setdefault(sender, set()).add(port)
            assert port in rasa_ports, turn
    assert all(len(ports) == 1 for ports in served.values()), served
    # Both servers have conversations (24 senders on one side: odds about 1 in 8 million).
    assert {next(iter(ports)) for ports in served.values()} == rasa_ports


def test_the_http_api_and_the_widget_reach_the_server_of_their_conversation(
    routed: Routed,
) -> None:
    for number in range(12):
        conversation = f"web-{number:032x}"
        port = _rest(routed, conversation)
        api = routed.client.post(f"/conversations/{conversation}/tracker/events", json=[])
        assert api.json()["port"] == port
        polling = routed.client.get(
            "/socket.io/",
            params={"EIO": "4", "transport": "polling", "shopbot_session": conversation},
        )
        assert polling.json()["port"] == port
        routed.log.lines(3)


def test_messaging_webhooks_route_by_the_conversation_the_api_names(routed: Routed) -> None:
    for chat in (42, -1001234, 7):
        update = {"update_id": 1, "message": {"chat": {"id": chat, "type": "private"}}}
        port = routed.client.post("/webhooks/telegram/webhook", json=update).json()["port"]
        api = routed.client.get(f"/conversations/telegram:{chat}/tracker")
        assert api.json()["port"] == port
        event = {"object": "page", "entry": [{"messaging": [{"sender": {"id": f"psid{chat}"}}]}]}
        port = routed.client.post("/webhooks/messenger/webhook", json=event).json()["port"]
        assert (
            routed.client.get(f"/conversations/messenger:psid{chat}/tracker").json()["port"] == port
        )
        routed.log.lines(4)


def test_action_calls_are_shared_between_the_action_servers(routed: Routed) -> None:
    action_ports = set(routed.profile.settings.action_ports)
    url = f"http://127.0.0.1:{routed.profile.settings.action_proxy_port}/webhook"
    actions_log = AccessLog(routed.profile.log_dir / "nginx-actions-access.log")
    seen = {httpx.post(url, json={"next_action": "x"}).json()["port"] for _ in range(8)}
    assert seen == action_ports
    assert {line.split("upstream=")[1].split()[0] for line in actions_log.lines(8)} == {
        f"127.0.0.1:{port}" for port in action_ports
    }


def test_pages_go_to_the_web_server(routed: Routed) -> None:
    for path in ("/", "/console/login", "/widget/shopbot-widget.js", "/api/handover/tickets"):
        assert routed.client.get(path).json()["port"] == routed.profile.settings.web_port
    routed.log.lines(4)


def test_the_log_names_the_server_but_no_conversation(routed: Routed) -> None:
    routed.client.get(
        "/socket.io/", params={"EIO": "4", "transport": "polling", "shopbot_session": "web-secret1"}
    )
    routed.client.get("/conversations/twilio:+15550001111/tracker")
    lines = routed.log.lines(2)
    assert "web-secret1" not in "".join(lines) and "15550001111" not in "".join(lines)
    assert all("upstream=127.0.0.1:" in line for line in lines)


def test_a_rasa_server_down_leaves_its_conversations_to_the_other(routed: Routed) -> None:
    first, second = routed.profile.settings.rasa_ports
    on_first = [s for s in (f"shopper-{n}" for n in range(24)) if _rest(routed, s) == first]
    routed.log.lines(24)
    assert on_first
    stopped = routed.servers.pop(first)
    stopped.shutdown()
    stopped.server_close()
    try:
        for sender in on_first:
            assert _rest(routed, sender) == second  # the refused connection is retried once
        routed.log.lines(len(on_first))
    finally:
        routed.servers[first] = _serve(first)
