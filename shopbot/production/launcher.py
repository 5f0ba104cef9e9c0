"""``up``, ``down`` and ``status`` of the production profile.

``up``: the secrets (the environment's, else ``var/prod/secrets.env``), the backing services
prepared (unless ``SHOPBOT_PROD_PREPARE=false``), the tracker store's tables, the channels'
credentials, nginx's and supervisord's configurations rendered and checked, supervisord
started with the profile's environment (the Rasa servers and nginx start), the order
database migrated and seeded and the product index current while the Rasa servers load,
then the processes that read it started, and a wait until every process is healthy or has
failed for good. ``down``: supervisord
stops every program, then itself; nothing of the profile is left running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from core.errors import ConfigurationError, DeploymentError
from core.settings import PROJECT_ROOT, describe_errors
from shopbot.channels import write_credentials
from shopbot.production.backing import prepare_postgres, prepare_rabbitmq, prepare_redis
from shopbot.production.demo_data import prepare_order_database
from shopbot.production.health import ServiceHealth, check, wait_until_settled
from shopbot.production.nginx_config import render_nginx_config
from shopbot.production.profile import (
    APP_SECRETS,
    DEFAULTS,
    NGINX_PROXY,
    RASA_PYTHON,
    SERVICE_PASSWORDS,
    ProductionSettings,
    Profile,
    build_profile,
)
from shopbot.production.secret_file import resolve_secrets
from shopbot.production.supervisor import Supervisor
from shopbot.production.supervisor_config import render_supervisor_config
from shopbot.production.tracker_schema import ensure_tracker_schema

__all__ = [
    "UpResult",
    "down",
    "find_nginx",
    "load_profile",
    "prepare_backing_services",
    "profile_environment",
    "render_files",
    "status",
    "up",
]

Say = Callable[[str], None]


def find_nginx(configured: str = "") -> str:
    """nginx's binary: the configured one, else on PATH, else /usr/sbin/nginx."""
    candidate = configured or shutil.which("nginx") or "/usr/sbin/nginx"
    if not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
        raise ConfigurationError(
            f"nginx not found ({candidate}): install Debian's nginx (scripts/nginx.sh does) "
            "or set SHOPBOT_PROD_NGINX"
        )
    return candidate


def load_profile(settings: ProductionSettings | None = None) -> Profile:
    """The profile of ``settings`` (default: read from the environment)."""
    if settings is None:
        try:
            settings = ProductionSettings()
        except ValidationError as error:
            message = describe_errors(error).replace("SHOPBOT_", "SHOPBOT_PROD_")
            raise ConfigurationError(f"production profile: {message}") from None
    return build_profile(settings, find_nginx(settings.nginx))


