"""The container recipes (deploy/) kept in step with the production profile.

No container engine runs here, so every check is static: deploy/compose.yml, the Dockerfiles
of deploy/docker/ and deploy/nginx/nginx.conf are read and compared with the profile of
shopbot/production/profile.py at its default settings, as deploy/containers.py says the
containers run it (paths below /app, servers on every address of their container, the
compose services' names instead of loopback). The comparison is a function that lists every
difference; the last tests show that it reports a process, a variable or a port added to
the profile and missing from compose.
"""

from __future__ import annotations

import dataclasses
import http.server
import importlib.util
import json
import re
import secrets
import shlex
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import tomllib
import yaml

from core.settings import PROJECT_ROOT
from shopbot.production.backing import redis_acl_rule
from shopbot.production.launcher import profile_environment
from shopbot.production.profile import (
    APP_SECRETS,
    ROLE_VARIABLES,
    SERVICE_PASSWORDS,
    Profile,
    Role,
    Service,
)
from tests.production.conftest import nginx_or_skip

DEPLOY = PROJECT_ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yml"
DOCKER = DEPLOY / "docker"
#: Compose services that are not processes of the profile: the backing services it uses
#: as they are (PostgreSQL, Redis, RabbitMQ), and the one-shot jobs that do what `shopbot
#: production up` does before starting the processes (their images' Dockerfiles).
BACKING = frozenset({"postgres", "redis", "rabbitmq"})
JOBS = {"prepare": "web.Dockerfile", "tracker-schema": "rasa.Dockerfile"}
#: The prepare job's variables beyond the profile's (a launcher setting).
PREPARE_EXTRA = frozenset({"SHOPBOT_PROD_DEMO_DATA"})
_SECRET_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PASS)(_|$)")


