"""One home for the Rasa-side tests' tiny NLU models: train a pipeline on a few examples in
a folder of its own and load the agent. Rasa is imported on call, after the test module's
``importorskip``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def train_tiny_agent(
    folder: Path,
    nlu: str,
    pipeline: list[dict[str, Any]],
    *,
    assistant_id: str,
    model_name: str = "tiny",
) -> Any:
    """``rasa train nlu`` (its Python API) of ``pipeline`` on the NLU YAML ``nlu`` in
    ``folder``, with Rasa's cache there too; the agent, loaded as the Rasa server loads
    models (bot/model_loading.py)."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu
    from rasa.shared.utils.io import write_yaml

    from bot.model_loading import install

    install()

    (folder / "nlu.yml").write_text(nlu, encoding="utf-8")
    config = {
        "recipe": "default.v1",
        "assistant_id": assistant_id,
        "language": "en",
        "pipeline": pipeline,
        "policies": [],
    }
    write_yaml(config, folder / "config.yml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RASA_CACHE_DIRECTORY", str(folder / "cache"))
        model = train_nlu(
            str(folder / "config.yml"),
            str(folder / "nlu.yml"),
            str(folder / "models"),
            fixed_model_name=model_name,
        )
    assert model, f"training {assistant_id} in {folder} failed"
    return Agent.load(model)
