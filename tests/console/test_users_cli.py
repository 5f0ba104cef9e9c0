"""``shopbot users``: the password from standard input, roles, deactivation, the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.db.account_models import ConsoleUser
from core.db.database import Database
from core.db.migrate import upgrade
from shop.accounts import AuditAction, AuditLog, PasswordHashing
from shopbot.cli.main import app
from shopbot.cli.users import CLI_ACTOR
from tests.console.support import FAST_HASHER, PASSWORD

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    address = f"sqlite:///{tmp_path / 'shop.db'}"
    database = Database(address)
    upgrade(database)
    database.dispose()
    yield address


def _run(url: str, *args: str, stdin: str | None = None, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--database-url", url], input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout + result.stderr


def _users(url: str) -> dict[str, dict[str, object]]:
    listed = json.loads(
        runner.invoke(app, ["users", "list", "--json", "--database-url", url]).stdout
    )
    return {user["username"]: user for user in listed}


def _audit(url: str) -> list[tuple[str, AuditAction, str | None]]:
    database = Database(url)
    try:
        return [(e.actor, e.action, e.target) for e in AuditLog(database).recent()]
    finally:
        database.dispose()


@pytest.mark.parametrize(
    "command",
    [
        ["users"],
        ["users", "create"],
        ["users", "list"],
        ["users", "set-role"],
        ["users", "deactivate"],
        ["users", "activate"],
        ["users", "reset-password"],
    ],
)
def test_every_users_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_create_reads_the_password_from_stdin(url: str) -> None:
    out = _run(url, "users", "create", "Ada", "--role", "admin", stdin=PASSWORD + "\n")
    assert "ada (admin) created" in out and "/console" in out
    assert PASSWORD not in out
    users = _users(url)
    assert users["ada"]["role"] == "admin" and users["ada"]["active"] is True
    database = Database(url)
    try:
        with database.session() as session:
            stored = session.query(ConsoleUser).one().password_hash
    finally:
        database.dispose()
    assert PasswordHashing(FAST_HASHER).verify(stored, PASSWORD)[0]
    assert _audit(url) == [(CLI_ACTOR, AuditAction.USER_CREATE, "ada")]


def test_create_refuses_weak_passwords_bad_roles_and_duplicates(url: str) -> None:
    assert "at least 12" in _run(
        url, "users", "create", "bob", "--role", "lead", stdin="short\n", code=1
    )
    _run(url, "users", "create", "bob", "--role", "boss", stdin=PASSWORD + "\n", code=2)
    _run(url, "users", "create", "bob", "--role", "lead", stdin="", code=2)  # nothing on stdin
    _run(url, "users", "create", "bob", "--role", "lead", stdin=PASSWORD + "\n")
    assert "exists" in _run(
        url, "users", "create", "BOB", "--role", "agent", stdin=PASSWORD + "\n", code=1
    )
    assert list(_users(url)) == ["bob"]


def test_roles_deactivation_and_passwords(url: str) -> None:
    _run(url, "users", "create", "ada", "--role", "admin", stdin=PASSWORD + "\n")
    _run(url, "users", "create", "sam", "--role", "agent", stdin=PASSWORD + "\n")
    _run(url, "users", "set-role", "sam", "lead")
    assert _users(url)["sam"]["role"] == "lead"
    assert "last active admin" in _run(url, "users", "set-role", "ada", "agent", code=1)
    _run(url, "users", "deactivate", "sam")
    assert _users(url)["sam"]["active"] is False
    _run(url, "users", "activate", "sam")
    _run(url, "users", "reset-password", "sam", stdin="another long password\n")
    _run(url, "users", "reset-password", "nobody", stdin=PASSWORD + "\n", code=1)
    actions = [action for _actor, action, _target in _audit(url)]
    assert actions[:5] == [
        AuditAction.USER_PASSWORD,
        AuditAction.USER_ACTIVATE,
        AuditAction.USER_DEACTIVATE,
        AuditAction.USER_ROLE,
        AuditAction.USER_CREATE,
    ]
    table = _run(url, "users", "list")
    assert "sam" in table and "lead" in table and "never" in table
