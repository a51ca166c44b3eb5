"""attune on a local Spark: 20,000 generated responses (ATTUNE_SPARK_ROWS for more) scored with mapInArrow equal check_many on the
same rows; transcripts scored per partition equal the Python API."""

from __future__ import annotations

import os
import sys

import pytest

import attune
import attune.spark
from corpus import conversations

# 20,000 rows in 8 partitions of about 2,500, cut into Arrow batches of 1,000: every partition sends several
# batches through mapInArrow. The scale run is ATTUNE_SPARK_ROWS=200000 (about two minutes on 2 cores, most of
# it scoring the rows twice: once in Spark, once for the reference).
N = int(os.environ.get("ATTUNE_SPARK_ROWS", "20000"))


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark") if os.environ.get("ATTUNE_REQUIRE_SPARK") != "1" else __import__("pyspark")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("attune-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_check_responses_equals_check_many(spark, tmp_path):
    t = conversations(N, seed=3)
    path = str(tmp_path / "responses.parquet")
    import pyarrow.parquet as pq

    pq.write_table(t, path)
    df = spark.read.parquet(path).repartition(8)
    out = attune.spark.check_responses(df, id="id")
    got = out.toArrow().sort_by("id")
    ref = attune.check_many(t, id="id").sort_by("id")
    assert got.num_rows == ref.num_rows == N
    for col in ["id", "code", "confidence", "score", "p_misattuned", "likely_kind", "client_emotion", "n_flags", "error"]:
        assert got.column(col).to_pylist() == ref.column(col).to_pylist(), col
    assert got.column("flags").to_pylist() == ref.column("flags").to_pylist()


def test_analyze_transcripts_equals_analyze(spark, transcripts):
    files = sorted(p for p in transcripts.iterdir() if p.suffix == ".txt")
    rows = [(p.name, p.read_text(encoding="utf-8")) for p in files] + [("blank.txt", "   ")]
    df = spark.createDataFrame(rows, "name string, transcript string")
    got = attune.spark.analyze_transcripts(df, text="transcript", format="txt", label="name").toArrow().to_pylist()
    assert [g["source"] for g in got] == [r[0] for r in rows]
    for g, p in zip(got, files):
        a = attune.analyze(attune.read(p, format="txt"))
        assert g["error"] is None
        assert g["attunement_index"] == pytest.approx(a.session_row.column("attunement_index")[0].as_py(), abs=1e-9)
    assert "blank.txt" in got[-1]["error"]
