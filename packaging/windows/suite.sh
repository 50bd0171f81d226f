#!/usr/bin/env bash
# The whole test suite on Windows, under Wine: packaging/windows/suite.sh [pytest args]
# Tests that cannot apply on Windows skip with their reason (-rs lists them); the last
# result is in the README. About half an hour on two cores; not part of CI (check.sh is).
set -euo pipefail
source "$(dirname "$0")/common.sh"
"$ROOT/packaging/windows/setup.sh"
step "pytest under Wine"
cd "$ROOT"
# The Windows TEMP of the prefix holds pytest's folders; Hypothesis keeps its examples
# out of the checkout.
winpy -m pytest -p no:cacheprovider -rfEs -o 'addopts=-q --import-mode=importlib' "$@" \
  | tee "$WIN_HOME/suite.txt"
