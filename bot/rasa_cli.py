"""``python -m bot.rasa_cli ARGS``: Rasa's own command line (``rasa ARGS``) with trained models
loaded as the server loads them (:mod:`bot.model_loading`: the weights restored without
Rasa's one training step, about 15 s less per load of the shipped model).

The conversation tests (``rasa test core``) run through it, in ``make test`` and in the seed
stability benchmark, so that they test the model the way the server uses it.
"""

from __future__ import annotations

from bot.model_loading import install

__all__ = ["main"]


def main() -> None:
    """Install the loader, then run Rasa's command line on ``sys.argv``."""
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