def _load_containers() -> ModuleType:
    """deploy/containers.py (deploy/ is not a package: loaded from its path)."""
    spec = importlib.util.spec_from_file_location("deploy_containers", DEPLOY / "containers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


containers = _load_containers()


# --- compose ------------------------------------------------------------------------------

_INTERPOLATION = re.compile(
    r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
)


def interpolate(text: str) -> str:
    """``text`` as compose reads it with no variable set: a default (``${NAME:-default}``)
    is taken, a required or plain reference stays ``${NAME}`` (deploy/.env gives it)."""

    def one(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        op = match.group("op") or ""
        if op.endswith("-"):
            return match.group("arg")
        return "${" + match.group("name") + "}"

    return _INTERPOLATION.sub(one, text)


def references(text: str) -> set[str]:
    """The variables ``text`` reads from deploy/.env."""
    return {m.group("name") for m in _INTERPOLATION.finditer(text) if m.group("name")}


def _command(value: object) -> tuple[str, ...] | None:
    """A compose or Dockerfile command as its argument list (a string is split as compose
    splits it, after interpolation)."""
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(shlex.split(interpolate(value)))
    assert isinstance(value, list), value
    return tuple(interpolate(str(part)) for part in value)


def _health_url(test: object) -> str | None:
    """The URL a health check's command asks for (its last http argument)."""
    parts = list(_command(test) or ())
    urls = [part for part in parts if part.startswith(("http://", "https://"))]
    return urls[-1] if urls else None


@dataclass(frozen=True)
class ComposeService:
    """What deploy/compose.yml says about one service."""

    name: str
    command: tuple[str, ...] | None
    ports: frozenset[int]
    published: frozenset[int]
    environment: dict[str, str]
    health_url: str | None
    health_disabled: bool
    restart: str | None
    dockerfile: str | None
    user: str | None


def _container_port(entry: object) -> int:
    """The container's side of a ``ports:`` entry (``host:port:container``)."""
    return int(interpolate(str(entry)).split("/")[0].rsplit(":", 1)[-1])


def read_compose(document: Mapping[str, Any]) -> dict[str, ComposeService]:
    """Every service of a parsed compose file."""
    services: dict[str, ComposeService] = {}
    for name, spec in document["services"].items():
        ports = {int(interpolate(str(port))) for port in spec.get("expose", ())}
        published = {_container_port(entry) for entry in spec.get("ports", ())}
        health = spec.get("healthcheck") or {}
        build = spec.get("build") or {}
        services[name] = ComposeService(
            name=name,
            command=_command(spec.get("command")),
            ports=frozenset(ports | published),
            published=frozenset(published),
            environment={
                key: interpolate(str(value))
                for key, value in (spec.get("environment") or {}).items()
            },
            health_url=_health_url(health.get("test")),
            health_disabled=bool(health.get("disable")),
            restart=spec.get("restart"),
            dockerfile=Path(build["dockerfile"]).name if build.get("dockerfile") else None,
            user=spec.get("user"),
        )
    return services


def load_compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


# --- the profile's expectation ------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One process of the profile as its container must run it."""

    name: str
    role: Role
    command: tuple[str, ...]
    port: int | None
    health_url: str | None
    environment: dict[str, str]


@dataclass
class Secrets:
    """Random stand-ins for the secrets, and the ``${NAME}`` each stands for in compose."""

    values: dict[str, str] = field(
        default_factory=lambda: {
            name: secrets.token_hex(32) for name in (*APP_SECRETS, *SERVICE_PASSWORDS)
        }
    )

    def as_references(self, value: str) -> str:
        for name, secret in self.values.items():
            value = value.replace(secret, "${" + name + "}")
        return value


def nginx_address(document: Mapping[str, Any]) -> str:
    """nginx's fixed address in the compose network (its trusted-proxy address)."""
    networks = document["services"]["nginx"]["networks"]
    addresses = [spec["ipv4_address"] for spec in networks.values() if spec]
    assert len(addresses) == 1, networks
    return str(addresses[0])


def expected_services(
    profile: Profile, environment: Mapping[str, str], nginx_ip: str
) -> dict[str, Expected]:
    """The profile's processes as compose must run them. ``environment``: the profile's
    shared variables (``profile_environment``), secrets as ``${NAME}``. A role that reads
    none of the shared variables (nginx: its configuration is rendered) gets none."""
    shared = containers.container_environment(profile, environment, nginx_ip)
    result: dict[str, Expected] = {}
    for service in profile.services:
        reads = bool(ROLE_VARIABLES[service.role])
        result[service.name] = Expected(
            name=service.name,
            role=service.role,
            command=containers.container_command(service),
            port=service.port,
            health_url=service.health_url,
            environment=({**shared, **containers.own_environment(service)} if reads else {}),
        )
    return result


def shared_environment(tmp_path: Path, found_secrets: Secrets) -> dict[str, str]:
    """What the launcher starts every process with (``profile_environment``) for the
    container settings, secrets as ``${NAME}``; nothing of this process's environment."""
    passwords = found_secrets.values
    profile = containers.container_profile(
        state_dir=tmp_path / "state",
        log_dir=tmp_path / "log",
        pg_password=passwords["SHOPBOT_PROD_PG_PASSWORD"],
        redis_password=passwords["SHOPBOT_PROD_REDIS_PASSWORD"],
        rabbitmq_password=passwords["SHOPBOT_PROD_RABBITMQ_PASSWORD"],
    )
    environ = {name: passwords[name] for name in APP_SECRETS}
    environment = profile_environment(profile, environ)
    return {name: found_secrets.as_references(value) for name, value in environment.items()}


def compare(expected: Mapping[str, Expected], found: Mapping[str, ComposeService]) -> list[str]:
    """Every difference between the profile's processes and compose's services."""
    problems: list[str] = []
    for name in sorted(set(expected) - set(found)):
        problems.append(f"{name}: a process of the profile that compose does not run")
    for name in sorted(set(found) - set(expected) - BACKING - set(JOBS)):
        problems.append(f"{name}: a compose service that is not a process of the profile")
    for name in sorted(set(expected) & set(found)):
        want, have = expected[name], found[name]
        if have.command != want.command:
            problems.append(f"{name}: command {have.command} instead of {want.command}")
        if want.port is not None and want.port not in have.ports:
            problems.append(f"{name}: port {want.port} not exposed (has {sorted(have.ports)})")
        missing = sorted(set(want.environment) - set(have.environment))
        extra = sorted(set(have.environment) - set(want.environment))
        if missing:
            problems.append(f"{name}: environment lacks {missing}")
        if extra:
            problems.append(f"{name}: environment has variables the profile does not: {extra}")
        for variable in sorted(set(want.environment) & set(have.environment)):
            want_value = " ".join(want.environment[variable].split())
            have_value = " ".join(have.environment[variable].split())
            if want_value != have_value:
                problems.append(f"{name}: {variable}={have_value!r} instead of {want_value!r}")
        if want.health_url is not None and have.health_url != want.health_url:
            problems.append(f"{name}: health check {have.health_url} instead of {want.health_url}")
        if want.health_url is None and not (have.health_disabled and have.restart):
            problems.append(
                f"{name}: no health URL in the profile: compose must disable the image's "
                "health check and restart it (restart policy)"
            )
        if have.user in ("root", "0"):
            problems.append(f"{name}: runs as root")
        if have.restart not in ("unless-stopped", "always"):
            problems.append(f"{name}: restart {have.restart!r}: the profile restarts every process")
        if have.dockerfile != containers.DOCKERFILES[want.role]:
            problems.append(
                f"{name}: built from {have.dockerfile} instead of "
                f"{containers.DOCKERFILES[want.role]}"
            )
    return problems


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def found(compose: dict[str, Any]) -> dict[str, ComposeService]:
    return read_compose(compose)


@pytest.fixture(scope="module")
def profile() -> Profile:
    return containers.container_profile()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return shared_environment(tmp_path_factory.mktemp("containers"), Secrets())


@pytest.fixture(scope="module")
def expected(
    profile: Profile, environment: dict[str, str], compose: dict[str, Any]
) -> dict[str, Expected]:
    return expected_services(profile, environment, nginx_address(compose))


# --- Dockerfiles --------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    stage: int


def read_dockerfile(path: Path) -> list[Instruction]:
    """The instructions of a Dockerfile, continuation lines joined, with their stage."""
    instructions: list[Instruction] = []
    pending = ""
    stage = -1
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = (pending + line).strip()
        pending = ""
        keyword, _, arguments = text.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, arguments.strip(), stage))
    assert not pending, f"{path}: a continuation line at the end"
    return instructions


