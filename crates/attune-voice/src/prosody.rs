//! Per-turn prosody, the client's arousal curve, the therapist's vocal matching, and the
//! [`VoiceReport`] the HTML report renders. Exploratory: pitch synchrony's link to empathy did
//! not replicate, so nothing here enters the attunement index.

use crate::audio::Channel;
use crate::intensity::{intensity, IntensityParams, IntensityTrack, SILENCE_DB};
use crate::pitch::{pitch_ac, PitchParams, PitchTrack};
use crate::VoiceError;
use attune_core::Role;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A timed turn: who spoke when (from a diarized transcript or the `speaker,start,end[,text]` CSV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnSpan {
    /// 1-based turn number.
    pub index: usize,
    pub speaker: String,
    pub role: Option<Role>,
    pub start: f64,
    pub end: f64,
    pub text: Option<String>,
}

/// Guess a role from a speaker label (T/therapist/counselor…, C/client/patient…).
pub fn role_from_label(s: &str) -> Option<Role> {
    let l = s.trim().to_ascii_lowercase();
    let therapist = ["t", "th", "therapist", "counselor", "counsellor", "clinician", "supporter", "helper", "interviewer"];
    let client = ["c", "cl", "client", "patient", "pat", "p", "seeker", "interviewee"];
    if therapist.contains(&l.as_str()) {
        Some(Role::Therapist)
    } else if client.contains(&l.as_str()) {
        Some(Role::Client)
    } else {
        None
    }
}

/// Timed turns of a session (turns without both times are skipped).
pub fn turns_from_session(turns: &[attune_core::Turn]) -> Vec<TurnSpan> {
    turns
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (s, e) = (t.start?, t.end?);
            (s.is_finite() && e.is_finite() && e >= s).then(|| TurnSpan {
                index: i + 1,
                speaker: t.speaker.clone(),
                role: match t.role {
                    Role::Other => role_from_label(&t.speaker),
                    r => Some(r),
                },
                start: s,
                end: e,
                text: (!t.text.trim().is_empty()).then(|| t.text.clone()),
            })
        })
        .collect()
}

/// Read turns from CSV: a header naming `speaker`, `start` (or `start_s`), `end` (or `end_s`),
/// optionally `turn` and `text`; or headerless `speaker,start,end[,text]`.
pub fn read_turns_csv(text: &str, label: &str) -> Result<Vec<TurnSpan>, VoiceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bad = |line: usize, m: String| VoiceError::Transcript { file: label.to_string(), line, message: m };
    let mut records = Vec::new();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    for r in reader.records() {
        match r {
            Ok(rec) if rec.iter().all(|f| f.is_empty()) => {}
            Ok(rec) => {
                let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
                records.push((line, rec.iter().map(str::to_string).collect::<Vec<String>>()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                return Err(bad(line, format!("not readable as CSV: {e}")));
            }
        }
    }
    let mut lines = records.into_iter().peekable();
    let Some((_, head)) = lines.peek() else {
        return Err(bad(1, "the turns file is empty (expected `speaker,start,end[,text]`)".into()));
    };
    let lower: Vec<String> = head.iter().map(|h| h.to_ascii_lowercase()).collect();
    let find = |names: &[&str]| lower.iter().position(|h| names.contains(&h.as_str()));
    let (spk, st, en, tx, has_header) = match (find(&["speaker", "spk", "role"]), find(&["start", "start_s", "begin"]), find(&["end", "end_s", "stop"])) {
        (Some(a), Some(b), Some(c)) => (a, b, c, find(&["text", "utterance", "transcript"]), true),
        _ => (0, 1, 2, Some(3), false),
    };
    if has_header {
        lines.next();
    }
    let mut out = Vec::new();
    for (line, f) in lines {
        let i = line.saturating_sub(1);
        let get = |k: usize| f.get(k).map(|s| s.as_str()).unwrap_or("");
        let num = |k: usize, what: &str| -> Result<f64, VoiceError> {
            let v: f64 = get(k).parse().map_err(|_| bad(i + 1, format!("{what} `{}` is not a number of seconds", get(k))))?;
            if !v.is_finite() || v < 0.0 {
                return Err(bad(i + 1, format!("{what} {v} must be a non-negative number of seconds")));
            }
            Ok(v)
        };
        let speaker = get(spk).to_string();
        if speaker.is_empty() {
            return Err(bad(i + 1, "missing speaker (expected `speaker,start,end[,text]`)".into()));
        }
        let (start, end) = (num(st, "start")?, num(en, "end")?);
        if end < start {
            return Err(bad(i + 1, format!("end {end} is before start {start}")));
        }
        let text = tx.and_then(|k| f.get(k)).filter(|s| !s.is_empty()).cloned();
        out.push(TurnSpan { index: out.len() + 1, role: role_from_label(&speaker), speaker, start, end, text });
    }
    if out.is_empty() {
        return Err(bad(1, "no turns found".into()));
    }
    Ok(out)
}

/// Pitch and intensity of one speaker's channel (or of the mix).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerTrack {
    /// The speaker label, or `mix` / `channel N` when unknown.
    pub speaker: String,
    /// Source channel (None: mix of all channels).
    pub channel: Option<usize>,
    pub pitch: PitchTrack,
    pub intensity: IntensityTrack,
}

/// Prosody of one turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnProsody {
    pub index: usize,
    pub speaker: String,
    pub role: Option<Role>,
    pub start: f64,
    pub end: f64,
    /// Voiced pitch frames within [start, end].
    pub n_voiced: usize,
    /// Mean and sample SD (n − 1) of F0 over voiced frames, Hz.
    pub f0_mean: Option<f64>,
    pub f0_sd: Option<f64>,
    /// Mean intensity in dB over the turn's frames, digital silence excluded.
    pub db_mean: Option<f64>,
    /// Words per second of turn time, when the turn has text.
    pub speaking_rate: Option<f64>,
    /// Seconds since the previous turn ended (negative: overlap); None for the first turn.
    pub pause_before: Option<f64>,
}

