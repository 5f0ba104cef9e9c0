"""``CJKAwareWhitespaceTokenizer``: Rasa's whitespace tokenizer, with Chinese and Japanese
text split into characters.

Chinese (and Japanese) are written without spaces, so the whitespace tokenizer makes a whole
sentence one token: "我的订单号是100890" would be a single word for the count features and
an entity that cannot align with any token. Worse, Rasa's emoji pattern spans the CJK (and
Hangul) blocks, so the whitespace tokenizer drops every all-Chinese word as an "emoji"
("你好，我的订单" loses both words; a message left with none becomes one token).

This tokenizer keeps CJK and Hangul words, keeps everything the whitespace tokenizer does
for other scripts, and then splits every token that contains CJK ideographs or kana: each
such character becomes a token, and runs of other characters inside it (digits, Latin
letters) stay together, so "订单号是100890" gives 订 单 号 是 100890 and the order
number is a token of its own. Character tokens are the usual choice for Chinese in
word-count models (no dictionary, nothing to download); the character n-gram featurizer
still sees the whole text. It reads no intent, entity or slot: it tokenizes any NLU data.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

__all__ = ["CJKAwareWhitespaceTokenizer", "split_cjk"]

# CJK ideographs (with extension A and compatibility), hiragana, katakana.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(f"[{_CJK}]|[^{_CJK}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
# Letters that Rasa's emoji pattern (which spans U+24C2 to U+1F251) mistakes for emoji.
_LETTERS_IN_EMOJI_RANGE = re.compile(f"[{_CJK}\u3131-\u318e\uac00-\ud7af]")


def split_cjk(token: Token) -> list[Token]:
    """``token`` split into CJK characters and the runs of other characters between them."""
    if not _HAS_CJK.search(token.text):
        return [token]
    pieces = []
    for match in _PIECES.finditer(token.text):
        start = token.start + match.start()
        pieces.append(Token(match.group(), start, start + len(match.group())))
    return pieces


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class CJKAwareWhitespaceTokenizer(WhitespaceTokenizer):
    """Whitespace tokens, with CJK characters as tokens of their own."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The whitespace tokenizer's options."""
        return WhitespaceTokenizer.get_default_config()

    def remove_emoji(self, text: str) -> str:
        """Rasa's emoji removal, except for words in CJK or Hangul (its emoji pattern
        covers those scripts, so the whitespace tokenizer drops Chinese words)."""
        if _LETTERS_IN_EMOJI_RANGE.search(text):
            return text
        return str(super().remove_emoji(text))

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """The whitespace tokens, CJK tokens split into characters."""
        tokens = super().tokenize(message, attribute)
        return [piece for token in tokens for piece in split_cjk(token)]