def _arguments(text: str) -> list[str]:
    """An instruction's arguments: JSON (exec) form or words."""
    if text.startswith("["):
        value = json.loads(text)
        assert isinstance(value, list)
        return [str(part) for part in value]
    return shlex.split(text)


def _flags(words: list[str]) -> tuple[dict[str, str], list[str]]:
    flags: dict[str, str] = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    last = max(item.stage for item in instructions)
    return [item for item in instructions if item.stage == last]


def env_of(instructions: list[Instruction]) -> dict[str, str]:
    """The ``ENV`` variables of some instructions (``NAME=value`` form)."""
    values: dict[str, str] = {}
    for item in instructions:
        if item.keyword == "ENV":
            for word in shlex.split(item.arguments):
                name, _, value = word.partition("=")
                values[name] = value
    return values


def healthcheck_command(instructions: list[Instruction]) -> list[str]:
    (item,) = [x for x in instructions if x.keyword == "HEALTHCHECK"]
    words = item.arguments.split("CMD", 1)[1].strip()
    return _arguments(words)


def cmd_of(instructions: list[Instruction]) -> tuple[str, ...]:
    (item,) = [x for x in instructions if x.keyword == "CMD"]
    return tuple(_arguments(item.arguments))


DOCKERFILE_PATHS = sorted(DOCKER.glob("*.Dockerfile"))


def _first_of_role(profile: Profile, dockerfile: str) -> Service:
    roles = [role for role, name in containers.DOCKERFILES.items() if name == dockerfile]
    services = [s for s in profile.services if s.role in roles and s.role is not Role.CONSUMER]
    assert services, f"{dockerfile}: no process of the profile runs it"
    return services[0]