fn mean_sd(v: &[f64]) -> (Option<f64>, Option<f64>) {
    if v.is_empty() {
        return (None, None);
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let sd = (v.len() > 1).then(|| (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt());
    (Some(m), sd)
}

/// Prosody of one turn from a track (frames with time in [start, end]).
pub fn turn_prosody(turn: &TurnSpan, track: &SpeakerTrack, prev_end: Option<f64>) -> TurnProsody {
    let f0: Vec<f64> = track
        .pitch
        .frames
        .iter()
        .filter(|f| f.time >= turn.start && f.time <= turn.end && f.f0 > 0.0)
        .map(|f| f.f0)
        .collect();
    let (f0_mean, f0_sd) = mean_sd(&f0);
    let db: Vec<f64> = track
        .intensity
        .frames
        .iter()
        .filter(|f| f.time >= turn.start && f.time <= turn.end && f.db > SILENCE_DB)
        .map(|f| f.db)
        .collect();
    let dur = turn.end - turn.start;
    let speaking_rate = turn
        .text
        .as_ref()
        .map(|t| t.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphanumeric())).count())
        .filter(|_| dur > 0.0)
        .map(|w| w as f64 / dur);
    TurnProsody {
        index: turn.index,
        speaker: turn.speaker.clone(),
        role: turn.role,
        start: turn.start,
        end: turn.end,
        n_voiced: f0.len(),
        f0_mean,
        f0_sd,
        db_mean: mean_sd(&db).0,
        speaking_rate,
        pause_before: prev_end.map(|e| turn.start - e),
    }
}

/// Per-turn prosody; `track_for` gives the track holding a speaker's voice.
pub fn per_turn<'a>(turns: &[TurnSpan], track_for: impl Fn(&TurnSpan) -> Option<&'a SpeakerTrack>) -> Vec<TurnProsody> {
    let mut prev_end: Option<f64> = None;
    let mut out = Vec::with_capacity(turns.len());
    for t in turns {
        if let Some(tr) = track_for(t) {
            out.push(turn_prosody(t, tr, prev_end));
        }
        prev_end = Some(prev_end.map_or(t.end, |e: f64| e.max(t.end)));
    }
    out
}

/// One point of the client's arousal curve: the mean of the turn's F0 and loudness z-scores
/// (standardized within the client), at the turn's midpoint.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ArousalPoint {
    pub turn: usize,
    pub time: f64,
    pub arousal: f64,
    pub f0_z: Option<f64>,
    pub db_z: Option<f64>,
}

fn zscores(v: &[Option<f64>]) -> Vec<Option<f64>> {
    let xs: Vec<f64> = v.iter().flatten().copied().collect();
    let (m, sd) = mean_sd(&xs);
    match (m, sd) {
        (Some(m), Some(sd)) if sd > 0.0 => v.iter().map(|x| x.map(|x| (x - m) / sd)).collect(),
        (Some(_), _) => v.iter().map(|x| x.map(|_| 0.0)).collect(),
        _ => vec![None; v.len()],
    }
}

/// The client's arousal curve (vocal arousal proxy: raised pitch and loudness).
pub fn arousal_curve(turns: &[TurnProsody]) -> Vec<ArousalPoint> {
    let client: Vec<&TurnProsody> = turns.iter().filter(|t| t.role == Some(Role::Client)).collect();
    let fz = zscores(&client.iter().map(|t| t.f0_mean).collect::<Vec<_>>());
    let dz = zscores(&client.iter().map(|t| t.db_mean).collect::<Vec<_>>());
    client
        .iter()
        .zip(fz.iter().zip(&dz))
        .filter_map(|(t, (&f, &d))| {
            let vals: Vec<f64> = [f, d].into_iter().flatten().collect();
            (!vals.is_empty()).then(|| ArousalPoint {
                turn: t.index,
                time: 0.5 * (t.start + t.end),
                arousal: vals.iter().sum::<f64>() / vals.len() as f64,
                f0_z: f,
                db_z: d,
            })
        })
        .collect()
}

/// Turn-to-turn matching of one feature (F0 or loudness), on values standardized within each
/// speaker (so a low and a high voice can still match in relative terms).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct FeatureMatching {
    /// Adjacent (client turn → next therapist turn) pairs with the feature present.
    pub pairs: usize,
    /// Pearson r between client turns and the therapist's next turns (lag-1 synchrony).
    pub synchrony_r: Option<f64>,
    /// Pearson r between therapist turns and the client's next turns (the reverse direction).
    pub reverse_r: Option<f64>,
    /// Mean −|z_client − z_therapist| over adjacent pairs (higher = closer).
    pub proximity: Option<f64>,
    /// The same over all non-adjacent client/therapist turn pairs (a chance baseline).
    pub baseline_proximity: Option<f64>,
    /// Pearson r of pair order with −|difference|: positive = converging over the session.
    pub convergence_r: Option<f64>,
}

/// The therapist's vocal matching of the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VocalMatching {
    pub f0: FeatureMatching,
    pub loudness: FeatureMatching,
    /// How synchrony was computed.
    pub method: String,
}

/// Pearson correlation of complete pairs (None with fewer than 3 pairs or a constant series).
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len();
    if n < 3 {
        return None;
    }
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

