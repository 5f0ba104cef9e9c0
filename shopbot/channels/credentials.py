"""Render the Rasa server's credentials file from the ``credentials.yml`` template.

Each top-level section of the template is one channel; its values may name environment
variables as ``${NAME}`` (required) or ``${NAME:-default}``. A channel whose required
variables are all set is rendered with their values; one with none of them set is left out
(unset means off); one with only some of them set is a configuration error, so a typo in a
variable name does not silently switch a channel off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from core.errors import ConfigurationError

__all__ = ["ChannelState", "render_credentials", "write_credentials"]

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


@dataclass(frozen=True)
class ChannelState:
    """Whether a channel of the template is on, and which variables it lacks if not."""

    name: str
    enabled: bool
    missing: tuple[str, ...] = ()


def _expand(raw: str, environ: Mapping[str, str]) -> tuple[str, list[str], list[str]]:
    """``raw`` with its variables replaced; the required variables it names and lacks."""
    required: list[str] = []
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = environ.get(name, "")
        if default is None:
            required.append(name)
            if not value:
                missing.append(name)
        return value or (default or "")

    return _VARIABLE.sub(replace, raw), required, missing


def _render_section(
    name: str, section: Mapping[str, Any], environ: Mapping[str, str]
) -> tuple[dict[str, Any] | None, ChannelState]:
    values: dict[str, Any] = {}
    required: list[str] = []
    missing: list[str] = []
    for key, raw in section.items():
        if not isinstance(raw, str):
            values[key] = raw
            continue
        value, section_required, section_missing = _expand(raw, environ)
        values[key] = value
        required += section_required
        missing += section_missing
    if not missing:
        return values, ChannelState(name, enabled=True)
    if len(missing) < len(required):
        raise ConfigurationError(
            f"channel {name} is half configured: set {', '.join(missing)} "
            f"or unset {', '.join(n for n in required if n not in missing)}"
        )
    return None, ChannelState(name, enabled=False, missing=tuple(missing))


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
