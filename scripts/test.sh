#!/usr/bin/env bash
# Sets up .venv if needed, then runs the whole test suite once per backend
# (TensorFlow, JAX, torch), each in its own process.
# Extra arguments go to pytest, e.g. scripts/test.sh -k dcgan
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/test_matrix.py "$@"