fn feature_matching(turns: &[TurnProsody], get: impl Fn(&TurnProsody) -> Option<f64>) -> FeatureMatching {
    // Standardize within role.
    let mut z: Vec<Option<f64>> = vec![None; turns.len()];
    for role in [Role::Client, Role::Therapist] {
        let idx: Vec<usize> = (0..turns.len()).filter(|&i| turns[i].role == Some(role)).collect();
        let zs = zscores(&idx.iter().map(|&i| get(&turns[i])).collect::<Vec<_>>());
        for (k, &i) in idx.iter().enumerate() {
            z[i] = zs[k];
        }
    }
    let mut fwd = Vec::new();
    let mut rev = Vec::new();
    for i in 1..turns.len() {
        let (a, b) = (&turns[i - 1], &turns[i]);
        if let (Some(za), Some(zb)) = (z[i - 1], z[i]) {
            match (a.role, b.role) {
                (Some(Role::Client), Some(Role::Therapist)) => fwd.push((za, zb)),
                (Some(Role::Therapist), Some(Role::Client)) => rev.push((za, zb)),
                _ => {}
            }
        }
    }
    let prox: Vec<f64> = fwd.iter().map(|(a, b)| -(a - b).abs()).collect();
    let mut base = Vec::new();
    for i in 0..turns.len() {
        for j in 0..turns.len() {
            if turns[i].role == Some(Role::Client)
                && turns[j].role == Some(Role::Therapist)
                && j != i + 1
                && let (Some(a), Some(b)) = (z[i], z[j])
            {
                base.push(-(a - b).abs());
            }
        }
    }
    let conv: Vec<(f64, f64)> = prox.iter().enumerate().map(|(k, &p)| (k as f64, p)).collect();
    FeatureMatching {
        pairs: fwd.len(),
        synchrony_r: pearson(&fwd),
        reverse_r: pearson(&rev),
        proximity: mean_sd(&prox).0,
        baseline_proximity: mean_sd(&base).0,
        convergence_r: pearson(&conv),
    }
}

/// Vocal matching from per-turn prosody (roles must mark therapist and client turns).
pub fn vocal_matching(turns: &[TurnProsody]) -> Option<VocalMatching> {
    let has = |r| turns.iter().any(|t| t.role == Some(r));
    if !has(Role::Client) || !has(Role::Therapist) {
        return None;
    }
    Some(VocalMatching {
        f0: feature_matching(turns, |t| t.f0_mean),
        loudness: feature_matching(turns, |t| t.db_mean),
        method: "turn-level: within-speaker z-scores; lag-1 Pearson correlation (client turn → next therapist turn); \
                 proximity vs non-adjacent baseline; convergence over pairs"
            .into(),
    })
}

/// Summary of one speaker's voice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerVoice {
    pub speaker: String,
    pub role: Option<Role>,
    pub n_voiced: usize,
    pub f0_mean: Option<f64>,
    pub f0_sd: Option<f64>,
    pub db_mean: Option<f64>,
    /// Plot series: (time s, F0 Hz or None, dB or None) in bins of `bin` seconds.
    pub series: Vec<(f64, Option<f64>, Option<f64>)>,
}

/// Everything the report's voice track shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceReport {
    pub source: String,
    pub duration: f64,
    pub rate: u32,
    /// Width of the plot bins in seconds.
    pub bin: f64,
    pub speakers: Vec<SpeakerVoice>,
    pub turns: Vec<TurnProsody>,
    pub arousal: Vec<ArousalPoint>,
    pub matching: Option<VocalMatching>,
    /// Continuous vocal synchrony (F0 and loudness levels) through attune-signal's windowed
    /// cross-lagged correlation; None with [`VoiceReport::synchrony_note`] saying why.
    #[serde(default)]
    pub synchrony: Option<crate::synchrony::VocalSynchrony>,
    /// Why there is no synchrony (one speaker, too short), or which speakers were paired.
    #[serde(default)]
    pub synchrony_note: Option<String>,
    /// Always true: voice measures are exploratory (pitch synchrony's link to empathy did not
    /// replicate) and do not enter the attunement index.
    pub exploratory: bool,
}

/// Options for [`analyze_file`].
#[derive(Debug, Clone, Default)]
pub struct VoiceOptions {
    /// Analyze only this channel (0-based); by default a stereo file is read as one speaker per
    /// channel and a mono file as one track.
    pub channel: Option<usize>,
    /// Mix all channels into one track even when there are several.
    pub mix: bool,
    pub pitch: PitchParams,
    pub intensity: IntensityParams,
}

/// The result of analyzing one session's audio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceAnalysis {
    pub tracks: Vec<SpeakerTrack>,
    pub report: VoiceReport,
}

/// Pitch and intensity of one channel (or mix).
pub fn analyze_samples(speaker: &str, channel: Option<usize>, x: &[f32], rate: u32, opts: &VoiceOptions) -> SpeakerTrack {
    SpeakerTrack {
        speaker: speaker.to_string(),
        channel,
        pitch: pitch_ac(x, rate as f64, &opts.pitch),
        intensity: intensity(x, rate as f64, &opts.intensity),
    }
}

/// Streaming count, mean and peak of one channel, summed exactly as
/// [`crate::pitch::mean_and_peak`] sums the whole signal (eight lanes by sample index mod 8,
/// the last `n % 8` samples after), so the result is bit-identical whatever the chunking.
#[derive(Debug, Clone)]
struct PeakStat {
    n: usize,
    acc: [f64; 8],
    mx: [f32; 8],
    mn: [f32; 8],
    pend: [f32; 8],
    np: usize,
    /// Index of the first non-finite sample.
    bad: Option<usize>,
}

impl Default for PeakStat {
    fn default() -> Self {
        PeakStat { n: 0, acc: [0.0; 8], mx: [f32::NEG_INFINITY; 8], mn: [f32::INFINITY; 8], pend: [0.0; 8], np: 0, bad: None }
    }
}

impl PeakStat {
    #[inline(always)]
    fn lanes(&mut self, q: &[f32]) {
        for j in 0..8 {
            // A non-finite sample makes its lane non-finite; `add` then finds it, and the
            // analysis stops, so `mean_and_peak`'s treating it as 0 never matters here.
            self.acc[j] += q[j] as f64;
            self.mx[j] = self.mx[j].max(q[j]);
            self.mn[j] = self.mn[j].min(q[j]);
        }
    }