def profile_environment(
    profile: Profile, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The processes' environment: the caller's, then the profile's variables over it."""
    environ = dict(os.environ if environ is None else environ)
    s = profile.settings
    secrets = resolve_secrets(profile.secrets_file, APP_SECRETS, environ)
    passwords = resolve_secrets(
        profile.secrets_file,
        SERVICE_PASSWORDS,
        {
            "SHOPBOT_PROD_PG_PASSWORD": s.pg_password,
            "SHOPBOT_PROD_REDIS_PASSWORD": s.redis_password,
            "SHOPBOT_PROD_RABBITMQ_PASSWORD": s.rabbitmq_password,
        },
    )
    proxies = " ".join(
        dict.fromkeys([*environ.get("SHOPBOT_TRUSTED_PROXIES", "").split(), NGINX_PROXY])
    )
    return {
        **DEFAULTS,
        **environ,
        **profile.environment({**secrets, **passwords}),
        "SHOPBOT_TRUSTED_PROXIES": proxies,
    }


def render_files(profile: Profile, environment: Mapping[str, str]) -> None:
    """The channels' credentials, nginx.conf and supervisord.conf into the state folder;
    nginx checks its configuration (``nginx -t``)."""
    for folder in (profile.state_dir, profile.state_dir / "nginx", profile.log_dir):
        folder.mkdir(parents=True, exist_ok=True)
    write_credentials(PROJECT_ROOT / "credentials.yml", profile.credentials, environment)
    profile.nginx_conf.write_text(render_nginx_config(profile), encoding="utf-8")
    profile.supervisor_conf.write_text(render_supervisor_config(profile), encoding="utf-8")
    nginx = profile.service("nginx").command
    result = subprocess.run(
        [*nginx, "-t", "-q"], capture_output=True, text=True, check=False, timeout=30
    )
    if result.returncode != 0:
        raise DeploymentError(f"nginx refuses {profile.nginx_conf}: {result.stderr.strip()}")


def _preflight(profile: Profile) -> None:
    if not RASA_PYTHON.exists():
        raise ConfigurationError(".venv-rasa is missing: run scripts/bootstrap.sh (make setup)")
    if not profile.settings.model.exists():
        raise ConfigurationError(
            f"no trained model at {profile.settings.model}: run scripts/train.sh (make train)"
        )


def prepare_backing_services(profile: Profile, environment: Mapping[str, str], say: Say) -> None:
    """The profile's database user and databases, Redis user, RabbitMQ vhost and user
    (idempotent: passwords set again to the ones of ``environment``)."""
    s = profile.settings
    for line in prepare_postgres(s, environment["SHOPBOT_TRACKER_DB_PASSWORD"]):
        say(line)
    for line in prepare_redis(s, environment["SHOPBOT_REDIS_PASSWORD"]):
        say(line)
    for line in prepare_rabbitmq(s, environment["SHOPBOT_RABBITMQ_PASSWORD"]):
        say(line)


@dataclass(frozen=True)
class UpResult:
    """What ``up`` found at the end, and how long it took."""

    health: list[ServiceHealth]
    seconds: float
    already_running: bool

    @property
    def healthy(self) -> bool:
        return all(item.healthy for item in self.health)


def up(
    profile: Profile, say: Say = lambda _: None, environ: Mapping[str, str] | None = None
) -> UpResult:
    """Start the profile (see the module's docstring); returns once everything settled."""
    started = time.monotonic()
    supervisor = Supervisor(profile)
    if supervisor.running():
        say("The production profile is already running (shopbot production down stops it)")
        health = wait_until_settled(profile, supervisor, profile.settings.start_timeout)
        return UpResult(health, time.monotonic() - started, already_running=True)
    _preflight(profile)
    environment = profile_environment(profile, environ)
    s = profile.settings
    if s.prepare:
        prepare_backing_services(profile, environment, say)
    if ensure_tracker_schema(environment):
        say("Tracker store: tables created (once, before the Rasa servers start)")
    render_files(profile, environment)
    say(f"Starting the Rasa servers and nginx under supervisord (logs: {profile.log_dir})")
    supervisor.start(environment)
    try:
        # While the Rasa servers load their model, the order database gets ready; then the
        # processes that read it at start.
        prepare_order_database(
            environment,
            demo_data=s.demo_data,
            encoder=environment.get("SHOPBOT_SEARCH_ENCODER", "e5"),
            say=say,
        )
        later = [service.name for service in profile.services if service.needs_order_database]
        say(f"Starting {', '.join(later)}")
        supervisor.start_programs(later)
    except BaseException:
        supervisor.shutdown()
        raise

    def report(item: ServiceHealth) -> None:
        mark = "healthy" if item.healthy else f"FAILED ({item.state}: {item.detail})"
        say(f"  {item.service.name:<10} {mark}  after {time.monotonic() - started:.0f} s")

    health = wait_until_settled(profile, supervisor, s.start_timeout, on_change=report)
    return UpResult(health, time.monotonic() - started, already_running=False)


def down(profile: Profile, say: Say = lambda _: None) -> bool:
    """Stop everything; whether anything was running."""
    supervisor = Supervisor(profile)
    if supervisor.pid() is None:
        say("The production profile is not running")
        return False
    left = supervisor.shutdown()
    if left:
        say(f"Killed what did not stop in time: {left}")
    say("The production profile is stopped")
    return True


def status(profile: Profile) -> list[ServiceHealth]:
    """Each process with its supervisor state and health."""
    return check(profile, Supervisor(profile))
