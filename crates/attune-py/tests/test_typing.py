"""The type stubs describe the built module (mypy's stubtest), and typed user code checks with mypy
--strict against them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

CONFIG = str(Path(__file__).with_name("mypy.ini"))


def test_stubs_match_the_extension():
    r = subprocess.run([sys.executable, "-m", "mypy.stubtest", "attune._attune", "--ignore-missing-stub", "--mypy-config-file", CONFIG],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_user_code_type_checks(tmp_path):
    src = tmp_path / "use.py"
    src.write_text(textwrap.dedent('''
        import attune
        import pyarrow as pa

        def scores(path: str) -> list[float]:
            s: attune.Session = attune.read(path, therapist="T")
            a: attune.Analysis = attune.analyze(s, tier="fast")
            t: pa.Table = a.turns
            r: dict[str, object] = attune.check("I feel awful", "That sounds hard.")
            return [a.index, float(len(t)), float(len(r))]
    '''))
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", CONFIG, str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
