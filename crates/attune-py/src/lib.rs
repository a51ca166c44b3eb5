//! `attune._attune`: the Python extension. A thin layer over the `attune` pipeline library: every
//! function here calls what the CLI calls, with the GIL released while Rust works. Tables cross as
//! Arrow through the C data interface (pyarrow, polars and pandas objects that export
//! `__arrow_c_stream__` come in without a copy; results go out as `pyarrow.Table`). The friendly
//! signatures, docstrings and pandas/polars conversions live in `python/attune/__init__.py`.

mod arrow;
mod check;

use arrow::{from_rows, to_maps, Columns};
use arrow_array::RecordBatch;
use arrow_pyarrow::{FromPyArrow, IntoPyArrow};
use attune::input::ReadSpec;
use attune::{Analysis, Extras, Options, Pipeline, Redaction, Session, Tier};
use attune_report::tables::{SESSION_COLUMNS, TURN_COLUMNS};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

create_exception!(attune, AttuneError, PyException, "An analysis could not run (a model is missing, an option is wrong).");
create_exception!(
    attune,
    InputError,
    AttuneError,
    "The input is unusable: the message names the file and line (or the column and row) and what to do."
);

fn to_py(e: attune::Error) -> PyErr {
    use attune::Error as E;
    let msg = e.to_string();
    match e {
        E::Read(_) | E::Input { .. } | E::Signal { .. } | E::Voice(_) | E::Io { .. } | E::Json(_) => InputError::new_err(msg),
        _ => AttuneError::new_err(msg),
    }
}

fn arrow_err(e: impl std::fmt::Display) -> PyErr {
    AttuneError::new_err(format!("building an Arrow table: {e}"))
}

fn tier_of(name: &str) -> PyResult<Tier> {
    match name {
        "fast" => Ok(Tier::Fast),
        "accurate" => Ok(Tier::Accurate),
        "auto" => Ok(Tier::Auto),
        other => Err(PyValueError::new_err(format!("unknown tier `{other}` (use \"fast\", \"accurate\" or \"auto\")"))),
    }
}

/// One pipeline per (tier, redaction) for the life of the process, so the models load once per
/// process (in Spark: once per Python worker).
type PipelineCache = Mutex<HashMap<(String, bool), Arc<Pipeline>>>;

fn pipeline(tier: &str, redact: bool) -> PyResult<Arc<Pipeline>> {
    static CACHE: OnceLock<PipelineCache> = OnceLock::new();
    let tier = tier_of(tier)?.resolve();
    let cache = CACHE.get_or_init(Default::default);
    let mut m = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(p) = m.get(&(format!("{tier:?}"), redact)) {
        return Ok(p.clone());
    }
    let redaction = if redact { Redaction::On } else { Redaction::Off };
    let p = Arc::new(Pipeline::new(Options { tier, redaction, ..Options::default() }).map_err(to_py)?);
    m.insert((format!("{tier:?}"), redact), p.clone());
    Ok(p)
}

fn json_to_py<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (s,))
}

fn table<'py>(py: Python<'py>, batches: Vec<RecordBatch>, schema_of_empty: Option<arrow_schema::SchemaRef>) -> PyResult<Bound<'py, PyAny>> {
    let schema = batches.first().map(|b| b.schema()).or(schema_of_empty).unwrap_or_else(|| Arc::new(arrow_schema::Schema::empty()));
    arrow_pyarrow::Table::try_new(batches, schema).map_err(arrow_err)?.into_pyarrow(py)
}

fn one_table<'py>(py: Python<'py>, b: RecordBatch) -> PyResult<Bound<'py, PyAny>> {
    table(py, vec![b], None)
}

/// A transcript as attune reads it: turns with speakers, roles and (when known) times.
#[pyclass(frozen, name = "Session", module = "attune._attune")]
struct PySession {
    inner: Session,
}

