#!/usr/bin/env bash
# Creates or updates the two environments, idempotently:
#   .venv       Python 3.11: action server, order database, the `shopbot` command, tests
#   .venv-rasa  Python 3.10: the Rasa server and its custom NLU components (Rasa 3.6 needs <3.11)
source "$(dirname "$0")/common.sh"

find_python() {  # find_python 3.10 PYTHON310
  local version="$1" override="${!2:-}"
  if [[ -n "$override" ]]; then echo "$override"; return; fi
  if command -v "python$version" >/dev/null 2>&1; then command -v "python$version"; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    local candidate
    candidate="$(ls -d "$(pyenv root)"/versions/"$version".*/bin/python 2>/dev/null | sort -V | tail -n 1)"
    if [[ -n "$candidate" ]]; then echo "$candidate"; return; fi
  fi
  for candidate in /usr/bin/python"$version" /usr/local/bin/python"$version"; do
    [[ -x "$candidate" ]] && { echo "$candidate"; return; }
  done
  return 1
}

ensure_venv() {  # ensure_venv DIR VERSION VARNAME STAMP_SOURCE INSTALL_ARGS...
  local dir="$1" version="$2" var="$3" source_file="$4"; shift 4
  local stamp="$dir/.shopbot-stamp" wanted
  wanted="$(sha256sum "$source_file" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then return; fi
  local python
  python="$(find_python "$version" "$var")" || die "Python $version is needed for $(basename "$dir") but was not found.
  Install it (for example 'pyenv install $version', or your system's python$version package),
  or point $var at its interpreter: make run $var=/path/to/python$version"
  "$python" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$version'.split('.'))), sys.version" \
    || die "$var=$python is not Python $version"
  if [[ ! -x "$dir/bin/python" ]]; then
    say "Creating $(basename "$dir") with $("$python" --version 2>&1)"
    "$python" -m venv "$dir"
  fi
  say "Installing $(basename "$dir") packages (first time: a few minutes)"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" >&2 || true
  "$dir/bin/python" -c "import sys" && echo "$wanted" > "$stamp"
}

ensure_venv "$VENV" 3.11 PYTHON311 pyproject.toml -e ".[dev]"
"$VENV/bin/python" -c "import shopbot, rasa_sdk, sqlalchemy" || die ".venv is incomplete: delete it and run again"
ensure_venv "$RASA_VENV" 3.10 PYTHON310 requirements/rasa.txt -r requirements/rasa.txt
"$RASA_VENV/bin/python" -c "import rasa" 2>/dev/null || die ".venv-rasa is incomplete: delete it and run again"
