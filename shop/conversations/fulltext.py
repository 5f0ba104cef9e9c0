"""Full-text search in the shoppers' messages, one function for SQLite and PostgreSQL.

Each conversation keeps its shopper's messages in ``conversation_summaries.search_text``
(button payloads left out). The query is cut into words (letters and digits); a
conversation matches when its messages hold every word, each as a word or the start of one
("refund" finds "refunded"), in any case. The indexes are made by migration 0007 and give
the conversations directly:

- SQLite: the FTS5 table ``conversation_summaries_fts`` (tokenizer ``unicode61
  remove_diacritics 2``: "pedido" also finds "pédido"); the query is ``"word"* "word"*``;
- PostgreSQL: the GIN index on ``to_tsvector('simple', search_text)``; the query is
  ``to_tsquery('simple', 'word:* & word:*')`` (accents count there).

Chinese and Japanese write without spaces, so a run of those characters is one token to
both tokenizers; a query with such characters looks for the characters anywhere in the
messages instead (``LIKE``, no index: slower, still bounded by the other filters).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Integer, and_, column, func, literal_column, text

from core.db.conversation_models import FULLTEXT_TABLE
from shop.conversations.tables import SUMMARIES

__all__ = ["MAX_WORDS", "fulltext_condition", "query_words"]

#: Words of a query that count (the rest are ignored).
MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
#: The FTS5 query (a constant: the table's name is ours, the words are bound).
_SQLITE_MATCH = f"SELECT rowid FROM {FULLTEXT_TABLE} WHERE {FULLTEXT_TABLE} MATCH :q"  # noqa: S608
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def query_words(query: str) -> list[str]:
    """The words of a query, lower-cased, at most :data:`MAX_WORDS`."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_WORDS]


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fulltext_condition(backend: str, query: str) -> ColumnElement[bool] | None:
    """SQL true for the conversations whose shopper messages match ``query``; None when
    the query has no words (no filter)."""
    words = query_words(query)
    if not words:
        return None
    searched = SUMMARIES.c.search_text
    if any(_CJK.search(word) for word in words):
        conditions = [searched.like(f"%{_escape_like(word)}%", escape="\\") for word in words]
        return and_(*conditions)
    if backend == "postgresql":
        expression = " & ".join(f"{word}:*" for word in words)
        vector = func.to_tsvector(literal_column("'simple'"), searched)
        query_vector = func.to_tsquery(literal_column("'simple'"), expression)
        return vector.bool_op("@@")(query_vector)
    expression = " ".join(f'"{word}"*' for word in words)
    matched = text(_SQLITE_MATCH).bindparams(q=expression).columns(column("rowid", Integer))
    return SUMMARIES.c.id.in_(matched)
