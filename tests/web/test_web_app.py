"""The web server of the shop page and the widget: pages, files, headers, refusals.

Most tests talk to a real ``python -m shopbot.web`` started once for the module (as
``make run`` and the browser tests start it); the pure helpers are tested directly.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.errors import ConfigurationError
from core.settings import PROJECT_ROOT, Settings
from knowledge.catalog.pictures import picture_path
from shopbot.runtime import ServerProcess, free_port, web_server
from shopbot.web.app import (
    RASA_URL_PLACEHOLDER,
    VENDOR_FILES,
    WEB_ROOT,
    _folder_file,
    content_security_policy,
    create_app,
    public_origin,
    render_page,
)

RASA_URL = "http://127.0.0.1:5999"


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    log = PROJECT_ROOT / "test-artifacts" / "web" / "web-server.log"
    env = {"SHOPBOT_RASA_URL": RASA_URL, "SHOPBOT_ENVIRONMENT": "test"}
    with web_server(free_port(), env, log) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def raw_get(server: ServerProcess, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side normalisation of ``..``)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2]


# --- pages and files -------------------------------------------------------------------


def test_the_shop_page_points_the_widget_at_the_rasa_server(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script src="/widget/shopbot-widget.js"' in response.text
    assert f'data-server-url="{RASA_URL}"' in response.text
    assert RASA_URL_PLACEHOLDER not in response.text
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget/shopbot-widget.js", "text/javascript; charset=utf-8"),
        ("/widget/shopbot-widget.css", "text/css; charset=utf-8"),
        ("/demo/demo.css", "text/css; charset=utf-8"),
        ("/demo/demo.js", "text/javascript; charset=utf-8"),
    ],
)
def test_widget_and_demo_files_are_served(
    client: httpx.Client, path: str, content_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.content == (WEB_ROOT / path.lstrip("/")).read_bytes()


def test_the_socketio_client_is_served_from_node_modules(client: httpx.Client) -> None:
    vendor = WEB_ROOT / VENDOR_FILES["socket.io.min.js"]
    if not vendor.is_file():
        pytest.fail(f"{vendor} is missing: run scripts/web_assets.sh (npm ci in web/)")
    response = client.get("/vendor/socket.io.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.content == vendor.read_bytes()
    assert b"Socket.IO v4.8.4" in response.content[:200]
    assert "max-age" in response.headers["cache-control"]


def test_health_and_head(client: httpx.Client) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""


# --- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/widget/shopbot-widget.js", "/health", "/missing"])
def test_every_response_has_the_security_headers(client: httpx.Client, path: str) -> None:
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == content_security_policy(RASA_URL)


def test_the_content_security_policy_allows_only_self_and_the_rasa_server() -> None:
    policy = dict(
        part.split(" ", 1)
        for part in content_security_policy("https://bot.example.com/").split("; ")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self' https://bot.example.com wss://bot.example.com"
    assert policy["frame-ancestors"] == "'none'"
    assert "*" not in content_security_policy(RASA_URL)
    assert "'unsafe-inline'" not in content_security_policy(RASA_URL)


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/widget/../../pyproject.toml",
        "/widget/..%2F..%2Fpyproject.toml",
        "/widget/%2e%2e/%2e%2e/pyproject.toml",
        "/widget/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/demo/..%5c..%5cpyproject.toml",
        "/demo/../../credentials.yml",
        "/vendor/../package-lock.json",
        "/vendor/%2e%2e%2fpackage.json",
        "/widget/....//....//pyproject.toml",
    ],
)
def test_path_traversal_is_refused(server: ServerProcess, path: str) -> None:
    status, body = raw_get(server, path)
    assert status in (400, 404)
    assert b"[project]" not in body and b"session_secret" not in body
    assert b"lockfileVersion" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/widget/",
        "/widget",
        "/demo/",
        "/vendor/",
        "/vendor/package.json",
        "/vendor/socket.io.js",
        "/web/demo/index.html",
        "/node_modules/socket.io-client/package.json",
        "/demo/index.html.bak",
        "/demo/.hidden.css",
        "/widget/shopbot-widget.js.orig",
    ],
)
def test_no_listing_and_nothing_outside_the_served_files(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "shopbot-widget" not in response.text


# --- helpers, in-process ---------------------------------------------------------------


def test_only_plain_names_of_served_types_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "widget"
    folder.mkdir()
    (folder / "a.js").write_text("ok")
    (folder / "notes.txt").write_text("no")
    (folder / ".env.js").write_text("no")
    (tmp_path / "secret.js").write_text("no")
    (folder / "link.js").symlink_to(tmp_path / "secret.js")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.js").write_text("no")
    assert _folder_file(folder, "a.js") == folder / "a.js"
    for name in ("notes.txt", ".env.js", "link.js", "sub", "sub/b.js", "../secret.js", "", "a"):
        assert _folder_file(folder, name) is None, name


def test_the_rasa_url_is_escaped_into_the_page() -> None:
    page = render_page(f'<x data-server-url="{RASA_URL_PLACEHOLDER}">', 'https://a.example/"><b')
    assert page == '<x data-server-url="https://a.example/&quot;&gt;&lt;b">'


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:5005", ("http://127.0.0.1:5005", "ws://127.0.0.1:5005")),
        ("https://bot.example.com/rasa/", ("https://bot.example.com", "wss://bot.example.com")),
        ("http://[::1]:5005", ("http://[::1]:5005", "ws://[::1]:5005")),
    ],
)
def test_public_origin(url: str, expected: tuple[str, str]) -> None:
    assert public_origin(url) == expected


@pytest.mark.parametrize(
    "url", ["", "*", "javascript:alert(1)", "ftp://x", "http://", "http://a:x"]
)
def test_a_bad_rasa_url_refuses_to_start(url: str) -> None:
    with pytest.raises(ConfigurationError):
        public_origin(url)
    with pytest.raises(ConfigurationError):
        create_app(Settings(), rasa_public_url=url or "http://")


def test_the_app_has_its_routes_and_the_handover_api() -> None:
    app = create_app(Settings(rasa_url=RASA_URL))
    paths = {route.path for route in app.router.routes}
    assert {"", "health", "widget/<name:str>", "vendor/<name:str>", "demo/<name:str>"} <= paths
    assert "handover_api" in app.blueprints


# --- the demo catalog's pictures -----------------------------------------------------------


def test_a_demo_picture_is_served_as_a_cacheable_svg(client: httpx.Client) -> None:
    path = picture_path("Footwear > Hiking boots", ("Forest Green",))
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert response.headers["cache-control"] == "public, max-age=604800"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert response.headers["x-content-type-options"] == "nosniff"
    again = client.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/images/products/footwear/ultraviolet.svg",
        "/images/products/spaceships/red.svg",
        "/images/products/footwear/red.png",
        "/images/products/footwear",
        "/images/products/",
    ],
)
def test_unknown_pictures_are_not_found(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404
