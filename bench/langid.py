"""Language identification: today's detector, an earlier commit's and raw langdetect, one run.

Run from the project root::

    .venv/bin/python -m bench.langid
    .venv/bin/python -m bench.langid --tatoeba FILE   # or SHOPBOT_EVAL_DIR (bench/public_sets.py)
    .venv/bin/python -m bench.langid --baseline-rev 3502670 --per-language 200

Three detectors run in the same process on the same rows: ours
(:class:`knowledge.language.LanguageDetector`, default language sets, no prior), the same
class as it was at ``--baseline-rev`` (:mod:`bench.langid_baseline`: the commit's own files,
imported beside today's) and raw ``langdetect.detect`` (all 55 profiles,
``DetectorFactory.seed = 0``). Data:

- Tatoeba development split (``lang``, ``text``; CC BY 2.0 FR, see its README), 300
  sentences in each of en es fr de it pt nl zh ja ru tr pl ar ko: the sentences, and single
  words and word pairs cut from them (:mod:`knowledge.language.short_texts`: shared words
  such as names left out, two characters per "word" in Chinese and Japanese, at most
  ``--per-language`` distinct words or pairs per language, seeded). Rows 1-100 of each
  language are the tuning rows (the only rows whose errors were read); ``held-out`` is cut
  from rows 101-300 without any word or pair of the tuning rows, ``tuning`` from rows 1-100.
- The project's own chat messages (``bench/data/langid_chat.tsv``).
- The conversation prior on the chat messages of 1-2 words (ours only).

For every set and detector: accuracy overall, on the Latin-script languages (en es fr de it
pt nl pl tr, where short text is hard), by language and by length, the share of
the rows of the languages the bot does not speak that were claimed for a spoken one, and the
milliseconds per message. Progress goes to stderr; tables and then one JSON line to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bench.langid_baseline import BASELINE_REVISION, baseline_detector
from bench.public_sets import public_set
from knowledge.language import (
    SPOKEN_LANGUAGES,
    LabelledText,
    LanguageDetector,
    evaluate_langid,
    length_bucket,
    read_langid_file,
)
from knowledge.language.languages import normalise_code
from knowledge.language.short_texts import shared_words, short_texts

__all__ = [
    "data_sets",
    "latin_accuracy",
    "main",
    "prior_gain",
    "raw_langdetect",
    "spoken_claims",
]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CHAT = PROJECT_ROOT / "bench" / "data" / "langid_chat.tsv"
DEFAULT_TATOEBA = public_set("tatoeba_langid_dev.tsv")
TUNING_ROWS_PER_LANGUAGE = 100
DETECTORS = ("ours", "before", "langdetect")
LATIN_SCRIPT = frozenset({"en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr"})
"""The Tatoeba languages written in Latin script (where short text is hard)."""


def raw_langdetect() -> Callable[[str], str]:
    """``langdetect.detect`` as shipped (seed 0, every profile); ``"und"`` on its errors."""
    import langdetect
    from langdetect.lang_detect_exception import LangDetectException

    langdetect.DetectorFactory.seed = 0

    def predict(text: str) -> str:
        try:
            return normalise_code(langdetect.detect(text))
        except LangDetectException:
            return "und"

    return predict


def prior_gain(detector: Any, rows: Sequence[LabelledText]) -> dict[str, Any]:
    """Accuracy on 1-2-word rows: no prior, the true language as prior, ``"en"`` as prior."""
    short = [row for row in rows if length_bucket(row.text) == "1-2"]
    non_en = [row for row in short if row.lang != "en"]

    def accuracy(
        subset: Sequence[LabelledText], prior: Callable[[LabelledText], str | None]
    ) -> float | None:
        if not subset:
            return None
        hits: int = sum(
            bool(detector.detect(row.text, prior=prior(row)).language == row.lang) for row in subset
        )
        return round(hits / len(subset), 4)

    return {
        "n": len(short),
        "no_prior": accuracy(short, lambda row: None),
        "prior_true": accuracy(short, lambda row: row.lang),
        "non_en_n": len(non_en),
        "non_en_no_prior": accuracy(non_en, lambda row: None),
        "non_en_prior_en": accuracy(non_en, lambda row: "en"),
    }


def latin_accuracy(report: dict[str, Any]) -> dict[str, Any]:
    """Accuracy over the Latin-script languages of a report (a row-weighted mean)."""
    parts = [figures for lang, figures in report["by_language"].items() if lang in LATIN_SCRIPT]
    n = sum(figures["n"] for figures in parts)
    hits = sum(round(figures["accuracy"] * figures["n"]) for figures in parts if figures["n"])
    return {"accuracy": round(hits / n, 4) if n else None, "n": n}


def spoken_claims(predict: Callable[[str], str], rows: Sequence[LabelledText]) -> float | None:
    """Share of the rows of languages the bot does not speak answered with a spoken one."""
    others = [row for row in rows if row.lang not in SPOKEN_LANGUAGES]
    if not others:
        return None
    claimed = sum(predict(row.text) in SPOKEN_LANGUAGES for row in others)
    return round(claimed / len(others), 4)


def _split(rows: Sequence[LabelledText]) -> tuple[list[LabelledText], list[LabelledText]]:
    """(tuning rows: the first 100 of each language, the other rows)."""
    seen: Counter[str] = Counter()
    tuning: list[LabelledText] = []
    rest: list[LabelledText] = []
    for row in rows:
        seen[row.lang] += 1
        (tuning if seen[row.lang] <= TUNING_ROWS_PER_LANGUAGE else rest).append(row)
    return tuning, rest


def data_sets(
    tatoeba: Sequence[LabelledText], chat: Sequence[LabelledText], per_language: int
) -> dict[str, list[LabelledText]]:
    """The named row sets of the benchmark (Tatoeba ones only when Tatoeba is given)."""
    sets: dict[str, list[LabelledText]] = {}
    if tatoeba:
        shared = shared_words(tatoeba)
        tuning, rest = _split(tatoeba)
        held_out = short_texts(rest, shared, per_language=per_language, exclude=tuning)
        tuned = short_texts(tuning, shared, per_language=per_language)
        sets["words held-out"] = held_out.words
        sets["pairs held-out"] = held_out.pairs
        sets["sentences held-out"] = rest
        sets["words tuning"] = tuned.words
        sets["pairs tuning"] = tuned.pairs
        sets["sentences tuning"] = tuning
    sets["chat"] = list(chat)
    return sets


class _Cached:
    """A detector's answer per distinct text, with the time each first answer took."""

    def __init__(self, predict: Callable[[str], str]) -> None:
        self.predict = predict
        self.answers: dict[str, str] = {}
        self.seconds: dict[str, float] = {}

    def __call__(self, text: str) -> str:
        if text not in self.answers:
            started = time.perf_counter()
            self.answers[text] = self.predict(text)
            self.seconds[text] = time.perf_counter() - started
        return self.answers[text]

    def ms_per_message(self, rows: Sequence[LabelledText]) -> float:
        texts = {row.text for row in rows}
        return round(sum(self.seconds[text] for text in texts) / len(texts) * 1000, 3)


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _pct(value: object) -> str:
    return f"{value * 100:.1f}" if isinstance(value, float) else "-"


