"""Preparing the backing services as they run on this machine, idempotently.

- **PostgreSQL** (as the superuser of ``SHOPBOT_PROD_PG_ADMIN_URL``): the profile's user
  with its password (set again each time, so it always matches the secrets file), and its
  two databases, owned by it: the order database and Rasa's tracker store.
- **Redis** (``redis-cli``, as the default user or ``SHOPBOT_PROD_REDIS_ADMIN_USER``): an
  ACL user with a password that may touch only the keys and channels under its prefix
  (Rasa's lock store keys are ``<prefix>:lock:<conversation>``) and the widget's socket.io
  channel (``shopbot_socketio``), without the dangerous commands. Redis's other users, the
  default one included, are left as they are.
- **RabbitMQ** (``rabbitmqctl``, as root on the broker's machine): the profile's virtual
  host, and its user with every permission inside that virtual host only. Rasa declares
  the queue (durable) when it connects.

Passwords go to the tools on their standard input or inside the SQL session, never on a
command line. Anything that fails raises :class:`core.errors.DeploymentError` saying what
and how to do it by hand (``SHOPBOT_PROD_PREPARE=false`` skips all of it).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

import psycopg
from psycopg import sql

from core.errors import DeploymentError
from shopbot.production.profile import SOCKETIO_REDIS_CHANNEL, ProductionSettings

__all__ = ["prepare_postgres", "prepare_rabbitmq", "prepare_redis", "redis_acl_rule"]

_TIMEOUT = 60


def prepare_postgres(settings: ProductionSettings, password: str) -> list[str]:
    """The user and the two databases; what was done, one line each."""
    done: list[str] = []
    try:
        with psycopg.connect(settings.pg_admin_url, autocommit=True, connect_timeout=10) as db:
            exists = db.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (settings.pg_user,)
            ).fetchone()
            verb = "ALTER" if exists else "CREATE"
            db.execute(
                sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                    sql.SQL(verb), sql.Identifier(settings.pg_user), sql.Literal(password)
                )
            )
            done.append(
                f"PostgreSQL user {settings.pg_user} ({'updated' if exists else 'created'})"
            )
            for name in (settings.orders_db, settings.tracker_db):
                found = db.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
                ).fetchone()
                if not found:
                    db.execute(
                        sql.SQL("CREATE DATABASE {} OWNER {}").format(
                            sql.Identifier(name), sql.Identifier(settings.pg_user)
                        )
                    )
                done.append(f"PostgreSQL database {name} ({'exists' if found else 'created'})")
    except psycopg.Error as error:
        raise DeploymentError(
            f"cannot prepare PostgreSQL as the administrator of SHOPBOT_PROD_PG_ADMIN_URL: "
            f"{str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}"
            " (or create the user and databases yourself and set SHOPBOT_PROD_PREPARE=false)"
        ) from error
    return done


def redis_acl_rule(settings: ProductionSettings, password: str) -> str:
    """The ``ACL SETUSER`` command of the profile's Redis user."""
    prefix = settings.redis_key_prefix
    return (
        f"ACL SETUSER {settings.redis_user} reset on >{password} "
        f"~{prefix}:* resetchannels &{prefix}:* &{SOCKETIO_REDIS_CHANNEL} "
        "+@connection +@read +@write +@pubsub -@dangerous"
    )


def _run(
    command: Sequence[str], what: str, stdin: str = "", env: dict[str, str] | None = None
) -> str:
    try:
        result = subprocess.run(
            list(command),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
            env=env,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DeploymentError(f"cannot {what}: {error}") from error
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise DeploymentError(f"cannot {what}: {' / '.join(tail) or f'exit {result.returncode}'}")
    return result.stdout


def prepare_redis(
    settings: ProductionSettings, password: str, redis_cli: str = "redis-cli"
) -> list[str]:
    """The ACL user of the lock store, then a check that it can sign in."""
    base = [
        redis_cli,
        "-h",
        settings.redis_host,
        "-p",
        str(settings.redis_port),
        "--no-auth-warning",
    ]
    admin_env = dict(os.environ)
    admin = list(base)
    if settings.redis_admin_user:
        admin += ["--user", settings.redis_admin_user]
    if settings.redis_admin_password:
        admin_env["REDISCLI_AUTH"] = settings.redis_admin_password
    else:
        admin_env.pop("REDISCLI_AUTH", None)
    server = f"{settings.redis_host}:{settings.redis_port}"
    what = f"create the Redis user {settings.redis_user} on {server}"
    answer = _run(admin, what, stdin=redis_acl_rule(settings, password) + "\n", env=admin_env)
    if answer.strip() != "OK":
        raise DeploymentError(f"cannot {what}: Redis answered {answer.strip()[:200]!r}")
    user_env = {**os.environ, "REDISCLI_AUTH": password}
    check = [*base, "--user", settings.redis_user, "-n", str(settings.redis_db), "PING"]
    pong = _run(check, f"sign in to Redis as {settings.redis_user}", env=user_env)
    if pong.strip() != "PONG":
        raise DeploymentError(
            f"Redis refused the user {settings.redis_user}: {pong.strip()[:200]!r}"
        )
    return [f"Redis user {settings.redis_user} (keys and channels {settings.redis_key_prefix}:*)"]


def prepare_rabbitmq(settings: ProductionSettings, password: str) -> list[str]:
    """The virtual host, the user (its password set again) and its permissions there."""
    ctl = [settings.rabbitmqctl, "-q"]
    vhost, user = settings.rabbitmq_vhost, settings.rabbitmq_user
    done: list[str] = []
    vhosts = _run([*ctl, "list_vhosts", "name"], "list RabbitMQ's virtual hosts").split()
    if vhost not in vhosts:
        _run([*ctl, "add_vhost", vhost], f"add the RabbitMQ virtual host {vhost}")
    done.append(f"RabbitMQ virtual host {vhost} ({'exists' if vhost in vhosts else 'created'})")
    users = [
        line.split("\t")[0]
        for line in _run([*ctl, "list_users"], "list RabbitMQ's users").splitlines()
    ]
    verb = "change_password" if user in users else "add_user"
    _run([*ctl, verb, user], f"set the RabbitMQ user {user}", stdin=password + "\n")
    _run(
        [*ctl, "set_permissions", "-p", vhost, user, ".*", ".*", ".*"],
        f"give {user} the virtual host {vhost}",
    )
    done.append(
        f"RabbitMQ user {user} ({'updated' if user in users else 'created'}), only on {vhost}"
    )
    return done
