"""``rasa data validate --fail-on-warnings``, aware of the responses our actions utter.

Rasa's validator warns about every response no story or rule names, so a bot whose custom
actions choose their responses by name (as ours do, to answer in every language) can never
pass ``--fail-on-warnings``. This runs exactly Rasa's checks, with one change and one
addition:

- a response that a custom action in ``actions/``, the NLG renderer in ``knowledge/responses/``,
  the hand-over desk in ``shop/support/``, the Rasa server's outage answer
  (``bot/action_outage.py``) or the known shopper's greeting (``bot/opening.py``) names
  (``response="utter_..."``, or an f-string prefix such as ``f"utter_order_status_{status}"``)
  counts as used, and so do the forms'
  ``utter_ask_<form>_<slot>`` prompts;
- every response an action names must exist in the domain (a typo there would otherwise
  only show at run time, as a silent missing message).

Run: ``.venv-rasa/bin/python -m bot.validation [--fail-on-warnings]``.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["action_response_names", "main"]

logger = logging.getLogger(__name__)
# Responses Rasa's own default actions utter.
_RASA_DEFAULT_RESPONSES = frozenset({"utter_default"})
# String literals that look like response names but are not: Rasa's metadata key naming
# the response a bot message came from.
_NOT_RESPONSES = frozenset({"utter_action"})
_LITERAL = re.compile(r"""(?<![\w{])f?["'](utter_[a-z0-9_]+)(\{)?""")


def action_response_names(*source_dirs: Path) -> tuple[set[str], set[str]]:
    """Response names (exact) and name prefixes (from f-strings) used in ``source_dirs``
    (folders, or single files)."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    sources = (folder.rglob("*.py") if folder.is_dir() else [folder] for folder in source_dirs)
    for source in sorted(path for paths in sources for path in paths):
        for match in _LITERAL.finditer(source.read_text(encoding="utf-8")):
            if match.group(1) not in _NOT_RESPONSES:
                (prefixes if match.group(2) else exact).add(match.group(1))
    return exact, prefixes


def _build_validator(
    config: str, domain: str, data: list[str], source_dirs: list[Path]
) -> tuple[Any, set[str], set[str]]:
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    exact, prefixes = action_response_names(*source_dirs)

    class ShopbotValidator(Validator):
        """Rasa's validator; responses our actions utter count as used."""

        def _used_outside_dialogues(self, name: str) -> bool:
            return (
                name in exact
                or name in _RASA_DEFAULT_RESPONSES
                or name.startswith("utter_ask_")
                or any(name.startswith(prefix) for prefix in prefixes)
            )

        def verify_utterances_in_stories(self, ignore_warnings: bool = True) -> bool:
            """Rasa's check, except for responses that custom actions utter."""
            from rasa.shared.core.events import ActionExecuted
            from rasa.shared.utils.io import raise_warning

            everything_is_alright = True
            utterance_actions = self._gather_utterance_actions()
            used: set[str] = set()
            for story in self.story_graph.story_steps:
                for event in story.events:
                    name = (
                        getattr(event, "action_name", None)
                        if isinstance(event, ActionExecuted)
                        else None
                    )
                    if not name or not name.startswith("utter_") or name in used:
                        continue
                    if name not in utterance_actions:
                        raise_warning(
                            f"The action '{name}' is used in the stories, "
                            "but is not a valid utterance action."
                        )
                        everything_is_alright = ignore_warnings
                    used.add(name)
            for name in sorted(utterance_actions - used):
                if not self._used_outside_dialogues(name):
                    raise_warning(
                        f"The utterance '{name}' is not used in any story, rule or action."
                    )
                    everything_is_alright = ignore_warnings and everything_is_alright
            return everything_is_alright

    importer = TrainingDataImporter.load_from_config(config, domain, data)
    return ShopbotValidator.from_importer(importer), exact, prefixes


def main(argv: list[str] | None = None) -> int:
    """Validate the project as ``rasa data validate`` does; 1 on errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="config.yml")
    parser.add_argument("--domain", default="domain.yml")
    parser.add_argument("--data", nargs="+", default=["data"])
    parser.add_argument(
        "--actions",
        nargs="+",
        default=[
            Path("actions"),
            Path("knowledge/responses"),
            Path("shop/support"),
            Path("bot/action_outage.py"),
            Path("bot/opening.py"),
        ],
        type=Path,
    )
    parser.add_argument("--max-history", type=int, default=None)
    parser.add_argument("--fail-on-warnings", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    import rasa.cli.utils as rasa_cli

    validator, exact, prefixes = _build_validator(args.config, args.domain, args.data, args.actions)
    responses = set(validator.domain.responses)
    missing = sorted(name for name in exact if name not in responses)
    missing += sorted(
        f"{prefix}*" for prefix in prefixes if not any(r.startswith(prefix) for r in responses)
    )
    for name in missing:
        logger.error("actions/ utters %s, which the domain does not define", name)
    all_good = (
        rasa_cli._validate_domain(validator)
        and rasa_cli._validate_nlu(validator, args.fail_on_warnings)
        and rasa_cli._validate_story_structure(validator, args.max_history, args.fail_on_warnings)
        and not missing
    )
    validator.warn_if_config_mandatory_keys_are_not_set()
    print("Project validation " + ("passed." if all_good else "completed with errors."))
    return 0 if all_good else 1


if __name__ == "__main__":
    sys.exit(main())
