"""attune on Spark: score a DataFrame of responses, or of transcripts, partition by partition.

Both functions use ``DataFrame.mapInArrow``: Spark hands each Python worker Arrow record batches, the
worker runs the same Rust pipeline as :func:`attune.check_many` on them (one thread per task, since Spark
already runs one task per core) and hands Arrow batches back. The models are inside the package and are
loaded once per Python worker process (Spark reuses its workers), not once per batch or row.

On a cluster the same code runs unchanged once every executor has the package: install the wheel
(``pip install attune-*.whl``) into the executors' Python environment (a cluster library on Databricks,
a bootstrap action on EMR, the same virtual environment on each node of a standalone cluster, or ship
it with ``spark-submit --archives env.tar.gz#env`` and ``PYSPARK_PYTHON=./env/bin/python``).
See docs/python.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

import pyarrow as pa

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame

__all__ = ["check_responses", "analyze_transcripts", "arrow_to_ddl"]


def arrow_to_ddl(t: pa.DataType) -> str:
    """The Spark SQL type (DDL) of an Arrow type, for the types attune's tables use."""
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "string"
    if pa.types.is_int64(t):
        return "bigint"
    if pa.types.is_int32(t):
        return "int"
    if pa.types.is_float64(t):
        return "double"
    if pa.types.is_float32(t):
        return "float"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"array<{arrow_to_ddl(t.value_type)}>"
    if pa.types.is_struct(t):
        return "struct<" + ",".join(f"{t.field(i).name}:{arrow_to_ddl(t.field(i).type)}" for i in range(t.num_fields)) + ">"
    raise TypeError(f"no Spark type for Arrow {t}")


def _fields_ddl(schema: pa.Schema, skip: tuple[str, ...] = ()) -> list[str]:
    return [f"`{f.name}` {arrow_to_ddl(f.type)}" for f in schema if f.name not in skip]


def _check_schema() -> pa.Schema:
    from . import _attune

    empty = pa.record_batch({"context": pa.array([], pa.list_(pa.string())), "response": pa.array([], pa.string())})
    return _attune.check_record_batch(empty, "context", "response", None, "fast", 1).schema


def check_responses(df: "DataFrame", *, context: str = "context", response: str = "response", id: str = "id",
                    tier: str = "fast") -> "DataFrame":
    """Judge every response of a Spark DataFrame; one output row per input row, keyed by ``id``.

    ``context`` is an ``array<string>`` column (earlier turns ending with the client's message) or a
    string column (the client's message); ``response`` a string column. The output has ``id`` and the
    columns of :func:`attune.check_many` except ``row`` (a row number means nothing across partitions):
    code, confidence, feeling, score, empathy levels, p_misattuned, likely_kind, language (when the response or the client
    turn is not in English: no flag is raised), client_emotion,
    client_distress, client_hardship, n_flags, flags (array of struct), error.
    """
    schema = ", ".join([f"`{id}` {df.schema[id].dataType.simpleString()}"] + _fields_ddl(_check_schema(), skip=("row",)))

    def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from . import _attune

        for b in batches:
            out = _attune.check_record_batch(b, context, response, id, tier, 1)
            out = out.drop_columns(["row"]).rename_columns([id] + out.schema.names[2:])
            yield out

    return df.select(id, context, response).mapInArrow(score, schema)


def analyze_transcripts(df: "DataFrame", *, text: str = "transcript", format: str = "vtt", label: Optional[str] = None,
                        therapist: Optional[str] = None, tier: str = "fast", redact: bool = False) -> "DataFrame":
    """Analyze a DataFrame whose ``text`` column holds whole transcripts (one session per row, in
    ``format``); one output row per session with the columns of ``attune batch``'s sessions table and
    ``error`` (why a transcript could not be analyzed; the batch goes on). ``label`` names a column
    (a file name, a session key) that becomes ``source`` and appears in error messages.
    """
    from . import _attune

    empty = _attune.analyze_texts([], format, None, therapist, tier, redact, 1)
    schema = ", ".join(_fields_ddl(empty.schema))
    cols = [text] + ([label] if label else [])

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from . import _attune

        for b in batches:
            texts = b.column(text).to_pylist()
            labels = [str(v) for v in b.column(label).to_pylist()] if label else None
            yield _attune.analyze_texts(texts, format, labels, therapist, tier, redact, 1)

    return df.select(*cols).mapInArrow(run, schema)
