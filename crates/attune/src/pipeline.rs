//! The pipeline: a session in, an [`Analysis`] out. Every front end (the CLI, the server, the Python
//! package, benchmarks) calls this, so a library user gets exactly what the CLI gets.

use crate::redaction::Redaction;
use crate::sections::{self, SignalSpec};
use crate::tier::{self, Encoder, Tier};
use crate::{Error, Result};
use attune_assess::{AssessConfig, Assessment, CheckResult};
use attune_core::{CodedSession, Session, Turn};
use attune_report::tables::{SessionRecord, TurnRecord};
use attune_report::{Fragment, ReportInput, ReportMeta};
use attune_text::Coder;
use serde::Serialize;
use std::path::PathBuf;

/// Schema tag of the analysis document (see docs/schema.md).
pub const ANALYSIS_SCHEMA: &str = "attune.analysis/1";

/// What the pipeline does to every session it is given.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub tier: Tier,
    pub redaction: Redaction,
    /// With redaction on: kinds of identifier a study needs kept (dates, ages...). Speakers' names go whatever.
    pub redact_keep: attune_redact::Policy,
    pub assess: AssessConfig,
}

/// Inputs beside the transcript.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    pub signal: Option<SignalSpec>,
    pub audio: Option<PathBuf>,
}

/// The configured pipeline: the coder of the chosen tier (models are loaded once) and the encoder.
#[derive(Clone)]
pub struct Pipeline {
    coder: Coder,
    encoder: Encoder,
    opts: Options,
}

/// One analyzed session.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub coded: CodedSession,
    pub assessment: Assessment,
    /// Extra report sections (synchrony, voice), in order.
    pub sections: Vec<Fragment>,
    pub redacted: bool,
    /// What the readers of the extra inputs noticed, for the user.
    pub notes: Vec<String>,
}

/// The `attune.analysis/1` document: the coded session (turns with codes and affect) and its assessment.
#[derive(Serialize)]
pub struct Document<'a> {
    pub schema: &'static str,
    pub generator: String,
    pub redacted: bool,
    pub coded: &'a CodedSession,
    pub assessment: &'a Assessment,
}

/// "attune 0.1.0".
pub fn generator() -> String {
    format!("attune {}", env!("CARGO_PKG_VERSION"))
}

impl Pipeline {
    /// Loads the models of `opts.tier` (fails at once when the accurate tier cannot run here).
    pub fn new(opts: Options) -> Result<Pipeline> {
        // The coder, the client model and the judge each take a tenth of a second to unpack into their
        // lookup tables, and the accurate tier's encoder a quarter of a second to read: load them side by side
        // rather than one after another on first use.
        let accurate = opts.tier.resolve() == Tier::Accurate;
        let encoder = Encoder::default();
        let (coder, _) = rayon::join(
            || tier::bundled_coder(opts.tier),
            || {
                rayon::join(
                    || if accurate { attune_text::client::ClientModel::bundled_accurate() } else { attune_text::client::ClientModel::bundled() },
                    || {
                        let judge = attune_judge::JudgeModel::bundled();
                        if accurate {
                            encoder.preload();
                        }
                        judge
                    },
                )
            },
        );
        Ok(Pipeline { coder: coder?, encoder, opts })
    }

    /// The fast tier with default settings.
    pub fn fast() -> Result<Pipeline> {
        Pipeline::new(Options::default())
    }