#[pymethods]
impl PySession {
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.source.as_deref()
    }
    #[getter]
    fn roles_inferred(&self) -> bool {
        self.inner.roles_inferred
    }
    fn __len__(&self) -> usize {
        self.inner.turns.len()
    }
    fn __repr__(&self) -> String {
        format!("<attune.Session {:?}: {} turns>", self.inner.id, self.inner.turns.len())
    }
    /// The turns as a table: turn, speaker, role, start, end, text, source_line.
    #[getter]
    fn turns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = &self.inner.turns;
        let b = Columns::default()
            .i64("turn", (0..t.len()).map(|i| Some(i as i64)))
            .str("speaker", t.iter().map(|x| Some(x.speaker.as_str())))
            .str("role", t.iter().map(|x| Some(x.role.as_str())))
            .f64("start", t.iter().map(|x| x.start))
            .f64("end", t.iter().map(|x| x.end))
            .str("text", t.iter().map(|x| Some(x.text.as_str())))
            .i64("source_line", t.iter().map(|x| x.source_line.map(|l| l as i64)))
            .finish()
            .map_err(arrow_err)?;
        one_table(py, b)
    }
    /// The `attune.session/1` document as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::to_string(&self.inner).map_err(arrow_err)?)
    }
    /// The `attune.session/1` document as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| AttuneError::new_err(e.to_string()))
    }
    /// A session from its `attune.session/1` JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<PySession> {
        let inner: Session = serde_json::from_str(text).map_err(|e| InputError::new_err(format!("not an attune.session/1 document: {e}")))?;
        Ok(PySession { inner })
    }
}

/// One analyzed session: coded turns, flags, ruptures, scores and the report.
#[pyclass(frozen, name = "Analysis", module = "attune._attune")]
struct PyAnalysis {
    inner: Analysis,
}

#[pymethods]
impl PyAnalysis {
    fn __repr__(&self) -> String {
        let s = self.inner.summary();
        format!("<attune.Analysis {:?}: attunement index {:.1}, {} turns, {} flags>", self.inner.coded.session.id, s.index, s.turns, s.flags)
    }
    /// The attunement index, 0-100.
    #[getter]
    fn index(&self) -> f64 {
        self.inner.summary().index
    }
    /// Headline figures: index, sub-scores, reflections to questions, flags, ruptures.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::to_string(&self.inner.summary()).map_err(arrow_err)?)
    }
    /// The `attune.analysis/1` document as a dict (docs/schema.md).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_json().map_err(to_py)?)
    }
    /// The `attune.analysis/1` document as JSON text.
    fn to_json(&self) -> PyResult<String> {
        self.inner.to_json().map_err(to_py)
    }
    /// The self-contained HTML report (inline CSS, SVG and script; nothing loaded from elsewhere).
    fn report_html(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_html())
    }
    /// The coded turns as an ELAN `.eaf` document.
    fn to_eaf(&self) -> PyResult<String> {
        self.inner.to_eaf().map_err(to_py)
    }
    /// One row per turn (the columns of `attune batch`'s turns table).
    #[getter]
    fn turns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (turns, _) = self.inner.table_rows(&self.source());
        let rows = to_maps(&turns).map_err(arrow_err)?;
        one_table(py, from_rows(TURN_COLUMNS, &rows).map_err(arrow_err)?)
    }
    /// One row: the session's scores (the columns of `attune batch`'s sessions table).
    #[getter]
    fn session_row<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (_, session) = self.inner.table_rows(&self.source());
        let rows = to_maps(std::slice::from_ref(&session)).map_err(arrow_err)?;
        one_table(py, from_rows(SESSION_COLUMNS, &rows).map_err(arrow_err)?)
    }
    /// One row per flag: turn, time, kind, severity, quote, explanation, alternative, answers.
    #[getter]
    fn flags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let f = &self.inner.assessment.flags;
        let s = &self.inner.coded.session.id;
        let b = Columns::default()
            .str("session_id", f.iter().map(|_| Some(s.as_str())))
            .i64("turn", f.iter().map(|x| Some(x.turn as i64)))
            .f64("time", f.iter().map(|x| x.time))
            .str("kind", f.iter().map(|x| Some(x.kind.as_str())))
            .str("severity", f.iter().map(|x| serde_json::to_value(x.severity).ok().and_then(|v| v.as_str().map(String::from))))
            .str("quote", f.iter().map(|x| Some(x.quote.as_str())))
            .str("explanation", f.iter().map(|x| Some(x.explanation.as_str())))
            .str("alternative", f.iter().map(|x| Some(x.alternative.text.as_str())))
            .i64("answers", f.iter().map(|x| x.answers.map(|a| a as i64)))
            .finish()
            .map_err(arrow_err)?;
        one_table(py, b)
    }
    /// What the readers of the extra inputs (signals, audio) noticed.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes.clone()
    }
}