def _bootstrap_version(venv_variable: str) -> str:
    text = (PROJECT_ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    match = re.search(rf'ensure_venv "\${venv_variable}" (\d+\.\d+) ', text)
    assert match, f"scripts/bootstrap.sh builds no {venv_variable}"
    return match.group(1)


# --- .dockerignore ------------------------------------------------------------------------


def _dockerignore_patterns() -> list[str]:
    lines = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as a regular expression of a whole path (``**`` any folders,
    ``*`` and ``?`` within one name)."""
    text, out, index = pattern.strip("/"), "", 0
    while index < len(text):
        if text.startswith("**/", index):
            out, index = out + "(?:.*/)?", index + 3
        elif text.startswith("**", index):
            out, index = out + ".*", index + 2
        elif text[index] == "*":
            out, index = out + "[^/]*", index + 1
        elif text[index] == "?":
            out, index = out + "[^/]", index + 1
        else:
            out, index = out + re.escape(text[index]), index + 1
    return re.compile(out)


def excluded(path: str) -> bool:
    """Whether .dockerignore keeps ``path`` (relative to the root) out of the build context:
    a pattern matches the path or one of its folders; ``!`` patterns let it back in."""
    parts = Path(path).parts
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    result = False
    for pattern in _dockerignore_patterns():
        negate = pattern.startswith("!")
        regex = _pattern_regex(pattern.lstrip("!"))
        if any(regex.fullmatch(candidate) for candidate in candidates):
            result = not negate
    return result


# ==========================================================================================
# The compose file and the profile
# ==========================================================================================


def test_compose_runs_the_profiles_processes_as_the_profile_does(
    expected: dict[str, Expected], found: dict[str, ComposeService]
) -> None:
    """Same services, commands, ports, health URLs, environment (names and values, secrets
    as references to deploy/.env), restart and images."""
    assert compare(expected, found) == []
    assert set(found) == set(expected) | BACKING | set(JOBS)


def test_every_role_reads_what_the_profile_says_it_reads(
    expected: dict[str, Expected],
) -> None:
    for item in expected.values():
        assert set(ROLE_VARIABLES[item.role]) <= set(item.environment), item.name


def test_only_nginx_front_is_published_where_the_profile_listens(
    compose: dict[str, Any], found: dict[str, ComposeService], profile: Profile
) -> None:
    settings = containers.default_settings()
    published = {name: item.published for name, item in found.items() if item.published}
    assert published == {"nginx": frozenset({settings.front_port})}
    (entry,) = compose["services"]["nginx"]["ports"]
    host, host_port, container_port = interpolate(entry).split(":")
    assert (host, int(host_port), int(container_port)) == (
        settings.listen,
        settings.front_port,
        settings.front_port,
    )
    # nginx's action listener, reached by the Rasa servers in the compose network only.
    assert settings.action_proxy_port in found["nginx"].ports


def test_nginx_starts_after_every_server_it_names(
    compose: dict[str, Any], profile: Profile
) -> None:
    """nginx resolves its upstream servers' names when it starts."""
    depends = compose["services"]["nginx"]["depends_on"]
    upstreams = [s.name for s in profile.services if s.role in (Role.RASA, Role.ACTIONS, Role.WEB)]
    for name in upstreams:
        assert depends.get(name) == {"condition": "service_healthy"}, name


def test_jobs_run_before_the_processes_with_the_profiles_environment(
    environment: dict[str, str], found: dict[str, ComposeService], compose: dict[str, Any]
) -> None:
    """prepare (credentials, order database, index) and tracker-schema (the tracker store's
    tables) get what the launcher gives its own steps: the processes' environment."""
    shared = containers.container_environment(
        containers.container_profile(), environment, nginx_address(compose)
    )
    extra = {"prepare": PREPARE_EXTRA, "tracker-schema": frozenset()}
    python = {
        "prepare": containers.reroot(str(PROJECT_ROOT / ".venv" / "bin" / "python")),
        "tracker-schema": containers.reroot(str(PROJECT_ROOT / ".venv-rasa" / "bin" / "python")),
    }
    for job, dockerfile in JOBS.items():
        item = found[job]
        assert set(item.environment) == set(shared) | extra[job], job
        assert item.dockerfile == dockerfile, job
        script = DEPLOY / "docker" / f"{job.replace('-', '_')}.py"
        assert item.command == (python[job], containers.reroot(str(script))), job
        assert compose["services"][job]["restart"] == "no", job
    waits = {
        "prepare": ("rasa-1", "rasa-2", "actions-1", "actions-2", "web", "summaries"),
        "tracker-schema": ("rasa-1", "rasa-2"),
    }
    for job, names in waits.items():
        for name in names:
            depends = compose["services"][name]["depends_on"]
            assert depends[job] == {"condition": "service_completed_successfully"}, (job, name)


def test_secrets_come_from_dot_env_and_are_listed_in_env_example(
    compose: dict[str, Any],
) -> None:
    example = (DEPLOY / "env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    raw = COMPOSE.read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", raw))
    assert required == set(APP_SECRETS) | set(SERVICE_PASSWORDS) | {
        "SHOPBOT_PROD_PG_ADMIN_PASSWORD"
    }
    unset_in_example = {
        name for name in required if re.search(rf"^{name}=\s*$", example, re.MULTILINE) is None
    }
    assert unset_in_example == set(), "deploy/env.example must list each secret, empty"
    assert references(raw) <= listed
    # No secret is written into compose: every variable named like one is a reference.
    for name, spec in compose["services"].items():
        for variable, value in (spec.get("environment") or {}).items():
            if _SECRET_NAME.search(variable):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+(:\?[^}]*)?\}", str(value)), (
                    f"{name}: {variable} must come from deploy/.env"
                )


