"""nginx's configuration of the profile, rendered from :class:`Profile`.

Two listeners on loopback:

- **The front** (``SHOPBOT_PROD_FRONT_PORT``, 8080): Rasa's routes (``/socket.io/``,
  ``/webhooks/``, ``/conversations/``, ``/model/``, ``/status``, ``/version``) go to the
  Rasa servers, everything else (the shop page, the widget, ``/console``,
  ``/api/handover``) to the web server.
- **The actions** (``SHOPBOT_PROD_ACTION_PROXY_PORT``, 8081): Rasa's calls to the action
  servers, to the one with the fewest open requests (``least_conn``).

**One conversation, one Rasa server.** The Rasa upstream hashes the conversation
(``hash ... consistent``): for ``/conversations/<id>/...`` (the HTTP API: agents' replies)
the id in the path; for ``/socket.io/`` the widget's ``shopbot_session`` query parameter,
which is its conversation id (``web-...``), sent on every engine.io request, so polling,
the WebSocket upgrade and the HTTP API all land on one server; for the REST channel the
JSON body's ``sender``; for Telegram and Messenger the chat or sender id of the body as
``<channel>:<id>``, the id those channels give the conversation; for Twilio the form's
``From`` (still URL-encoded: stable per conversation, but not the same text as the HTTP API's
decoded id). Bodies are read before the upstream is chosen, and kept in memory
(``client_body_buffer_size`` = ``client_max_body_size``), so ``$request_body`` holds them.
Requests without a conversation are spread (``$request_id``).

**Passive health checks.** ``proxy_next_upstream`` tries the next server on a refused
connection or a timeout, and on 502/503/504 for GET and HEAD: nginx never resends a POST
that reached a server, so a message is never handled twice by the proxy. The web server is
taken out for a while after failures (``max_fails``/``fail_timeout``); the Rasa and action
servers never are (``max_fails=0``: nginx counts a slow answer as a failure, and under
overload that took every Rasa server out), a dead one refusing its connections instead.
When a Rasa server is out, the hash maps its conversations to the others until it is back.

The access logs (``nginx-access.log`` of the front, ``nginx-actions-access.log`` of the
action calls) have ``$upstream_addr`` (which server answered) but no conversation id,
and paths under ``/conversations/`` are logged without the id; query strings (the widget's
conversation) are never logged.
"""

from __future__ import annotations

import grp
import os
import pwd
from pathlib import Path

from shopbot.production.profile import Profile, Role

__all__ = ["HEALTH_PATH", "RASA_LOCATIONS", "render_nginx_config"]

HEALTH_PATH = "/shopbot-proxy-health"
#: Paths of the front that go to the Rasa servers (the rest go to the web server).
RASA_LOCATIONS: tuple[str, ...] = (
    "/socket.io/",
    "/webhooks/",
    "/conversations/",
    "/model/",
    "= /status",
    "= /version",
)
#: Largest request body: kept in memory whole (the router reads the conversation from it).
_MAX_BODY = "1m"
#: Largest body of an action call (it carries the whole tracker).
_MAX_ACTION_BODY = "32m"
_PASSIVE = "max_fails=3 fail_timeout=10s"
#: The Rasa and action servers are never taken out: nginx counts a read timeout as a failure
#: whatever ``proxy_next_upstream`` says, and under a load beyond the machine (the load test,
#: 500 conversations on 2 cores) slow answers took both Rasa servers out and 370 turns got
#: "no live upstreams". A dead server refuses the connection, which costs nothing on loopback
#: before nginx tries the next one.
_NEVER_OUT = "max_fails=0"


def _worker_user() -> str:
    """``user`` directive: when the master runs as root, workers run as nobody."""
    if os.geteuid() != 0:
        return ""
    try:
        nobody = pwd.getpwnam("nobody")
        group = grp.getgrgid(nobody.pw_gid).gr_name
    except KeyError:
        return ""
    return f"user nobody {group};\n"


def _servers(ports: tuple[int, ...]) -> str:
    return "\n".join(f"        server 127.0.0.1:{port} {_NEVER_OUT};" for port in ports)


_PROXY = """        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        # WebSocket upgrades pass; other requests keep the upstream connection alive.
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $shopbot_connection;
        proxy_next_upstream error timeout http_502 http_503 http_504;
        proxy_next_upstream_tries 2;
        proxy_connect_timeout 2s;
        proxy_read_timeout 120s;"""


