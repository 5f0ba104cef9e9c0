"""The knowledge library: what the assistant knows and how it reads text, on the core.

- ``language``: the language of a chat message and of the conversation;
- ``sentiment``: a message's sentiment from its multilingual-e5 vector, and a conversation's
  summary; ``standalone_sentiment`` trains the same classifier outside Rasa;
- ``catalog``: the product schema, the demo catalog, a shop's CSV or JSON Lines file, storage
  in the order database;
- ``encoders``, ``embedding_cache``, ``index`` (with ``index_faiss``, ``index_store``,
  ``index_updates``): passage vectors and the FAISS product index;
- ``query``: filters read from a shopper's words, the product glossary of other languages;
- ``search``: product search (filters, semantic and BM25 ranking, the relevance rule);
- ``policy`` and ``policies/``: the store policy, its facts and its text per language;
- ``responses``: the bot's named responses per language and their renderer (Rasa side too);
- ``words``: the words the bot reads in each reply language.

The Rasa server (Python 3.10, Rasa's pins) loads ``language`` and ``sentiment`` only; they
import nothing of the rest (the ``rasa-side`` contract in ``pyproject.toml``). Hence this
file imports nothing: loading one subpackage never pulls in the others
(docs/architecture.md).
"""
