"""The admin's pages and API over HTTP: user management, reveal (with the audit log) and
erasure, against a real ``python -m shopbot.web``."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from core.db.account_models import ConsoleUser
from shop.accounts import AuditAction, AuditLog
from tests.console.conftest import CONVERSATIONS, ConsoleServer
from tests.console.support import PASSWORD, csrf_token, sign_in


def _form(client: httpx.Client, **fields: str) -> dict[str, str]:
    return {**fields, "csrf_token": csrf_token(client)}


def _new_user(name: str, role: str = "agent", password: str = PASSWORD) -> dict[str, str]:
    return {"username": name, "role": role, "password": password, "password_confirm": password}


def _audit(console: ConsoleServer) -> AuditLog:
    return AuditLog(console.database)


# --- users -----------------------------------------------------------------------------


def test_an_admin_creates_a_user_who_can_then_sign_in(console: ConsoleServer) -> None:
    with console.signed_in("ada") as admin:
        response = admin.post("/console/users", data=_form(admin, **_new_user("New.Agent")))
        assert response.status_code == 303
        assert response.headers["location"] == "/console/users?done=created&user=new.agent"
        page = admin.get(response.headers["location"])
        assert "User new.agent created." in page.text
        assert ">new.agent<" in page.text.replace("</th>", "<").replace(" <span", "<")
    with console.client() as agent:
        assert sign_in(agent, "new.agent").status_code == 303
    entry = _audit(console).recent(1)[0]
    assert (entry.actor, entry.action, entry.target) == (
        "ada",
        AuditAction.USER_CREATE,
        "new.agent",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (_new_user("ada"), "exists"),
        (_new_user("bad name!"), "user name"),
        (_new_user("shorty", password="short"), "at least 12 characters"),
        ({**_new_user("mismatch"), "password_confirm": "something else entirely"}, "differ"),
        (_new_user("kinged", role="king"), "a role is one of"),
    ],
)
def test_a_refused_user_is_explained(
    console: ConsoleServer, fields: dict[str, str], message: str
) -> None:
    with console.signed_in("ada") as admin:
        response = admin.post("/console/users", data=_form(admin, **fields))
        assert response.status_code == 400
        assert message in response.text
        assert 'role="alert"' in response.text


def test_roles_change_and_the_user_signs_in_again_with_the_new_one(
    console: ConsoleServer,
) -> None:
    with console.signed_in("ada") as admin:
        admin.post("/console/users", data=_form(admin, **_new_user("promoted", "agent")))
        with console.signed_in("promoted") as user:
            assert user.get("/console/users").status_code == 403
            response = admin.post("/console/users/promoted/role", data=_form(admin, role="admin"))
            assert response.status_code == 303
            assert user.get("/console/api/me").status_code == 401  # the old session ended
        with console.signed_in("promoted") as user:
            assert user.get("/console/users").status_code == 200
    entry = _audit(console).recent(1)[0]
    assert entry.action is AuditAction.USER_ROLE and entry.detail == "role agent -> admin"


def test_an_admin_cannot_demote_or_deactivate_themselves(console: ConsoleServer) -> None:
    with console.signed_in("ada") as admin:
        demote = admin.post("/console/users/ada/role", data=_form(admin, role="agent"))
        assert demote.status_code == 400 and "yourself" in demote.text
        leave = admin.post("/console/users/ADA/deactivate", data=_form(admin))
        assert leave.status_code == 400
        assert admin.get("/console/api/me").json()["role"] == "admin"


def test_deactivate_and_reactivate(console: ConsoleServer) -> None:
    with console.signed_in("ada") as admin:
        admin.post("/console/users", data=_form(admin, **_new_user("seasonal")))
        assert (
            admin.post("/console/users/seasonal/deactivate", data=_form(admin)).status_code == 303
        )
        with console.client() as user:
            assert sign_in(user, "seasonal").status_code == 401
        assert admin.post("/console/users/seasonal/activate", data=_form(admin)).status_code == 303
        with console.client() as user:
            assert sign_in(user, "seasonal").status_code == 303
        missing = admin.post("/console/users/nobody/deactivate", data=_form(admin))
        assert missing.status_code == 404
    actions = [entry.action for entry in _audit(console).recent(2)]
    assert actions == [AuditAction.USER_ACTIVATE, AuditAction.USER_DEACTIVATE]


def test_a_reset_password_replaces_the_old_one(console: ConsoleServer) -> None:
    new = "a brand new passphrase"
    with console.signed_in("ada") as admin:
        admin.post("/console/users", data=_form(admin, **_new_user("forgetful")))
        response = admin.post(
            "/console/users/forgetful/password",
            data=_form(admin, password=new, password_confirm=new),
        )
        assert response.status_code == 303
    with console.client() as user:
        assert sign_in(user, "forgetful", PASSWORD).status_code == 401
        assert sign_in(user, "forgetful", new).status_code == 303
    with console.database.session() as session:
        stored = session.query(ConsoleUser).filter_by(username="forgetful").one().password_hash
    assert new not in stored and stored.startswith("$argon2id$")


# --- reveal ----------------------------------------------------------------------------


def test_an_admin_reveals_one_conversation_and_it_is_recorded(console: ConsoleServer) -> None:
    with console.signed_in("ada") as admin:
        response = admin.post(
            "/console/api/conversations/web-reveal-1/reveal",
            headers={"X-CSRF-Token": csrf_token(admin)},
        )
        assert response.status_code == 200
        data = response.json()
        assert response.headers["cache-control"] == "no-store"
    texts = [turn["text"] for turn in data["transcript"]["turns"]]
    assert texts == CONVERSATIONS["web-reveal-1"]  # unredacted: the email and phone are there
    assert data["transcript"]["redacted"] is False
    assert data["revealed_by"] == "ada"
    entry = _audit(console).recent(1)[0]
    assert (entry.actor, entry.action, entry.conversation_id) == (
        "ada",
        AuditAction.REVEAL,
        "web-reveal-1",
    )


def test_revealing_an_unknown_conversation_reveals_nothing(console: ConsoleServer) -> None:
    before = len(_audit(console).recent(1000))
    with console.signed_in("ada") as admin:
        response = admin.post(
            "/console/api/conversations/web-nobody/reveal",
            headers={"X-CSRF-Token": csrf_token(admin)},
        )
        assert response.status_code == 404
    assert len(_audit(console).recent(1000)) == before


def test_leads_cannot_reveal(console: ConsoleServer) -> None:
    with console.signed_in("lee") as lead:
        response = lead.post(
            "/console/api/conversations/web-reveal-1/reveal",
            headers={"X-CSRF-Token": csrf_token(lead)},
        )
        assert response.status_code == 403


def test_the_privacy_page_lists_the_audit_log_as_text(console: ConsoleServer) -> None:
    odd = "web-<img src=x onerror=alert(1)>"
    with console.signed_in("ada") as admin:
        token = csrf_token(admin)
        revealed = admin.post(
            f"/console/api/conversations/{quote(odd, safe='')}/reveal",
            headers={"X-CSRF-Token": token},
        )
        assert revealed.status_code == 200, revealed.text
        page = admin.get("/console/privacy")
    assert page.status_code == 200
    assert "web-&lt;img src=x onerror=alert(1)&gt;" in page.text and odd not in page.text
    assert '<script src="/console/static/privacy.js" defer></script>' in page.text
    assert "<script>" not in page.text  # no inline script (CSP)


# --- erase -----------------------------------------------------------------------------


def test_erase_takes_one_email_or_one_conversation(console: ConsoleServer) -> None:
    with console.signed_in("ada") as admin:
        headers = {"X-CSRF-Token": csrf_token(admin)}
        for body in (
            {},
            {"email": "a@example.com", "conversation_id": "x"},
            ["a"],
            {"email": ""},
            {"conversation_id": "x" * 129},
            {"email": 42},
        ):
            response = admin.post("/console/api/privacy/erase", json=body, headers=headers)
            assert response.status_code == 400, body


def test_an_admin_erases_a_conversation_and_the_audit_log_forgets_it(
    console: ConsoleServer,
) -> None:
    conversation = "web-erase-me"
    with console.signed_in("ada") as admin:
        headers = {"X-CSRF-Token": csrf_token(admin)}
        reveal = f"/console/api/conversations/{conversation}/reveal"
        assert admin.post(reveal, headers=headers).status_code == 200
        erased = admin.post(
            "/console/api/privacy/erase", json={"conversation_id": conversation}, headers=headers
        )
        assert erased.status_code == 200, erased.text
        report = erased.json()
        assert report["conversations"] == 1
        assert report["removed"]["console_audit_log"] == 1
        assert report["removed"]["conversation_summaries"] == 1
        assert admin.post(reveal, headers=headers).status_code == 404
    entries = _audit(console).recent(2)
    assert entries[0].action is AuditAction.ERASE and entries[0].actor == "ada"
    assert entries[0].detail.startswith("by conversation id: 1 conversation(s)")
    assert entries[1].action is AuditAction.REVEAL and entries[1].conversation_id is None
    assert entries[1].detail == "conversation erased"
    assert _audit(console).recent(1000, conversation_id=conversation) == []
    assert all(conversation not in entry.detail for entry in _audit(console).recent(1000))
