#!/usr/bin/env bash
# Installs what attune's tests need beyond the Rust toolchain: Debian's Chromium (the report is
# checked in a real headless browser) and the browser test's Node packages. Idempotent: skips what
# is already there. Needs root (or sudo) for apt-get; nothing is fetched at attune's run time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x /usr/bin/chromium ]]; then
  echo "setup: installing Debian's chromium (for the browser test)"
  sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null; then
  echo "setup: installing Node.js (for the browser test)"
  sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq nodejs npm >/dev/null
fi
if [[ ! -d "$root/tests/browser/node_modules/playwright-core" ]]; then
  echo "setup: npm ci in tests/browser"
  (cd "$root/tests/browser" && npm ci --no-audit --no-fund --silent)
fi