def test_backing_services_are_prepared_as_the_profile_prepares_them(
    compose: dict[str, Any],
) -> None:
    settings = containers.default_settings()
    services = compose["services"]
    # Redis: the profile's ACL user (backing.redis_acl_rule), the default user off.
    redis_script = "\n".join(services["redis"]["command"])
    rule = redis_acl_rule(settings, "%s").removeprefix("ACL SETUSER ")
    assert f"user {rule}\\n" in redis_script
    assert "user default off" in redis_script
    assert services["redis"]["user"] == "redis"
    # RabbitMQ: the virtual host and user.
    rabbit = services["rabbitmq"]["environment"]
    assert (rabbit["RABBITMQ_DEFAULT_USER"], rabbit["RABBITMQ_DEFAULT_VHOST"]) == (
        settings.rabbitmq_user,
        settings.rabbitmq_vhost,
    )
    assert interpolate(rabbit["RABBITMQ_DEFAULT_PASS"]) == "${SHOPBOT_PROD_RABBITMQ_PASSWORD}"
    # PostgreSQL: the user (not a superuser) and its two databases, by the init script.
    mounts = services["postgres"]["volumes"]
    (script_mount,) = [m for m in mounts if "docker-entrypoint-initdb.d" in m]
    script = (DEPLOY / script_mount.split(":")[0]).read_text(encoding="utf-8")
    assert re.search(rf"CREATE ROLE {settings.pg_user} LOGIN PASSWORD :'password';", script)
    assert "\\getenv password SHOPBOT_PROD_PG_PASSWORD" in script
    assert "SUPERUSER" not in script.upper().replace("NOT A SUPERUSER", "")
    for database in (settings.orders_db, settings.tracker_db):
        assert f"CREATE DATABASE {database} OWNER {settings.pg_user};" in script
    postgres_env = services["postgres"]["environment"]
    assert interpolate(postgres_env["SHOPBOT_PROD_PG_PASSWORD"]) == "${SHOPBOT_PROD_PG_PASSWORD}"
    for name in BACKING:
        assert services[name]["healthcheck"]["test"], name


# ==========================================================================================
# The Dockerfiles
# ==========================================================================================


def test_every_image_of_compose_has_its_dockerfile(found: dict[str, ComposeService]) -> None:
    built = {item.dockerfile for item in found.values() if item.dockerfile}
    assert built == {path.name for path in DOCKERFILE_PATHS}
    assert set(containers.DOCKERFILES.values()) == built


def test_python_versions_are_the_bootstraps() -> None:
    versions = {
        "rasa.Dockerfile": _bootstrap_version("RASA_VENV"),
        "actions.Dockerfile": _bootstrap_version("VENV"),
        "web.Dockerfile": _bootstrap_version("VENV"),
    }
    for name, key in (
        ("pyproject.toml", "web.Dockerfile"),
        ("requirements/rasa-side/pyproject.toml", "rasa.Dockerfile"),
    ):
        pyproject = tomllib.loads((PROJECT_ROOT / name).read_text(encoding="utf-8"))
        assert pyproject["project"]["requires-python"].startswith(f">={versions[key]},"), name
    for name, version in versions.items():
        images = [
            item.arguments.split()[0]
            for item in read_dockerfile(DOCKER / name)
            if item.keyword == "FROM" and item.arguments.startswith("python:")
        ]
        assert images, name
        for image in images:
            assert re.fullmatch(rf"python:{re.escape(version)}-slim-bookworm", image), (name, image)
    nginx = [i for i in read_dockerfile(DOCKER / "nginx.Dockerfile") if i.keyword == "FROM"]
    assert [item.arguments for item in nginx] == ["debian:bookworm-slim"]


@pytest.mark.parametrize("path", DOCKERFILE_PATHS, ids=lambda p: p.name)
def test_every_copy_source_is_in_the_repository_and_the_build_context(path: Path) -> None:
    copied = 0
    for item in read_dockerfile(path):
        if item.keyword not in ("COPY", "ADD"):
            continue
        assert item.keyword == "COPY", f"{path.name}: ADD fetches and unpacks: use COPY"
        flags, words = _flags(_arguments(item.arguments))
        if "from" in flags:
            continue
        for source in words[:-1]:
            copied += 1
            assert (PROJECT_ROOT / source).exists(), f"{path.name}: {source} does not exist"
            assert not excluded(source.rstrip("/")), (
                f"{path.name}: .dockerignore leaves out {source}"
            )
            assert not source.startswith(("var", "models", ".venv", ".env")), source
    assert copied


