"""The production profile as the containers of ``deploy/compose.yml`` run it.

The containers run the profile of ``shopbot/production/profile.py`` with its default
settings; what differs follows from each process having a container of its own:

- **The project is at /app** in every image (``.venv`` and ``.venv-rasa`` too), so each
  path of the profile is the same path below ``/app``: ``PROJECT_ROOT`` re-rooted.
- **Servers listen on every address of their container** (``0.0.0.0``), not on loopback;
  only nginx's front is published, on the host's loopback unless ``.env`` says otherwise.
- **Names instead of loopback**: PostgreSQL, Redis and RabbitMQ are the compose services
  ``postgres``, ``redis`` and ``rabbitmq``; nginx's two listeners, which the Rasa servers
  (action calls) and the web server (the HTTP API) reach on loopback in the profile, are
  ``nginx:<port>``; nginx's upstream servers are the services ``rasa-1:5105`` and so on;
  nginx is the trusted proxy by its fixed address in the compose network.

``deploy/nginx/nginx.conf`` is the profile's nginx configuration (rendered by
``shopbot/production/nginx_config.py``) with those names: after a change there, render it
again with ``.venv/bin/python deploy/containers.py``. ``tests/production/test_containers.py``
compares the compose file, the Dockerfiles and that file with this module's view of the
profile.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from pydantic_core import PydanticUndefined

from core.errors import DeploymentError
from core.settings import PROJECT_ROOT
from shopbot.production.nginx_config import render_nginx_config
from shopbot.production.profile import (
    NGINX_PROXY,
    ProductionSettings,
    Profile,
    Role,
    Service,
    build_profile,
)

__all__ = [
    "BACKING_HOSTS",
    "CONTAINER_ROOT",
    "DOCKERFILES",
    "LISTEN",
    "NGINX_CONF",
    "container_command",
    "container_environment",
    "container_profile",
    "container_settings",
    "default_settings",
    "own_environment",
    "render_container_nginx",
    "reroot",
]

#: Where the project is in every image.
CONTAINER_ROOT = "/app"
#: The address each server listens on inside its container.
LISTEN = "0.0.0.0"  # noqa: S104 - a container's own interfaces; only nginx's front is published
#: The profile's settings that name the backing services, as compose names them.
BACKING_HOSTS: dict[str, str] = {
    "pg_host": "postgres",
    "redis_host": "redis",
    "rabbitmq_host": "rabbitmq",
}
#: The service that runs nginx (its listeners are reached by this name).
NGINX_SERVICE = "nginx"
#: The Dockerfile (under deploy/docker/) of each role's image; the summary consumer runs
#: the web server's image.
DOCKERFILES: dict[Role, str] = {
    Role.RASA: "rasa.Dockerfile",
    Role.ACTIONS: "actions.Dockerfile",
    Role.WEB: "web.Dockerfile",
    Role.CONSUMER: "web.Dockerfile",
    Role.PROXY: "nginx.Dockerfile",
}
#: Variables whose value is a URL of nginx's loopback listeners in the profile.
_NGINX_URLS = ("SHOPBOT_ACTION_URL", "SHOPBOT_RASA_URL")
_LOOPBACK = "127.0.0.1"
NGINX_CONF = Path(__file__).resolve().parent / "nginx" / "nginx.conf"
_HEADER = (
    "# Rendered by deploy/containers.py from shopbot/production/nginx_config.py (the "
    "profile's nginx.conf, with the compose services' names): do not edit."
)


def default_settings(**overrides: object) -> ProductionSettings:
    """The profile's default settings whatever the environment says (``SHOPBOT_PROD_*`` are
    ignored), with ``overrides``."""
    values: dict[str, object] = {
        name: field.default
        for name, field in ProductionSettings.model_fields.items()
        if field.default is not PydanticUndefined
    }
    return ProductionSettings(**{**values, **overrides})  # type: ignore[arg-type]


def container_settings(**overrides: object) -> ProductionSettings:
    """The default settings with the compose services' host names and every address."""
    return default_settings(**{"listen": LISTEN, **BACKING_HOSTS, **overrides})


def container_profile(**overrides: object) -> Profile:
    """The profile of :func:`container_settings` (paths still the repository's: see
    :func:`reroot`)."""
    return build_profile(container_settings(**overrides), "nginx")


def reroot(text: str) -> str:
    """``text`` with the repository's root replaced by the images' (``/app``)."""
    return text.replace(str(PROJECT_ROOT), CONTAINER_ROOT)


def container_command(service: Service) -> tuple[str, ...]:
    """``service``'s command as its container runs it: paths below /app, and listening on
    every address of the container instead of loopback."""
    return tuple(LISTEN if part == _LOOPBACK else reroot(part) for part in service.command)


def container_environment(
    profile: Profile, environment: Mapping[str, str], nginx_address: str
) -> dict[str, str]:
    """The shared ``environment`` of the profile's processes (``profile_environment``) as
    the containers see it: nginx's listeners by the service's name, nginx as the trusted
    proxy by ``nginx_address``, its address in the compose network."""
    result = dict(environment)
    for name in _NGINX_URLS:
        if name in result:
            result[name] = result[name].replace(f"//{_LOOPBACK}:", f"//{NGINX_SERVICE}:")
    if "SHOPBOT_TRUSTED_PROXIES" in result:
        result["SHOPBOT_TRUSTED_PROXIES"] = result["SHOPBOT_TRUSTED_PROXIES"].replace(
            NGINX_PROXY, f"{nginx_address}/32"
        )
    return result


def own_environment(service: Service) -> dict[str, str]:
    """``service``'s own variables as its container sees them (listening on every
    address)."""
    return {
        name: LISTEN if value == _LOOPBACK else value for name, value in service.environment.items()
    }


def _replace_once(text: str, old: str, new: str) -> str:
    found = text.count(old)
    if found != 1:
        raise DeploymentError(
            f"nginx's configuration has {found} times {old!r} where deploy/containers.py "
            "expects it once: shopbot/production/nginx_config.py changed, update it"
        )
    return text.replace(old, new)


def render_container_nginx(profile: Profile | None = None) -> str:
    """The text of ``deploy/nginx/nginx.conf``: the profile's nginx.conf for ``profile``
    (default: :func:`container_profile`) with the compose services' names."""
    profile = profile or container_profile()
    s = profile.settings
    text = reroot(render_nginx_config(profile))
    lines = text.splitlines(keepends=True)
    # The header, and the worker user (the renderer's choice depends on who renders it; the
    # container's master runs as a user that cannot switch).
    text = _HEADER + "\n" + "".join(line for line in lines[1:] if not line.startswith("user "))
    for service in profile.services:
        if service.port is not None and service.role in (Role.RASA, Role.ACTIONS, Role.WEB):
            text = _replace_once(
                text,
                f"server {_LOOPBACK}:{service.port} ",
                f"server {service.name}:{service.port} ",
            )
    text = _replace_once(
        text,
        f"listen {_LOOPBACK}:{s.action_proxy_port};",
        f"listen {LISTEN}:{s.action_proxy_port};",
    )
    if _LOOPBACK in text or str(PROJECT_ROOT) in text:
        raise DeploymentError(
            "nginx's container configuration still names loopback or the repository: "
            "shopbot/production/nginx_config.py changed, update deploy/containers.py"
        )
    return text


def main() -> int:
    """Write ``deploy/nginx/nginx.conf``."""
    try:
        NGINX_CONF.write_text(render_container_nginx(), encoding="utf-8")
    except DeploymentError as error:
        print(f"deploy/containers.py: {error}", file=sys.stderr)
        return 1
    print(f"wrote {NGINX_CONF.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
