"""The one way to start the Rasa server: ``python -m bot.server [rasa run options]``.

Runs Rasa's own ``rasa run`` entry in this process, always with the HTTP API behind
``--auth-token``, on loopback unless ``--interface`` says otherwise, and with its log going
through :mod:`core.redaction` (``bot/rasa_logging.yml`` as ``--logging-config-file``, plus a
log-record factory that redacts what handlers installed later by Sanic or coloredlogs
write, tracebacks included; Python warnings are logged too, so they are redacted as well),
with five of Rasa's per-turn costs removed (:mod:`bot.rasa_speedups`), and with the
project's turn rules (:mod:`bot.processor_hooks`): the "temporarily unavailable" answer when
the action server does not answer (:mod:`bot.action_outage`), one reply a conversation
waiting for the team outside their hours still gets (:mod:`bot.paused_conversations`), and
the rating question's pause reminder set after each turn (:mod:`bot.winding_down`), and
with the tracker store used without Rasa's fallback to memory (:mod:`bot.tracker_store`),
and with Rasa's conversation lock held for ``SHOPBOT_LOCK_LIFETIME_SECONDS`` (Rasa's
``TICKET_LOCK_LIFETIME``, set here before Rasa is imported; see :mod:`bot.settings`), and
with the messages in flight noted, so that one a dead server never answered is reported in
the log (:mod:`bot.accepted_messages`).

The token is read from ``SHOPBOT_RASA_TOKEN``, or from the file that ``--auth-token-file``
or ``SHOPBOT_RASA_TOKEN_FILE`` names (first line), and must be a real secret
(:func:`core.secret_rules.secret_problem`); without one the server refuses to start (one
line on stderr, exit code 2). It is handed to Rasa inside the process, so it never appears
in process listings (``ps``, ``/proc/<pid>/cmdline``); a token (or another secret) given
on the command line is refused for the same reason. Rasa 3.6 itself accepts the token only
as ``--auth-token`` on its command line, and clients send it as ``?token=`` in the URL.
A ``SHOPBOT_RESPONSE_REGISTERS`` that names an unknown language or register, or a bad value
of the Rasa side's own settings (:mod:`bot.settings`), is refused the same way
(docs/language.md, "Formal or informal").
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.settings import RasaSideSettings, read_settings
from core.errors import ConfigurationError
from core.feedback_timing import pause_seconds
from core.languages import RESPONSE_REGISTERS_VARIABLE, parse_response_registers
from core.redaction import install_redacting_record_factory
from core.secret_rules import secret_problem

__all__ = [
    "LOGGING_CONFIG",
    "RASA_BACKLOG_VARIABLE",
    "RASA_LOCK_LIFETIME_VARIABLE",
    "SECRET_OPTIONS",
    "TOKEN_FILE_VARIABLE",
    "TOKEN_VARIABLE",
    "LaunchError",
    "main",
    "rasa_arguments",
    "rasa_environment",
    "read_token",
]

TOKEN_VARIABLE = "SHOPBOT_RASA_TOKEN"  # noqa: S105 - a variable's name
TOKEN_FILE_VARIABLE = "SHOPBOT_RASA_TOKEN_FILE"  # noqa: S105 - a variable's name
TOKEN_FILE_OPTION = "--auth-token-file"  # noqa: S105 - an option's name
LOGGING_CONFIG = Path(__file__).resolve().with_name("rasa_logging.yml")
#: ``rasa run`` options whose value is a secret: refused here, they would show in ``ps``.
SECRET_OPTIONS: tuple[str, ...] = (
    "--auth-token",
    "--jwt-secret",
    "--jwt-private-key",
    "--ssl-password",
)
_SHORT_TOKEN_OPTION = "-t"  # noqa: S105 - an option's name
_DEFAULT_INTERFACE = "127.0.0.1"
#: Rasa's lock store reads its tickets' lifetime (seconds) from this variable on import.
RASA_LOCK_LIFETIME_VARIABLE = "TICKET_LOCK_LIFETIME"
RASA_BACKLOG_VARIABLE = "SANIC_BACKLOG"
#: Pending connections the Rasa server's socket holds (the kernel caps it at somaxconn).
DEFAULT_BACKLOG = 1024


class LaunchError(Exception):
    """The server cannot be started as asked (the message says why, without secrets)."""


def _option_value(arguments: list[str], option: str) -> tuple[list[str], str | None]:
    """``arguments`` without ``option VALUE`` / ``option=VALUE``, and that value."""
    rest: list[str] = []
    value: str | None = None
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == option:
            if index + 1 >= len(arguments):
                raise LaunchError(f"{option} needs a value")
            value = arguments[index + 1]
            index += 2
            continue
        if argument.startswith(option + "="):
            value = argument.partition("=")[2]
        else:
            rest.append(argument)
        index += 1
    return rest, value


def _refuse_secret_options(arguments: Sequence[str]) -> None:
    for argument in arguments:
        name = argument.partition("=")[0]
        short = argument.startswith(_SHORT_TOKEN_OPTION) and not argument.startswith("--")
        if name in SECRET_OPTIONS or short:
            raise LaunchError(
                f"{name if not short else _SHORT_TOKEN_OPTION} is refused: a secret on the "
                f"command line shows in process listings; set {TOKEN_VARIABLE} or "
                f"{TOKEN_FILE_OPTION} instead"
            )


def read_token(environ: Mapping[str, str], token_file: str | None) -> str:
    """The Rasa token: ``SHOPBOT_RASA_TOKEN``, else the first line of the token file
    (``token_file`` or ``SHOPBOT_RASA_TOKEN_FILE``). :class:`LaunchError` when there is
    none or it is not a real secret."""
    token = environ.get(TOKEN_VARIABLE)
    source = TOKEN_VARIABLE
    path = token_file or environ.get(TOKEN_FILE_VARIABLE)
    if not token and path:
        source = f"the token file {path}"
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise LaunchError(f"cannot read {source}: {error.strerror}") from error
        token = lines[0].strip() if lines else ""
    problem = secret_problem(token)
    if token is None or problem is not None:
        where = source if token else f"{TOKEN_VARIABLE} (or {TOKEN_FILE_OPTION})"
        raise LaunchError(f"the Rasa server needs its API token: {where} {problem}")
    return token


def rasa_arguments(arguments: Sequence[str], token: str) -> list[str]:
    """``rasa run``'s argument list: the caller's options plus the API, the token, the
    loopback interface and the redacting logging configuration unless given."""
    run = list(arguments)
    if "--enable-api" not in run:
        run.append("--enable-api")
    if not any(a in ("-i", "--interface") or a.startswith("--interface=") for a in run):
        run += ["--interface", _DEFAULT_INTERFACE]
    if not any(a.partition("=")[0] == "--logging-config-file" for a in run):
        run += ["--logging-config-file", str(LOGGING_CONFIG)]
    return ["run", *run, "--auth-token", token]


def rasa_environment(
    settings: RasaSideSettings, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """What Rasa reads from its environment that follows from the settings: its
    conversation lock's lifetime (``TICKET_LOCK_LIFETIME``, whole seconds), and the listen
    backlog of its HTTP server (``SANIC_BACKLOG``: Rasa's 100 refused connections when
    hundreds of shoppers wrote at once in the load test; the environment's value wins)."""
    environ = os.environ if environ is None else environ
    return {
        RASA_LOCK_LIFETIME_VARIABLE: str(math.ceil(settings.lock_lifetime_seconds)),
        RASA_BACKLOG_VARIABLE: environ.get(RASA_BACKLOG_VARIABLE, str(DEFAULT_BACKLOG)),
    }


def _redact_this_process() -> None:
    """Every log record of the process is redacted, and warnings become log records."""
    install_redacting_record_factory()
    logging.captureWarnings(True)


def main(argv: Sequence[str] | None = None) -> int:
    """Check the token, then run ``rasa run`` in this process (returns when it stops)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        arguments, token_file = _option_value(arguments, TOKEN_FILE_OPTION)
        _refuse_secret_options(arguments)
        token = read_token(os.environ, token_file)
        # The response generator reads the shop's registers when Rasa loads it; a mistake
        # there stops the server now, with its message, rather than inside Rasa's start-up.
        parse_response_registers(os.environ.get(RESPONSE_REGISTERS_VARIABLE))
        pause_seconds(os.environ)  # the rating question's pause (bot.winding_down)
        settings = read_settings(os.environ)  # bot.settings
    except (LaunchError, ConfigurationError) as error:
        print(f"bot.server: {error}", file=sys.stderr)
        return 2
    # Not inherited by anything this process starts.
    os.environ.pop(TOKEN_VARIABLE, None)
    # Before anything imports Rasa (its lock store reads the lifetime on import).
    os.environ.update(rasa_environment(settings))
    _redact_this_process()
    from rasa.__main__ import main as rasa_main

    from bot.accepted_messages import install as install_message_journal
    from bot.model_loading import install as install_model_loading
    from bot.processor_hooks import install as install_turn_rules
    from bot.rasa_speedups import install as install_speedups
    from bot.tracker_store import install as install_tracker_store

    install_speedups()
    install_model_loading()
    install_turn_rules()
    install_tracker_store()
    install_message_journal()

    sys.argv = ["rasa", *rasa_arguments(arguments, token)]
    try:
        rasa_main()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
