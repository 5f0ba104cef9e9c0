"""The Rasa side of Shopbot: what runs inside the Rasa server (Python 3.10, Rasa 3.6).

- NLU components named in ``config.yml``: ``guard`` (long and symbol-only messages),
  ``tokenizer`` (CJK-aware whitespace tokens), ``language`` (language detection),
  ``crosslingual`` (intents by nearest neighbours in language-centred e5 space, with
  ``language_centring``, ``language_alignment`` and ``multilingual``), ``out_of_scope``
  (off-topic messages lose their shop intents; built, not yet in ``config.yml``),
  ``identifier`` (a message that is only an email, an order number or a number choice),
  ``sentiment``;
- ``feedback_policy``: the policy that runs an action once when a slot makes it due;
- ``channels``: the website (socket.io), REST, Telegram, Slack, Twilio and Messenger channels;
- ``validation``: ``rasa data validate`` aware of the responses the actions utter.

It loads only ``knowledge.language``, ``knowledge.sentiment`` and core's pure modules (the
``rasa-side`` contract in ``pyproject.toml``; docs/architecture.md). Importing ``bot.guard``
registers its graph components with Rasa's default recipe, which is what
``name: bot.guard.MessageLengthGuard`` in ``config.yml`` relies on.
"""

from __future__ import annotations

__all__: list[str] = []
