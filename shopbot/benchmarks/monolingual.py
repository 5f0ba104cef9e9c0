"""The same bot without its multilingual components: the baseline of their latency cost.

``config.yml`` minus the components that exist for other languages (language detection,
the cross-lingual intent classifier) and with Rasa's ``WhitespaceTokenizer`` in place of the
CJK-aware one; everything else (data, domain, policies, sentiment) unchanged. Trained once
under ``var/bench/monolingual`` and again only when its inputs change. It runs in the
project root, so Rasa's cache reuses what the real model's training produced from the same
inputs: about a minute after `make train`, up to 15 minutes on 2 cores without the cache.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import yaml

from core.settings import PROJECT_ROOT
from shopbot.runtime import RASA_BIN, offline_environment

__all__ = [
    "MULTILINGUAL_COMPONENTS",
    "ensure_monolingual_model",
    "monolingual_config",
]

MONOLINGUAL_DIR = PROJECT_ROOT / "var" / "bench" / "monolingual"
MULTILINGUAL_COMPONENTS = frozenset(
    {"bot.language.LanguageDetectionComponent", "bot.crosslingual.CrossLingualIntentClassifier"}
)
_TOKENIZER_SWAPS = {"bot.tokenizer.CJKAwareWhitespaceTokenizer": "WhitespaceTokenizer"}
_INPUTS = ("config.yml", "domain.yml", "data", "bot")


def monolingual_config(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` without the multilingual components (a new dict; the input is unchanged)."""
    pipeline = []
    for component in config.get("pipeline") or []:
        name = component.get("name")
        if name in MULTILINGUAL_COMPONENTS:
            continue
        pipeline.append({**component, "name": _TOKENIZER_SWAPS.get(name, name)})
    return {**config, "assistant_id": "shopbot_monolingual_baseline", "pipeline": pipeline}


def _files(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = PROJECT_ROOT / name
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
        elif path.is_file():
            found.append(path)
    return found


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    for path in _files(_INPUTS):
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_monolingual_model(log: Callable[[str], None]) -> Path:
    """The baseline model, trained when missing or when config, domain, data or bot changed."""
    model = MONOLINGUAL_DIR / "shopbot-monolingual.tar.gz"
    stamp = MONOLINGUAL_DIR / "inputs.sha256"
    wanted = _inputs_hash()
    if model.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return model
    MONOLINGUAL_DIR.mkdir(parents=True, exist_ok=True)
    config_path = MONOLINGUAL_DIR / "config.yml"
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    config_path.write_text(yaml.safe_dump(monolingual_config(config), sort_keys=False))
    log("training the bot without its multilingual components (once; several minutes)")
    with (MONOLINGUAL_DIR / "train.log").open("w") as train_log:
        _train(config_path, model, train_log)
    stamp.write_text(wanted)
    return model


def _train(config_path: Path, model: Path, train_log: IO[str]) -> None:
    subprocess.run(
        [
            str(RASA_BIN),
            "train",
            "--config",
            str(config_path),
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(MONOLINGUAL_DIR),
            "--fixed-model-name",
            model.name.removesuffix(".tar.gz"),
            "--quiet",
        ],
        cwd=PROJECT_ROOT,
        env=offline_environment(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=train_log,
    )