    fn add(&mut self, xs: &[f32]) {
        let n0 = self.n;
        self.n += xs.len();
        let mut rest = xs;
        if self.np > 0 {
            let take = (8 - self.np).min(rest.len());
            self.pend[self.np..self.np + take].copy_from_slice(&rest[..take]);
            self.np += take;
            rest = &rest[take..];
            if self.np == 8 {
                let p = self.pend;
                self.lanes(&p);
                self.np = 0;
            }
        }
        let mut ch = rest.chunks_exact(8);
        for q in &mut ch {
            self.lanes(q);
        }
        let r = ch.remainder();
        self.pend[..r.len()].copy_from_slice(r);
        self.np = r.len();
        // The sums stay finite while the samples are (|x| < 2^128, far fewer than 2^900 of them),
        // so the first non-finite sample lies in the first chunk after which they are not.
        if self.bad.is_none() && (self.acc.iter().any(|v| !v.is_finite()) || r.iter().any(|v| !v.is_finite())) {
            self.bad = xs.iter().position(|v| !v.is_finite()).map(|i| n0 + i);
        }
    }

    /// (mean, largest |x − mean|), as [`crate::pitch::mean_and_peak`].
    fn mean_and_peak(&self) -> (f64, f64) {
        if self.n == 0 {
            return (0.0, 0.0);
        }
        let mut sum: f64 = self.acc.iter().sum();
        let mut hi = self.mx.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let mut lo = self.mn.iter().fold(f32::INFINITY, |a, &b| a.min(b));
        for &v in &self.pend[..self.np] {
            sum += v as f64;
            hi = hi.max(v);
            lo = lo.min(v);
        }
        let mean = sum / self.n as f64;
        (mean, (hi as f64 - mean).max(mean - lo as f64).max(0.0))
    }
}

/// The peak (largest |x − mean|) of integer PCM samples times `scale`, equal to what
/// [`crate::pitch::mean_and_peak`] gives on the decoded samples: the sum of exact multiples of
/// `scale` is exact in any order (the caller keeps n · 2^(bits−1) < 2^53), and min and max are
/// the decoded extremes.
fn pcm_peak(s: &crate::audio::PcmStats, scale: f64) -> f64 {
    if s.n == 0 {
        return 0.0;
    }
    let mean = (s.sum as f64 * scale) / s.n as f64;
    let (hi, lo) = ((s.max as f64 * scale) as f32, (s.min as f64 * scale) as f32);
    (hi as f64 - mean).max(mean - lo as f64).max(0.0)
}

/// Decode `path`, compute pitch and intensity per channel (or of the mix), and, given timed
/// turns, per-turn prosody, the client arousal curve and vocal matching. With several channels
/// and turns, each speaker is assigned the channel where their turns are loudest.
///
/// Bounded memory: the file is decoded twice, streaming — a first pass for each channel's
/// length, mean and peak (and to reject NaN samples), a second feeding [`crate::pitch::PitchStream`]
/// and [`crate::intensity::IntensityStream`]; no channel is held in memory. In the second pass
/// each channel's pitch runs on threads of its own (the cores shared out between channels), fed in
/// chunks while the calling thread decodes and computes intensity. Results are identical to [`analyze_samples`] on the decoded
/// channels (the first pass sums in the same order as [`crate::pitch::mean_and_peak`]).
pub fn analyze_file(path: &Path, turns: Option<&[TurnSpan]>, opts: &VoiceOptions) -> Result<VoiceAnalysis, VoiceError> {
    use crate::audio::{stream_file_chunks, Sel};
    use crate::intensity::IntensityStream;
    use crate::pitch::PitchStream;
    let label = path.display().to_string();
    let sel = match (opts.channel, opts.mix) {
        (Some(c), _) => Sel::One(Channel::Index(c)),
        (None, true) => Sel::One(Channel::Mix),
        (None, false) => Sel::All,
    };
    // Pass 1: per channel count, mean and peak (as `mean_and_peak` computes them); first
    // non-finite sample. Plain integer PCM: from integer sums, which are exact, so the same values
    // without converting a sample; anything else: decoded and summed in `mean_and_peak`'s order.
    let audio_err = |m: String, h: &str| VoiceError::Audio { file: label.clone(), message: m, hint: h.to_string() };
    let (rate, channels, levels): (u32, u16, Vec<(usize, f64)>) = match crate::audio::pcm_stats(path, sel)? {
        Some((rate, channels, scale, st)) => (rate, channels, st.iter().map(|s| (s.n, pcm_peak(s, scale))).collect()),
        None => {
            let mut stats: Vec<PeakStat> = Vec::new();
            let (rate, channels) = stream_file_chunks(path, sel, &mut |c, xs| {
                if stats.len() <= c {
                    stats.resize_with(c + 1, PeakStat::default);
                }
                stats[c].add(xs);
            })?;
            if let Some((c, i)) = stats.iter().enumerate().find_map(|(c, s)| s.bad.map(|i| (c, i))) {
                return Err(audio_err(
                    format!("sample {i} of channel {c} (t = {:.3} s) is not a finite number (NaN or infinity)", i as f64 / rate as f64),
                    "the float data is corrupt; re-export the audio",
                ));
            }
            (rate, channels, stats.iter().map(|s| (s.n, s.mean_and_peak().1)).collect())
        }
    };
    if levels.is_empty() || levels.iter().all(|&(n, _)| n == 0) {
        return Err(audio_err("the file holds no audio samples".into(), "check that the recording is not empty"));
    }
    let n_tracks = levels.len();
    let mut ints: Vec<IntensityStream> = levels.iter().map(|&(n, _)| IntensityStream::new(n, rate as f64, &opts.intensity)).collect();
    // Pitch is the long pole: each track's is split between threads (whole blocks of frames each, see
    // `PitchStream::parts`) so that every core has work; the result does not depend on the split.
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let per_track = (cores / n_tracks).clamp(1, 8);
    let pitch_streams: Vec<Vec<PitchStream>> =
        levels.iter().map(|&(n, peak)| PitchStream::parts(n, rate as f64, peak, &opts.pitch, per_track)).collect();
    // Pass 2: pitch on its threads, fed through bounded queues (about two blocks of frames ahead, so that
    // the parts of a track work at once); decoding and intensity here.
    let pitches: Vec<PitchTrack> = std::thread::scope(|scope| -> Result<Vec<PitchTrack>, VoiceError> {
        let mut txs: Vec<Vec<std::sync::mpsc::SyncSender<std::sync::Arc<[f32]>>>> = Vec::with_capacity(n_tracks);
        let mut workers = Vec::with_capacity(n_tracks);
        for parts in pitch_streams {
            let mut track_txs = Vec::with_capacity(parts.len());
            let mut track_workers = Vec::with_capacity(parts.len());
            for mut ps in parts {
                let (tx, rx) = std::sync::mpsc::sync_channel::<std::sync::Arc<[f32]>>(64);
                track_workers.push(scope.spawn(move || {
                    for chunk in rx {
                        ps.push(&chunk);
                    }
                    ps
                }));
                track_txs.push(tx);
            }
            workers.push(track_workers);
            txs.push(track_txs);
        }
        let decoded = stream_file_chunks(path, sel, &mut |c, xs| {
            if c < n_tracks {
                ints[c].push(xs);
                let chunk: std::sync::Arc<[f32]> = xs.into();
                for tx in &txs[c] {
                    // A send fails only when the worker has died; its panic surfaces at the join.
                    let _ = tx.send(chunk.clone());
                }
            }
        });
        drop(txs);
        let tracks = workers
            .into_iter()
            .map(|ws| {
                let parts = ws.into_iter().map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect();
                PitchStream::join(parts)
            })
            .collect();
        decoded?;
        Ok(tracks)
    })?;
    let mut tracks = Vec::with_capacity(n_tracks);
    for (c, (pitch, is)) in pitches.into_iter().zip(ints).enumerate() {
        let (speaker, channel) = match sel {
            Sel::One(Channel::Index(k)) => (format!("channel {k}"), Some(k)),
            Sel::One(Channel::Mix) => ("mix".to_string(), None),
            Sel::All if channels <= 1 => ("mix".to_string(), None),
            Sel::All => (format!("channel {c}"), Some(c)),
        };
        tracks.push(SpeakerTrack { speaker, channel, pitch, intensity: is.finish() });
    }
    let duration = levels[0].0 as f64 / rate as f64;
    let report = build_report(&label, rate, duration, &tracks, turns);
    Ok(VoiceAnalysis { tracks, report })
}

