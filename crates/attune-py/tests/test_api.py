"""The Python API against the CLI: same pipeline, same results, errors that name the file and line."""

from __future__ import annotations

import json
import math
import subprocess
import threading
import time

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import attune
from corpus import conversations


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def test_read_code_analyze_demo(demo_vtt):
    s = attune.read(demo_vtt)
    assert len(s) == s.turns.num_rows > 30
    assert set(s.turns.column("role").to_pylist()) == {"therapist", "client"}
    coded = attune.code(s)
    therapist = coded.filter(pc.equal(coded.column("role"), "therapist"))
    assert therapist.column("code").null_count == 0
    a = attune.analyze(s)
    d = a.to_dict()
    assert d["schema"] == "attune.analysis/1"
    assert a.index == a.summary["index"] and 0 <= a.index <= 100
    assert a.flags.num_rows == len(d["assessment"]["flags"]) > 0
    assert a.turns.num_rows == len(s)
    html = a.report_html()
    assert html.startswith("<!DOCTYPE html>") and "<script src=" not in html and "<link rel=\"stylesheet\"" not in html
    assert a.to_eaf().lstrip().startswith("<?xml")


def test_analysis_matches_the_cli(demo_vtt, attune_bin, tmp_path):
    """The JSON document and the tidy tables equal what `attune analyze` and `attune batch` write."""
    a = attune.analyze(attune.read(demo_vtt))
    out = tmp_path / "demo.json"
    r = run([attune_bin, "analyze", str(demo_vtt), "-o", str(tmp_path / "demo.html"), "--json", str(out)])
    assert r.returncode == 0, r.stderr
    cli = json.loads(out.read_text())
    py = a.to_dict()
    cli.pop("generator", None), py.pop("generator", None)
    assert py == cli
    r = run([attune_bin, "batch", str(demo_vtt), "--out", str(tmp_path / "t.csv"), "--quiet"])
    assert r.returncode == 0, r.stderr
    import csv

    rows = list(csv.DictReader(open(tmp_path / "t.turns.csv", encoding="utf-8")))
    turns = a.turns.to_pylist()
    assert [r["code"] or None for r in rows] == [t["code"] for t in turns]
    assert [r["flags"] for r in rows] == [t["flags"] for t in turns]
    assert list(rows[0].keys()) == a.turns.column_names
    sess = list(csv.DictReader(open(tmp_path / "t.sessions.csv", encoding="utf-8")))[0]
    assert float(sess["attunement_index"]) == pytest.approx(a.session_row.column("attunement_index")[0].as_py(), abs=1e-6)


def test_bad_input_raises_with_file_and_line(tmp_path):
    p = tmp_path / "broken.vtt"
    p.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v T>backwards\n", encoding="utf-8")
    with pytest.raises(attune.InputError) as e:
        attune.read(p)
    assert "broken.vtt:" in str(e.value)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(attune.InputError, match="empty.txt"):
        attune.read(empty)
    with pytest.raises(attune.InputError, match="missing.vtt"):
        attune.read(tmp_path / "missing.vtt")
    utf16 = tmp_path / "teams.vtt"
    utf16.write_bytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v T>Hello there\n\n00:00:03.000 --> 00:00:04.000\n<v C>Hi\n".encode("utf-16"))
    assert len(attune.read(utf16, therapist="T")) == 2
    with pytest.raises(ValueError, match="tier"):
        attune.code(attune.read(utf16), tier="fastest")
    assert issubclass(attune.InputError, attune.AttuneError)


def test_check_equals_cli(attune_bin):
    ctx, resp = ["I lost my job today and I feel like a failure."], "You should update your CV tonight."
    py = attune.check(ctx, resp)
    r = run([attune_bin, "check", "--client", ctx[0], "--response", resp, "--json"])
    assert r.returncode == 0, r.stderr
    assert py == json.loads(r.stdout)


def test_check_many_equals_check_jsonl(attune_bin, tmp_path):
    t = conversations(3000, seed=11)
    src = tmp_path / "rows.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for row in t.to_pylist():
            f.write(json.dumps(row) + "\n")
    r = run([attune_bin, "check", "--jsonl", str(src)])
    assert r.returncode == 0, r.stderr
    cli = [json.loads(l) for l in r.stdout.splitlines()]
    out = attune.check_many(t, id="id")
    assert out.num_rows == len(cli) == 3000
    assert out.column("id").to_pylist() == [c["id"] for c in cli]
    assert out.column("code").to_pylist() == [c["code"] for c in cli]
    assert out.column("score").to_pylist() == [c["score"] for c in cli]
    assert out.column("p_misattuned").to_pylist() == [c.get("p_misattuned") for c in cli]
    assert out.column("language").to_pylist() == [c.get("language") for c in cli]
    assert [[f["kind"] for f in fl] for fl in out.column("flags").to_pylist()] == [[f["kind"] for f in c["flags"]] for c in cli]
    assert [[f["alternative"] for f in fl] for fl in out.column("flags").to_pylist()] == [[f["alternative"]["text"] for f in c["flags"]] for c in cli]
    assert out.column("empathy_reactions").to_pylist() == [c["empathy"]["reactions"] for c in cli]


