"""Whole-process timing, side by side: `attune prosody` against Praat via parselmouth (praat_prosody.py), both
writing the pitch and intensity frame tables of the same hour of speech.

    cargo build --release -p attune-cli
    python3 scripts/bench/prosody_side_by_side.py [--wav /tmp/hour.wav] [--rounds 5] [--python PY] \
        [--attune target/release/attune] [--also OTHER_ATTUNE_BINARY]

Without --wav (or when the file is missing) it first builds the hour from
../shared/reference/praat/dialogue_mono.wav (repeated to 60 min, 22,050 Hz mono 16-bit; stdlib `wave` only) at
/tmp/attune-bench-hour.wav, outside the repository. The tools run alternately, --rounds times each, every run a
fresh process; for each: wall seconds (min and median) and CPU seconds of the child (user + system). The
machine is shared, so the minimum is the figure least disturbed by others. Prints a table and, with --json,
one JSON object.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
REF = os.path.normpath(os.path.join(ROOT, "..", "shared", "reference", "praat", "dialogue_mono.wav"))


def make_hour(out, src=REF, minutes=60):
    with wave.open(src, "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050), "expected 22.05 kHz mono 16-bit"
        data = w.readframes(w.getnframes())
    need = minutes * 60 * 22050 * 2
    body = (data * (need // len(data) + 1))[:need]
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(body)


def timed(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wav", default="/tmp/attune-bench-hour.wav")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--attune", default=os.path.join(ROOT, "target", "release", "attune"))
    ap.add_argument("--also", action="append", default=[], help="another attune binary to time (e.g. a build before a change)")
    ap.add_argument("--python", default=sys.executable, help="the interpreter that has parselmouth")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(a.wav):
        make_hour(a.wav)
    out = tempfile.mkdtemp(prefix="attune-prosody-bench-")
    p_csv, i_csv = os.path.join(out, "p.csv"), os.path.join(out, "i.csv")
    tools = {"attune": [a.attune, "prosody", a.wav, "--pitch-csv", p_csv, "--intensity-csv", i_csv]}
    for k, b in enumerate(a.also):
        tools[f"attune ({b})" if len(a.also) > 1 else f"attune-other ({b})"] = [b, "prosody", a.wav, "--pitch-csv", p_csv, "--intensity-csv", i_csv]
    tools["praat (parselmouth)"] = [a.python, os.path.join(HERE, "praat_prosody.py"), a.wav, "--pitch-csv", p_csv, "--intensity-csv", i_csv]
    res = {k: {"wall": [], "cpu": []} for k in tools}
    praat_steps = None
    for _ in range(a.rounds):
        for k, cmd in tools.items():
            wall, cpu, stdout = timed(cmd)
            res[k]["wall"].append(wall)
            res[k]["cpu"].append(cpu)
            if k.startswith("praat"):
                praat_steps = json.loads(stdout.strip().splitlines()[-1])
    summary = {}
    for k, v in res.items():
        summary[k] = {
            "wall_min_s": round(min(v["wall"]), 3),
            "wall_median_s": round(statistics.median(v["wall"]), 3),
            "cpu_median_s": round(statistics.median(v["cpu"]), 3),
            "walls": [round(x, 3) for x in v["wall"]],
        }
    pr = summary["praat (parselmouth)"]
    at = summary["attune"]
    report = {
        "wav": a.wav,
        "rounds": a.rounds,
        "load_average_after": os.getloadavg(),
        "tools": summary,
        "praat_steps_last_run": praat_steps,
        "speedup_wall_min": round(pr["wall_min_s"] / at["wall_min_s"], 2),
        "speedup_wall_median": round(pr["wall_median_s"] / at["wall_median_s"], 2),
    }
    if a.json:
        print(json.dumps(report))
        return
    print(f"{a.wav}: {a.rounds} alternating rounds (load average after: {report['load_average_after'][0]:.2f})")
    print(f"{'':28} {'wall min s':>10} {'median s':>10} {'cpu s':>8}")
    for k, v in summary.items():
        print(f"{k:28} {v['wall_min_s']:>10.3f} {v['wall_median_s']:>10.3f} {v['cpu_median_s']:>8.3f}")
    print(f"attune is {report['speedup_wall_min']}x faster than Praat (min wall), {report['speedup_wall_median']}x (median)")
    if praat_steps:
        print("praat steps (s):", {k: praat_steps[k] for k in ("import_s", "read_s", "pitch_s", "intensity_s", "csv_s", "total_s")})


if __name__ == "__main__":
    main()