/// Which track carries each speaker: the only track, or (several channels) the one where the
/// speaker's turns have the highest mean intensity.
pub fn assign_tracks(tracks: &[SpeakerTrack], turns: &[TurnSpan]) -> Vec<(String, usize)> {
    let mut speakers: Vec<String> = Vec::new();
    for t in turns {
        if !speakers.contains(&t.speaker) {
            speakers.push(t.speaker.clone());
        }
    }
    speakers
        .into_iter()
        .map(|s| {
            if tracks.len() <= 1 {
                return (s, 0);
            }
            let best = (0..tracks.len())
                .max_by(|&a, &b| {
                    let m = |k: usize| {
                        let v: Vec<f64> = turns
                            .iter()
                            .filter(|t| t.speaker == s)
                            .filter_map(|t| tracks[k].intensity.mean_db(Some((t.start, t.end))))
                            .collect();
                        mean_sd(&v).0.unwrap_or(f64::NEG_INFINITY)
                    };
                    m(a).total_cmp(&m(b))
                })
                .unwrap_or(0);
            (s, best)
        })
        .collect()
}

/// Assemble the report from tracks and (optional) turns.
pub fn build_report(source: &str, rate: u32, duration: f64, tracks: &[SpeakerTrack], turns: Option<&[TurnSpan]>) -> VoiceReport {
    let bin = if duration > 1200.0 { 2.0 } else if duration > 300.0 { 1.0 } else { 0.25 };
    let (turn_pros, speakers) = match turns {
        Some(ts) if !ts.is_empty() && !tracks.is_empty() => {
            let map = assign_tracks(tracks, ts);
            let idx = |t: &TurnSpan| map.iter().find(|(s, _)| *s == t.speaker).map(|(_, k)| *k).unwrap_or(0);
            let tp = per_turn(ts, |t| tracks.get(idx(t)));
            let speakers = map
                .iter()
                .map(|(s, k)| {
                    let spans: Vec<(f64, f64)> = ts.iter().filter(|t| &t.speaker == s).map(|t| (t.start, t.end)).collect();
                    let role = ts.iter().find(|t| &t.speaker == s).and_then(|t| t.role);
                    speaker_voice(s, role, &tracks[*k], Some(&spans), bin)
                })
                .collect();
            (tp, speakers)
        }
        _ => (Vec::new(), tracks.iter().map(|t| speaker_voice(&t.speaker, None, t, None, bin)).collect()),
    };
    let (synchrony, synchrony_note) = match synchrony_pair(tracks, turns) {
        Ok((a, b, note)) => match crate::synchrony::vocal_synchrony(&a, &b, duration, &crate::synchrony::VocalSyncConfig::default()) {
            Ok(s) => (Some(s), note),
            Err(e) => (None, Some(e)),
        },
        Err(e) => (None, Some(e)),
    };
    VoiceReport {
        source: source.to_string(),
        duration,
        rate,
        bin,
        arousal: arousal_curve(&turn_pros),
        matching: vocal_matching(&turn_pros),
        synchrony,
        synchrony_note,
        turns: turn_pros,
        speakers,
        exploratory: true,
    }
}