def test_check_many_polars_pandas_and_bad_rows():
    import pandas as pd
    import polars as pl

    t = conversations(200)
    ref = attune.check_many(t)
    p = attune.check_many(pl.from_arrow(t), id="id")
    assert isinstance(p, pl.DataFrame) and p["code"].to_list() == ref.column("code").to_pylist()
    d = attune.check_many(t.to_pandas(), id="id")
    assert isinstance(d, pd.DataFrame) and list(d["score"]) == ref.column("score").to_pylist()
    # the client's message alone, as one string column
    s = attune.check_many({"context": ["I failed my exam."], "response": ["Just study harder next time."]})
    assert s.column("code").to_pylist() == ["advise"]
    # a reply in a language attune cannot read: named, and no flag raised
    es = attune.check_many({"context": ["Me siento muy sola desde que murió mi madre."], "response": ["Deberías salir más, eso te ayudará."]})
    assert es.column("language").to_pylist() == ["Spanish"] and es.column("n_flags").to_pylist() == [0]
    # a null response fails its row only
    bad = pa.table({"context": [["I feel awful"], None], "response": [None, "That sounds hard."]})
    out = attune.check_many(bad)
    assert out.column("error").to_pylist()[0] == "`response` is null"
    assert out.column("code").to_pylist()[0] is None and out.column("code").to_pylist()[1] is not None
    with pytest.raises(attune.InputError, match="no column `answer`"):
        attune.check_many(t, response="answer")
    with pytest.raises(attune.InputError, match="must hold strings"):
        attune.check_many(pa.table({"response": [1, 2]}))
    assert attune.check_many(t.slice(0, 0)).num_rows == 0


def test_check_many_releases_the_gil():
    t = conversations(6000)
    ticks = 0
    done = threading.Event()

    def work():
        attune.check_many(t)
        done.set()

    th = threading.Thread(target=work)
    th.start()
    t0 = time.perf_counter()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    th.join()
    elapsed = time.perf_counter() - t0
    # with the GIL held for the whole call, this loop could not run while Rust worked
    assert elapsed > 0.2 and ticks > 50, (elapsed, ticks)


def test_analyze_many_and_session_json(transcripts):
    sessions = [attune.read(p) for p in sorted(transcripts.iterdir())]
    many = attune.analyze_many(sessions)
    one = [attune.analyze(s) for s in sessions]
    assert [a.to_json() for a in many] == [a.to_json() for a in one]
    again = attune.Session.from_json(sessions[0].to_json())
    assert again.to_dict() == sessions[0].to_dict()


def test_sync_equals_cli(attune_bin, tmp_path):
    p = tmp_path / "dyad.csv"
    with open(p, "w") as f:
        f.write("a,b\n")
        for i in range(4000):
            x = math.sin(i / 13) + 0.3 * math.sin(i / 3.1)
            y = math.sin((i - 12) / 13) + 0.2 * math.cos(i / 5.3)
            f.write(f"{x:.6f},{y:.6f}\n")
    py = attune.sync(p, rate=10, surrogates=50)
    r = run([attune_bin, "sync", str(p), "--rate", "10", "--surrogates", "50", "--json"])
    assert r.returncode == 0, r.stderr
    cli = json.loads(r.stdout.splitlines()[0])
    assert py["ccf"]["grand_average"] == pytest.approx(cli["grand_average"], abs=1e-12)
    assert py["surrogate"]["p_value"] == cli["surrogates"]["p_value"]
    with pytest.raises(attune.InputError, match="sample 3"):
        attune.sync(a=[0.0, 1.0, 2.0, float("nan")] * 100, b=[0.0] * 400, rate=4)


def test_prosody_equals_cli(root, attune_bin, tmp_path):
    audio = root / "tests" / "audio" / "dialogue-stereo.flac"
    pr = attune.prosody(audio)
    pitch = pr.pitch
    assert pitch.num_rows > 100 and set(pitch.column("channel").to_pylist()) == {0, 1}
    r = run([attune_bin, "prosody", str(audio), "--pitch-csv", str(tmp_path / "f0.csv")])
    assert r.returncode == 0, r.stderr
    ch0 = [l.split(",") for l in (tmp_path / "f0_ch0.csv").read_text().splitlines()[1:]]
    mine = pitch.filter(pc.equal(pitch.column("channel"), 0))
    assert len(ch0) == mine.num_rows
    assert [float(v[1]) for v in ch0] == pytest.approx(mine.column("f0_hz").to_pylist(), abs=1e-3)
    assert pr.to_dict()["speakers"]
    with pytest.raises(attune.InputError):
        attune.prosody(tmp_path / "f0.csv")


def test_transcribe_equals_cli(root, attune_bin, tmp_path):
    rec = root / "tests" / "audio" / "dialogue-stereo.flac"
    s = attune.transcribe(rec, beam=1, therapist="Left", rttm_out=tmp_path / "py.rttm")
    r = run([attune_bin, "transcribe", str(rec), "--beam", "1", "--therapist", "Left", "-o", str(tmp_path / "cli.json"), "--quiet"])
    assert r.returncode == 0, r.stderr
    cli = json.loads((tmp_path / "cli.json").read_text())
    assert s.to_dict()["turns"] == cli["turns"]
    assert (tmp_path / "py.rttm").read_text() == (tmp_path / "cli.rttm").read_text()
    assert set(s.turns.column("speaker").to_pylist()) == {"Left", "Right"}
    with pytest.raises(attune.InputError, match="notes.wav"):
        bad = tmp_path / "notes.wav"
        bad.write_text("not audio")
        attune.transcribe(bad)
