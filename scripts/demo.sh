#!/usr/bin/env bash
# Sets up .venv if needed, then trains the default DCGAN on the embedded
# scikit-learn digits and writes sample grids to runs/dcgan-digits.
# KERAS_BACKEND picks the backend (default: tensorflow).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export KERAS_BACKEND=${KERAS_BACKEND:-tensorflow}
out=${1:-runs/dcgan-digits-$KERAS_BACKEND}
exec .venv/bin/keras-gans train dcgan --dataset digits --out "$out" --overwrite
