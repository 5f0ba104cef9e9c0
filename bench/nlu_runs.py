"""What the NLU benchmarks of issue 20 share: configs, training and parsing in this process.

Used by ``bench/out_of_scope.py`` and ``bench/hint3.py`` (Rasa environment). Rasa's
training cache and the e5 vector cache go to the work folder, never to ``.rasa/`` or
``var/``; Rasa's own output goes to a log file there.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "BASELINE_REF",
    "FALLBACK",
    "PROJECT_ROOT",
    "STOCK_CONFIG",
    "Parsed",
    "configure_environment",
    "parse_texts",
    "pipeline_config",
    "progress",
    "rasa_variables",
    "read_git_file",
    "train_model",
    "write_nlu",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STOCK_CONFIG = PROJECT_ROOT / "bench" / "configs" / "default_pipeline.yml"
BASELINE_REF = "3502670"
"""The commit before issue 20's NLU work: "today's config" of the before/after figures."""
FALLBACK = "nlu_fallback"


def progress(name: str, message: str) -> None:
    """A progress line on stderr."""
    print(f"[{name} {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rasa_variables(cache_dir: Path) -> dict[str, str]:
    """Environment of a benchmark's Rasa: telemetry off, nothing downloaded, its training
    cache in ``cache_dir`` and kept empty (nothing reused from another run)."""
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        "HF_HUB_OFFLINE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_CACHE_DIRECTORY": str(cache_dir),
        "RASA_MAX_CACHE_SIZE": "0",
    }


def configure_environment(work_dir: Path) -> None:
    """Telemetry off, nothing downloaded, caches in ``work_dir`` (before Rasa is imported)."""
    os.environ.update(rasa_variables(work_dir / "rasa-cache"))
    os.environ.setdefault("SHOPBOT_VECTOR_CACHE_DIR", str(work_dir / "vectors"))


def read_git_file(ref: str, path: str) -> str:
    """The content of ``path`` at the git revision ``ref`` of the project."""
    return subprocess.run(
        ["git", "show", f"{ref}:{path}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pipeline_config(
    source: str,
    target: Path,
    changes: dict[str, dict[str, Any]] | None = None,
    insert_before: dict[str, dict[str, Any]] | None = None,
    remove: Sequence[str] = (),
) -> Path:
    """Writes an NLU-only copy of the config text ``source`` to ``target``, edited.

    ``changes`` maps a component name to options to set; ``insert_before`` maps a component
    name to a component inserted before it; ``remove`` lists components to drop. The
    policies are dropped (NLU only). An empty pipeline stays empty (Rasa's default).
    """
    import yaml

    config = yaml.safe_load(source) or {}
    pipeline = list(config.get("pipeline") or [])
    edited: list[dict[str, Any]] = []
    for component in pipeline:
        name = component.get("name")
        if insert_before and name in insert_before:
            edited.append(dict(insert_before[name]))
        if name in remove:
            continue
        edited.append({**component, **(changes or {}).get(name, {})})
    config["pipeline"] = edited or None
    config.pop("policies", None)
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return target


def write_nlu(examples: Sequence[tuple[str, str]], target: Path) -> Path:
    """Writes (intent, text) pairs as a Rasa YAML NLU file."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = [Message(data={"text": text, "intent": intent}) for intent, text in examples]
    RasaYAMLWriter().dump(target, TrainingData(training_examples=messages))
    return target


def train_model(config: Path, nlu: Path, out: Path, log_file: Path) -> tuple[Path, float]:
    """Trains an NLU model in this process; returns its path and the wall seconds."""
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    with log_file.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        model = train_nlu(str(config), str(nlu), str(out), fixed_model_name="model")
    seconds = time.perf_counter() - started
    if model is None:
        raise RuntimeError(f"training with {config} failed: see {log_file}")
    return Path(model), seconds


@dataclass(frozen=True)
class Parsed:
    """One parse: the final intent (fallback included) and its confidence, the top
    non-fallback intent and its confidence."""

    intent: str | None
    confidence: float
    top: str | None
    top_confidence: float


@functools.lru_cache(maxsize=2)
def _loaded_agent(model: Path) -> Any:
    """The model's agent, loaded once per run (as the server loads it: bot/model_loading.py)."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    from bot.model_loading import install

    install()
    configure_structlog(logging.WARNING)
    with contextlib.redirect_stdout(sys.stderr):
        return Agent.load(str(model))


def parse_texts(model: Path, texts: Sequence[str], label: str = "parse") -> list[Parsed]:
    """Parses ``texts`` with the whole pipeline, as the server does."""
    agent = _loaded_agent(model)
    results: list[Parsed] = []

    async def parse_all() -> None:
        for index, text in enumerate(texts, 1):
            result = await agent.parse_message(text)
            intent = result.get("intent") or {}
            ranked = [
                entry
                for entry in result.get("intent_ranking") or []
                if entry.get("name") != FALLBACK
            ]
            top = ranked[0] if ranked else {}
            results.append(
                Parsed(
                    intent.get("name"),
                    float(intent.get("confidence") or 0.0),
                    top.get("name"),
                    float(top.get("confidence") or 0.0),
                )
            )
            if index % 500 == 0:
                progress(label, f"parsed {index}/{len(texts)}")

    asyncio.run(parse_all())
    return results