impl PyAnalysis {
    fn source(&self) -> String {
        let s = &self.inner.coded.session;
        s.source.clone().unwrap_or_else(|| s.id.clone())
    }
}

fn read_spec(therapist: Option<String>, client: Option<String>, format: Option<String>, session: Option<String>) -> ReadSpec {
    ReadSpec { therapist, client, format, session, rttm: None }
}

#[pyfunction]
#[pyo3(signature = (path, therapist=None, client=None, format=None, session=None))]
fn read(py: Python<'_>, path: PathBuf, therapist: Option<String>, client: Option<String>, format: Option<String>, session: Option<String>) -> PyResult<PySession> {
    let spec = read_spec(therapist, client, format, session);
    let (inner, _warnings) = py.detach(|| attune::input::read_one(&path, &spec)).map_err(to_py)?;
    Ok(PySession { inner })
}

#[pyfunction]
#[pyo3(signature = (path, therapist=None, client=None, format=None))]
fn read_all(py: Python<'_>, path: PathBuf, therapist: Option<String>, client: Option<String>, format: Option<String>) -> PyResult<Vec<PySession>> {
    let spec = read_spec(therapist, client, format, None);
    let (sessions, _warnings) = py.detach(|| attune::input::read_all(&path, &spec)).map_err(to_py)?;
    Ok(sessions.into_iter().map(|inner| PySession { inner }).collect())
}

#[pyfunction]
#[pyo3(signature = (text, format, label=None, therapist=None, client=None))]
fn parse(py: Python<'_>, text: &str, format: &str, label: Option<String>, therapist: Option<String>, client: Option<String>) -> PyResult<Vec<PySession>> {
    let spec = read_spec(therapist, client, Some(format.to_string()), None);
    let opts = spec.options().map_err(to_py)?;
    let fmt = opts.format.ok_or_else(|| PyValueError::new_err("a format is needed"))?;
    let label = label.unwrap_or_else(|| "<text>".to_string());
    let report = py.detach(|| attune_io::parse(fmt, text, &label, &opts)).map_err(|e| to_py(e.into()))?;
    Ok(report.sessions.into_iter().map(|inner| PySession { inner }).collect())
}

#[pyfunction]
#[pyo3(signature = (session, tier="fast"))]
fn code<'py>(py: Python<'py>, session: &PySession, tier: &str) -> PyResult<Bound<'py, PyAny>> {
    let p = pipeline(tier, false)?;
    let coded = py.detach(|| p.code(&session.inner)).map_err(to_py)?;
    let t = &coded.session.turns;
    let a = &coded.turns;
    let coding = |i: usize| a.get(i).and_then(|x| x.coding.as_ref());
    let affect = |i: usize| a.get(i).and_then(|x| x.affect.as_ref());
    let n = t.len();
    let b = Columns::default()
        .i64("turn", (0..n).map(|i| Some(i as i64)))
        .str("speaker", t.iter().map(|x| Some(x.speaker.as_str())))
        .str("role", t.iter().map(|x| Some(x.role.as_str())))
        .f64("start", t.iter().map(|x| x.start))
        .f64("end", t.iter().map(|x| x.end))
        .str("text", t.iter().map(|x| Some(x.text.as_str())))
        .str("code", (0..n).map(|i| coding(i).map(|c| c.code.as_str())))
        .f64("confidence", (0..n).map(|i| coding(i).map(|c| c.confidence as f64)))
        .bool("feeling", (0..n).map(|i| coding(i).map(|c| c.feeling)))
        .str("emotion", (0..n).map(|i| affect(i).map(|x| x.emotion.as_str())))
        .f64("intensity", (0..n).map(|i| affect(i).map(|x| x.intensity as f64)))
        .f64("valence", (0..n).map(|i| affect(i).map(|x| x.valence as f64)))
        .f64("arousal", (0..n).map(|i| affect(i).map(|x| x.arousal as f64)))
        .f64("distress", (0..n).map(|i| affect(i).map(|x| x.distress as f64)))
        .f64("hardship", (0..n).map(|i| affect(i).map(|x| x.hardship as f64)))
        .str("act", (0..n).map(|i| affect(i).map(|x| x.act.as_str())))
        .finish()
        .map_err(arrow_err)?;
    one_table(py, b)
}

