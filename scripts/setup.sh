#!/usr/bin/env bash
# Creates .venv (Python 3.11+) with keras_gans and all three backends.
# Safe to run again: it only reinstalls when the requirements changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "keras_gans needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.keras_gans-installed
want=$(cat pyproject.toml requirements/pinned.txt | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # torch is pinned: an unpinned torch pulls a multi-GB CUDA build.
  .venv/bin/python -m pip install -q -r requirements/pinned.txt -e '.[test]'
  echo "$want" > "$stamp"
fi
