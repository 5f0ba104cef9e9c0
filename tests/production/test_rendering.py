"""The rendered configurations: nginx accepts its own (``nginx -t``), supervisor parses its
own into the profile's programs, and the credentials file holds the widget's origins."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from supervisor.options import ServerOptions

from shopbot.production.launcher import find_nginx, profile_environment, render_files
from shopbot.production.nginx_config import render_nginx_config
from shopbot.production.profile import ProductionSettings, Profile, build_profile
from shopbot.production.supervisor_config import render_supervisor_config

from .conftest import nginx_or_skip


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    settings = ProductionSettings(state_dir=tmp_path / "state", log_dir=tmp_path / "log")
    return build_profile(settings, nginx_or_skip())


def test_nginx_accepts_the_rendered_configuration(profile: Profile) -> None:
    render_files(profile, profile_environment(profile, {}))
    result = subprocess.run(
        [*profile.service("nginx").command, "-t"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_configuration_routes_and_limits(profile: Profile) -> None:
    text = render_nginx_config(profile)
    assert "hash $shopbot_conversation consistent;" in text
    assert "least_conn;" in text
    assert "daemon off;" in text
    assert f"pid {profile.state_dir}/nginx.pid;" in text
    for port in (5105, 5106, 5155, 5156):  # never taken out: a slow answer is not a failure
        assert f"server 127.0.0.1:{port} max_fails=0;" in text
    assert "server 127.0.0.1:8100 max_fails=3 fail_timeout=10s;" in text
    # Bodies stay in memory whole, so $request_body has the sender.
    assert "client_max_body_size 1m;" in text and "client_body_buffer_size 1m;" in text
    assert "listen 127.0.0.1:8080;" in text and "listen 127.0.0.1:8081;" in text
    # Nothing under /etc/nginx or /var/lib/nginx is used.
    assert "/etc/nginx" not in text and "/var/lib/nginx" not in text


def test_supervisor_parses_every_program(profile: Profile) -> None:
    profile.state_dir.mkdir(parents=True)
    profile.log_dir.mkdir(parents=True)
    profile.supervisor_conf.write_text(render_supervisor_config(profile), encoding="utf-8")
    options = ServerOptions()
    options.realize(args=["-c", str(profile.supervisor_conf)])
    programs = {group.name: group.process_configs[0] for group in options.process_group_configs}
    assert set(programs) == {service.name for service in profile.services}
    for service in profile.services:
        program = programs[service.name]
        assert program.command.split()[0] == service.command[0]
        assert program.autorestart is not False
        # Those reading the order database start once `up` has it ready.
        assert program.autostart is not service.needs_order_database
        assert program.stopasgroup and program.killasgroup
        assert program.stdout_logfile == str(profile.log_dir / f"{service.name}.log")
        assert dict(program.environment or {}) == dict(service.environment)
    assert options.nodaemon is False
    assert options.serverurl == f"unix://{profile.supervisor_socket}"
    # No secret in the file: supervisord gets them in its environment.
    text = profile.supervisor_conf.read_text()
    assert "PASSWORD" not in text and "TOKEN" not in text and "SECRET" not in text


def test_render_files_writes_credentials_for_the_front_origin(profile: Profile) -> None:
    environment = profile_environment(profile, {})
    render_files(profile, environment)
    assert stat.S_IMODE(profile.credentials.stat().st_mode) == 0o600
    credentials = yaml.safe_load(profile.credentials.read_text())
    widget = credentials["bot.channels.socketio.ShopSocketIOInput"]
    assert widget["allowed_origins"] == "http://localhost:8080 http://127.0.0.1:8080"
    assert widget["trusted_proxies"] == "127.0.0.1/32"
    assert "bot.channels.rest.ShopRestInput" in credentials  # on in production: the profile's


def test_find_nginx_names_the_fix_when_missing(tmp_path: Path) -> None:
    from core.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"scripts/nginx\.sh"):
        find_nginx(str(tmp_path / "no-nginx"))