fn extras(signal: Option<PathBuf>, audio: Option<PathBuf>) -> Extras {
    Extras { signal: signal.map(attune::sections::SignalSpec::new), audio }
}

#[pyfunction]
#[pyo3(signature = (session, tier="fast", redact=false, signal=None, audio=None))]
fn analyze(py: Python<'_>, session: &PySession, tier: &str, redact: bool, signal: Option<PathBuf>, audio: Option<PathBuf>) -> PyResult<PyAnalysis> {
    let p = pipeline(tier, redact)?;
    let ex = extras(signal, audio);
    let s = session.inner.clone();
    let inner = py.detach(|| p.analyze_with(s, &ex)).map_err(to_py)?;
    Ok(PyAnalysis { inner })
}

#[pyfunction]
#[pyo3(signature = (sessions, tier="fast", redact=false))]
fn analyze_many(py: Python<'_>, sessions: Vec<PyRef<'_, PySession>>, tier: &str, redact: bool) -> PyResult<Vec<PyAnalysis>> {
    use rayon::prelude::*;
    let p = pipeline(tier, redact)?;
    let owned: Vec<Session> = sessions.iter().map(|s| s.inner.clone()).collect();
    let done: Vec<attune::Result<Analysis>> = py.detach(|| owned.into_par_iter().map(|s| p.analyze(s)).collect());
    done.into_iter().map(|r| r.map(|inner| PyAnalysis { inner }).map_err(to_py)).collect()
}

#[pyfunction]
#[pyo3(signature = (context, response, tier="fast"))]
fn check_one<'py>(py: Python<'py>, context: Bound<'py, PyAny>, response: &str, tier: &str) -> PyResult<Bound<'py, PyAny>> {
    let ctx: serde_json::Value = if context.is_none() {
        serde_json::Value::Null
    } else if let Ok(s) = context.extract::<String>() {
        serde_json::Value::String(s)
    } else {
        let v: Vec<String> = context.extract().map_err(|_| PyValueError::new_err("`context` must be a string (the client's message) or a list of strings (earlier turns, ending with the client's)"))?;
        serde_json::Value::Array(v.into_iter().map(serde_json::Value::String).collect())
    };
    let turns = attune_assess::parse_context(&ctx).map_err(InputError::new_err)?;
    let p = pipeline(tier, false)?;
    let r = py.detach(|| p.check(&turns, response));
    json_to_py(py, &attune::check::to_json(&r, None, None).to_string())
}

#[pyfunction]
#[pyo3(signature = (data, context="context", response="response", id=None, tier="fast", threads=None))]
fn check_table<'py>(py: Python<'py>, data: Bound<'py, PyAny>, context: &str, response: &str, id: Option<&str>, tier: &str, threads: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
    let t = arrow_pyarrow::Table::from_pyarrow_bound(&data)?;
    let (batches, _) = t.into_inner();
    let p = pipeline(tier, false)?;
    let cols = check::CheckColumns { context, response, id };
    let out = py.detach(|| check::check_batches(&p, &batches, &cols, threads)).map_err(InputError::new_err)?;
    let empty_schema = if out.is_empty() {
        Some(check::results_batch(&[], 0, None).map_err(arrow_err)?.schema())
    } else {
        None
    };
    table(py, out, empty_schema)
}

