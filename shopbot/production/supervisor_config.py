"""supervisord's configuration of the profile, rendered from :class:`Profile`.

One ``[program:...]`` per service, restarted whenever it exits (``autorestart``), stopped
with its whole process group, its output in ``<log dir>/<name>.log`` (rotated at 50 MB).
The file holds no secret: supervisord is started with the profile's environment (secrets
included) and hands it to every program; a program's own variables (its port) are the only
``environment=`` lines. Control goes through a unix socket only its owner can open.
"""

from __future__ import annotations

import shlex

from core.settings import PROJECT_ROOT
from shopbot.production.profile import Profile, Role, Service

__all__ = ["render_supervisor_config"]

#: Seconds a program must stay up to count as started, by role (Rasa loads its model first,
#: but supervisor only needs to see that the process did not die at once).
_START_SECONDS = {Role.PROXY: 2, Role.CONSUMER: 5}
_DEFAULT_START_SECONDS = 5
#: Start order: the slowest to become healthy first (Rasa loads its model).
_PRIORITY = {Role.RASA: 100, Role.ACTIONS: 200, Role.WEB: 300, Role.CONSUMER: 300, Role.PROXY: 400}
#: Seconds a program gets to stop after SIGTERM before SIGKILL.
_STOP_SECONDS = {Role.RASA: 20, Role.PROXY: 10}
_DEFAULT_STOP_SECONDS = 15


def _quote(value: str) -> str:
    """A value of supervisor's ``environment=`` (double-quoted, its own escaping)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def _program(profile: Profile, service: Service) -> str:
    command = " ".join(shlex.quote(part) for part in service.command).replace("%", "%%")
    lines = [
        f"[program:{service.name}]",
        f"command={command}",
        f"directory={PROJECT_ROOT}",
        f"priority={_PRIORITY[service.role]}",
        # Those reading the order database are started by `up` once it is ready.
        f"autostart={'false' if service.needs_order_database else 'true'}",
        "autorestart=true",
        f"startsecs={_START_SECONDS.get(service.role, _DEFAULT_START_SECONDS)}",
        "startretries=5",
        f"stopwaitsecs={_STOP_SECONDS.get(service.role, _DEFAULT_STOP_SECONDS)}",
        "stopsignal=TERM",
        "stopasgroup=true",
        "killasgroup=true",
        "redirect_stderr=true",
        f"stdout_logfile={profile.log_dir / (service.name + '.log')}",
        "stdout_logfile_maxbytes=50MB",
        "stdout_logfile_backups=3",
    ]
    if service.environment:
        pairs = ",".join(f"{name}={_quote(value)}" for name, value in service.environment.items())
        lines.append(f"environment={pairs}")
    return "\n".join(lines)


def render_supervisor_config(profile: Profile) -> str:
    """The text of ``supervisord.conf`` for ``profile``."""
    logs = profile.log_dir
    programs = "\n\n".join(_program(profile, service) for service in profile.services)
    return f"""; Rendered by `shopbot production up` (shopbot/production/profile.py): do not edit.
[unix_http_server]
file={profile.supervisor_socket}
chmod=0700

[supervisord]
logfile={logs / "supervisord.log"}
logfile_maxbytes=10MB
logfile_backups=3
pidfile={profile.supervisor_pidfile}
childlogdir={logs}
directory={PROJECT_ROOT}
identifier=shopbot-{profile.settings.name}
nodaemon=false
minfds=4096

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{profile.supervisor_socket}

{programs}
"""
