#!/usr/bin/env bash
# The Python package's tests (run by scripts/test.sh after the Rust tests, sharing target/): builds the
# wheel with maturin from this tree, installs it into .venv-py, and runs pytest: the API against the
# CLI, the doctests of the package, the type stubs (mypy stubtest), and the local Spark test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv-py"
if [[ ! -x "$venv/bin/maturin" ]]; then
  echo "test-python: .venv-py is missing; run bash scripts/setup.sh first" >&2
  exit 2
fi
t0=$(date +%s)
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet -m crates/attune-py/Cargo.toml -o target/wheels
wheel=$(ls target/wheels/attune-*.whl)
echo "test-python: built $(basename "$wheel") ($(du -m "$wheel" | cut -f1) MiB) in $(( $(date +%s) - t0 )) s"
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps "$wheel"
export ATTUNE_BIN="$root/target/release/attune"
export ATTUNE_REQUIRE_SPARK=1
cd crates/attune-py
# The doctests run on the installed package (--pyargs), the tests from tests/.
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests --doctest-modules --pyargs attune