#[pyfunction]
#[pyo3(signature = (batch, context="context", response="response", id=None, tier="fast", threads=None))]
fn check_record_batch<'py>(py: Python<'py>, batch: Bound<'py, PyAny>, context: &str, response: &str, id: Option<&str>, tier: &str, threads: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
    use arrow_pyarrow::ToPyArrow;
    let b = RecordBatch::from_pyarrow_bound(&batch)?;
    let p = pipeline(tier, false)?;
    let cols = check::CheckColumns { context, response, id };
    let mut out = py.detach(|| check::check_batches(&p, std::slice::from_ref(&b), &cols, threads)).map_err(InputError::new_err)?;
    out.pop().ok_or_else(|| AttuneError::new_err("no output batch"))?.to_pyarrow(py)
}

#[pyfunction]
#[pyo3(signature = (texts, format, labels=None, therapist=None, tier="fast", redact=false, threads=None))]
#[allow(clippy::too_many_arguments)]
fn analyze_texts<'py>(
    py: Python<'py>,
    texts: Vec<Option<String>>,
    format: &str,
    labels: Option<Vec<String>>,
    therapist: Option<String>,
    tier: &str,
    redact: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    use rayon::prelude::*;
    let spec = read_spec(therapist, None, Some(format.to_string()), None);
    let opts = spec.options().map_err(to_py)?;
    let fmt = opts.format.ok_or_else(|| PyValueError::new_err("a format is needed"))?;
    let p = pipeline(tier, redact)?;
    let labels: Vec<String> = labels.unwrap_or_else(|| (0..texts.len()).map(|i| format!("row {i}")).collect());
    if labels.len() != texts.len() {
        return Err(PyValueError::new_err(format!("{} labels for {} texts", labels.len(), texts.len())));
    }
    let one = |(text, label): (&Option<String>, &String)| -> Result<serde_json::Map<String, serde_json::Value>, String> {
        let text = text.as_deref().ok_or_else(|| format!("{label}: the transcript is null"))?;
        let report = attune_io::parse(fmt, text, label, &opts).map_err(|e| e.to_string())?;
        let session = attune::input::pick(report.sessions, label, None).map_err(|e| e.to_string())?;
        let a = p.analyze(session).map_err(|e| e.to_string())?;
        let (_, row) = a.table_rows(label);
        to_maps(std::slice::from_ref(&row)).map(|mut v| v.remove(0))
    };
    let results: Vec<Result<_, String>> = py.detach(|| match threads {
        Some(1) => texts.iter().zip(&labels).map(one).collect(),
        _ => texts.par_iter().zip(labels.par_iter()).map(one).collect(),
    });
    // a row that failed keeps only its label (as `source`) and says why in `error`
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = results
        .iter()
        .zip(&labels)
        .map(|(r, l)| r.clone().unwrap_or_else(|_| serde_json::Map::from_iter([("source".to_string(), serde_json::Value::String(l.clone()))])))
        .collect();
    let b = from_rows(SESSION_COLUMNS, &rows).map_err(arrow_err)?;
    let mut cols = Columns::default();
    for (f, a) in b.schema().fields().iter().zip(b.columns()) {
        cols = cols.array(f.name(), a.clone());
    }
    let b = cols.str("error", results.iter().map(|r| r.as_ref().err())).finish().map_err(arrow_err)?;
    use arrow_pyarrow::ToPyArrow;
    b.to_pyarrow(py)
}

