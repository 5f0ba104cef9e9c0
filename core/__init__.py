"""The core every other part stands on: settings, errors, the reply languages, the words the
bot computes into its replies, money and text helpers, immutable views, redaction, and the
order database (``core.db``: models, engine, migrations).

It imports nothing else of the project (docs/architecture.md). The Rasa server loads its
pure modules (``errors``, ``languages``, ``text``, ``redaction``, ``secret_rules``), so this
file imports nothing either.
"""
