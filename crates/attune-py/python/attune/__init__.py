"""attune: attunement in therapy and support conversations, from Python.

The same pipeline as the ``attune`` command line (one Rust library behind both): read a transcript,
code every turn, flag misattuned moments with an attuned alternative, score the session, and write the
self-contained HTML report. The models inside are trained on research data sets with
non-commercial licenses (see MODEL_CARD.md in the repository). Tables come back as ``pyarrow.Table`` (``polars.from_arrow`` and
``Table.to_pandas`` take them without copying the numbers). Nothing leaves the machine: the models are
inside the package.

>>> import attune
>>> r = attune.check("I lost my job today and I feel like a complete failure.",
...                  "You should update your CV and start applying tonight.")
>>> r["code"]
'advise'
>>> [f["kind"] for f in r["flags"]]
['premature_fixing']
"""

from __future__ import annotations

import os
from typing import Any, Optional, Sequence, Union

import pyarrow as pa

from . import _attune
from ._attune import AttuneError, InputError

from ._attune import Analysis, Prosody, Session

__all__ = [
    "AttuneError",
    "InputError",
    "Session",
    "Analysis",
    "Prosody",
    "read",
    "read_all",
    "parse",
    "code",
    "analyze",
    "analyze_many",
    "check",
    "check_many",
    "sync",
    "prosody",
    "transcribe",
    "__version__",
]

__version__: str = _attune.version()

PathLike = Union[str, "os.PathLike[str]"]


def read(path: PathLike, *, therapist: Optional[str] = None, client: Optional[str] = None,
         format: Optional[str] = None, session: Optional[str] = None) -> Session:
    """Read one session from a transcript file (VTT, SRT, text, CSV, JSON, JSON Lines, Whisper JSON).

    ``therapist`` / ``client`` name the speakers as written in the file; without them the roles are
    inferred, as the CLI does. A file holding several sessions needs ``session`` (an id), or use
    :func:`read_all`. A bad file raises :class:`InputError` naming the file and line.

    >>> import attune, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.txt"
    >>> _ = p.write_text("T: What brings you in today?\\nC: I keep panicking at work.\\n")
    >>> s = attune.read(p, therapist="T")
    >>> len(s), s.turns.column("role").to_pylist()
    (2, ['therapist', 'client'])
    >>> _ = p.write_bytes(b"\\x00\\x01\\x02")
    >>> attune.read(p)
    Traceback (most recent call last):
    ...
    attune.InputError: ...s.txt:1: the file looks binary...
    """
    return _attune.read(os.fspath(path), therapist, client, format, session)


def read_all(path: PathLike, *, therapist: Optional[str] = None, client: Optional[str] = None,
             format: Optional[str] = None) -> list[Session]:
    """Every session in a file (a JSON Lines corpus holds one per line)."""
    return _attune.read_all(os.fspath(path), therapist, client, format)


def parse(text: str, format: str, *, label: str = "<text>", therapist: Optional[str] = None,
          client: Optional[str] = None) -> list[Session]:
    """Sessions from transcript text already in memory; ``format`` is vtt, srt, txt, csv, json,
    jsonl or whisper, ``label`` names the text in error messages.

    >>> import attune
    >>> [s] = attune.parse("T: How are you?\\nC: Not great.", "txt", therapist="T")
    >>> s.turns.column("speaker").to_pylist()
    ['T', 'C']
    """
    return _attune.parse(text, format, label, therapist, client)


def code(session: Session, *, tier: str = "fast") -> pa.Table:
    """Code every turn: the therapist's behaviour code and the client's affect, one row per turn.

    ``tier`` is ``"fast"`` (built in), ``"accurate"`` (adds MiniLM sentence embeddings; needs the
    weights ``scripts/setup.sh`` installs) or ``"auto"``.

    >>> import attune
    >>> [s] = attune.parse("C: I feel so alone since she left.\\nT: You're feeling lonely since she left.", "txt", therapist="T")
    >>> attune.code(s).select(["role", "code"]).to_pylist()[1]
    {'role': 'therapist', 'code': 'reflection.simple'}
    """
    return _attune.code(session, tier)