#[pyfunction]
#[pyo3(signature = (path=None, a=None, b=None, rate=None, lag=5.0, window=60.0, increment=30.0, surrogates=0, seed=42, susy=false, columns=None, offset=0.0, modality=None))]
#[allow(clippy::too_many_arguments)]
fn sync<'py>(
    py: Python<'py>,
    path: Option<PathBuf>,
    a: Option<Vec<f64>>,
    b: Option<Vec<f64>>,
    rate: Option<f64>,
    lag: f64,
    window: f64,
    increment: f64,
    surrogates: usize,
    seed: u64,
    susy: bool,
    columns: Option<Vec<String>>,
    offset: f64,
    modality: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    use attune_signal::report::{Modality, SyncOptions};
    use attune_signal::series::{Dyad, Series};
    let forced = match modality {
        None => None,
        Some("movement") => Some(Modality::Movement),
        Some("physiology") => Some(Modality::Physiology),
        Some("other") => Some(Modality::Other),
        Some(m) => return Err(PyValueError::new_err(format!("unknown modality `{m}` (movement, physiology or other)"))),
    };
    let (dyad, modality) = match (path, a, b) {
        (Some(path), None, None) => {
            let text = std::fs::read_to_string(&path).map_err(|e| InputError::new_err(format!("{}: {e}", path.display())))?;
            let input = attune_signal::SignalInput { format: None, rate_hz: rate, offset_s: offset, columns: columns.unwrap_or_default(), time_col: None };
            let label = path.display().to_string();
            attune_signal::load_dyad(&text, &label, &input).map_err(|e| InputError::new_err(e.to_string()))?
        }
        (None, Some(a), Some(b)) => {
            let rate = rate.ok_or_else(|| PyValueError::new_err("give `rate` (samples per second) with two series"))?;
            if let Some(i) = a.iter().chain(&b).position(|v| !v.is_finite()) {
                let (which, k) = if i < a.len() { ("a", i) } else { ("b", i - a.len()) };
                return Err(InputError::new_err(format!("series {which}: sample {k} is not a finite number; interpolate or drop the gap first")));
            }
            let d = Dyad { id: "dyad".into(), s1: Series::new("a", rate, a), s2: Series::new("b", rate, b), quality: Default::default() };
            (d, Modality::Other)
        }
        _ => return Err(PyValueError::new_err("give either `path` or both series `a` and `b` (with `rate`)")),
    };
    let opts = SyncOptions {
        config: attune_signal::ccf::CcfConfig { lag_s: lag, window_s: window, increment_s: increment, r_to_z: true, abs: true },
        preprocess: Default::default(),
        surrogates,
        segment_s: 30.0,
        seed,
        susy: susy.then_some((30.0, lag)),
        modality: forced.unwrap_or(modality),
    };
    let r = py.detach(|| attune_signal::report::analyze(&dyad, &opts)).map_err(|e| InputError::new_err(e.to_string()))?;
    json_to_py(py, &serde_json::to_string(&r).map_err(arrow_err)?)
}

/// Pitch, intensity and per-turn prosody of a recording.
#[pyclass(frozen, name = "Prosody", module = "attune._attune")]
struct PyProsody {
    inner: attune_voice::VoiceAnalysis,
}

#[pymethods]
impl PyProsody {
    /// The voice report (per speaker, per turn, arousal, vocal matching and synchrony) as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::to_string(&self.inner.report).map_err(arrow_err)?)
    }
    /// Pitch frames of every track: speaker, channel, time, f0_hz (0 when unvoiced), strength.
    #[getter]
    fn pitch<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let fr: Vec<(&attune_voice::SpeakerTrack, &attune_voice::pitch::PitchFrame)> =
            self.inner.tracks.iter().flat_map(|t| t.pitch.frames.iter().map(move |f| (t, f))).collect();
        let b = Columns::default()
            .str("speaker", fr.iter().map(|(t, _)| Some(t.speaker.as_str())))
            .i64("channel", fr.iter().map(|(t, _)| t.channel.map(|c| c as i64)))
            .f64("time", fr.iter().map(|(_, f)| Some(f.time)))
            .f64("f0_hz", fr.iter().map(|(_, f)| Some(f.f0)))
            .f64("strength", fr.iter().map(|(_, f)| Some(f.strength)))
            .finish()
            .map_err(arrow_err)?;
        one_table(py, b)
    }
    /// Intensity frames of every track: speaker, channel, time, db (-300 = digital silence).
    #[getter]
    fn intensity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let fr: Vec<(&attune_voice::SpeakerTrack, &attune_voice::intensity::IntensityFrame)> =
            self.inner.tracks.iter().flat_map(|t| t.intensity.frames.iter().map(move |f| (t, f))).collect();
        let b = Columns::default()
            .str("speaker", fr.iter().map(|(t, _)| Some(t.speaker.as_str())))
            .i64("channel", fr.iter().map(|(t, _)| t.channel.map(|c| c as i64)))
            .f64("time", fr.iter().map(|(_, f)| Some(f.time)))
            .f64("db", fr.iter().map(|(_, f)| Some(f.db)))
            .finish()
            .map_err(arrow_err)?;
        one_table(py, b)
    }
    /// Per-turn prosody (needs the turns' times), one row per turn.
    #[getter]
    fn turns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = to_maps(&self.inner.report.turns).map_err(arrow_err)?;
        let pa = py.import("pyarrow")?;
        let list = json_to_py(py, &serde_json::to_string(&rows).map_err(arrow_err)?)?;
        pa.getattr("Table")?.call_method1("from_pylist", (list,))
    }
}

