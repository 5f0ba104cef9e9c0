"""``shopbot users``: the support console's accounts.

    shopbot users create NAME --role agent|lead|admin   password from stdin, or asked twice
    shopbot users list [--json]
    shopbot users set-role NAME ROLE                    their sessions end
    shopbot users deactivate NAME | activate NAME
    shopbot users reset-password NAME                   password from stdin, or asked twice

When standard input is not a terminal, the password is its first line
(``printf '%s\\n' "$PASSWORD" | shopbot users create ada --role admin``); otherwise it is
asked for twice, hidden. Every change is written to the console's audit log.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from core.settings import get_settings
from shop.accounts import AuditAction, AuditLog, Role, UserDirectory, user_directory
from shopbot.cli.db import DatabaseUrlOption, JsonOption, open_database
from shopbot.cli.output import fail, print_json, shopbot_errors, stderr, stdout

__all__ = ["CLI_ACTOR", "app"]

app = typer.Typer(
    help="Support console users: create, list, roles, passwords.", no_args_is_help=True
)

#: Who the audit log names for changes made with this command.
CLI_ACTOR = "command line"
CONSOLE_URL = "http://localhost:8000/console"
UsernameArgument = Annotated[str, typer.Argument(help="The user name (letters, digits, . _ -).")]


@contextmanager
def _accounts(database_url: str | None) -> Iterator[tuple[UserDirectory, AuditLog]]:
    database = open_database(database_url)
    try:
        yield user_directory(database, get_settings()), AuditLog(database)
    finally:
        database.dispose()


def _read_password() -> str:
    """The first line of stdin when it is not a terminal; otherwise asked twice, hidden."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            fail("no password on standard input", code=2)
        return line.rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("create")
def create(
    username: UsernameArgument,
    role: Annotated[Role, typer.Option("--role", help="agent, lead or admin.")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a console user (the password from stdin, or asked twice)."""
    password = _read_password()
    with shopbot_errors(), _accounts(database_url) as (users, audit):
        user = users.create(username, role, password)
        audit.record(
            CLI_ACTOR, AuditAction.USER_CREATE, target=user.username, detail=f"role {role.value}"
        )
    stderr.print(
        f"User [bold]{escape(user.username)}[/] ({user.role.value}) created. "
        f"They sign in at {CONSOLE_URL}"
    )


@app.command("list")
def list_users(json_output: JsonOption = False, database_url: DatabaseUrlOption = None) -> None:
    """Every console user."""
    with shopbot_errors(), _accounts(database_url) as (users, _audit):
        found = users.list()
    if json_output:
        print_json([user.to_dict() for user in found])
        return
    table = Table("user", "role", "active", "added", "last sign-in (UTC)")
    for user in found:
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
        added = f"{user.created_at:%Y-%m-%d}" if user.created_at else "-"
        table.add_row(
            escape(user.username), user.role.value, "yes" if user.active else "no", added, last
        )
    stdout.print(table)


@app.command("set-role")
def set_role(
    username: UsernameArgument,
    role: Annotated[Role, typer.Argument(help="agent, lead or admin.")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Give a user another role (their sessions end)."""
    with shopbot_errors(), _accounts(database_url) as (users, audit):
        before = users.get(username)
        after = users.set_role(username, role)
        audit.record(
            CLI_ACTOR,
            AuditAction.USER_ROLE,
            target=after.username,
            detail=f"role {before.role.value} -> {after.role.value}",
        )
    stderr.print(f"{escape(after.username)} is now {after.role.value}.")


@app.command("deactivate")
def deactivate(username: UsernameArgument, database_url: DatabaseUrlOption = None) -> None:
    """Stop a user from signing in (their sessions end)."""
    with shopbot_errors(), _accounts(database_url) as (users, audit):
        user = users.set_active(username, False)
        audit.record(CLI_ACTOR, AuditAction.USER_DEACTIVATE, target=user.username)
    stderr.print(f"{escape(user.username)} can no longer sign in.")


@app.command("activate")
def activate(username: UsernameArgument, database_url: DatabaseUrlOption = None) -> None:
    """Let a deactivated user sign in again."""
    with shopbot_errors(), _accounts(database_url) as (users, audit):
        user = users.set_active(username, True)
        audit.record(CLI_ACTOR, AuditAction.USER_ACTIVATE, target=user.username)
    stderr.print(f"{escape(user.username)} can sign in again.")


@app.command("reset-password")
def reset_password(username: UsernameArgument, database_url: DatabaseUrlOption = None) -> None:
    """Give a user a new password (from stdin, or asked twice); their sessions end."""
    with shopbot_errors(), _accounts(database_url) as (users, _audit):
        users.get(username)  # an unknown name fails before the password is asked for
    password = _read_password()
    with shopbot_errors(), _accounts(database_url) as (users, audit):
        user = users.set_password(username, password)
        audit.record(CLI_ACTOR, AuditAction.USER_PASSWORD, target=user.username)
    stderr.print(f"{escape(user.username)} has a new password; their sessions have ended.")