    /// A pipeline around a given coder (e.g. a model file under evaluation).
    pub fn with_coder(coder: Coder, opts: Options) -> Pipeline {
        Pipeline { coder, encoder: Encoder::default(), opts }
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The coder (without a session's embeddings).
    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The session as every output will see it (redacted when the options say so).
    pub fn prepare(&self, session: Session) -> Session {
        self.opts.redaction.apply_with(session, &self.opts.redact_keep)
    }

    /// Codes one (prepared) session.
    pub fn code(&self, session: &Session) -> Result<CodedSession> {
        Ok(tier::coder_for_session(&self.coder, &self.encoder, session)?.code_session(session))
    }

    /// Redacts (if asked), codes and assesses a session.
    pub fn analyze(&self, session: Session) -> Result<Analysis> {
        self.analyze_with(session, &Extras::default())
    }

    /// [`Pipeline::analyze`] with synchrony and voice sections.
    pub fn analyze_with(&self, session: Session, extras: &Extras) -> Result<Analysis> {
        let session = self.prepare(session);
        let mut cfg = self.opts.assess.clone();
        let mut sections = Vec::new();
        let mut notes = Vec::new();
        if let Some(spec) = &extras.signal {
            let s = sections::synchrony(spec)?;
            cfg.synchrony = s.index_value;
            notes.extend(s.notes);
            sections.push(s.fragment);
        }
        if let Some(audio) = &extras.audio {
            let s = sections::voice(audio, &session)?;
            notes.extend(s.notes);
            sections.push(s.fragment);
        }
        let coded = self.code(&session)?;
        let assessment = attune_assess::assess(&coded, &cfg);
        Ok(Analysis { coded, assessment, sections, redacted: self.opts.redaction.is_on(), notes })
    }

    /// Judges one response to a client (`context` ends with the client's turn; earlier turns alternate).
    pub fn check(&self, context: &[Turn], response: &str) -> CheckResult {
        attune_assess::check_response(context, response, &self.coder)
    }
}

impl Analysis {
    /// An analysis back from its `attune.analysis/1` document (as stored by the server): the coded session and
    /// the assessment; report sections are not part of the document.
    pub fn from_json(doc: &str) -> Result<Analysis> {
        #[derive(serde::Deserialize)]
        struct Doc {
            schema: String,
            #[serde(default)]
            redacted: bool,
            coded: CodedSession,
            assessment: Assessment,
        }
        let d: Doc = serde_json::from_str(doc)?;
        if d.schema != ANALYSIS_SCHEMA {
            return Err(Error::input("analysis document", format!("schema `{}`, expected `{ANALYSIS_SCHEMA}`", d.schema)));
        }
        Ok(Analysis { coded: d.coded, assessment: d.assessment, sections: vec![], redacted: d.redacted, notes: vec![] })
    }

    /// The `attune.analysis/1` document.
    pub fn document(&self) -> Document<'_> {
        Document { schema: ANALYSIS_SCHEMA, generator: generator(), redacted: self.redacted, coded: &self.coded, assessment: &self.assessment }
    }

    /// The document as pretty JSON, ending with a newline.
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(&self.document())? + "\n")
    }

    /// The report's header: from the session, with names and paths left out when redacted.
    pub fn report_meta(&self) -> ReportMeta {
        let mut meta = ReportMeta::for_session(&self.coded.session);
        meta.redacted = self.redacted;
        if self.redacted {
            meta.title = "Attunement report (redacted)".into();
            meta.source = None;
            meta.therapist = None;
        }
        meta
    }

    /// The self-contained HTML report.
    pub fn to_html(&self) -> String {
        self.to_html_with(self.report_meta())
    }

    /// The HTML report with a header of the caller's (title, therapist's display name). A redacted
    /// analysis keeps its redacted header whatever is passed.
    pub fn to_html_with(&self, meta: ReportMeta) -> String {
        let meta = if self.redacted { self.report_meta() } else { meta };
        attune_report::render_html(&ReportInput { coded: &self.coded, assessment: &self.assessment, meta, fragments: self.sections.clone() })
    }

    /// The transcript as an ELAN annotation document (one tier per speaker), redacted when the analysis is.
    /// Needs timed turns.
    pub fn to_eaf(&self) -> Result<String> {
        attune_io::to_eaf(&self.coded.session).map_err(|e| Error::input(self.coded.session.id.clone(), e.to_string()))
    }

    /// The tidy rows of this session: one per turn, one for the session. `source` is the input's label
    /// (replaced when redacted).
    pub fn table_rows(&self, source: &str) -> (Vec<TurnRecord>, SessionRecord) {
        let source = if self.redacted { "redacted" } else { source };
        (
            attune_report::tables::turn_records(&self.coded, &self.assessment, source),
            attune_report::tables::session_record(&self.coded, &self.assessment, source),
        )
    }

    /// The headline figures, for a one-screen summary.
    pub fn summary(&self) -> Summary {
        let x = &self.assessment;
        Summary {
            index: x.index.value,
            subscores: x.index.subscores.iter().filter_map(|s| Some((s.name.replace('_', " "), s.value?))).collect(),
            turns: self.coded.session.turns.len(),
            reflection_to_question: x.scores.reflection_to_question.value,
            percent_complex_reflections: x.scores.percent_complex_reflections.value,
            flags: x.flags.len(),
            ruptures: x.ruptures.len(),
            repaired: x.ruptures.iter().filter(|r| r.repair.is_some()).count(),
        }
    }
}

/// Headline figures of an analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub index: f64,
    pub subscores: Vec<(String, f64)>,
    pub turns: usize,
    pub reflection_to_question: Option<f64>,
    pub percent_complex_reflections: Option<f64>,
    pub flags: usize,
    pub ruptures: usize,
    pub repaired: usize,
}
