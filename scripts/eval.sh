#!/usr/bin/env bash
# `make eval`: every quality benchmark of the understanding layer on the public evaluation
# sets (never shipped; bench/public_sets.py), each with its baseline measured in the same run.
# Each benchmark's output goes to results/eval/<name>.txt; a summary table ends the run.
# `scripts/eval.sh NAME...` runs only those (names below). Hours on 2 cores: the NLU ones
# train a Rasa model per fold.
source "$(dirname "$0")/common.sh"

[[ -n "${SHOPBOT_EVAL_DIR:-}" && -d "${SHOPBOT_EVAL_DIR}" ]] \
  || die "set SHOPBOT_EVAL_DIR to the folder of the public evaluation sets (docs/benchmarks.md)"

# name | environment | command (run from the repository root)
BENCHMARKS=(
  "langid|$VENV|-m bench.langid"
  "sentiment|$VENV|-m bench.sentiment"
  "search|$VENV|-m bench.crosslingual_search --native --split test"
  "crosslingual|$RASA_VENV|-m bench.crosslingual_intents --folds 5 --preload"
  "out_of_scope|$RASA_VENV|bench/out_of_scope.py --xsid-limit 150"
  "hint3|$RASA_VENV|bench/hint3.py"
  "nlu_holdout|$RASA_VENV|bench/nlu_holdout.py --folds 5"
  "seeds|$RASA_VENV|bench/seed_stability.py"
  "opening|$VENV|-m bench.opening_offers --customers 200"
)

"$ROOT/scripts/bootstrap.sh"
OUT="$ROOT/results/eval"
mkdir -p "$OUT"
wanted=" $* "
summary=()
for entry in "${BENCHMARKS[@]}"; do
  IFS='|' read -r name python command <<<"$entry"
  if [[ $# -gt 0 && "$wanted" != *" $name "* ]]; then continue; fi
  say "$name: $python/bin/python $command"
  start=$(date +%s)
  # shellcheck disable=SC2086  # the command's words
  if "$python/bin/python" $command 2>&1 | tee "$OUT/$name.txt"; then status=ok; else status=FAILED; fi
  summary+=("$(printf '%-14s %-7s %6d s   %s' "$name" "$status" $(( $(date +%s) - start )) "results/eval/$name.txt")")
done
say "Summary"
printf '%-14s %-7s %8s   %s\n' benchmark status time output
printf '%s\n' "${summary[@]}"
