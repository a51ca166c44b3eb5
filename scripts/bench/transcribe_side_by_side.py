"""attune transcribe side by side with faster-whisper on the same recording, same weights, same settings.

Builds a MINUTES-long mono recording of our own sentences (the spoken-register turns of eval/vignettes.jsonl, in
file order, about 5 minutes of them, repeated as often as MINUTES needs) spoken by espeak-ng in two alternating
voices with 0.6 s between turns, then times,
whole process, `attune transcribe REC --no-vad --beam B` and faster-whisper
(beam B, temperature fallback, no VAD, word timestamps on, 2 CPU threads) and reports wall time, real-time
factor, peak RSS and the ratio, and the word error rate of each against the repeated truth.

With --as-user, attune runs as a user would run it (Silero VAD on, the mono recording diarized by CAM++) rather
than in faster-whisper's settings; with --attune-only, faster-whisper is not run (e.g. to see attune's peak memory
at several lengths: it should not grow with the recording).

usage: python3 scripts/bench/transcribe_side_by_side.py --python PY [--minutes 10] [--beam 5] [--model models/whisper-base]
       [--as-user] [--attune-only]
(PY: a Python with faster-whisper==1.2.1; needs espeak-ng and /usr/bin/time)
"""
import argparse, json, os, re, subprocess, sys, tempfile, time, wave
import array

ap = argparse.ArgumentParser()
ap.add_argument("--python")
ap.add_argument("--voices", choices=["espeak", "flite"], default="espeak",
                help="espeak-ng's en-us / en-gb+f3, or flite's rms / slt (voices trained on two real speakers)")
ap.add_argument("--as-user", action="store_true", help="attune with voice activity and diarization on")
ap.add_argument("--attune-only", action="store_true", help="do not run faster-whisper")
ap.add_argument("--minutes", type=float, default=10.0)
ap.add_argument("--beam", type=int, default=5)
ap.add_argument("--attune", default="target/release/attune")
ap.add_argument("--model", default="models/whisper-tiny.en", help="the model folder both use")
a = ap.parse_args()
if not a.attune_only and not a.python:
    sys.exit("--python PY (with faster-whisper) is needed unless --attune-only")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FW = r'''
import sys, time, resource
from faster_whisper import WhisperModel
m = WhisperModel(sys.argv[1], device="cpu", compute_type="float32", cpu_threads=2)
segs, _ = m.transcribe(sys.argv[2], beam_size=int(sys.argv[3]), language="en", vad_filter=False, word_timestamps=True)
text = " ".join(s.text for s in segs)
open(sys.argv[4], "w").write(text)
'''

def words(s):
    return [w for w in re.split(r"[^a-z0-9']+", s.lower()) if w]

def wer(t, h):
    d = list(range(len(h) + 1))
    for i, tw in enumerate(t):
        prev, d[0] = d[0], i + 1
        for j, hw in enumerate(h):
            cur = d[j + 1]
            d[j + 1] = min(prev + (tw != hw), d[j] + 1, cur + 1)
            prev = cur
    return d[len(h)] / max(1, len(t))

def timed(cmd):
    t = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return time.time() - t, int(p.stderr.strip().splitlines()[-1]) / 1024

with tempfile.TemporaryDirectory() as tmp:
    texts, seen = [], set()
    for line in open(os.path.join(root, "eval/vignettes.jsonl")):
        v = json.loads(line)
        if v["register"] != "spoken":
            continue
        for t in [c["text"] for c in v["context"]] + [v["response"]]:
            if t not in seen:
                seen.add(t)
                texts.append(t)
    rec = os.path.join(tmp, "rec.wav")
    o = wave.open(rec, "wb"); o.setnchannels(1); o.setsampwidth(2); o.setframerate(16000)
    n, spoken, gap = 0, [], array.array("h", [0] * int(0.6 * 16000))
    voiced = {}
    i = 0
    while n < a.minutes * 60 * 16000:
        k = i % len(texts)
        t = texts[k]
        if k not in voiced:
            f = os.path.join(tmp, "l.wav")
            if a.voices == "flite":
                subprocess.run(["flite", "-voice", ["rms", "slt"][k % 2], "-t", t, "-o", f], check=True)
            else:
                subprocess.run(["espeak-ng", "-v", ["en-us", "en-gb+f3"][k % 2], "-s", "150", "-w", f, t], check=True)
            w = wave.open(f)
            sr, raw = w.getframerate(), array.array("h", w.readframes(w.getnframes()))
            m = int(len(raw) * 16000 / sr)
            voiced[k] = array.array("h", [raw[min(int(j * sr / 16000), len(raw) - 1)] for j in range(m)]).tobytes()
        o.writeframes(voiced[k])
        o.writeframes(gap.tobytes())
        n += len(voiced[k]) // 2 + len(gap)
        spoken.append(t)
        i += 1
    o.close()
    dur = n / 16000
    truth = words(" ".join(spoken))
    out_a = os.path.join(tmp, "a.whisper.json")
    model = os.path.join(root, a.model)
    settings = [] if a.as_user else ["--no-vad"]
    ta, ma = timed([a.attune, "transcribe", rec, *settings, "--beam", str(a.beam), "--model", model, "-o", out_a, "--quiet"])
    hyp_a = words(" ".join(s["text"] for s in json.load(open(out_a))["segments"]))
    res_a = {"wall_s": round(ta, 2), "rtf": round(ta / dur, 4), "peak_rss_mib": round(ma, 1), "wer": round(wer(truth, hyp_a), 4),
             "settings": "voice activity + diarization (as a user runs it)" if a.as_user else "no VAD (faster-whisper's settings)"}
    if a.attune_only:
        print(json.dumps({"audio_s": round(dur, 1), "voices": a.voices, "beam": a.beam, "model": os.path.basename(model.rstrip("/")), "attune": res_a}, indent=1))
        sys.exit(0)
    fw_py = os.path.join(tmp, "fw.py"); open(fw_py, "w").write(FW)
    out_f = os.path.join(tmp, "f.txt")
    tf, mf = timed([a.python, fw_py, model, rec, str(a.beam), out_f])
    hyp_f = words(open(out_f).read())
    print(json.dumps({"audio_s": round(dur, 1), "voices": a.voices, "beam": a.beam, "model": os.path.basename(model.rstrip("/")),
                      "attune": res_a,
                      "faster_whisper": {"wall_s": round(tf, 2), "rtf": round(tf / dur, 4), "peak_rss_mib": round(mf, 1), "wer": round(wer(truth, hyp_f), 4)},
                      "attune_speedup": round(tf / ta, 2)}, indent=1))