/// A speaker's voiced F0 frames and non-silent loudness frames from `tr`, restricted to `spans`
/// when given (frames are in time order, so each span is found by binary search).
fn speaker_frames(name: &str, tr: &SpeakerTrack, spans: Option<&[(f64, f64)]>) -> crate::synchrony::SpeakerFrames {
    fn mask(times: &[f64], spans: Option<&[(f64, f64)]>) -> Vec<bool> {
        match spans {
            None => vec![true; times.len()],
            Some(sp) => {
                let mut m = vec![false; times.len()];
                for &(a, b) in sp {
                    let i = times.partition_point(|&t| t < a);
                    let j = times.partition_point(|&t| t <= b);
                    if i < j {
                        m[i..j].iter_mut().for_each(|v| *v = true);
                    }
                }
                m
            }
        }
    }
    let pt: Vec<f64> = tr.pitch.frames.iter().map(|f| f.time).collect();
    let it: Vec<f64> = tr.intensity.frames.iter().map(|f| f.time).collect();
    let (pm, im) = (mask(&pt, spans), mask(&it, spans));
    crate::synchrony::SpeakerFrames {
        name: name.to_string(),
        f0: tr.pitch.frames.iter().zip(&pm).filter(|(f, m)| **m && f.f0 > 0.0).map(|(f, _)| (f.time, f.f0)).collect(),
        db: tr.intensity.frames.iter().zip(&im).filter(|(f, m)| **m && f.db > SILENCE_DB).map(|(f, _)| (f.time, f.db)).collect(),
    }
}

/// The two speakers whose vocal synchrony is measured: with turns, the client (s1) and the
/// therapist (s2) by role, or the only two speakers in order of appearance, each on their assigned
/// track and restricted to their own turns; without turns, the two channels of a stereo file.
/// Err: why there is no pair.
#[allow(clippy::type_complexity)]
fn synchrony_pair(
    tracks: &[SpeakerTrack],
    turns: Option<&[TurnSpan]>,
) -> Result<(crate::synchrony::SpeakerFrames, crate::synchrony::SpeakerFrames, Option<String>), String> {
    match turns {
        Some(ts) if !ts.is_empty() && !tracks.is_empty() => {
            let map = assign_tracks(tracks, ts);
            let role_of = |s: &str| ts.iter().find(|t| t.speaker == s).and_then(|t| t.role);
            let by_role = |r: Role| map.iter().find(|(s, _)| role_of(s) == Some(r));
            let (a, b, note) = match (by_role(Role::Client), by_role(Role::Therapist)) {
                (Some(c), Some(t)) => (c, t, None),
                _ if map.len() == 2 => (
                    &map[0],
                    &map[1],
                    Some(format!("no client/therapist roles: {} is s1 and {} is s2 (order of appearance)", map[0].0, map[1].0)),
                ),
                _ => return Err(format!("no vocal synchrony: {} speaker(s) and no client/therapist pair among them", map.len())),
            };
            let spans = |s: &str| -> Vec<(f64, f64)> { ts.iter().filter(|t| t.speaker == s).map(|t| (t.start, t.end)).collect() };
            let fa = speaker_frames(&a.0, &tracks[a.1], Some(&spans(&a.0)));
            let fb = speaker_frames(&b.0, &tracks[b.1], Some(&spans(&b.0)));
            Ok((fa, fb, note))
        }
        _ if tracks.len() == 2 => Ok((
            speaker_frames(&tracks[0].speaker, &tracks[0], None),
            speaker_frames(&tracks[1].speaker, &tracks[1], None),
            Some(format!("no transcript: {} is s1 and {} is s2 (one speaker per channel assumed)", tracks[0].speaker, tracks[1].speaker)),
        )),
        _ => Err("no vocal synchrony: it needs two speakers (a stereo file with one speaker per channel, or a diarized transcript)".into()),
    }
}

fn speaker_voice(name: &str, role: Option<Role>, tr: &SpeakerTrack, spans: Option<&[(f64, f64)]>, bin: f64) -> SpeakerVoice {
    let inside = |t: f64| spans.map(|sp| sp.iter().any(|&(a, b)| t >= a && t <= b)).unwrap_or(true);
    let f0: Vec<f64> = tr.pitch.frames.iter().filter(|f| f.f0 > 0.0 && inside(f.time)).map(|f| f.f0).collect();
    let db: Vec<f64> = tr.intensity.frames.iter().filter(|f| f.db > SILENCE_DB && inside(f.time)).map(|f| f.db).collect();
    let (f0_mean, f0_sd) = mean_sd(&f0);
    let n_bins = tr.pitch.frames.last().map(|f| (f.time / bin).floor() as usize + 1).unwrap_or(0);
    let mut fs = vec![(0.0, 0usize); n_bins];
    let mut ds = vec![(0.0, 0usize); n_bins];
    for f in tr.pitch.frames.iter().filter(|f| f.f0 > 0.0 && inside(f.time)) {
        let b = ((f.time / bin).floor() as usize).min(n_bins.saturating_sub(1));
        fs[b].0 += f.f0;
        fs[b].1 += 1;
    }
    for f in tr.intensity.frames.iter().filter(|f| f.db > SILENCE_DB && inside(f.time)) {
        let b = (f.time / bin).floor() as usize;
        if b < n_bins {
            ds[b].0 += f.db;
            ds[b].1 += 1;
        }
    }
    let series = (0..n_bins)
        .filter_map(|b| {
            let f = (fs[b].1 > 0).then(|| fs[b].0 / fs[b].1 as f64);
            let d = (ds[b].1 > 0).then(|| ds[b].0 / ds[b].1 as f64);
            (f.is_some() || d.is_some()).then_some(((b as f64 + 0.5) * bin, f, d))
        })
        .collect();
    SpeakerVoice { speaker: name.to_string(), role, n_voiced: f0.len(), f0_mean, f0_sd, db_mean: mean_sd(&db).0, series }
}

