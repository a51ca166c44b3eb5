"""Sentence-embedding throughput, side by side on the same texts and threads: attune-embed (the accurate
tier's encoder) against sentence-transformers on PyTorch (st_embed.py), and how far their vectors differ.

    cargo build --release -p attune-embed --example bench
    python3 scripts/bench/embed_side_by_side.py [--n 4000] [--threads 2] [--rounds 2] [--python PY]

Texts: the first N utterances of ../shared/data/annomi/annomi.jsonl (texts.py), written to a temporary file
outside the repository. Each round runs both tools once, alternately, as fresh processes; each process embeds
all texts --runs times after a warm-up batch and reports its best and median texts per second. Both get
--threads: the Rust example as `Embedder::with_threads`, torch as torch.set_num_threads. Prints a table, or
JSON with --json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import texts as bench_texts  # noqa: E402


def run_json(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--runs", type=int, default=2, help="timed passes over the texts inside each process")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--python", default=sys.executable, help="the interpreter that has sentence-transformers")
    ap.add_argument("--bench", default=os.path.join(ROOT, "target", "release", "examples", "bench"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="attune-embed-bench-")
    path = os.path.join(tmp, "texts.txt")
    with open(path, "w", encoding="utf-8") as f:
        for t in bench_texts.load(a.n):
            f.write(t + "\n")
    rust_out, st_out = os.path.join(tmp, "attune.f32"), os.path.join(tmp, "st.npy")
    rust_cmd = [a.bench, path, "--runs", str(a.runs), "--batch", str(a.batch), "--threads", str(a.threads), "--out", rust_out]
    st_cmd = [a.python, os.path.join(HERE, "st_embed.py"), path, "--threads", str(a.threads), "--runs", str(a.runs), "--batch", str(a.batch), "--out", st_out]
    rust, st = [], []
    for _ in range(a.rounds):
        rust.append(run_json(rust_cmd))
        st.append(run_json(st_cmd))
    best = lambda rs: max(r["texts_per_s_best"] for r in rs)  # noqa: E731
    med = lambda rs: round(statistics.median(r["texts_per_s_median"] for r in rs), 1)  # noqa: E731
    report = {
        "texts": rust[0]["texts"],
        "threads": a.threads,
        "rounds": a.rounds,
        "attune_texts_per_s_best": best(rust),
        "attune_texts_per_s_median": med(rust),
        "st_texts_per_s_best": best(st),
        "st_texts_per_s_median": med(st),
        "load_average_after": os.getloadavg(),
        "attune_runs": rust,
        "st_runs": st,
    }
    report["ratio_best"] = round(report["attune_texts_per_s_best"] / report["st_texts_per_s_best"], 2)
    report["ratio_median"] = round(report["attune_texts_per_s_median"] / report["st_texts_per_s_median"], 2)
    try:
        import numpy as np

        v_rust = np.fromfile(rust_out, dtype="<f4").reshape(-1, 384)
        v_st = np.load(st_out)
        report["max_abs_diff"] = float(np.abs(v_rust - v_st).max())
    except ImportError:
        pass
    if a.json:
        print(json.dumps(report))
        return
    print(f"{report['texts']} AnnoMI utterances, {a.threads} threads, {a.rounds} alternating rounds "
          f"(load average after: {report['load_average_after'][0]:.2f})")
    print(f"{'':26} {'best/s':>8} {'median/s':>9}")
    print(f"{'attune-embed':26} {report['attune_texts_per_s_best']:>8.1f} {report['attune_texts_per_s_median']:>9.1f}")
    print(f"{'sentence-transformers':26} {report['st_texts_per_s_best']:>8.1f} {report['st_texts_per_s_median']:>9.1f}")
    print(f"attune-embed / sentence-transformers: {report['ratio_best']}x (best), {report['ratio_median']}x (median)")
    if "max_abs_diff" in report:
        print(f"largest difference between the two tools' vectors: {report['max_abs_diff']:.2e}")


if __name__ == "__main__":
    main()
