"""The job of `attune prosody X.wav --pitch-csv p.csv --intensity-csv i.csv`, done by Praat through parselmouth.

    pip install praat-parselmouth      # bundles Praat 6.1.38, the version of ../shared/reference/praat
    python3 scripts/bench/praat_prosody.py X.wav --pitch-csv p.csv --intensity-csv i.csv

Reads the WAV (mixed to mono, as Praat's "Convert to mono"), runs To Pitch (ac) with the parameters of the
reference (../shared/reference/README.md: time step 0.01 s, floor 75 Hz, ceiling 600 Hz, 15 candidates, not
very accurate, silence 0.03, voicing 0.45, octave 0.01, octave-jump 0.35, voiced/unvoiced 0.14) and To Intensity
with Praat's defaults (minimum pitch 100 Hz, automatic time step, mean subtracted), and writes the two frame
tables as attune does: `time,f0_hz` (0 for unvoiced) and `time,db`, numbers in shortest round-trip form.
Prints JSON: the wall seconds of each step and of the whole script (from the start of the interpreter, so
imports count, as a whole attune process counts its start-up).
"""

import argparse
import json
import time

T_START = time.perf_counter()

import parselmouth  # noqa: E402
from parselmouth.praat import call  # noqa: E402


def write_table(path, header, xs, ys):
    with open(path, "w", encoding="ascii") as f:
        f.write(header + "\n")
        f.write("".join(f"{x!r},{y!r}\n" for x, y in zip(xs, ys)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wav")
    ap.add_argument("--pitch-csv", required=True)
    ap.add_argument("--intensity-csv", required=True)
    a = ap.parse_args()
    t = {"import_s": time.perf_counter() - T_START}

    t0 = time.perf_counter()
    snd = parselmouth.Sound(a.wav)
    if snd.n_channels > 1:
        snd = snd.convert_to_mono()
    t["read_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    pitch = call(snd, "To Pitch (ac)", 0.01, 75.0, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600.0)
    t["pitch_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    intensity = snd.to_intensity(minimum_pitch=100.0, subtract_mean=True)
    t["intensity_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    f0 = pitch.selected_array["frequency"]  # 0 where unvoiced
    write_table(a.pitch_csv, "time,f0_hz", pitch.xs().tolist(), f0.tolist())
    write_table(a.intensity_csv, "time,db", intensity.xs().tolist(), intensity.values[0].tolist())
    t["csv_s"] = time.perf_counter() - t0

    t["total_s"] = time.perf_counter() - T_START
    out = {
        "tool": "praat via parselmouth",
        "praat": parselmouth.PRAAT_VERSION,
        "parselmouth": parselmouth.VERSION,
        "audio_s": snd.duration,
        "pitch_frames": pitch.n_frames,
        "intensity_frames": intensity.n_frames,
    }
    out.update({k: round(v, 4) for k, v in t.items()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
