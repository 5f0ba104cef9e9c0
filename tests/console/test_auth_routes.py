"""Access to the console over HTTP, against a real ``python -m shopbot.web``: nothing but the
sign-in page without a session, sign-in and its cookie, throttling, CSRF, roles, sign-out,
and the console's security headers."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sanic import Sanic
from sanic.response import text

from core.settings import Settings
from shop.accounts import Role
from shopbot.console.auth import set_session_cookie
from shopbot.console.headers import CONSOLE_CSP
from shopbot.console.navigation import START_PAGES
from shopbot.web.app import create_app
from tests.console.conftest import ConsoleServer
from tests.console.routes import ConsoleRoute, console_routes
from tests.console.support import PASSWORD, csrf_token, login_token, sign_in

PUBLIC = {"GET /console/login", "POST /console/login"}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@pytest.fixture(scope="module")
def app(console: ConsoleServer) -> Sanic[Any, Any]:
    """The app the server runs, built in this process to list its routes."""
    return create_app(console.settings)


@pytest.fixture(scope="module")
def routes(app: Sanic[Any, Any]) -> list[ConsoleRoute]:
    found = console_routes(app)
    assert len(found) >= 10, found
    return found


def _request(
    client: httpx.Client, route: ConsoleRoute, headers: dict[str, str] | None = None
) -> httpx.Response:
    return client.request(route.method, route.url, headers=headers or {})


# --- nothing without a session ---------------------------------------------------------


def test_every_console_route_refuses_requests_without_a_session(
    console: ConsoleServer, routes: list[ConsoleRoute]
) -> None:
    with console.client() as client:
        for route in routes:
            if str(route) in PUBLIC:
                continue
            page = _request(client, route, {"Accept": "text/html"})
            if route.url.startswith("/console/api/"):
                assert page.status_code == 401, route
            else:
                assert page.status_code == 302, route
                assert page.headers["location"].startswith("/console/login"), route
            api = _request(client, route, {"Accept": "application/json"})
            assert api.status_code == 401, route
            assert api.json()["error"] == "unauthorized", route


def test_every_console_handler_names_the_role_it_requires(routes: list[ConsoleRoute]) -> None:
    unguarded = [
        str(route)
        for route in routes
        if route.role is None
        and str(route) not in PUBLIC
        and not route.url.startswith("/console/static/")
    ]
    assert unguarded == [], "wrap these handlers in @requires(role)"


def test_a_stale_or_forged_cookie_is_no_session(console: ConsoleServer) -> None:
    with console.client() as client:
        client.cookies.set("shopbot_console", "forged-token", path="/console")
        assert client.get("/console/api/me").status_code == 401
        client.cookies.set("shopbot_console", "x" * 4000, path="/console")
        assert client.get("/console/api/me").status_code == 401


def test_the_sign_in_page_and_its_stylesheet_are_public(console: ConsoleServer) -> None:
    with console.client() as client:
        page = client.get("/console/login")
        assert page.status_code == 200
        assert 'autocomplete="current-password"' in page.text
        assert client.get("/console/static/console.css").status_code == 200
        assert client.get("/console/static/console.js").status_code == 302
        assert client.get("/console/static/privacy.js").status_code == 302


# --- signing in ------------------------------------------------------------------------


def test_signing_in_sets_a_strict_session_cookie(console: ConsoleServer) -> None:
    with console.client() as client:
        response = sign_in(client, "sam")
        assert response.status_code == 303
        assert response.headers["location"] == "/console/"
        cookie = next(
            value
            for value in response.headers.get_list("set-cookie")
            if value.startswith("shopbot_console=")
        )
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
        assert {"httponly", "samesite", "path", "max-age"} <= attributes
        assert "SameSite=Strict" in cookie and "Path=/console;" in cookie + ";"
        assert "secure" not in attributes  # plain http here; https adds Secure
        me = client.get("/console/api/me").json()
        assert me["username"] == "sam" and me["role"] == "agent"


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
    console: ConsoleServer,
) -> None:
    with console.client() as client:
        wrong = sign_in(client, "lee", "not the password")
        unknown = sign_in(client, "nobody-here", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong user name or password." in wrong.text
    # Each page carries its own form token; blank both, then only the echoed name differs.
    wrong_page = wrong.text.replace(_login_value(wrong.text), "TOKEN")
    unknown_page = unknown.text.replace(_login_value(unknown.text), "TOKEN")
    assert wrong_page.replace('value="lee"', 'value="nobody-here"') == unknown_page
    assert "shopbot_console=" not in " ".join(wrong.headers.get_list("set-cookie"))


def _login_value(page: str) -> str:
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_signing_in_needs_the_forms_own_token(console: ConsoleServer) -> None:
    with console.client() as client:
        data = {"username": "sam", "password": PASSWORD, "csrf_token": "guessed"}
        login_token(client)
        assert client.post("/console/login", data=data).status_code == 400
    with console.client() as other:  # a cross-site form: no sign-in cookie at all
        response = other.post("/console/login", data=data)
        assert response.status_code == 400
        assert "shopbot_console=" not in " ".join(response.headers.get_list("set-cookie"))


def test_too_many_failures_refuse_the_name_for_a_while(console: ConsoleServer) -> None:
    with console.client() as client:
        for _ in range(3):  # SHOPBOT_CONSOLE_LOGIN_USER_FAILURES=3 in this server
            assert sign_in(client, "throttled-user", "wrong password").status_code == 401
        refused = sign_in(client, "throttled-user", PASSWORD)
        assert refused.status_code == 429
        assert "Too many failed sign-ins" in refused.text
        assert sign_in(client, "sam").status_code == 303  # other names are not affected


@pytest.mark.parametrize(
    ("next_path", "landing"),
    [
        ("/console/users?x=1", "/console/users?x=1"),
        ("//evil.example/console", "/console/"),
        ("https://evil.example/", "/console/"),
        ("/console/../../etc", "/console/"),
        ("/consolex", "/console/"),
        ("/console\\@evil.example", "/console/"),
        ("/console/logout", "/console/"),
    ],
)
def test_after_signing_in_only_console_pages_are_gone_back_to(
    console: ConsoleServer, next_path: str, landing: str
) -> None:
    with console.client() as client:
        response = sign_in(client, "lee", next=next_path)
        assert response.status_code == 303
        assert response.headers["location"] == landing


def test_an_unauthenticated_page_request_remembers_where_it_was_going(
    console: ConsoleServer,
) -> None:
    with console.client() as client:
        response = client.get("/console/users", headers={"Accept": "text/html"})
        assert response.headers["location"] == "/console/login?next=/console/users"
        page = client.get(response.headers["location"])
        assert 'name="next" value="/console/users"' in page.text


@pytest.mark.parametrize("username", ["sam", "lee", "ada"])
def test_home_sends_each_role_to_its_start_page(
    console: ConsoleServer, app: Sanic[Any, Any], username: str
) -> None:
    with console.signed_in(username) as client:
        role = Role(client.get("/console/api/me").json()["role"])
        home = client.get("/console/")
        start = START_PAGES[role]
        served = any(
            route.path == start.lstrip("/") and "GET" in route.methods
            for route in app.router.routes
        )
        if served:
            assert home.status_code == 302 and home.headers["location"] == start
        else:  # that part of the console is not there yet: a home page says so
            assert home.status_code == 200 and start in home.text


# --- roles -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["sam", "lee"])
def test_no_role_reaches_the_routes_of_a_higher_one(
    console: ConsoleServer, routes: list[ConsoleRoute], username: str
) -> None:
    with console.signed_in(username) as client:
        role = Role(client.get("/console/api/me").json()["role"])
        token = csrf_token(client)
        checked = 0
        for route in routes:
            if route.role is None or role.admits(route.role):
                continue
            headers = {"X-CSRF-Token": token} if route.method not in SAFE_METHODS else {}
            assert _request(client, route, headers).status_code == 403, route
            assert (
                _request(client, route, {**headers, "Accept": "application/json"}).status_code
                == 403
            ), route
            checked += 1
        assert checked >= 5


def test_a_forbidden_page_says_so(console: ConsoleServer) -> None:
    with console.signed_in("sam") as client:
        page = client.get("/console/users")
        assert page.status_code == 403 and "Not for your role" in page.text
        api = client.post(
            "/console/api/privacy/erase",
            json={"email": "x@example.com"},
            headers={"X-CSRF-Token": csrf_token(client)},
        )
        assert api.status_code == 403 and api.json()["error"] == "forbidden"


# --- CSRF ------------------------------------------------------------------------------


def test_state_changing_requests_need_the_sessions_csrf_token(console: ConsoleServer) -> None:
    form = {
        "username": "csrf-made",
        "role": "agent",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    with console.signed_in("ada") as client, console.signed_in("lee") as other:
        token, others = csrf_token(client), csrf_token(other)
        assert client.post("/console/users", data=form).status_code == 403
        assert client.post("/console/users", data={**form, "csrf_token": "x"}).status_code == 403
        assert client.post("/console/users", data={**form, "csrf_token": others}).status_code == 403
        foreign = client.post(
            "/console/users",
            data={**form, "csrf_token": token},
            headers={"Origin": "https://evil.example"},
        )
        assert foreign.status_code == 403
        wrong_header = client.post(
            "/console/api/conversations/web-reveal-1/reveal", headers={"X-CSRF-Token": others}
        )
        assert wrong_header.status_code == 403 and wrong_header.json()["error"] == "csrf"
        assert client.get("/console/users").text.count("csrf-made") == 0
        made = client.post("/console/users", data={**form, "csrf_token": token})
        assert made.status_code == 303


# --- signing out, sessions that end -----------------------------------------------------


def test_signing_out_ends_the_session(console: ConsoleServer) -> None:
    with console.signed_in("lee") as client:
        cookie = client.cookies.get("shopbot_console")
        assert client.post("/console/logout").status_code == 403  # no CSRF token
        response = client.post("/console/logout", headers={"X-CSRF-Token": csrf_token(client)})
        assert response.status_code == 303 and response.headers["location"] == "/console/login"
        assert 'shopbot_console=""' in " ".join(response.headers.get_list("set-cookie"))
        assert client.get("/console/api/me").status_code == 401
    with console.client() as replay:  # the old cookie, kept by someone, is worthless
        replay.cookies.set("shopbot_console", str(cookie), path="/console")
        assert replay.get("/console/api/me").status_code == 401


def test_a_deactivated_users_sessions_end_at_once(console: ConsoleServer) -> None:
    with console.signed_in("ada") as admin:
        form = {
            "username": "leaving",
            "role": "lead",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "csrf_token": csrf_token(admin),
        }
        assert admin.post("/console/users", data=form).status_code == 303
        with console.signed_in("leaving") as leaving:
            assert leaving.get("/console/api/me").status_code == 200
            done = admin.post(
                "/console/users/leaving/deactivate", data={"csrf_token": form["csrf_token"]}
            )
            assert done.status_code == 303
            assert leaving.get("/console/api/me").status_code == 401
            assert sign_in(leaving, "leaving").status_code == 401


# --- headers ---------------------------------------------------------------------------


def test_console_responses_carry_a_strict_policy_and_are_not_cached(
    console: ConsoleServer,
) -> None:
    with console.signed_in("ada") as client:
        for path in ("/console/login", "/console/users", "/console/api/me", "/console/missing"):
            headers = client.get(path).headers
            assert headers["content-security-policy"] == CONSOLE_CSP, path
            assert headers["cache-control"] == "no-store", path
            assert headers["x-frame-options"] == "DENY", path
            assert headers["referrer-policy"] == "same-origin", path
        static = client.get("/console/static/console.js")
        assert static.status_code == 200 and "ShopbotConsole" in static.text
        assert static.headers["cache-control"] == "no-cache"
        assert static.headers["content-type"] == "text/javascript; charset=utf-8"
        shop = client.get("/").headers["content-security-policy"]
        assert shop != CONSOLE_CSP  # the shop page keeps its own policy
    policy = dict(part.split(" ", 1) for part in CONSOLE_CSP.split("; "))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in CONSOLE_CSP and "*" not in CONSOLE_CSP


@pytest.mark.parametrize(
    "path",
    [
        "/console/static/../../pyproject.toml",
        "/console/static/..%2F..%2Fpyproject.toml",
        "/console/static/.hidden.js",
        "/console/static/console.py",
        "/console/static/missing.js",
    ],
)
def test_only_the_consoles_own_files_are_served(console: ConsoleServer, path: str) -> None:
    with console.signed_in("sam") as client:
        response = client.get(path)
        assert response.status_code in (404, 400), path
        assert b"[project]" not in response.content


@pytest.mark.parametrize(
    ("scheme", "always", "secure"),
    [("http", False, False), ("https", False, True), ("http", True, True)],
)
def test_the_session_cookie_is_secure_over_https(scheme: str, always: bool, secure: bool) -> None:
    response = text("")
    request = SimpleNamespace(scheme=scheme)
    settings = Settings(console_secure_cookie=always, console_session_hours=2)
    set_session_cookie(response, request, "token-value", settings)  # type: ignore[arg-type]
    cookie = str(response.headers["set-cookie"])
    assert ("Secure" in cookie) is secure
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=7200" in cookie