def render_nginx_config(profile: Profile) -> str:
    """The text of ``nginx.conf`` for ``profile``."""
    s = profile.settings
    state: Path = profile.state_dir
    logs: Path = profile.log_dir
    rasa_ports = tuple(x.port for x in profile.by_role(Role.RASA) if x.port)
    action_ports = tuple(x.port for x in profile.by_role(Role.ACTIONS) if x.port)
    rasa_locations = "\n".join(
        f"        location {where} {{ proxy_pass http://shopbot_rasa; }}"
        for where in RASA_LOCATIONS
        if where != "/socket.io/"
    )
    return f"""# Rendered by `shopbot production up` (shopbot/production/profile.py): do not edit.
{_worker_user()}worker_processes 2;
daemon off;
pid {state}/nginx.pid;
error_log {logs}/nginx-error.log warn;

events {{
    worker_connections 2048;
}}

http {{
    default_type application/octet-stream;
    server_tokens off;
    client_body_temp_path {state}/nginx/client_body;
    proxy_temp_path {state}/nginx/proxy;
    fastcgi_temp_path {state}/nginx/fastcgi;
    uwsgi_temp_path {state}/nginx/uwsgi;
    scgi_temp_path {state}/nginx/scgi;

    # Request bodies stay in memory whole: the conversation is read from them.
    client_max_body_size {_MAX_BODY};
    client_body_buffer_size {_MAX_BODY};
    # Answers larger than the buffers stream through instead of going to a file.
    proxy_max_temp_file_size 0;

    map $uri $shopbot_logged_path {{
        ~^/conversations/  /conversations/...;
        default            $uri;
    }}
    log_format shopbot '$remote_addr [$time_iso8601] "$request_method $shopbot_logged_path" '
                       '$status $body_bytes_sent upstream=$upstream_addr '
                       'upstream_status=$upstream_status rt=$request_time';
    access_log {logs}/nginx-access.log shopbot;

    # The conversation of a request (the Rasa servers' routing key).
    map $request_body $shopbot_rest_sender {{
        '~"sender"\\s*:\\s*"(?<sender>[^"]*)"'  $sender;
        default  "";
    }}
    map $request_body $shopbot_telegram_chat {{
        '~"chat"\\s*:\\s*\\{{\\s*"id"\\s*:\\s*(?<chat>-?[0-9]+)'  telegram:$chat;
        default  "";
    }}
    map $request_body $shopbot_messenger_sender {{
        '~"sender"\\s*:\\s*\\{{\\s*"id"\\s*:\\s*"(?<psid>[^"]*)"'  messenger:$psid;
        default  "";
    }}
    map $request_body $shopbot_twilio_from {{
        '~(?:^|&)From=(?<from>[^&]*)'  twilio:$from;
        default  "";
    }}
    map $uri $shopbot_conversation {{
        '~^/conversations/(?<conversation>[^/]+)'  $conversation;
        /webhooks/rest/webhook       $shopbot_rest_sender;
        /webhooks/telegram/webhook   $shopbot_telegram_chat;
        /webhooks/messenger/webhook  $shopbot_messenger_sender;
        /webhooks/twilio/webhook     $shopbot_twilio_from;
        '~^/socket\\.io/'            $arg_shopbot_session;
        default                      $request_id;
    }}
    map $http_upgrade $shopbot_connection {{
        default  upgrade;
        ""       "";
    }}

    upstream shopbot_rasa {{
        hash $shopbot_conversation consistent;
{_servers(rasa_ports)}
        keepalive 32;
    }}
    upstream shopbot_actions {{
        least_conn;
{_servers(action_ports)}
        keepalive 32;
    }}
    upstream shopbot_web {{
        server 127.0.0.1:{s.web_port} {_PASSIVE};
        keepalive 16;
    }}

    server {{
        listen {s.listen}:{s.front_port};
        server_name _;
{_PROXY}

        location = {HEALTH_PATH} {{
            access_log off;
            default_type text/plain;
            return 200 "ok\\n";
        }}
        location /socket.io/ {{
            proxy_pass http://shopbot_rasa;
            proxy_buffering off;
            proxy_read_timeout 1h;
        }}
{rasa_locations}
        location / {{
            proxy_pass http://shopbot_web;
            proxy_read_timeout 60s;
        }}
    }}

    server {{
        listen 127.0.0.1:{s.action_proxy_port};
        server_name _;
        client_max_body_size {_MAX_ACTION_BODY};
        client_body_buffer_size {_MAX_ACTION_BODY};
        access_log {logs}/nginx-actions-access.log shopbot;
{_PROXY}

        location / {{ proxy_pass http://shopbot_actions; }}
    }}
}}
"""
