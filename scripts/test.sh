#!/usr/bin/env bash
# The test command of the README: installs what the tests need (scripts/setup.sh), then runs every
# test of the workspace in release mode (one build serves the tests, the benchmarks and the demo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
# The accurate tier's tests must not skip quietly when the encoder is missing.
export ATTUNE_REQUIRE_MINILM=1
# Likewise the speech-to-text tests and the Whisper model.
export ATTUNE_REQUIRE_WHISPER=1
# Property tests: in CI every run draws the same cases (proptest 1.x reads PROPTEST_RNG_SEED into
# every test's config, explicit `proptest_config` blocks included), so a red build is
# reproducible; locally each run explores new random cases (set PROPTEST_RNG_SEED to pin one).
if [[ -n "${CI:-}" ]]; then
  export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20240601}"
fi
cargo test --release --workspace
# The Python package (maturin wheel from this tree, pytest incl. doctests and the local Spark test). Its API
# tests compare with the CLI: target/release/attune, which the workspace tests above built (building it again
# with `cargo build -p attune-cli` would resolve features differently and recompile the dependency tree).
bash scripts/test-python.sh
