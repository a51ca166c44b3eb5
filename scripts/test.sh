#!/usr/bin/env bash
# The test command of the README: installs what the tests need (scripts/setup.sh), then runs every
# test of the workspace in release mode (one build serves the tests, the benchmarks and the demo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
# The accurate tier's tests must not skip quietly when the encoder is missing.
export ATTUNE_REQUIRE_MINILM=1
cargo test --release --workspace
