"""The core every other part stands on: errors, settings, the reply languages and the
words the bot writes, text helpers, redaction, and the order database (models, views,
migrations). It imports nothing else of the project (docs/architecture.md)."""
