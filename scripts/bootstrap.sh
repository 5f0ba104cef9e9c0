#!/usr/bin/env bash
# Creates or updates the two environments, idempotently:
#   .venv       Python 3.11: action server, order database, the `shopbot` command, tests
#   .venv-rasa  Python 3.10: the Rasa server and its custom NLU components (Rasa 3.6 needs <3.11)
# and the web widget's packages (web/node_modules, from web/package-lock.json).
source "$(dirname "$0")/common.sh"

is_python() {  # is_python CANDIDATE VERSION: does CANDIDATE run and report VERSION?
  [[ -n "$1" ]] && "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$2'.split('.'))))" >/dev/null 2>&1
}

find_python() {  # find_python 3.10 PYTHON310
  local version="$1" override="${!2:-}" candidate
  if [[ -n "$override" ]]; then
    is_python "$override" "$version" || die "$2=$override is not a working Python $version"
    echo "$override"; return
  fi
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    # pyenv's shims fail for versions that are installed but not active: use the binaries.
    while IFS= read -r candidate; do candidates+=("$candidate"); done < <(
      ls -d "$(pyenv root)"/versions/"$version".*/bin/python 2>/dev/null | sort -rV)
  fi
  candidates+=("$(command -v "python$version" 2>/dev/null || true)" "/usr/bin/python$version" "/usr/local/bin/python$version")
  for candidate in "${candidates[@]}"; do
    if is_python "$candidate" "$version"; then echo "$candidate"; return; fi
  done
  return 1
}

ensure_venv() {  # ensure_venv DIR VERSION VARNAME STAMP_FILE... -- INSTALL_ARGS...
  # The environment is reinstalled when any STAMP_FILE changes.
  local dir="$1" version="$2" var="$3"; shift 3
  local sources=()
  while [[ "$1" != "--" ]]; do sources+=("$1"); shift; done
  shift
  local stamp="$dir/.shopbot-stamp" wanted
  wanted="$(sha256sum "${sources[@]}" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then return; fi
  local python
  python="$(find_python "$version" "$var")" || die "Python $version is needed for $(basename "$dir") but was not found.
  Install it (for example 'pyenv install $version', or your system's python$version package),
  or point $var at its interpreter: make run $var=/path/to/python$version"
  if [[ ! -x "$dir/bin/python" ]]; then
    say "Creating $(basename "$dir") with $("$python" --version 2>&1)"
    "$python" -m venv "$dir"
  fi
  say "Installing $(basename "$dir") packages (first time: about 2 minutes each on 2 cores, more on a slow network)"
  # (Some pip configurations list local package folders that may not exist: hide that noise.)
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) \
    || die "installing the $(basename "$dir") packages failed (see above)"
  echo "$wanted" > "$stamp"
}

ensure_venv "$VENV" 3.11 PYTHON311 pyproject.toml -- -e ".[dev]"
"$VENV/bin/python" -c "import shopbot, rasa_sdk, sqlalchemy" || die ".venv is incomplete: delete it and run again"
# The Rasa side of this repository (bot/ and what it loads) is installed editable, so the
# server, its tests and the benchmarks import it from any working directory.
ensure_venv "$RASA_VENV" 3.10 PYTHON310 requirements/rasa.txt requirements/rasa-side/pyproject.toml \
  -- -r requirements/rasa.txt -e requirements/rasa-side
(cd / && "$RASA_VENV/bin/python" -c "import rasa, bot") 2>/dev/null || die ".venv-rasa is incomplete: delete it and run again"
"$ROOT/scripts/web_assets.sh"