def summary_table(results: dict[str, dict[str, Any]]) -> Table:
    """One row per (data set, detector): overall, per language, claims and speed."""
    languages = sorted(
        {lang for report in results.values() for lang in report["ours"]["by_language"]}
    )
    table = Table(title="Language identification accuracy (%)")
    for name in ("data", "detector", "all", "n", "Latin", *languages, "claim", "ms"):
        table.add_column(name, justify="left" if name in ("data", "detector") else "right")
    for data_name, by_detector in results.items():
        for detector_name in DETECTORS:
            report = by_detector[detector_name]
            table.add_row(
                data_name,
                detector_name,
                _pct(report["overall"]["accuracy"]),
                str(report["overall"]["n"]),
                _pct(report["latin_script"]["accuracy"]),
                *(_pct(report["by_language"].get(lang, {}).get("accuracy")) for lang in languages),
                _pct(report["spoken_claimed_for_other"]),
                f"{report['ms_per_message']:.2f}",
            )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tatoeba", type=Path, default=DEFAULT_TATOEBA)
    parser.add_argument("--chat", type=Path, default=DEFAULT_CHAT)
    parser.add_argument("--baseline-rev", default=BASELINE_REVISION)
    parser.add_argument("--per-language", type=int, default=200)
    args = parser.parse_args(argv)

    chat = read_langid_file(args.chat)
    tatoeba = read_langid_file(args.tatoeba) if args.tatoeba and args.tatoeba.exists() else []
    sets = data_sets(tatoeba, chat, args.per_language)

    started = time.perf_counter()
    ours_detector = LanguageDetector()
    before_detector = baseline_detector(args.baseline_rev)
    load_seconds: dict[str, float] = {}
    for name, warm in (("ours", ours_detector), ("before", before_detector)):
        load_started = time.perf_counter()
        warm.detect("warm up the profiles")
        warm.detect("Привет")
        load_seconds[name] = round(time.perf_counter() - load_started, 2)
    raw = raw_langdetect()
    raw("warm up")
    predictors = {
        "ours": _Cached(lambda text: ours_detector.detect(text).language),
        "before": _Cached(lambda text: before_detector.detect(text).language),
        "langdetect": _Cached(raw),
    }

    results: dict[str, dict[str, Any]] = {}
    stderr = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=stderr, transient=False,
    ) as progress:  # fmt: skip
        for name, rows in sets.items():
            results[name] = {}
            for detector_name, predict in predictors.items():
                task = progress.add_task(f"{name}: {detector_name}", total=len(rows))

                def run(text: str, predict: _Cached = predict, task: Any = task) -> str:
                    answer = predict(text)
                    progress.advance(task)
                    return answer

                report = evaluate_langid(run, rows)
                report["latin_script"] = latin_accuracy(report)
                report["spoken_claimed_for_other"] = spoken_claims(predict, rows)
                report["ms_per_message"] = predict.ms_per_message(rows)
                results[name][detector_name] = report
        gain = {
            "ours": prior_gain(ours_detector, chat),
            "before": prior_gain(before_detector, chat),
        }

    console = Console(file=sys.stdout, width=200)
    console.print(summary_table(results))
    prior_table = Table(title="Conversation prior, chat messages of 1-2 words (accuracy %)")
    for name in ("detector", "rows", "no prior", "prior = true", "non-en rows", "no prior",
                 "prior = en"):  # fmt: skip
        prior_table.add_column(name, justify="right")
    for name, figures in gain.items():
        prior_table.add_row(
            name, str(figures["n"]), _pct(figures["no_prior"]), _pct(figures["prior_true"]),
            str(figures["non_en_n"]), _pct(figures["non_en_no_prior"]),
            _pct(figures["non_en_prior_en"]),
        )  # fmt: skip
    console.print(prior_table)
    print(
        json.dumps(
            {
                "benchmark": "langid",
                "files": {
                    "tatoeba": str(args.tatoeba) if tatoeba else None,
                    "chat": str(args.chat),
                },
                "baseline_revision": args.baseline_rev,
                "per_language": args.per_language,
                "spoken_languages": list(SPOKEN_LANGUAGES),
                "results": results,
                "prior_on_short_chat": gain,
                "load_seconds": load_seconds,
                "seconds": round(time.perf_counter() - started, 1),
                "machine": _machine(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
