"""Tests of ``bot.tokenizer.CJKAwareWhitespaceTokenizer``."""

from __future__ import annotations

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.tokenizer import CJKAwareWhitespaceTokenizer


def _tokens(text: str) -> list[tuple[str, int, int]]:
    tokenizer = CJKAwareWhitespaceTokenizer(CJKAwareWhitespaceTokenizer.get_default_config())
    return [(t.text, t.start, t.end) for t in tokenizer.tokenize(Message(data={TEXT: text}), TEXT)]


def test_chinese_is_split_into_characters_and_digit_runs() -> None:
    text = "订单号是100890"
    tokens = _tokens(text)
    assert [t for t, _, _ in tokens] == ["订", "单", "号", "是", "100890"]
    assert all(text[start:end] == token for token, start, end in tokens)


def test_other_scripts_are_tokenized_as_by_the_whitespace_tokenizer() -> None:
    assert [t for t, _, _ in _tokens("où est ma commande 100234 ?")] == [
        "où",
        "est",
        "ma",
        "commande",
        "100234",
    ]


def test_mixed_text_keeps_offsets() -> None:
    text = "我想退 order 100890 的第2个"
    tokens = _tokens(text)
    assert [t for t, _, _ in tokens] == ["我", "想", "退", "order", "100890", "的", "第", "2", "个"]
    assert all(text[start:end] == token for token, start, end in tokens)


def test_chinese_words_are_not_dropped_as_emoji() -> None:
    assert [t for t, _, _ in _tokens("你好，订单")] == ["你", "好", "订", "单"]
    assert [t for t, _, _ in _tokens("안녕 order")] == ["안녕", "order"]
    assert [t for t, _, _ in _tokens("great 😀 thanks")] == ["great", "thanks"]
