"""Language identification: our detector against raw langdetect, on Tatoeba and on chat messages.

Run from the project root::

    .venv/bin/python -m bench.langid
    .venv/bin/python -m bench.langid --tatoeba FILE   # or SHOPBOT_EVAL_DIR (bench/public_sets.py)

Both detectors run in the same process on the same rows: ours
(:class:`knowledge.language.LanguageDetector`, default language sets, no prior) and raw
``langdetect.detect`` (all 55 profiles, ``DetectorFactory.seed = 0``). Figures:

- Tatoeba development split (``lang``, ``text``; CC BY 2.0 FR, see its README): accuracy by
  language and by length bucket (1-2, 3-5, 6+ words; two han/kana characters count as one
  word) on the rows of the eight spoken languages, and separately on the other languages
  (there also the share our detector marks as not spoken). ``held_out`` repeats the spoken
  figures on rows 101-300 of each language (rows 1-100 per language were the only Tatoeba
  rows looked at while tuning).
- The project's own chat messages (``bench/data/langid_chat.tsv``).
- The conversation prior on the chat messages of 1-2 words: ``detect(text)`` against
  ``detect(text, prior=true language)`` and, on non-English rows, ``prior="en"`` (a wrong
  prior).

Progress goes to stderr; the summary table and then one JSON line go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

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

__all__ = ["main", "prior_gain", "raw_langdetect"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CHAT = PROJECT_ROOT / "bench" / "data" / "langid_chat.tsv"
DEFAULT_TATOEBA = public_set("tatoeba_langid_dev.tsv")
TUNING_ROWS_PER_LANGUAGE = 100


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


def _timed(predict: Callable[[str], str], timings: list[float]) -> Callable[[str], str]:
    def run(text: str) -> str:
        started = time.perf_counter()
        answer = predict(text)
        timings.append(time.perf_counter() - started)
        return answer

    return run


def _with_progress(
    predict: Callable[[str], str], progress: Progress, label: str, total: int
) -> Callable[[str], str]:
    task = progress.add_task(label, total=total)

    def run(text: str) -> str:
        answer = predict(text)
        progress.advance(task)
        return answer

    return run


def prior_gain(detector: LanguageDetector, rows: Sequence[LabelledText]) -> dict[str, Any]:
    """Accuracy on 1-2-word rows: no prior, the true language as prior, ``"en"`` as prior."""
    short = [row for row in rows if length_bucket(row.text) == "1-2"]
    non_en = [row for row in short if row.lang != "en"]

    def accuracy(
        subset: Sequence[LabelledText], prior: Callable[[LabelledText], str | None]
    ) -> float | None:
        if not subset:
            return None
        hits = sum(
            detector.detect(row.text, prior=prior(row)).language == row.lang for row in subset
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


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _pct(value: object) -> str:
    return f"{value * 100:.1f}" if isinstance(value, float) else "-"


def summary_table(results: dict[str, dict[str, Any]]) -> Table:
    """One row per (data set, detector): overall and per length bucket, in %."""
    table = Table(title="Language identification accuracy (%)")
    for name in ("data", "detector", "overall", "n", "1-2", "3-5", "6+"):
        table.add_column(name, justify="left" if name in ("data", "detector") else "right")
    for data_name, by_detector in results.items():
        for detector_name, report in by_detector.items():
            lengths = report["by_length"]
            table.add_row(
                data_name,
                detector_name,
                _pct(report["overall"]["accuracy"]),
                str(report["overall"]["n"]),
                *(_pct(lengths[bucket]["accuracy"]) for bucket in ("1-2", "3-5", "6+")),
            )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tatoeba", type=Path, default=DEFAULT_TATOEBA)
    parser.add_argument("--chat", type=Path, default=DEFAULT_CHAT)
    args = parser.parse_args(argv)

    chat = read_langid_file(args.chat)
    tatoeba = read_langid_file(args.tatoeba) if args.tatoeba and args.tatoeba.exists() else []
    spoken = [row for row in tatoeba if row.lang in SPOKEN_LANGUAGES]
    others = [row for row in tatoeba if row.lang not in SPOKEN_LANGUAGES]
    seen: dict[str, int] = {}
    held_out = []
    for row in spoken:
        seen[row.lang] = seen.get(row.lang, 0) + 1
        if seen[row.lang] > TUNING_ROWS_PER_LANGUAGE:
            held_out.append(row)

    detector = LanguageDetector()
    started = time.perf_counter()
    load_started = time.perf_counter()
    detector.detect("warm up the profiles")
    load_seconds = time.perf_counter() - load_started
    raw = raw_langdetect()
    raw("warm up")
    ours_timings: list[float] = []
    raw_timings: list[float] = []
    ours = _timed(lambda text: detector.detect(text).language, ours_timings)
    theirs = _timed(raw, raw_timings)

    data_sets = {"tatoeba-spoken": spoken, "tatoeba-held-out": held_out,
                 "tatoeba-other": others, "chat": chat}  # fmt: skip
    results: dict[str, dict[str, Any]] = {}
    stderr = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=stderr, transient=False,
    ) as progress:  # fmt: skip
        for name, rows in data_sets.items():
            if not rows:
                continue
            results[name] = {
                "ours": evaluate_langid(
                    _with_progress(ours, progress, f"{name} ours", len(rows)), rows
                ),
                "langdetect": evaluate_langid(
                    _with_progress(theirs, progress, f"{name} langdetect", len(rows)), rows
                ),
            }
        gain = prior_gain(detector, chat)
    not_spoken = (
        round(sum(not detector.detect(row.text).spoken for row in others) / len(others), 4)
        if others else None
    )  # fmt: skip

    Console(file=sys.stdout, width=120).print(summary_table(results))
    prior_table = Table(title="Conversation prior, chat messages of 1-2 words (accuracy %)")
    for name in (
        "rows",
        "no prior",
        "prior = true language",
        "non-en rows",
        "no prior",
        "prior = en",
    ):
        prior_table.add_column(name, justify="right")
    prior_table.add_row(
        str(gain["n"]), _pct(gain["no_prior"]), _pct(gain["prior_true"]), str(gain["non_en_n"]),
        _pct(gain["non_en_no_prior"]), _pct(gain["non_en_prior_en"]),
    )  # fmt: skip
    Console(file=sys.stdout, width=120).print(prior_table)

    def per_call(timings: list[float]) -> float:
        return round(sum(timings) / len(timings) * 1000, 3) if timings else 0.0

    print(
        json.dumps(
            {
                "benchmark": "langid",
                "files": {
                    "tatoeba": str(args.tatoeba) if tatoeba else None,
                    "chat": str(args.chat),
                },
                "spoken_languages": list(SPOKEN_LANGUAGES),
                "results": results,
                "tatoeba_other_marked_not_spoken": not_spoken,
                "prior_on_short_chat": gain,
                "ms_per_message": {
                    "ours": per_call(ours_timings),
                    "langdetect": per_call(raw_timings),
                },
                "profile_load_seconds": round(load_seconds, 2),
                "seconds": round(time.perf_counter() - started, 1),
                "machine": _machine(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