/// Append `v` to `out` exactly as `format!("{v}")` writes it (shortest round-trip digits, never
/// an exponent), several times faster: the digits come from serde_json's shortest float
/// formatting, then "3.0" becomes "3" as `{}` writes it.
///
/// That formatting breaks an exact tie between two shortest digit strings towards even, `{}`
/// away from zero. A tie needs the exact decimal value of `v` to have at most 18 significant
/// digits, so such values (dyadic fractions with few bits, see [`may_tie`]), huge, tiny (where
/// it would write an exponent) and non-finite ones go through `{}`.
pub fn push_f64(out: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    let a = v.abs();
    if !(a < (1u64 << 50) as f64 && (a >= 1e-5 || a == 0.0)) || may_tie(v) {
        let _ = write!(out, "{v}");
        return;
    }
    let start = out.len();
    if serde_json::to_writer(&mut *out, &v).is_err() {
        out.truncate(start);
        let _ = write!(out, "{v}");
        return;
    }
    let text = &out[start..];
    if text.contains(&b'e') {
        // Not expected in this range; `{}` decides.
        out.truncate(start);
        let _ = write!(out, "{v}");
    } else if text.ends_with(b".0") {
        out.truncate(out.len() - 2);
    }
}

/// Whether the exact decimal expansion of finite `v` (|v| < 2^50) has at most 19 significant
/// digits with a fractional part: v = m·2^−k with m odd is m·5^k / 10^k, whose digits are those
/// of m·5^k. Integers below 2^50 print exactly and never tie.
fn may_tie(v: f64) -> bool {
    let bits = v.abs().to_bits();
    let (exp, frac) = ((bits >> 52) as i32, bits & ((1u64 << 52) - 1));
    let (mant, e) = if exp == 0 { (frac, -1074) } else { (frac | (1u64 << 52), exp - 1075) };
    if mant == 0 {
        return false;
    }
    let tz = mant.trailing_zeros();
    let (m, e) = (mant >> tz, e + tz as i32);
    if e >= 0 {
        return false;
    }
    let k = (-e) as u32;
    k <= 27 && (m as u128) * 5u128.pow(k) < 10u128.pow(19)
}

