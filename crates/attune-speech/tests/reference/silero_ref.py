"""Reference voice activity for attune-speech's Silero parity test, from faster-whisper 1.2.1 (its
silero_vad_v6.onnx run by onnxruntime, and its get_speech_timestamps with default options) on two signals
built from tests/audio/dialogue-stereo.flac: the mono mix ((left + right) / 2 of the 16-bit samples as
float32), and the same with 3 s of zeros before it and 4 s of zeros inserted at its middle sample.

usage: PY -m pip install faster-whisper==1.2.1 soundfile; PY silero_ref.py ROOT > silero.fw.json
"""
import json, sys
import numpy as np, soundfile as sf
from faster_whisper.vad import get_speech_timestamps, get_vad_model

root = sys.argv[1] if len(sys.argv) > 1 else "."
x, sr = sf.read(f"{root}/tests/audio/dialogue-stereo.flac", dtype="int16")
assert sr == 16000
mono = ((x[:, 0].astype(np.float32) / 32768.0) + (x[:, 1].astype(np.float32) / 32768.0)) / 2.0
half = len(mono) // 2
gapped = np.concatenate([np.zeros(3 * sr, np.float32), mono[:half], np.zeros(4 * sr, np.float32), mono[half:]])
out = {"faster_whisper": "1.2.1", "model": "silero_vad_v6.onnx", "signals": {}}
for name, a in (("mono", mono), ("gapped", gapped)):
    padded = np.pad(a, (0, 512 - a.shape[0] % 512))
    probs = get_vad_model()(padded)
    out["signals"][name] = {
        "samples": int(len(a)),
        "probs": [float(p) for p in np.asarray(probs).reshape(-1)],
        "speech": [[int(s["start"]), int(s["end"])] for s in get_speech_timestamps(a)],
        "speech_min_silence_500": [[int(s["start"]), int(s["end"])] for s in get_speech_timestamps(a, min_silence_duration_ms=500)],
    }
json.dump(out, sys.stdout)
