"""Shared fixtures: the repository's paths, the `attune` binary the CLI comparisons run, and a folder of
transcripts."""

from __future__ import annotations

import os
import pathlib
import shutil
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_vtt() -> pathlib.Path:
    return ROOT / "crates" / "attune" / "demo" / "demo_session.vtt"


@pytest.fixture(scope="session")
def attune_bin() -> str:
    """The CLI built from the same tree (scripts/test.sh builds it before pytest runs)."""
    p = os.environ.get("ATTUNE_BIN") or str(ROOT / "target" / "release" / "attune")
    if not os.path.exists(p):
        pytest.fail(f"{p} not found: build it with `cargo build --release` (or set ATTUNE_BIN)")
    return p


@pytest.fixture()
def transcripts(tmp_path: pathlib.Path, demo_vtt: pathlib.Path) -> pathlib.Path:
    """A folder of three transcripts in three formats."""
    d = tmp_path / "sessions"
    d.mkdir()
    shutil.copy(demo_vtt, d / "dana.vtt")
    (d / "sam.txt").write_text(
        "T: What would you like to talk about today?\n"
        "C: My dad died last month and everyone expects me to be over it.\n"
        "T: Cheer up, everything happens for a reason.\n"
        "C: Right. Sure.\n"
        "T: I'm sorry, that came out wrong. It sounds like you're grieving and feeling rushed.\n"
        "C: Yes. Exactly that.\n",
        encoding="utf-8",
    )
    (d / "ali.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nTherapist: How has the week been?\n\n"
        "2\n00:00:05,000 --> 00:00:11,000\nClient: I can't sleep. My mind races about money.\n\n"
        "3\n00:00:12,000 --> 00:00:16,000\nTherapist: The nights sound exhausting and frightening.\n\n",
        encoding="utf-8",
    )
    return d
