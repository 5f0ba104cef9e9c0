"""Corrections as Rasa NLU training data (YAML, ``version: "3.1"``), per language.

One ``- intent:`` block per intent with its examples in Rasa's annotation syntax
(``[words](entity)``, or ``[words]{"entity": ..., "value": ...}`` when the value differs),
ready for a developer to review and add to ``data/nlu/<language>/``.

No personal data leaves: every piece of a message is redacted again, and the redaction's
marks become placeholders a model can learn from (an email entity stays an email:
``shopper@example.com``, a reserved domain); brackets that would read as annotations,
line breaks and control characters in what shoppers typed are neutralised. Nothing a
shopper wrote reaches the comments.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from core.redaction import redact
from shop.annotations.spans import rewrite
from shop.annotations.views import CorrectionView, EntitySpan

__all__ = ["PLACEHOLDERS", "nlu_yaml", "training_example"]

#: What the redaction's marks become in training examples.
PLACEHOLDERS: dict[str, str] = {
    "[email]": "shopper@example.com",
    "[phone]": "PHONE",
    "[card]": "CARD",
    "[address]": "ADDRESS",
    "[secret]": "SECRET",
}
_BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")"})
_NAME = re.compile(r"[^A-Za-z0-9_.:/-]")


def _printable(text: str) -> str:
    """``text`` with control, format and separator characters (YAML reads some of them as
    line breaks) as plain spaces."""
    return "".join(
        " " if unicodedata.category(character)[0] in "CZ" else character for character in text
    )


def _clean(piece: str) -> str:
    """A piece of a message made safe for an example: redacted, placeholders for the
    redaction's marks, no brackets, printable."""
    text = redact(piece)
    for mark, placeholder in PLACEHOLDERS.items():
        text = text.replace(mark, placeholder)
    return _printable(text.translate(_BRACKETS))


def _annotation(words: str, span: EntitySpan) -> str:
    if span.value is None or span.value == words:
        return f"[{words}]({span.entity})"
    details = json.dumps({"entity": span.entity, "value": span.value}, ensure_ascii=False)
    return f"[{words}]{details}"


def training_example(text: str, entities: Iterable[EntitySpan]) -> str:
    """One example line (without the leading ``- ``), or "" when nothing is left."""
    cleaned, spans = rewrite(text, entities, _clean, _clean)
    parts: list[str] = []
    at = 0
    for span in spans:
        words = " ".join(cleaned[span.start : span.end].split())
        if not words:
            continue
        parts.extend((cleaned[at : span.start], _annotation(words, span)))
        at = span.end
    parts.append(cleaned[at:])
    return " ".join("".join(parts).split())


def _safe_name(name: str | None) -> str:
    return _NAME.sub("?", name or "none")[:64]


def nlu_yaml(corrections: Iterable[CorrectionView], language: str, generated_at: datetime) -> str:
    """The corrections of ``language`` as a Rasa NLU YAML document (duplicates once)."""
    by_intent: dict[str, list[str]] = {}
    sources: dict[str, dict[str, int]] = {}
    for correction in corrections:
        example = training_example(correction.text, correction.entities)
        if not example:
            continue
        examples = by_intent.setdefault(correction.intent, [])
        if example not in examples:
            examples.append(example)
        was = _safe_name(correction.predicted_intent)
        counted = sources.setdefault(correction.intent, {})
        counted[was] = counted.get(was, 0) + 1
    total = sum(len(examples) for examples in by_intent.values())
    code = _safe_name(language)
    exported = generated_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Shopbot support console: NLU corrections and examples, language {code}.",
        f"# Exported {exported}: {total} example(s), {len(by_intent)} intent(s).",
        f"# Review them, then add them to data/nlu/{code}/ and mark them done in the console.",
        "# Personal data is replaced by placeholders (shopper@example.com, PHONE, CARD, ADDRESS).",
        'version: "3.1"',
        "",
    ]
    if not by_intent:
        lines.append("nlu: []")
        return "\n".join(lines) + "\n"
    lines.append("nlu:")
    for intent in sorted(by_intent):
        understood = ", ".join(
            f"{name} x{count}" for name, count in sorted(sources[intent].items())
        )
        lines.append(f"# the bot understood: {understood}")
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {example}" for example in by_intent[intent])
        lines.append("")
    return "\n".join(lines)
