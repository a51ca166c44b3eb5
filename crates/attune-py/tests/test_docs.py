"""docs/python.md runs as written: its Python blocks, in order, in a folder with a `sessions/` folder of
transcripts (one of them broken)."""

from __future__ import annotations

import contextlib
import io
import os
import re


def test_python_md_runs(root, transcripts, tmp_path):
    text = (root / "docs" / "python.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    spark_free = [b for b in blocks if "pyspark" not in b]
    assert len(spark_free) >= 5
    (transcripts / "broken.vtt").write_bytes(b"\xff\xfe\x00\x00garbage")
    os.chdir(transcripts.parent)
    env: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for b in spark_free:
            exec(compile(b, "docs/python.md", "exec"), env)
    printed = out.getvalue()
    assert "3 sessions analyzed; 1 failed" in printed
    assert env["plot_ready"].height == 3 * 5
    assert env["codes"]["source"].n_unique() == 3
    assert env["flags"].height > 0