def analyze(session: Session, *, tier: str = "fast", redact: bool = False,
            signal: Optional[PathLike] = None, audio: Optional[PathLike] = None) -> Analysis:
    """Code, flag and score a session; ``signal`` (movement or heart-rate file) and ``audio`` add the
    synchrony and voice sections. ``redact=True`` takes names, places, dates and numbers out first.

    >>> import attune
    >>> [s] = attune.parse("C: My dad died last week.\\nT: Cheer up, everything happens for a reason.", "txt", therapist="T")
    >>> a = attune.analyze(s)
    >>> a.flags.column("kind").to_pylist()
    ['minimizing']
    >>> a.report_html().startswith("<!DOCTYPE html>")
    True
    """
    return _attune.analyze(session, tier, redact,
                           None if signal is None else os.fspath(signal),
                           None if audio is None else os.fspath(audio))


def analyze_many(sessions: Sequence[Session], *, tier: str = "fast", redact: bool = False) -> list[Analysis]:
    """:func:`analyze` on many sessions in parallel (all cores, the GIL released)."""
    return _attune.analyze_many(list(sessions), tier, redact)


def check(context: Union[str, Sequence[str], None], response: str, *, tier: str = "fast") -> dict[str, Any]:
    """Judge one response: ``context`` is the client's message, or earlier turns oldest first
    (alternating, ending with the client's). Returns what ``attune check --json`` prints: code,
    confidence, flags (kind, severity, quote, explanation, alternative), empathy, score (0-100),
    evidence and the client's emotion.

    >>> import attune
    >>> r = attune.check(["I haven't slept in days. I keep thinking something terrible will happen."],
    ...                  "That sounds exhausting, and frightening. What goes through your mind at night?")
    >>> r["flags"], r["score"] > 70
    ([], True)
    """
    if context is not None and not isinstance(context, str):
        context = list(context)
    return _attune.check_one(context, response, tier)


def _to_arrow(data: Any) -> tuple[Any, str]:
    """An Arrow-exportable object and the kind of table the caller gave ("pandas", "polars", "arrow")."""
    mod = type(data).__module__.split(".")[0]
    if mod == "pandas":
        return pa.Table.from_pandas(data, preserve_index=False), "pandas"
    if mod == "polars":
        return data, "polars"  # exported through __arrow_c_stream__, no copy
    if isinstance(data, (pa.Table, pa.RecordBatch)) or hasattr(data, "__arrow_c_stream__"):
        return data, "arrow"
    if isinstance(data, dict):
        return pa.table(data), "arrow"
    raise TypeError(f"expected a pyarrow, polars or pandas table (or a dict of columns), not {type(data).__name__}")


def _like(table: pa.Table, kind: str) -> Any:
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    if kind == "pandas":
        return table.to_pandas()
    return table


def check_many(data: Any, *, context: str = "context", response: str = "response", id: Optional[str] = None,
               tier: str = "fast", threads: Optional[int] = None) -> Any:
    """Judge every row of a table of responses, in parallel with the GIL released.

    ``data`` is a pyarrow Table, a polars or pandas DataFrame, or a dict of columns; the ``response``
    column holds strings, the ``context`` column a list of strings (earlier turns ending with the
    client's) or one string (the client's message). The result is a table of the same kind, one row
    per input row in order: row, id (when ``id`` names a column), code, confidence, feeling, score,
    empathy levels, p_misattuned, likely_kind, language (when the response or the client
    turn is not in English: no flag is raised), client_emotion, client_distress, client_hardship, n_flags, flags
    (a list of {kind, severity, quote, explanation, alternative}) and error (why a row could not be
    checked; its other columns are null). Results equal ``attune check --jsonl`` on the same rows.

    >>> import attune
    >>> t = attune.check_many({"context": [["I failed my exam."], ["I failed my exam."]],
    ...                        "response": ["Just study harder next time.", "It sounds like part of you is scared you've let everyone down."]})
    >>> t.select(["code", "n_flags"]).to_pylist()
    [{'code': 'advise', 'n_flags': 1}, {'code': 'reflection.complex', 'n_flags': 0}]
    """
    table, kind = _to_arrow(data)
    out = _attune.check_table(table, context, response, id, tier, threads)
    return _like(out, kind)


