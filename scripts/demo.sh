#!/usr/bin/env bash
# Sets up .venv if needed, then trains the default DCGAN on the embedded
# scikit-learn digits and writes sample grids to runs/dcgan-digits.
# KERAS_BACKEND picks the backend (default: tensorflow); extra arguments go
# to `keras-gans train dcgan` (e.g. --epochs 10).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KERAS_BACKEND=${KERAS_BACKEND:-tensorflow}
exec .venv/bin/keras-gans train dcgan --dataset digits \
  --out "runs/dcgan-digits-$KERAS_BACKEND" --overwrite "$@"
