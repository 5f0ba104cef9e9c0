"""Render the Rasa server's credentials file from the ``credentials.yml`` template.

Each top-level section of the template is one channel (keys starting with ``x-`` are
template-only: YAML anchors the channels merge with ``<<``). Its values may name
environment variables:

- ``${NAME}``: the channel's own variable. A channel whose own variables are all set is
  on, one with none of them set is off (unset means off), one with only some of them set
  is a configuration error, so a typo in a variable name does not silently switch a
  channel off;
- ``${NAME:?}``: needed by the channel when it is on, but not deciding whether it is
  (secrets shared by every channel, like ``SHOPBOT_CLIENT_KEY_SECRET``): unset while the
  channel is on is a configuration error;
- ``${NAME:-default}``: optional.

A section may also have ``enabled`` (not passed to Rasa): ``on``, ``off``, or ``auto``,
which is on in development and test (``SHOPBOT_ENVIRONMENT``, development when unset) and
off elsewhere. The REST channel uses it (``SHOPBOT_REST_CHANNEL``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.errors import ConfigurationError

__all__ = ["ChannelState", "render_credentials", "switched_on", "write_credentials"]

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::(-|\?)([^}]*))?\}")
_SWITCH = "enabled"
_TEMPLATE_ONLY_PREFIX = "x-"
_ON = frozenset({"on", "true", "yes", "1"})
_OFF = frozenset({"off", "false", "no", "0"})
_AUTO_ENVIRONMENTS = frozenset({"development", "test"})


@dataclass(frozen=True)
class ChannelState:
    """Whether a channel of the template is on, and which variables it lacks if not."""

    name: str
    enabled: bool
    missing: tuple[str, ...] = ()
    switched_off: bool = field(default=False)
    """Off by its ``enabled`` setting rather than for lack of variables."""


@dataclass
class _Expansion:
    """The variables one section names, by kind, and which of them are unset."""

    own: list[str] = field(default_factory=list)
    own_missing: list[str] = field(default_factory=list)
    needed_missing: list[str] = field(default_factory=list)


def switched_on(value: str, environ: Mapping[str, str]) -> bool:
    """Whether an ``enabled`` value (``on``, ``off`` or ``auto``) switches a channel on."""
    word = value.strip().lower()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    if word == "auto":
        environment = (environ.get("SHOPBOT_ENVIRONMENT") or "development").strip().lower()
        return environment in _AUTO_ENVIRONMENTS
    raise ConfigurationError(f"enabled must be on, off or auto, not {value!r}")


def _expand(raw: str, environ: Mapping[str, str], found: _Expansion) -> str:
    """``raw`` with its variables replaced; records what it names in ``found``."""

    def replace(match: re.Match[str]) -> str:
        name, kind, default = match.group(1), match.group(2), match.group(3)
        value = environ.get(name, "")
        if kind is None:
            found.own.append(name)
            if not value:
                found.own_missing.append(name)
        elif kind == "?" and not value:
            found.needed_missing.append(name)
        return value or (default if kind == "-" else "") or ""

    return _VARIABLE.sub(replace, raw)


def _render_section(
    name: str, section: Mapping[str, Any], environ: Mapping[str, str]
) -> tuple[dict[str, Any] | None, ChannelState]:
    values: dict[str, Any] = {}
    found = _Expansion()
    switch: str | None = None
    for key, raw in section.items():
        if not isinstance(raw, str):
            values[key] = raw
            continue
        if key == _SWITCH:
            switch = _expand(raw, environ, _Expansion())
            continue
        values[key] = _expand(raw, environ, found)
    if switch is not None and not switched_on(switch, environ):
        return None, ChannelState(name, enabled=False, switched_off=True)
    if found.own_missing and len(found.own_missing) == len(found.own):
        return None, ChannelState(name, enabled=False, missing=tuple(found.own_missing))
    if found.own_missing:
        raise ConfigurationError(
            f"channel {name} is half configured: set {', '.join(found.own_missing)} "
            f"or unset {', '.join(n for n in found.own if n not in found.own_missing)}"
        )
    if found.needed_missing:
        raise ConfigurationError(
            f"channel {name} is on and needs {', '.join(found.needed_missing)} "
            "(make run writes the secrets to var/secrets.env)"
        )
    return values, ChannelState(name, enabled=True)


def render_credentials(
    template: str, environ: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], list[ChannelState]]:
    """The credentials of the channels that are on, and the state of every channel."""
    environ = os.environ if environ is None else environ
    try:
        sections = yaml.safe_load(template) or {}
    except yaml.YAMLError as error:
        raise ConfigurationError(f"the credentials template is not valid YAML: {error}") from error
    if not isinstance(sections, dict):
        raise ConfigurationError("the credentials template must be a mapping of channels")
    rendered: dict[str, Any] = {}
    states: list[ChannelState] = []
    for name, section in sections.items():
        if str(name).startswith(_TEMPLATE_ONLY_PREFIX):
            continue
        if section is None:
            rendered[name] = None
            states.append(ChannelState(str(name), enabled=True))
            continue
        if not isinstance(section, dict):
            raise ConfigurationError(f"channel {name}: expected a mapping of settings")
        values, state = _render_section(str(name), section, environ)
        if values is not None:
            rendered[name] = values
        states.append(state)
    return rendered, states


def write_credentials(
    template_path: Path, output_path: Path, environ: Mapping[str, str] | None = None
) -> list[ChannelState]:
    """Render ``template_path`` into ``output_path`` (mode 0600: it holds secrets)."""
    try:
        template = template_path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"cannot read {template_path}: {error.strerror}") from error
    rendered, states = render_credentials(template, environ)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    output_path.touch(mode=0o600, exist_ok=True)
    output_path.chmod(0o600)
    output_path.write_text(
        "# Rendered from credentials.yml by `shopbot channels credentials`: do not edit.\n"
        + yaml.safe_dump(rendered, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return states
