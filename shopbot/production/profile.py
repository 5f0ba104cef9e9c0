"""The production profile, described once: its settings, its processes and their environment.

Everything else of :mod:`shopbot.production` reads this module: the supervisord and nginx
configurations are rendered from :class:`Profile`, ``shopbot production status`` checks its
health URLs, and the documentation (docs/production.md) lists its variables.

Settings are environment variables with the prefix ``SHOPBOT_PROD_`` (the launcher's own:
ports, names, where the backing services are); the processes themselves read the variables
of :meth:`Profile.environment` (``DATABASE_URL``, ``SHOPBOT_TRACKER_DB_*``,
``SHOPBOT_REDIS_*``, ``SHOPBOT_RABBITMQ_*``, ``SHOPBOT_AMQP_*``, ...), which the profile
derives from its settings and secrets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.settings import PROJECT_ROOT

__all__ = [
    "APP_SECRETS",
    "DEFAULTS",
    "NGINX_PROXY",
    "SERVICE_PASSWORDS",
    "ProductionSettings",
    "Profile",
    "Role",
    "Service",
    "build_profile",
]

APP_PYTHON = PROJECT_ROOT / ".venv" / "bin" / "python"
RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
SHOPBOT_COMMAND = PROJECT_ROOT / ".venv" / "bin" / "shopbot"
ENDPOINTS = PROJECT_ROOT / "endpoints.production.yml"
#: The application's secrets (core.secret_rules): the environment's, else generated once.
APP_SECRETS: tuple[str, ...] = (
    "SHOPBOT_ACTION_TOKEN",
    "SHOPBOT_RASA_TOKEN",
    "SHOPBOT_WIDGET_SESSION_SECRET",
    "SHOPBOT_CLIENT_KEY_SECRET",
)
#: The backing services' passwords: ``SHOPBOT_PROD_<NAME>`` from the environment, else
#: generated once (var/prod/secrets.env).
SERVICE_PASSWORDS: tuple[str, ...] = (
    "SHOPBOT_PROD_PG_PASSWORD",
    "SHOPBOT_PROD_REDIS_PASSWORD",
    "SHOPBOT_PROD_RABBITMQ_PASSWORD",
)
#: The Redis channel of the widget's socket.io rooms (``bot.channels.socketio.REDIS_CHANNEL``,
#: the Rasa side's, which this side cannot import): the profile's Redis user may use it.
SOCKETIO_REDIS_CHANNEL = "shopbot_socketio"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_OFFLINE = {
    "RASA_TELEMETRY_ENABLED": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONUNBUFFERED": "1",
}


def _ports(value: object) -> object:
    """``"5105,5106"`` or ``"5105 5106"`` from the environment; a list as it is."""
    if isinstance(value, str):
        return tuple(int(part) for part in re.split(r"[\s,]+", value.strip()) if part)
    return value


class ProductionSettings(BaseSettings):
    """The profile's settings, each read from ``SHOPBOT_PROD_<FIELD>`` (docs/production.md).

    ``name`` names everything the profile creates on the backing services: the database
    user and the databases ``<name>_orders`` and ``<name>_tracker``, the Redis user, the
    RabbitMQ user, virtual host and queue ``<name>_events``. A second profile on the same
    servers (the tests') uses another name.
    """

    model_config = SettingsConfigDict(
        env_prefix="SHOPBOT_PROD_", extra="ignore", hide_input_in_errors=True
    )

    name: str = "shopbot"
    listen: str = Field(default="127.0.0.1", description="Address nginx listens on.")
    front_port: int = Field(default=8080, ge=1, le=65535)
    action_proxy_port: int = Field(
        default=8081, ge=1, le=65535, description="nginx's loopback listener of the actions."
    )
    rasa_ports: Annotated[tuple[int, ...], NoDecode] = (5105, 5106)
    action_ports: Annotated[tuple[int, ...], NoDecode] = (5155, 5156)
    web_port: int = Field(default=8100, ge=1, le=65535)
    public_url: str = Field(
        default="", description="The front as browsers reach it; http://localhost:<front_port>."
    )
    state_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "prod",
        validation_alias=AliasChoices("SHOPBOT_PROD_DIR", "state_dir"),
        description="Generated files: configurations, secrets, pids, the supervisor socket.",
    )
    log_dir: Path = PROJECT_ROOT / "var" / "log" / "prod"
    model: Path = PROJECT_ROOT / "models" / "shopbot.tar.gz"
    nginx: str = Field(default="", description="nginx's binary; found on PATH or in /usr/sbin.")
    prepare: bool = Field(
        default=True,
        description="Create the databases, users, Redis user and RabbitMQ vhost on the "
        "servers below as their administrator (off when they are the shop's own, made by "
        "its administrators).",
    )
    demo_data: bool = Field(
        default=True, description="Seed the order database with the demo shop when it is empty."
    )
    start_timeout: float = Field(default=300.0, gt=0)

    pg_admin_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        description="libpq URL of a PostgreSQL superuser, for preparing (no process gets it).",
    )
    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_user: str = ""
    pg_password: str = Field(default="", repr=False)
    orders_db: str = ""
    tracker_db: str = ""

    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = Field(default=1, ge=0)
    redis_user: str = ""
    redis_password: str = Field(default="", repr=False)
    redis_admin_user: str = Field(
        default="", description="For preparing; default: Redis's default user."
    )
    redis_admin_password: str = Field(default="", repr=False)

    rabbitmq_host: str = "127.0.0.1"
    rabbitmq_port: int = 5672
    rabbitmq_vhost: str = ""
    rabbitmq_user: str = ""
    rabbitmq_password: str = Field(default="", repr=False)
    rabbitmq_queue: str = ""
    rabbitmqctl: str = "rabbitmqctl"

    @field_validator("rasa_ports", "action_ports", mode="before")
    @classmethod
    def _split_ports(cls, value: object) -> object:
        return _ports(value)

    @field_validator("rasa_ports", "action_ports")
    @classmethod
    def _some_ports(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(not 0 < port < 65536 for port in value):
            raise ValueError("one or more ports between 1 and 65535")
        return value

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("a lower-case letter, then up to 39 letters, digits or _")
        return value

    @model_validator(mode="after")
    def _defaults_from_name(self) -> ProductionSettings:
        """Names left empty follow ``name``; ports must all differ."""
        for attribute, default in (
            ("pg_user", self.name),
            ("orders_db", f"{self.name}_orders"),
            ("tracker_db", f"{self.name}_tracker"),
            ("redis_user", self.name),
            ("rabbitmq_vhost", self.name),
            ("rabbitmq_user", self.name),
            ("rabbitmq_queue", f"{self.name}_events"),
        ):
            if not getattr(self, attribute):
                setattr(self, attribute, default)
        ports = [
            self.front_port,
            self.action_proxy_port,
            self.web_port,
            *self.rasa_ports,
            *self.action_ports,
        ]
        if len(set(ports)) != len(ports):
            raise ValueError(f"the profile's ports must all differ: {ports}")
        return self

    @property
    def redis_key_prefix(self) -> str:
        """The lock store's key prefix (Rasa takes letters and digits only)."""
        return re.sub(r"[^a-zA-Z0-9]", "", self.name)

    @property
    def front_url(self) -> str:
        """The front on loopback, as the profile's own processes reach it."""
        return f"http://127.0.0.1:{self.front_port}"

    @property
    def browser_url(self) -> str:
        """The front as browsers reach it."""
        return (self.public_url or f"http://localhost:{self.front_port}").rstrip("/")

    @property
    def browser_origins(self) -> tuple[str, ...]:
        """The origins the front's pages are served from (the widget's allowed origins)."""
        url = urlsplit(self.browser_url)
        origins = [f"{url.scheme}://{url.netloc}"]
        if url.hostname == "localhost":
            origins.append(f"{url.scheme}://127.0.0.1:{url.port or 80}")
        return tuple(origins)


class Role(StrEnum):
    """What a process of the profile is."""

    RASA = "rasa"
    ACTIONS = "actions"
    WEB = "web"
    CONSUMER = "consumer"
    PROXY = "proxy"


#: The roles that read the order database (and the product index built from it) at start.
ORDER_DATABASE_ROLES = frozenset({Role.ACTIONS, Role.WEB, Role.CONSUMER})


@dataclass(frozen=True)
class Service:
    """One supervised process: its name, command, port and health URL (``None``: it has no
    HTTP side; supervisor's state is its health), the variables of its own, and the names
    of the profile's shared variables it reads."""

    name: str
    role: Role
    command: tuple[str, ...]
    port: int | None
    health_url: str | None
    environment: Mapping[str, str] = field(default_factory=dict)
    reads: tuple[str, ...] = ()

    @property
    def needs_order_database(self) -> bool:
        """Whether it reads the order database when it starts (so it starts once the
        database is migrated and seeded; the Rasa servers and nginx start before)."""
        return self.role in ORDER_DATABASE_ROLES


#: The shared variables each role reads (beyond the offline switches), for the
#: documentation and the container recipes' comparison.
ROLE_VARIABLES: dict[Role, tuple[str, ...]] = {
    Role.RASA: (
        "SHOPBOT_RASA_TOKEN",
        "SHOPBOT_ACTION_URL",
        "SHOPBOT_ACTION_TOKEN",
        "SHOPBOT_TRACKER_DB_HOST",
        "SHOPBOT_TRACKER_DB_PORT",
        "SHOPBOT_TRACKER_DB_USER",
        "SHOPBOT_TRACKER_DB_PASSWORD",
        "SHOPBOT_TRACKER_DB_NAME",
        "SHOPBOT_REDIS_HOST",
        "SHOPBOT_REDIS_PORT",
        "SHOPBOT_REDIS_DB",
        "SHOPBOT_REDIS_USER",
        "SHOPBOT_REDIS_PASSWORD",
        "SHOPBOT_REDIS_KEY_PREFIX",
        "SHOPBOT_SOCKETIO_REDIS_URL",
        "SHOPBOT_RABBITMQ_URL",
        "SHOPBOT_RABBITMQ_PORT",
        "SHOPBOT_RABBITMQ_USER",
        "SHOPBOT_RABBITMQ_PASSWORD",
        "SHOPBOT_RABBITMQ_QUEUE",
    ),
    Role.ACTIONS: (
        "DATABASE_URL",
        "SHOPBOT_ACTION_TOKEN",
        "SHOPBOT_ACTION_PORT",
        "SHOPBOT_CLIENT_KEY_SECRET",
    ),
    Role.WEB: (
        "DATABASE_URL",
        "SHOPBOT_RASA_URL",
        "SHOPBOT_RASA_TOKEN",
        "SHOPBOT_PUBLIC_RASA_URL",
        "SHOPBOT_TRACKER_STORE_URL",
        "SHOPBOT_CLIENT_KEY_SECRET",
        "SHOPBOT_FOLLOW_EVENTS",
        "SHOPBOT_TRUSTED_PROXIES",
    ),
    Role.CONSUMER: (
        "DATABASE_URL",
        "SHOPBOT_TRACKER_STORE_URL",
        "SHOPBOT_AMQP_URL",
        "SHOPBOT_AMQP_QUEUE",
    ),
    Role.PROXY: (),
}


@dataclass(frozen=True)
class Profile:
    """The processes of the profile and the files they are run from."""

    settings: ProductionSettings
    services: tuple[Service, ...]

    @property
    def state_dir(self) -> Path:
        return self.settings.state_dir.resolve()

    @property
    def log_dir(self) -> Path:
        return self.settings.log_dir.resolve()

    @property
    def nginx_conf(self) -> Path:
        return self.state_dir / "nginx.conf"

    @property
    def supervisor_conf(self) -> Path:
        return self.state_dir / "supervisord.conf"

    @property
    def supervisor_socket(self) -> Path:
        return self.state_dir / "supervisor.sock"

    @property
    def supervisor_pidfile(self) -> Path:
        return self.state_dir / "supervisord.pid"

    @property
    def credentials(self) -> Path:
        return self.state_dir / "credentials.yml"

    @property
    def secrets_file(self) -> Path:
        return self.state_dir / "secrets.env"

    @property
    def access_log(self) -> Path:
        return self.log_dir / "nginx-access.log"

    def by_role(self, role: Role) -> tuple[Service, ...]:
        """The services of one role, in order."""
        return tuple(service for service in self.services if service.role is role)

    def service(self, name: str) -> Service:
        """The service called ``name`` (KeyError otherwise)."""
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    def environment(self, secrets: Mapping[str, str]) -> dict[str, str]:
        """The variables every process of the profile is started with (secrets included:
        given to supervisord in its environment, never written to its configuration).
        ``secrets``: the application's secrets and the services' passwords."""
        s = self.settings
        pg_login = (
            f"{quote(s.pg_user, safe='')}:{quote(secrets['SHOPBOT_PROD_PG_PASSWORD'], safe='')}"
        )
        pg_server = f"{s.pg_host}:{s.pg_port}"
        vhost = quote(s.rabbitmq_vhost, safe="")
        redis_login = (
            f"{quote(s.redis_user, safe='')}:"
            f"{quote(secrets['SHOPBOT_PROD_REDIS_PASSWORD'], safe='')}"
        )
        amqp_login = (
            f"{quote(s.rabbitmq_user, safe='')}:"
            f"{quote(secrets['SHOPBOT_PROD_RABBITMQ_PASSWORD'], safe='')}"
        )
        return {
            **_OFFLINE,
            **{name: secrets[name] for name in APP_SECRETS},
            "SHOPBOT_ENVIRONMENT": "production",
            "SHOPBOT_WIDGET_ORIGINS": " ".join(s.browser_origins),
            "SHOPBOT_CORS_ORIGINS": " ".join(s.browser_origins),
            "DATABASE_URL": f"postgresql+psycopg://{pg_login}@{pg_server}/{s.orders_db}",
            "SHOPBOT_TRACKER_STORE_URL": f"postgresql+psycopg://{pg_login}@{pg_server}/{s.tracker_db}",
            "SHOPBOT_TRACKER_DB_HOST": s.pg_host,
            "SHOPBOT_TRACKER_DB_PORT": str(s.pg_port),
            "SHOPBOT_TRACKER_DB_USER": s.pg_user,
            "SHOPBOT_TRACKER_DB_PASSWORD": secrets["SHOPBOT_PROD_PG_PASSWORD"],
            "SHOPBOT_TRACKER_DB_NAME": s.tracker_db,
            "SHOPBOT_REDIS_HOST": s.redis_host,
            "SHOPBOT_REDIS_PORT": str(s.redis_port),
            "SHOPBOT_REDIS_DB": str(s.redis_db),
            "SHOPBOT_REDIS_USER": s.redis_user,
            "SHOPBOT_REDIS_PASSWORD": secrets["SHOPBOT_PROD_REDIS_PASSWORD"],
            "SHOPBOT_REDIS_KEY_PREFIX": s.redis_key_prefix,
            # The widget channel's socket.io servers share their rooms through Redis: an
            # agent's reply reaches the browser whichever Rasa server it is connected to.
            "SHOPBOT_SOCKETIO_REDIS_URL": (
                f"redis://{redis_login}@{s.redis_host}:{s.redis_port}/{s.redis_db}"
            ),
            # Rasa's pika broker: the host as an amqp URL carries the virtual host.
            "SHOPBOT_RABBITMQ_URL": f"amqp://{s.rabbitmq_host}:{s.rabbitmq_port}/{vhost}",
            "SHOPBOT_RABBITMQ_PORT": str(s.rabbitmq_port),
            "SHOPBOT_RABBITMQ_USER": s.rabbitmq_user,
            "SHOPBOT_RABBITMQ_PASSWORD": secrets["SHOPBOT_PROD_RABBITMQ_PASSWORD"],
            "SHOPBOT_RABBITMQ_QUEUE": s.rabbitmq_queue,
            # The summary consumer (`shopbot conversations follow --broker amqp`).
            "SHOPBOT_AMQP_URL": f"amqp://{amqp_login}@{s.rabbitmq_host}:{s.rabbitmq_port}/{vhost}",
            "SHOPBOT_AMQP_QUEUE": s.rabbitmq_queue,
            # Rasa calls the actions through nginx's loopback listener (least connections).
            "SHOPBOT_ACTION_URL": f"http://127.0.0.1:{s.action_proxy_port}/webhook",
            # The web server reaches Rasa's HTTP API through the front (routed by conversation).
            "SHOPBOT_RASA_URL": s.front_url,
            "SHOPBOT_PUBLIC_RASA_URL": s.browser_url,
            # The consumer process folds the summaries; the web server does not.
            "SHOPBOT_FOLLOW_EVENTS": "false",
        }


#: Variables the profile sets unless the environment does: the REST channel stays on
#: (behind the Rasa token) for `shopbot chat` and the load test; SHOPBOT_REST_CHANNEL=off
#: when the front is reachable from outside.
DEFAULTS: dict[str, str] = {"SHOPBOT_REST_CHANNEL": "on"}
#: nginx, in front of every server: its X-Forwarded-For names the client (added to the
#: shop's own SHOPBOT_TRUSTED_PROXIES, when it has a proxy in front of nginx).
NGINX_PROXY = "127.0.0.1/32"


def _rasa(
    profile_settings: ProductionSettings, index: int, port: int, credentials: Path
) -> Service:
    return Service(
        name=f"rasa-{index}",
        role=Role.RASA,
        command=(
            str(RASA_PYTHON),
            "-m",
            "bot.server",
            "--model",
            str(profile_settings.model.resolve()),
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--endpoints",
            str(ENDPOINTS),
            "--credentials",
            str(credentials),
            "--cors",
            *profile_settings.browser_origins,
        ),
        port=port,
        # Rasa answers / (no token) once its model is loaded.
        health_url=f"http://127.0.0.1:{port}/",
        reads=ROLE_VARIABLES[Role.RASA],
    )


def build_profile(settings: ProductionSettings, nginx_binary: str = "nginx") -> Profile:
    """The profile's services for ``settings``: nginx, the Rasa servers, the action
    servers, the web server and the conversation-summary consumer."""
    state_dir = settings.state_dir.resolve()
    log_dir = settings.log_dir.resolve()
    credentials = state_dir / "credentials.yml"
    services: list[Service] = [
        Service(
            name="nginx",
            role=Role.PROXY,
            command=(
                nginx_binary,
                "-p",
                str(state_dir),
                "-c",
                str(state_dir / "nginx.conf"),
                "-e",
                str(log_dir / "nginx-error.log"),
            ),
            port=settings.front_port,
            health_url=f"{settings.front_url}/shopbot-proxy-health",
        )
    ]
    for index, port in enumerate(settings.rasa_ports, start=1):
        services.append(_rasa(settings, index, port, credentials))
    for index, port in enumerate(settings.action_ports, start=1):
        services.append(
            Service(
                name=f"actions-{index}",
                role=Role.ACTIONS,
                command=(str(APP_PYTHON), "-m", "actions.server"),
                port=port,
                health_url=f"http://127.0.0.1:{port}/health",
                environment={"SHOPBOT_ACTION_PORT": str(port), "SHOPBOT_ACTION_HOST": "127.0.0.1"},
                reads=ROLE_VARIABLES[Role.ACTIONS],
            )
        )
    services.append(
        Service(
            name="web",
            role=Role.WEB,
            command=(
                str(APP_PYTHON),
                "-m",
                "shopbot.web",
                "--host",
                "127.0.0.1",
                "--port",
                str(settings.web_port),
                "--rasa-url",
                settings.browser_url,
            ),
            port=settings.web_port,
            health_url=f"http://127.0.0.1:{settings.web_port}/health",
            reads=ROLE_VARIABLES[Role.WEB],
        )
    )
    services.append(
        Service(
            name="summaries",
            role=Role.CONSUMER,
            command=(str(SHOPBOT_COMMAND), "conversations", "follow", "--broker", "amqp"),
            port=None,
            health_url=None,
            reads=ROLE_VARIABLES[Role.CONSUMER],
        )
    )
    return Profile(settings=settings, services=tuple(services))
