#!/usr/bin/env python3
"""The Python binding and the Spark path, side by side with the CLI, in one run on this machine.

1. `attune.check_many` on N responses (default 100,000) against `attune check --jsonl` on the same rows
   (the anchor), both on all cores; the ratio is binding time / CLI time.
2. The local Spark job (`attune.spark.check_responses`, local[C]) against `check_many` with C threads on
   the same rows: throughput per core of each and their ratio (the Spark input is cached first, so the
   timed job is scoring; its output goes to Spark's `noop` sink).
3. Memory over the Spark run: the resident memory of the JVM and of its Python workers, sampled every
   0.5 s, compared between the first and the second half of the run.

Run with the virtual environment of scripts/setup.sh after scripts/test-python.sh installed the wheel:
    .venv-py/bin/python scripts/bench/python_side_by_side.py [--rows 100000] [--spark-rows 200000] [--cores 2]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "crates" / "attune-py" / "tests"))

import attune  # noqa: E402
import attune.spark  # noqa: E402
from corpus import conversations  # noqa: E402


def rss_by_kind(pid: int) -> dict[str, float]:
    """Resident MiB of this process's descendants, by kind: the JVM and the Python workers Spark starts
    (this driver process, which holds the input table, is left out)."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(d))
        except (OSError, ValueError, IndexError):
            pass
    out = {"jvm": 0.0, "workers": 0.0}
    todo = list(children.get(pid, []))
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{p}/status") as f:
                rss = next((int(l.split()[1]) for l in f if l.startswith("VmRSS:")), 0) / 1024
        except OSError:
            continue
        if "java" in cmd.split(" ")[0]:
            out["jvm"] += rss
        elif "python" in cmd:
            out["workers"] += rss
    return out


def bench_check(rows: int, attune_bin: str) -> dict:
    t = conversations(rows, seed=5)
    with tempfile.TemporaryDirectory() as d:
        src = pathlib.Path(d) / "rows.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for r in t.to_pylist():
                f.write(json.dumps(r) + "\n")
        t0 = time.perf_counter()
        subprocess.run([attune_bin, "check", "--jsonl", str(src)], check=True, stdout=subprocess.DEVNULL)
        cli = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = attune.check_many(t, id="id")
    py = time.perf_counter() - t0
    assert out.num_rows == rows
    return {"rows": rows, "cli_s": cli, "check_many_s": py, "ratio": py / cli}


def bench_spark(rows: int, cores: int) -> dict:
    from pyspark.sql import SparkSession
    import pyarrow.parquet as pq

    os.environ["PYSPARK_PYTHON"] = sys.executable
    t = conversations(rows, seed=9)
    t0 = time.perf_counter()
    ref = attune.check_many(t, id="id", threads=cores)
    local = time.perf_counter() - t0
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "10000")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as d:
        path = str(pathlib.Path(d) / "responses.parquet")
        pq.write_table(t, path)
        df = spark.read.parquet(path).repartition(cores * 4).cache()
        df.count()
        # warm the Python workers (and their model load) once, as a long job would
        attune.spark.check_responses(df.limit(100), id="id").write.format("noop").mode("overwrite").save()
        samples: list[tuple[float, dict[str, float]]] = []
        stop = threading.Event()
        me = os.getpid()

        def sample():
            t_start = time.perf_counter()
            while not stop.is_set():
                samples.append((time.perf_counter() - t_start, rss_by_kind(me)))
                time.sleep(0.5)

        th = threading.Thread(target=sample)
        th.start()
        t0 = time.perf_counter()
        attune.spark.check_responses(df, id="id").write.format("noop").mode("overwrite").save()
        spark_s = time.perf_counter() - t0
        stop.set()
        th.join()
    spark.stop()
    half = len(samples) // 2

    def peak(part: list, kind: str) -> float:
        return max((s[1][kind] for s in part), default=float("nan"))
    return {
        "rows": rows,
        "cores": cores,
        "check_many_s": local,
        "spark_s": spark_s,
        "check_many_rows_per_core_s": rows / local / cores,
        "spark_rows_per_core_s": rows / spark_s / cores,
        "ratio": spark_s / local,
        "rss": {k: (peak(samples[:half], k), peak(samples[half:], k)) for k in ("jvm", "workers")},
        "rss_samples": len(samples),
        "ref_rows": ref.num_rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--spark-rows", type=int, default=200_000)
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--attune", default=str(ROOT / "target" / "release" / "attune"))
    ap.add_argument("--skip-spark", action="store_true")
    a = ap.parse_args()
    c = bench_check(a.rows, a.attune)
    print(f"check {c['rows']:,} responses: attune check --jsonl {c['cli_s']:.2f} s (anchor) | "
          f"attune.check_many {c['check_many_s']:.2f} s | ratio {c['ratio']:.2f}x")
    if not a.skip_spark:
        s = bench_spark(a.spark_rows, a.cores)
        print(f"spark local[{s['cores']}] on {s['rows']:,} responses: check_many {s['check_many_s']:.2f} s "
              f"({s['check_many_rows_per_core_s']:.0f} rows/s/core, anchor) | Spark {s['spark_s']:.2f} s "
              f"({s['spark_rows_per_core_s']:.0f} rows/s/core) | ratio {s['ratio']:.2f}x")
        (j1, j2), (w1, w2) = s["rss"]["jvm"], s["rss"]["workers"]
        print(f"memory over the Spark run ({s['rss_samples']} samples every 0.5 s), peak resident in the first half -> "
              f"second half: Spark JVM {j1:.0f} -> {j2:.0f} MiB, Python workers (all) {w1:.0f} -> {w2:.0f} MiB")


if __name__ == "__main__":
    main()
