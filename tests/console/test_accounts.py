"""The console's account services on SQLite and PostgreSQL: argon2 hashing and rehashing,
users and roles, sessions and their expiry, sign-in throttling, the audit log."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from core.db.account_models import ConsoleSession, ConsoleUser, LoginFailure
from core.db.database import Database
from core.errors import AccountError, NotFoundError
from core.settings import Settings
from shop.accounts import (
    Accounts,
    AuditAction,
    AuditEraser,
    LoginOutcome,
    PasswordHashing,
    Role,
    normalise_username,
)
from shop.privacy import ErasureSubject, PrivacyContext
from tests.console.support import PASSWORD, FakeClock

MakeAccounts = Callable[..., Accounts]


def _name(prefix: str = "u") -> str:
    return f"{prefix}{secrets.token_hex(4)}"


def _stored_hash(database: Database, username: str) -> str:
    with database.session() as session:
        hashed = session.scalar(
            select(ConsoleUser.password_hash).where(ConsoleUser.username == username)
        )
    assert hashed is not None
    return hashed


# --- roles and names -------------------------------------------------------------------


def test_roles_are_ordered_agent_lead_admin() -> None:
    assert Role.ADMIN.admits("lead") and Role.ADMIN.admits(Role.AGENT)
    assert Role.LEAD.admits("agent") and Role.LEAD.admits("lead")
    assert not Role.LEAD.admits("admin")
    assert not Role.AGENT.admits("lead")
    with pytest.raises(AccountError):
        Role.parse("owner")


@pytest.mark.parametrize("name", ["", "a", "Ada Lovelace", "<b>x</b>", "x" * 65, "-ada", "ada@x"])
def test_user_names_are_checked(name: str) -> None:
    with pytest.raises(AccountError):
        normalise_username(name)
    assert normalise_username("  Ada.L_1-x ") == "ada.l_1-x"


# --- passwords -------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(
    make_accounts: MakeAccounts, database: Database
) -> None:
    users = make_accounts().users
    name = _name()
    users.create(name, "agent", PASSWORD)
    stored = _stored_hash(database, name)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert users.authenticate(name, PASSWORD) is not None
    assert users.authenticate(name, PASSWORD + "!") is None
    assert users.authenticate(name.upper(), PASSWORD) is not None  # names are case-blind


@pytest.mark.parametrize("password", ["short", " " * 20, "x" * 1025])
def test_weak_passwords_are_refused(make_accounts: MakeAccounts, password: str) -> None:
    with pytest.raises(AccountError):
        make_accounts().users.create(_name(), "agent", password)


def test_a_hash_with_old_parameters_is_replaced_at_sign_in(
    make_accounts: MakeAccounts, database: Database
) -> None:
    name = _name()
    make_accounts().users.create(name, "lead", PASSWORD)
    old = _stored_hash(database, name)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert stronger.check_needs_rehash(old)
    settings = Settings(client_key_secret=secrets.token_hex(24))
    accounts = Accounts.build(database, settings, hasher=stronger)
    assert accounts.users.authenticate(name, PASSWORD) is not None
    new = _stored_hash(database, name)
    assert new != old and not stronger.check_needs_rehash(new)
    assert accounts.users.authenticate(name, PASSWORD) is not None
    assert _stored_hash(database, name) == new  # nothing to change the second time


def test_unknown_and_inactive_users_cost_a_verification_too(make_accounts: MakeAccounts) -> None:
    users = make_accounts().users
    name = _name()
    users.create(name, "agent", PASSWORD)
    with mock.patch.object(PasswordHashing, "burn", autospec=True) as burn:
        assert users.authenticate(_name("nobody"), PASSWORD) is None
        assert burn.call_count == 1
        users.set_active(name, False)
        assert users.authenticate(name, PASSWORD) is None
        assert burn.call_count == 2
        assert users.authenticate("not a valid name!", PASSWORD) is None
        assert burn.call_count == 3


def test_burn_verifies_against_a_real_hash() -> None:
    calls: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            calls.append(str(hash))
            return super().verify(hash, password)

    PasswordHashing(CountingHasher(time_cost=1, memory_cost=8, parallelism=1)).burn("anything")
    assert len(calls) == 1 and calls[0].startswith("$argon2id$")


# --- users -----------------------------------------------------------------------------


def test_names_are_unique_and_stored_lower_case(make_accounts: MakeAccounts) -> None:
    users = make_accounts().users
    name = _name("Mixed")
    created = users.create(name, "agent", PASSWORD)
    assert created.username == name.lower() and created.role is Role.AGENT
    with pytest.raises(AccountError, match="exists"):
        users.create(name.lower(), "lead", PASSWORD)
    with pytest.raises(NotFoundError):
        users.get(_name("missing"))


def test_the_last_active_admin_stays_an_active_admin(make_accounts: MakeAccounts) -> None:
    users = make_accounts().users
    first = _name("admin")
    users.create(first, "admin", PASSWORD)
    for user in users.list():  # leave ``first`` the only active admin
        if user.role is Role.ADMIN and user.active and user.username != first:
            users.set_active(user.username, False)
    assert users.count_active_admins() == 1
    with pytest.raises(AccountError, match="last active admin"):
        users.set_role(first, "lead")
    with pytest.raises(AccountError, match="last active admin"):
        users.set_active(first, False)
    second = _name("admin")
    users.create(second, "admin", PASSWORD)
    assert users.set_role(first, "lead").role is Role.LEAD


# --- sessions --------------------------------------------------------------------------


def test_a_session_is_found_by_its_token_and_only_its_hash_is_stored(
    make_accounts: MakeAccounts, database: Database
) -> None:
    accounts = make_accounts()
    name = _name()
    accounts.users.create(name, "lead", PASSWORD)
    token, opened = accounts.sessions.open(name)
    assert opened.user.username == name and opened.user.role is Role.LEAD
    assert len(opened.csrf_token) >= 40
    resolved = accounts.sessions.resolve(token)
    assert resolved is not None and resolved.csrf_token == opened.csrf_token
    with database.session() as session:
        stored = list(session.scalars(select(ConsoleSession.token_hash)))
    assert token not in stored and all(len(value) == 64 for value in stored)
    assert accounts.sessions.resolve(token + "x") is None
    assert accounts.sessions.resolve("") is None
    assert accounts.sessions.resolve("x" * 5000) is None


def test_sessions_end_after_the_idle_time(make_accounts: MakeAccounts, clock: FakeClock) -> None:
    accounts = make_accounts(console_idle_minutes=30)
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    token, _ = accounts.sessions.open(name)
    for _ in range(4):  # activity keeps it alive past the idle time
        clock.advance(minutes=20)
        assert accounts.sessions.resolve(token) is not None
    clock.advance(minutes=30)
    assert accounts.sessions.resolve(token) is None


def test_sessions_end_at_their_absolute_expiry(
    make_accounts: MakeAccounts, clock: FakeClock
) -> None:
    accounts = make_accounts(console_session_hours=2, console_idle_minutes=60)
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    token, session = accounts.sessions.open(name)
    assert session.expires_at == clock.now + timedelta(hours=2)
    for _ in range(3):
        clock.advance(minutes=39)
        assert accounts.sessions.resolve(token) is not None
    clock.advance(minutes=6)  # 2 h 3 min after sign-in, though active all along
    assert accounts.sessions.resolve(token) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda users, name: users.set_role(name, "agent"),
        lambda users, name: users.set_active(name, False),
        lambda users, name: users.set_password(name, PASSWORD + " new"),
    ],
    ids=["role", "deactivated", "password"],
)
def test_changing_a_user_ends_their_sessions(
    make_accounts: MakeAccounts, change: Callable[..., object]
) -> None:
    accounts = make_accounts()
    name, other = _name(), _name()
    accounts.users.create(name, "lead", PASSWORD)
    accounts.users.create(other, "lead", PASSWORD)
    tokens = [accounts.sessions.open(name)[0] for _ in range(2)]
    untouched, _ = accounts.sessions.open(other)
    change(accounts.users, name)
    assert [accounts.sessions.resolve(token) for token in tokens] == [None, None]
    assert accounts.sessions.resolve(untouched) is not None
    assert accounts.sessions.count_live(name) == 0


def test_logout_revokes_only_that_session(make_accounts: MakeAccounts) -> None:
    accounts = make_accounts()
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    first, _ = accounts.sessions.open(name)
    second, _ = accounts.sessions.open(name)
    accounts.login.log_out(first)
    assert accounts.sessions.resolve(first) is None
    assert accounts.sessions.resolve(second) is not None
    accounts.login.log_out(None)  # nothing to do, no error


def test_ended_sessions_are_removed_at_the_next_sign_in(
    make_accounts: MakeAccounts, clock: FakeClock, database: Database
) -> None:
    accounts = make_accounts()
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    old, _ = accounts.sessions.open(name)
    accounts.login.log_out(old)
    clock.advance(minutes=1)
    accounts.sessions.open(name)
    with database.session() as session:
        revoked = session.scalars(
            select(ConsoleSession).where(ConsoleSession.revoked_at.is_not(None))
        ).all()
    assert revoked == []


# --- sign-in and throttling ------------------------------------------------------------


def test_unknown_user_and_wrong_password_get_the_same_outcome(make_accounts: MakeAccounts) -> None:
    accounts = make_accounts()
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    wrong = accounts.login.log_in(name, "wrong password!", client=_name("c"))
    unknown = accounts.login.log_in(_name("ghost"), PASSWORD, client=_name("c"))
    assert wrong == unknown
    assert wrong.outcome is LoginOutcome.INVALID and wrong.token is None
    ok = accounts.login.log_in(name, PASSWORD, client=_name("c"))
    assert ok.outcome is LoginOutcome.SIGNED_IN and ok.token and ok.session is not None
    assert accounts.users.get(name).last_login_at is not None


def test_too_many_failures_for_one_name_refuse_it_for_the_window(
    make_accounts: MakeAccounts, clock: FakeClock
) -> None:
    accounts = make_accounts(console_login_user_failures=3, console_login_window_minutes=15)
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    for attempt in range(3):  # from three different addresses
        result = accounts.login.log_in(name, "wrong password!", client=f"10.0.0.{attempt}")
        assert result.outcome is LoginOutcome.INVALID
    with mock.patch.object(PasswordHashing, "verify", autospec=True) as verify:
        refused = accounts.login.log_in(name, PASSWORD, client="10.0.0.9")
    assert refused.outcome is LoginOutcome.THROTTLED and verify.call_count == 0
    clock.advance(minutes=16)
    assert accounts.login.log_in(name, PASSWORD, client="10.0.0.9").outcome is (
        LoginOutcome.SIGNED_IN
    )


def test_too_many_failures_from_one_address_refuse_it(make_accounts: MakeAccounts) -> None:
    accounts = make_accounts(console_login_client_failures=5, console_login_user_failures=100)
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    client = _name("client")
    for _ in range(5):  # a different (unknown) name each time
        accounts.login.log_in(_name("guess"), "whatever it is", client=client)
    assert accounts.login.log_in(name, PASSWORD, client=client).outcome is LoginOutcome.THROTTLED
    assert accounts.login.log_in(name, PASSWORD, client=_name("other")).outcome is (
        LoginOutcome.SIGNED_IN
    )


def test_a_success_clears_the_names_failures(make_accounts: MakeAccounts) -> None:
    accounts = make_accounts(console_login_user_failures=3)
    name = _name()
    accounts.users.create(name, "agent", PASSWORD)
    for _ in range(2):
        accounts.login.log_in(name, "wrong password!", client=_name("c"))
    assert accounts.login.log_in(name, PASSWORD, client=_name("c")).outcome is (
        LoginOutcome.SIGNED_IN
    )
    for _ in range(2):
        accounts.login.log_in(name, "wrong password!", client=_name("c"))
    assert accounts.login.log_in(name, PASSWORD, client=_name("c")).outcome is (
        LoginOutcome.SIGNED_IN
    )


def test_failures_store_keyed_hashes_not_names_or_addresses(
    make_accounts: MakeAccounts, database: Database
) -> None:
    accounts = make_accounts()
    typed = "my-Secret-Password-1"  # typed into the name field by mistake
    accounts.login.log_in(typed, "x" * 12, client="203.0.113.77")
    with database.session() as session:
        subjects = set(session.scalars(select(LoginFailure.subject)))
    assert subjects and all(len(subject) == 64 for subject in subjects)
    assert not any(typed.lower() in s or "203.0.113.77" in s for s in subjects)
    other_key = make_accounts()  # another server secret: other subjects
    other_key.login.log_in(typed, "x" * 12, client="203.0.113.77")
    with database.session() as session:
        assert len(set(session.scalars(select(LoginFailure.subject)))) == len(subjects) + 2


# --- audit log -------------------------------------------------------------------------


def test_the_audit_log_records_and_forgets_a_conversation(
    make_accounts: MakeAccounts, clock: FakeClock, database: Database
) -> None:
    audit = make_accounts().audit
    conversation = _name("web-")
    audit.record("ada", AuditAction.REVEAL, conversation_id=conversation)
    clock.advance(seconds=5)
    audit.record("ada", AuditAction.USER_ROLE, target="sam", detail="role agent -> lead")
    newest = audit.recent(2)
    assert [entry.action for entry in newest] == [AuditAction.USER_ROLE, AuditAction.REVEAL]
    assert newest[1].conversation_id == conversation and newest[1].actor == "ada"
    assert newest[1].to_dict()["action"] == "reveal"
    context = PrivacyContext(Settings(client_key_secret=secrets.token_hex(24)), database, ())
    eraser = AuditEraser(context)
    subject = ErasureSubject(conversations=frozenset({conversation, _name("web-")}))
    assert eraser.erase(subject) == {"console_audit_log": 1}
    assert audit.recent(conversation_id=conversation) == []
    assert audit.recent(2)[1].detail == "conversation erased"
    assert audit.recent(2)[1].actor == "ada"  # who revealed, and when, stay