#[pyfunction]
#[pyo3(signature = (path, transcript=None, channel=None, mix=false, pitch_floor=75.0, pitch_ceiling=600.0))]
fn prosody(py: Python<'_>, path: PathBuf, transcript: Option<PathBuf>, channel: Option<usize>, mix: bool, pitch_floor: f64, pitch_ceiling: f64) -> PyResult<PyProsody> {
    if !(pitch_floor > 0.0 && pitch_ceiling > pitch_floor) {
        return Err(PyValueError::new_err("pitch_floor must be positive and below pitch_ceiling"));
    }
    let inner = py
        .detach(|| -> attune::Result<attune_voice::VoiceAnalysis> {
            let turns = match transcript.as_deref() {
                Some(t) => Some(attune::sections::voice_turns(t)?.0),
                None => None,
            };
            let mut opts = attune_voice::VoiceOptions { channel, mix, ..Default::default() };
            opts.pitch.floor = pitch_floor;
            opts.pitch.ceiling = pitch_ceiling;
            Ok(attune_voice::analyze_file(&path, turns.as_deref(), &opts)?)
        })
        .map_err(to_py)?;
    Ok(PyProsody { inner })
}

#[pyfunction]
#[pyo3(signature = (path, speakers=None, language=None, beam=5, rttm=None, therapist=None, client=None, model=None, vad=true))]
#[allow(clippy::too_many_arguments)]
fn transcribe(
    py: Python<'_>,
    path: PathBuf,
    speakers: Option<usize>,
    language: Option<String>,
    beam: usize,
    rttm: Option<PathBuf>,
    therapist: Option<String>,
    client: Option<String>,
    model: Option<PathBuf>,
    vad: bool,
) -> PyResult<(PySession, String, Vec<String>)> {
    let spec = attune::speech::TranscribeSpec { speakers, language, beam, rttm, therapist, client, model_dir: model, no_vad: !vad };
    let t = py
        .detach(|| -> attune::Result<attune::speech::Transcription> {
            let recording = attune::speech::decode_recording(&path)?;
            let whisper = attune::speech::load_whisper(spec.model_dir.as_deref())?;
            attune::speech::transcribe_channels(&path, &recording, &spec, &whisper, &mut |_, _| {})
        })
        .map_err(to_py)?;
    Ok((PySession { inner: t.session }, t.rttm, t.warnings))
}

#[pyfunction]
fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[pymodule]
fn _attune(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("AttuneError", m.py().get_type::<AttuneError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add_class::<PySession>()?;
    m.add_class::<PyAnalysis>()?;
    m.add_class::<PyProsody>()?;
    for f in [
        wrap_pyfunction!(read, m)?,
        wrap_pyfunction!(read_all, m)?,
        wrap_pyfunction!(parse, m)?,
        wrap_pyfunction!(code, m)?,
        wrap_pyfunction!(analyze, m)?,
        wrap_pyfunction!(analyze_many, m)?,
        wrap_pyfunction!(check_one, m)?,
        wrap_pyfunction!(check_table, m)?,
        wrap_pyfunction!(check_record_batch, m)?,
        wrap_pyfunction!(analyze_texts, m)?,
        wrap_pyfunction!(sync, m)?,
        wrap_pyfunction!(prosody, m)?,
        wrap_pyfunction!(transcribe, m)?,
        wrap_pyfunction!(version, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