/// A two-column CSV of `(time, value)` rows, numbers as Rust's `{}` writes them (formatted here, fast;
/// written through the csv crate like every table attune writes).
fn two_column_csv(header: &str, rows: impl ExactSizeIterator<Item = (f64, f64)>) -> String {
    let mut w = csv::WriterBuilder::new().buffer_capacity(1 << 16).from_writer(Vec::with_capacity(rows.len() * 32 + header.len() + 1));
    let (mut a_buf, mut b_buf) = (Vec::with_capacity(32), Vec::with_capacity(32));
    // Writing to memory cannot fail.
    let _ = w.write_record(header.split(','));
    for (a, b) in rows {
        a_buf.clear();
        b_buf.clear();
        push_f64(&mut a_buf, a);
        push_f64(&mut b_buf, b);
        let _ = w.write_record([&a_buf, &b_buf]);
    }
    // Only ASCII was written.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Pitch frame table as CSV `time,f0_hz` (0 for unvoiced), on Praat's frame grid.
pub fn pitch_csv(p: &PitchTrack) -> String {
    two_column_csv("time,f0_hz", p.frames.iter().map(|f| (f.time, f.f0)))
}

/// Intensity frame table as CSV `time,db` (−300 for digital silence).
pub fn intensity_csv(t: &IntensityTrack) -> String {
    two_column_csv("time,db", t.frames.iter().map(|f| (f.time, f.db)))
}

/// Per-turn table as CSV.
pub fn turns_csv(turns: &[TurnProsody]) -> String {
    let o = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["turn", "speaker", "role", "start", "end", "n_voiced", "f0_mean_hz", "f0_sd_hz", "db_mean", "speaking_rate_wps", "pause_before_s"];
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    for t in turns {
        let role = t.role.map(|r| r.as_str().to_string()).unwrap_or_default();
        let _ = w.write_record([
            t.index.to_string(),
            t.speaker.clone(),
            role,
            format!("{:.3}", t.start),
            format!("{:.3}", t.end),
            t.n_voiced.to_string(),
            o(t.f0_mean),
            o(t.f0_sd),
            o(t.db_mean),
            o(t.speaking_rate),
            o(t.pause_before),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_csv_forms() {
        let a = read_turns_csv("turn,speaker,start_s,end_s\n1,T,0.0,1.5\n2,C,2,3\n", "a.csv").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!((a[1].speaker.as_str(), a[1].start, a[1].end, a[1].role), ("C", 2.0, 3.0, Some(Role::Client)));
        let b = read_turns_csv("\u{feff}Therapist,0,1,\"Hello, there\"\nClient,1.2,2,ok\n", "b.csv").unwrap();
        assert_eq!(b[0].text.as_deref(), Some("Hello, there"));
        assert_eq!(b[0].role, Some(Role::Therapist));
        let e = read_turns_csv("speaker,start,end\nT,2,1\n", "c.csv").unwrap_err().to_string();
        assert!(e.starts_with("c.csv:2:") && e.contains("before start"), "{e}");
        assert!(read_turns_csv("", "d.csv").is_err());
        assert!(read_turns_csv("speaker,start,end\nT,-1,2\n", "e.csv").is_err());
        // A speaker name with a comma and a quote survives the round trip through the per-turn table.
        let f = read_turns_csv("speaker,start,end\n\"Lee, Dr \"\"Sam\"\"\",0,1\n", "f.csv").unwrap();
        assert_eq!(f[0].speaker, "Lee, Dr \"Sam\"");
        let row = TurnProsody {
            index: 1,
            speaker: f[0].speaker.clone(),
            role: None,
            start: 0.0,
            end: 1.0,
            n_voiced: 0,
            f0_mean: None,
            f0_sd: None,
            db_mean: None,
            speaking_rate: None,
            pause_before: None,
        };
        let table = turns_csv(&[row]);
        let back: Vec<csv::StringRecord> = csv::Reader::from_reader(table.as_bytes()).records().map(|r| r.unwrap()).collect();
        assert_eq!(&back[0][1], "Lee, Dr \"Sam\"");
    }

    #[test]
    fn push_f64_writes_what_display_writes() {
        let mut fixed = vec![
            0.0, -0.0, 1.0, -1.0, 0.1, 0.3, 1e-7, 1.25e-7, -2.5e-12, 1e15, 1e16, 1e17, 1.5e21, 1e21, 1e22, 123456789.0,
            -300.0, 0.01999999999987267, 5e-324, f64::MIN_POSITIVE, f64::MAX, f64::MIN, f64::EPSILON, 1e-5, 1e-4, 0.00012,
        ];
        // Pseudo-random bit patterns and values on the frame grids.
        let mut st: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200_000 {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            fixed.push(f64::from_bits(st));
            fixed.push((st >> 11) as f64 / (1u64 << 53) as f64 * 1000.0);
        }
        // Dyadic fractions with few bits: where shortest-digit ties live.
        for _ in 0..200_000 {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            let bits = 1 + (st % 50) as u32;
            let m = (st >> 14) & ((1u64 << bits) - 1);
            let sh = ((st >> 8) % 60) as i32 - 10;
            fixed.push(m as f64 * 2f64.powi(-sh));
            fixed.push(-(m as f64) * 2f64.powi(-sh - 3));
        }
        for i in 0..100_000 {
            fixed.push(0.0220975 + i as f64 * 0.01);
            fixed.push(0.032 + i as f64 * 0.008);
        }
        let mut got = Vec::new();
        for &v in &fixed {
            got.clear();
            push_f64(&mut got, v);
            assert_eq!(String::from_utf8_lossy(&got), format!("{v}"), "{v:e}");
        }
    }

    /// The integer first pass gives exactly the peak of the decoded samples' first pass.
    #[test]
    fn integer_first_pass_equals_decoded() {
        use crate::audio::{pcm_stats, stream_file_chunks, Sel};
        let dir = std::env::temp_dir().join(format!("attune-voice-pcm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for bits in [8u16, 16, 24] {
            for ch in [1u16, 2] {
                let path = dir.join(format!("t{bits}_{ch}.wav"));
                let spec = hound::WavSpec { channels: ch, sample_rate: 8000, bits_per_sample: bits, sample_format: hound::SampleFormat::Int };
                let mut w = hound::WavWriter::create(&path, spec).unwrap();
                let mut st: u32 = 99;
                for i in 0..(40_000 + bits as usize) * ch as usize {
                    st = st.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    // A DC offset, so the mean matters.
                    let v = ((st as i32) >> (32 - bits)) / 3 + (1 << (bits - 3)) * (i % 2) as i32;
                    w.write_sample(v).unwrap();
                }
                w.finalize().unwrap();
                let sels = [Sel::All, Sel::One(Channel::Index(ch as usize - 1)), Sel::One(Channel::Mix)];
                for sel in sels {
                    let fast = pcm_stats(&path, sel).unwrap();
                    let mut stats: Vec<PeakStat> = Vec::new();
                    stream_file_chunks(&path, sel, &mut |c, xs| {
                        if stats.len() <= c {
                            stats.resize_with(c + 1, PeakStat::default);
                        }
                        stats[c].add(xs);
                    })
                    .unwrap();
                    match fast {
                        // A mix of two channels is not integer: no fast path.
                        None => assert!(sel == Sel::One(Channel::Mix) && ch == 2),
                        Some((_, _, scale, st)) => {
                            assert_eq!(st.len(), stats.len());
                            for (a, b) in st.iter().zip(&stats) {
                                assert_eq!(a.n, b.n);
                                assert_eq!(pcm_peak(a, scale).to_bits(), b.mean_and_peak().1.to_bits(), "{bits} bits, {ch} ch, {sel:?}");
                            }
                        }
                    }
                }
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn session_turns_keep_timed_only() {
        let mut t1 = attune_core::Turn::new(Role::Therapist, "Dr Lee", "How are you?");
        t1.start = Some(0.0);
        t1.end = Some(1.0);
        let t2 = attune_core::Turn::new(Role::Client, "Sam", "Fine");
        let s = turns_from_session(&[t1, t2]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].role, Some(Role::Therapist));
    }

    fn tp(i: usize, role: Role, f0: f64, db: f64) -> TurnProsody {
        TurnProsody {
            index: i,
            speaker: if role == Role::Client { "C".into() } else { "T".into() },
            role: Some(role),
            start: i as f64,
            end: i as f64 + 0.9,
            n_voiced: 10,
            f0_mean: Some(f0),
            f0_sd: None,
            db_mean: Some(db),
            speaking_rate: None,
            pause_before: None,
        }
    }

    #[test]
    fn matching_of_a_perfect_follower() {
        // The therapist's next turn mirrors the client's relative level exactly.
        let client = [200.0, 240.0, 210.0, 260.0, 190.0];
        let mut turns = Vec::new();
        for (k, &c) in client.iter().enumerate() {
            turns.push(tp(2 * k + 1, Role::Client, c, 60.0 + c / 10.0));
            turns.push(tp(2 * k + 2, Role::Therapist, c / 2.0, 55.0 + c / 10.0));
        }
        let m = vocal_matching(&turns).unwrap();
        assert_eq!(m.f0.pairs, 5);
        assert!((m.f0.synchrony_r.unwrap() - 1.0).abs() < 1e-12);
        assert!(m.f0.proximity.unwrap().abs() < 1e-12);
        assert!(m.f0.baseline_proximity.unwrap() < -0.1);
        let a = arousal_curve(&turns);
        assert_eq!(a.len(), 5);
        assert!(a[3].arousal > a[4].arousal);
        assert!(vocal_matching(&turns[..1]).is_none());
    }
}