def test_dockerignore_keeps_state_environments_and_secrets_out() -> None:
    for path in (
        "var/prod/secrets.env",
        "var/secrets.env",
        "models/shopbot.tar.gz",
        ".venv/bin/python",
        ".venv-rasa/bin/python",
        "web/node_modules/socket.io-client/dist/socket.io.min.js",
        "deploy/.env",
        ".git/config",
        "bot/__pycache__/server.cpython-310.pyc",
    ):
        assert excluded(path), path
    for path in ("bot/server.py", "web/widget/shopbot-widget.js", "deploy/nginx/nginx.conf"):
        assert not excluded(path), path


@pytest.mark.parametrize("path", DOCKERFILE_PATHS, ids=lambda p: p.name)
def test_images_run_the_first_process_of_their_role_by_default(
    path: Path, profile: Profile, expected: dict[str, Expected]
) -> None:
    """The image's CMD, HEALTHCHECK, EXPOSE and ENV are those of the first process it runs
    (compose gives each process its own)."""
    final = final_stage(read_dockerfile(path))
    service = _first_of_role(profile, path.name)
    assert cmd_of(final) == containers.container_command(service)
    image_env = env_of(final)
    check = healthcheck_command(final)
    url = _health_url([re.sub(r"\$\{(\w+)\}", lambda m: image_env[m.group(1)], p) for p in check])
    assert url == service.health_url
    exposed = {int(p) for i in final if i.keyword == "EXPOSE" for p in i.arguments.split()}
    ports = {s.port for s in profile.services if s.role is service.role and s.port}
    assert ports <= exposed
    want = expected[service.name].environment
    for name, value in image_env.items():
        assert want.get(name) == value, f"{path.name}: ENV {name}={value} is not the profile's"


@pytest.mark.parametrize("path", DOCKERFILE_PATHS, ids=lambda p: p.name)
def test_images_run_as_an_unprivileged_user_without_secrets(path: Path) -> None:
    instructions = read_dockerfile(path)
    users = [i.arguments for i in final_stage(instructions) if i.keyword == "USER"]
    assert users, f"{path.name}: no USER: the processes would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    for item in instructions:
        if item.keyword in ("ENV", "ARG"):
            for word in shlex.split(item.arguments):
                name = word.partition("=")[0]
                assert not _SECRET_NAME.search(name), f"{path.name}: {item.keyword} {name}"


def test_application_images_share_one_user() -> None:
    """The prepare job (web image) writes the credentials file (mode 600) the Rasa servers
    read: the same user in every application image."""
    users = {
        path.name: [i.arguments for i in final_stage(read_dockerfile(path)) if i.keyword == "USER"][
            -1
        ]
        for path in DOCKERFILE_PATHS
        if path.name != "nginx.Dockerfile"
    }
    assert len(set(users.values())) == 1, users


def _pyproject_pins(path: Path) -> list[str]:
    return list(tomllib.loads(path.read_text(encoding="utf-8"))["project"]["dependencies"])


def _requirement_lines(path: Path) -> list[str]:
    lines = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


@pytest.mark.parametrize("path", DOCKERFILE_PATHS, ids=lambda p: p.name)
def test_pip_installs_only_pinned_requirements(path: Path) -> None:
    """``pip install -r`` of a file of ``==`` pins, the project (its pyproject.toml's ``==``
    pins), or local code with ``--no-deps``; nothing else."""
    installs = 0
    workdir = Path("/")
    for item in read_dockerfile(path):
        if item.keyword == "WORKDIR":
            workdir = workdir / item.arguments
        if item.keyword != "RUN":
            continue
        assert "npm install" not in item.arguments, "npm ci installs the lock file's versions"
        for command in re.split(r"&&|;", item.arguments):
            words = shlex.split(command)
            if "pip" not in " ".join(words[:1]) or words[1:2] != ["install"]:
                continue
            installs += 1
            arguments = words[2:]
            no_deps = "--no-deps" in arguments
            arguments = [a for a in arguments if a not in ("--no-deps", "-e")]
            while arguments:
                argument = arguments.pop(0)
                if argument == "-r":
                    requirements = PROJECT_ROOT / (workdir / arguments.pop(0)).relative_to("/app")
                    for line in _requirement_lines(requirements):
                        assert re.fullmatch(r"[A-Za-z0-9_.\[\]-]+==[\w.]+", line), line
                    continue
                if not argument.startswith(("/", ".")) and "/" not in argument:
                    assert re.fullmatch(r"[A-Za-z0-9_.\[\]-]+==[\w.]+", argument), (
                        f"{path.name}: pip install {argument}: not pinned"
                    )
                    continue
                local = (workdir / argument).as_posix()
                assert local.startswith("/app"), f"{path.name}: pip install {argument}"
                project = PROJECT_ROOT / Path(local).relative_to("/app")
                assert (project / "pyproject.toml").exists(), argument
                if not no_deps:
                    for pin in _pyproject_pins(project / "pyproject.toml"):
                        assert re.fullmatch(r"[A-Za-z0-9_.\[\]-]+==[\w.]+", pin), pin
    if path.name != "nginx.Dockerfile":
        assert installs >= 2, path.name