def sync(path: Optional[PathLike] = None, *, a: Optional[Sequence[float]] = None, b: Optional[Sequence[float]] = None,
         rate: Optional[float] = None, lag: float = 5.0, window: float = 60.0, increment: float = 30.0,
         surrogates: int = 0, seed: int = 42, susy: bool = False, columns: Optional[Sequence[str]] = None,
         offset: float = 0.0, modality: Optional[str] = None) -> dict[str, Any]:
    """Synchrony of two people's movement or physiology (windowed cross-lagged correlation with
    rMEA's semantics; ``surrogates`` segment-shuffle tests; ``susy`` adds SUSY), from a file (MEA
    text or CSV) or from two series ``a`` and ``b`` at ``rate`` Hz. Returns what ``attune sync --json``
    prints for one dyad.

    >>> import attune, math
    >>> x = [math.sin(i / 10) for i in range(3000)]
    >>> r = attune.sync(a=x, b=x[5:] + [0.0] * 5, rate=10, lag=2, window=30, increment=15)
    >>> len(r["ccf"]["windows"]), round(r["ccf"]["grand_average"], 2)
    (18, 0.93)
    """
    return _attune.sync(None if path is None else os.fspath(path),
                        None if a is None else [float(v) for v in a],
                        None if b is None else [float(v) for v in b],
                        rate, lag, window, increment, surrogates, seed, susy,
                        None if columns is None else list(columns), offset, modality)


def prosody(path: PathLike, *, transcript: Optional[PathLike] = None, channel: Optional[int] = None,
            mix: bool = False, pitch_floor: float = 75.0, pitch_ceiling: float = 600.0) -> Prosody:
    """Pitch (Praat's autocorrelation method), intensity and per-turn prosody of a recording (WAV,
    FLAC, MP3, Ogg). A stereo file is one speaker per channel; ``transcript`` (timed turns) gives the
    per-turn table and vocal matching. Voice measures are exploratory."""
    return _attune.prosody(os.fspath(path), None if transcript is None else os.fspath(transcript),
                           channel, mix, pitch_floor, pitch_ceiling)


def transcribe(path: PathLike, *, speakers: Optional[int] = None, language: Optional[str] = None, beam: int = 5,
               rttm: Optional[PathLike] = None, therapist: Optional[str] = None, client: Optional[str] = None,
               model: Optional[PathLike] = None, vad: bool = True, rttm_out: Optional[PathLike] = None) -> Session:
    """A recording (WAV, FLAC, MP3, M4A, Ogg; video through ffmpeg) to a timed transcript on this machine,
    as ``attune transcribe`` makes it: Whisper with Silero VAD, speakers by stereo channel (``Left``,
    ``Right``) or from a diarization ``rttm`` for mono audio. Needs the models ``scripts/setup.sh`` installs.
    ``rttm_out`` writes who spoke when; what the CLI prints as warnings comes as Python warnings."""
    import warnings

    session, rttm_text, notes = _attune.transcribe(
        os.fspath(path), speakers, language, beam, None if rttm is None else os.fspath(rttm), therapist, client,
        None if model is None else os.fspath(model), vad)
    for n in notes:
        warnings.warn(n, stacklevel=2)
    if rttm_out is not None:
        with open(rttm_out, "w", encoding="utf-8") as f:
            f.write(rttm_text)
    return session
