#!/usr/bin/env bash
# Renders the demo report with the release binary and checks it in a real headless Chromium.
#
#   tests/browser/run.sh            # builds target/release/attune (or $CARGO_TARGET_DIR) first
#   ATTUNE_BIN=path/to/attune tests/browser/run.sh   # use this binary, build nothing
#
# Needs: Debian's chromium (/usr/bin/chromium or $CHROMIUM), node >= 18, and `npm ci` run in tests/browser.
# Writes the report, a screenshot and a PDF to $ATTUNE_BROWSER_OUT (default: a temporary directory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "browser test: Chromium not found at $chromium — install it: apt-get update && apt-get install -y chromium" >&2
  exit 3
fi
if ! command -v node >/dev/null; then
  echo "browser test: node not found — install Node.js 18 or newer" >&2
  exit 3
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  echo "browser test: tests/browser/node_modules is missing — run: (cd tests/browser && npm ci)" >&2
  exit 3
fi

if [[ -z "${ATTUNE_BIN:-}" ]]; then
  (cd "$root" && cargo build --release --quiet -p attune-cli)
  ATTUNE_BIN="${CARGO_TARGET_DIR:-$root/target}/release/attune"
fi

out="${ATTUNE_BROWSER_OUT:-$(mktemp -d)}"
mkdir -p "$out"
(cd "$out" && "$ATTUNE_BIN" demo -o demo-report.html --quiet)
CHROMIUM="$chromium" node "$here/check-report.mjs" "$out/demo-report.html" --screenshot "$out/demo-report.png" --pdf "$out/demo-report.pdf"
echo "browser test: report, screenshot and PDF in $out"