# ==========================================================================================
# nginx
# ==========================================================================================


def test_nginx_conf_is_the_profiles_with_container_names() -> None:
    """deploy/nginx/nginx.conf is what deploy/containers.py renders now (after a change of
    shopbot/production/nginx_config.py: .venv/bin/python deploy/containers.py)."""
    text = containers.NGINX_CONF.read_text(encoding="utf-8")
    assert text == containers.render_container_nginx()
    assert "server rasa-1:5105 " in text and "server actions-2:5156 " in text
    assert "listen 0.0.0.0:8081;" in text


def test_nginx_image_has_the_profiles_paths_and_logs_to_its_output(profile: Profile) -> None:
    instructions = read_dockerfile(DOCKER / "nginx.Dockerfile")
    nginx = containers.container_command(profile.service("nginx"))
    config_path = nginx[nginx.index("-c") + 1]
    copies = [_flags(_arguments(i.arguments))[1] for i in instructions if i.keyword == "COPY"]
    assert ["deploy/nginx/nginx.conf", config_path] in copies
    runs = " ".join(i.arguments for i in instructions if i.keyword == "RUN")
    text = containers.NGINX_CONF.read_text(encoding="utf-8")
    logs = set(re.findall(r"(?:access_log|error_log) (\S+?)[ ;]", text)) - {"off"}
    logs.add(nginx[nginx.index("-e") + 1])
    for log in logs:
        assert re.search(rf"ln -sf /dev/std(out|err) {re.escape(log)}(\s|$)", runs), log
    prefix = nginx[nginx.index("-p") + 1]
    assert f"mkdir -p {prefix}/nginx" in runs  # the temporary paths' folder


def test_nginx_accepts_the_container_configuration(tmp_path: Path) -> None:
    """Debian's nginx checks deploy/nginx/nginx.conf (``nginx -t``), with the folders under
    a temporary one and the services' names on loopback (nginx resolves them)."""
    nginx = nginx_or_skip()
    profile = containers.container_profile()
    text = containers.NGINX_CONF.read_text(encoding="utf-8")
    text = text.replace(containers.CONTAINER_ROOT + "/", f"{tmp_path}/")
    for service in profile.services:
        text = text.replace(f"server {service.name}:", "server 127.0.0.1:")
    (tmp_path / "var" / "prod" / "nginx").mkdir(parents=True)
    (tmp_path / "var" / "log" / "prod").mkdir(parents=True)
    config = tmp_path / "var" / "prod" / "nginx.conf"
    config.write_text(text, encoding="utf-8")
    command = [containers.reroot(part) for part in profile.service("nginx").command]
    command = [part.replace(containers.CONTAINER_ROOT + "/", f"{tmp_path}/") for part in command]
    result = subprocess.run(
        [nginx, *command[1:], "-t", "-q"], capture_output=True, text=True, check=False, timeout=30
    )
    assert result.returncode == 0, result.stderr


def test_health_check_script_passes_only_a_200(tmp_path: Path) -> None:
    """deploy/docker/healthcheck.py, the images' health check, against a real server."""
    spec = importlib.util.spec_from_file_location("healthcheck", DOCKER / "healthcheck.py")
    assert spec is not None and spec.loader is not None
    healthcheck = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(healthcheck)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/health" else 503)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert healthcheck.main([f"{base}/health"]) == 0
        assert healthcheck.main([f"{base}/other"]) == 1
        assert healthcheck.check(f"{base}/other") == "HTTP 503"
        assert healthcheck.main(["file:///etc/passwd"]) == 1
        assert healthcheck.main([]) == 2
    finally:
        server.shutdown()
        server.server_close()
    assert healthcheck.main([f"{base}/health"]) == 1  # nothing listens any more


# ==========================================================================================
# The comparison reports what is missing (the test above would fail)
# ==========================================================================================


def _new(
    problems: list[str],
    environment: dict[str, str],
    found: dict[str, ComposeService],
    compose: dict[str, Any],
) -> list[str]:
    """``problems`` less those of the profile as it is (the first test reports those)."""
    expected = expected_services(
        containers.container_profile(), environment, nginx_address(compose)
    )
    baseline = set(compare(expected, found))
    return [problem for problem in problems if problem not in baseline]


def test_a_process_added_to_the_profile_is_reported(
    environment: dict[str, str], found: dict[str, ComposeService], compose: dict[str, Any]
) -> None:
    larger = containers.container_profile(rasa_ports=(5105, 5106, 5107))
    problems = compare(expected_services(larger, environment, nginx_address(compose)), found)
    assert _new(problems, environment, found, compose) == [
        "rasa-3: a process of the profile that compose does not run"
    ]


def test_a_variable_added_to_a_process_or_to_all_is_reported(
    profile: Profile,
    environment: dict[str, str],
    found: dict[str, ComposeService],
    compose: dict[str, Any],
) -> None:
    actions = profile.service("actions-1")
    changed = dataclasses.replace(
        actions, environment={**actions.environment, "SHOPBOT_ACTION_WORKERS": "4"}
    )
    services = tuple(changed if s.name == "actions-1" else s for s in profile.services)
    mutated = dataclasses.replace(profile, services=services)
    problems = compare(expected_services(mutated, environment, nginx_address(compose)), found)
    assert _new(problems, environment, found, compose) == [
        "actions-1: environment lacks ['SHOPBOT_ACTION_WORKERS']"
    ]

    everywhere = {**environment, "SHOPBOT_NEW_SHARED_SETTING": "on"}
    problems = compare(expected_services(profile, everywhere, nginx_address(compose)), found)
    readers = [s.name for s in profile.services if ROLE_VARIABLES[s.role]]
    assert _new(problems, environment, found, compose) == [
        f"{name}: environment lacks ['SHOPBOT_NEW_SHARED_SETTING']" for name in sorted(readers)
    ]


def test_a_changed_port_value_or_command_is_reported(
    environment: dict[str, str], found: dict[str, ComposeService], compose: dict[str, Any]
) -> None:
    moved = containers.container_profile(web_port=8200)
    problems = compare(expected_services(moved, environment, nginx_address(compose)), found)
    assert any(p.startswith("web: port 8200 not exposed") for p in problems), problems
    assert any(p.startswith("web: command") for p in problems), problems
    assert any(p.startswith("web: health check") for p in problems), problems

    renamed = {**environment, "SHOPBOT_RABBITMQ_QUEUE": "other_events"}
    default = containers.container_profile()
    problems = compare(expected_services(default, renamed, nginx_address(compose)), found)
    new = _new(problems, environment, found, compose)
    assert new and all("SHOPBOT_RABBITMQ_QUEUE=" in p for p in new), new


def test_compose_side_omissions_are_reported(
    expected: dict[str, Expected], found: dict[str, ComposeService]
) -> None:
    web = found["web"]
    without = dataclasses.replace(
        web,
        environment={k: v for k, v in web.environment.items() if k != "SHOPBOT_FOLLOW_EVENTS"},
        health_url=None,
    )
    summaries = dataclasses.replace(found["summaries"], health_disabled=False)
    baseline = set(compare(expected, found))
    problems = compare(expected, {**found, "web": without, "summaries": summaries})
    problems = [problem for problem in problems if problem not in baseline]
    assert "web: environment lacks ['SHOPBOT_FOLLOW_EVENTS']" in problems
    assert any(p.startswith("web: health check None") for p in problems), problems
    assert any(p.startswith("summaries: no health URL") for p in problems), problems
    extra = {**found, "worker": dataclasses.replace(web, name="worker")}
    assert "worker: a compose service that is not a process of the profile" in compare(
        expected, extra
    )


def test_interpolation_reads_compose_as_compose_does() -> None:
    assert interpolate("${A:-x y}/${B:?set it}/${C}/$$D/${E-z}") == "x y/${B}/${C}/$D/z"
    assert references("${A:-x} ${B:?m} $${C}") == {"A", "B"}
