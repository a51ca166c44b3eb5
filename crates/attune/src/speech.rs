//! From a recording to a session: decode the audio (video through `ffmpeg` when it is installed), transcribe
//! it with Whisper on this machine, give each stretch of speech its speaker, and read the result with the same
//! readers as a typed transcript (so roles, merging and warnings are the same).
//!
//! Speakers: a stereo recording with one person per channel is split by channel (no model); speech that is only
//! the other person leaking into a channel's microphone is dropped. A mono recording is diarized on this
//! machine ([`diarize_mono`]: CAM++ speaker embeddings of the speech Silero finds, clustered into `speakers`
//! or as many as the voices suggest) and each word goes to the speaker talking when it was said; a diarization
//! RTTM from another tool (`rttm`) takes the place of ours.

use std::path::{Path, PathBuf};

use attune_core::Session;
use attune_io::{Format, ReadOptions};
use attune_speech::samples::{for_blocks, Mix, Samples};
use attune_speech::{Segment, TranscribeOptions, Whisper, WindowState};

pub use crate::recording::{Recording, Track};
use crate::{Error, Result};

/// Audio containers the decoder reads directly.
pub const AUDIO_EXTENSIONS: &[&str] = &["wav", "mp3", "m4a", "flac", "ogg", "oga", "aac"];
/// Video containers, whose sound `ffmpeg` extracts.
pub const VIDEO_EXTENSIONS: &[&str] = &["mp4", "mkv", "mov", "webm", "avi", "m4v"];

fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).unwrap_or_default()
}

/// True when `path` names a recording (by extension) rather than a transcript.
pub fn is_recording(path: &Path) -> bool {
    is_audio(path) || VIDEO_EXTENSIONS.contains(&extension(path).as_str())
}

/// True when `path` names an audio file the decoder reads directly.
pub fn is_audio(path: &Path) -> bool {
    AUDIO_EXTENSIONS.contains(&extension(path).as_str())
}

/// How to transcribe.
#[derive(Debug, Clone)]
pub struct TranscribeSpec {
    /// Expected number of speakers (a stereo recording gives two).
    pub speakers: Option<usize>,
    /// Language code; English-only models take only `en`.
    pub language: Option<String>,
    /// Beams (1: greedy).
    pub beam: usize,
    /// Who spoke when, for a mono recording (pyannote RTTM).
    pub rttm: Option<PathBuf>,
    /// The therapist's speaker name (`Left`, `Right`, or an RTTM speaker); otherwise roles are inferred.
    pub therapist: Option<String>,
    pub client: Option<String>,
    /// Where the Whisper model is (default: [`attune_speech::default_dir`]).
    pub model_dir: Option<PathBuf>,
    /// Decode silence too (no voice-activity step).
    pub no_vad: bool,
}

impl Default for TranscribeSpec {
    fn default() -> Self {
        TranscribeSpec { speakers: None, language: None, beam: 5, rttm: None, therapist: None, client: None, model_dir: None, no_vad: false }
    }
}

/// A recording made into a transcript.
#[derive(Debug, Clone)]
pub struct Transcription {
    pub session: Session,
    /// Every kept segment with its speaker, in time order.
    pub segments: Vec<(String, Segment)>,
    /// Who spoke when, as an RTTM (from the channels, or the RTTM given).
    pub rttm: String,
    /// `stereo (one speaker per channel)` or `mono`.
    pub layout: String,
    pub warnings: Vec<String>,
    pub model: String,
    /// Seconds of audio.
    pub duration: f64,
}

/// Schema tag of a saved transcription in progress.
pub const PARTIAL_SCHEMA: &str = "attune.transcribe-partial/1";

/// A transcription in progress, saved after every window so that an interrupted run can go on where it
/// stopped (`attune transcribe --resume`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Partial {
    pub schema: String,
    /// What the work was done on: a digest of the samples, the model and the options. A saved state with
    /// another key is not resumed (the recording or the options changed).
    pub key: String,
    /// Audio tracks finished (stereo: one per channel; mono: the mix), the decoder's segments.
    pub done: Vec<Vec<Segment>>,
    /// The track under way, after its last finished window.
    pub current: Option<WindowState>,
}

/// What a transcription run does with saved progress.
pub struct Checkpoints<'a> {
    /// Progress saved by an earlier run (used only when its key matches).
    pub resume: Option<Partial>,
    /// Called after every window with the progress so far; an `Err` stops the run (its message is the error).
    pub save: &'a mut dyn FnMut(&Partial) -> std::result::Result<(), String>,
}

/// FNV-1a over the samples' bits and the settings that change the result.
fn work_key(tracks: &[&dyn Samples], whisper: &Whisper, opts: &TranscribeOptions) -> Result<String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut fnv = |v: u32| h = (h ^ u64::from(v)).wrapping_mul(0x0100_0000_01b3);
    for t in tracks {
        for_blocks(*t, 0, t.len(), 1 << 16, &mut |_, b| b.iter().for_each(|v| fnv(v.to_bits()))).map_err(speech_err)?;
        fnv(u32::MAX);
    }
    Ok(format!("{h:016x} {} beam {} language {} vad {}", whisper.id, opts.decode.beam_size, opts.language.as_deref().unwrap_or("-"), opts.vad.is_some()))
}

fn speech_err(e: impl std::fmt::Display) -> Error {
    Error::Speech(e.to_string())
}

/// Transcribes each track, going on from `cp.resume` when it was saved for the same work.
fn transcribe_tracks(
    tracks: &[&dyn Samples],
    whisper: &Whisper,
    opts: &TranscribeOptions,
    cp: Checkpoints<'_>,
    warnings: &mut Vec<String>,
    progress: &mut dyn FnMut(f64, f64),
) -> Result<Vec<Vec<Segment>>> {
    let key = work_key(tracks, whisper, opts)?;
    let (mut done, mut current) = match cp.resume {
        Some(p) if p.schema == PARTIAL_SCHEMA && p.key == key && p.done.len() <= tracks.len() => (p.done, p.current),
        Some(_) => {
            warnings.push("the saved progress was for another recording, model or options; transcribed from the start".into());
            (Vec::new(), None)
        }
        None => (Vec::new(), None),
    };
    let per = tracks.first().map_or(0.0, |t| t.len() as f64 / attune_speech::mel::SAMPLE_RATE as f64);
    let total = per * tracks.len() as f64;
    while done.len() < tracks.len() {
        let k = done.len();
        let base = k as f64 * per;
        let finished = done.clone();
        let mut on_window = |st: &WindowState| {
            let p = Partial { schema: PARTIAL_SCHEMA.into(), key: key.clone(), done: finished.clone(), current: Some(st.clone()) };
            (cp.save)(&p)
        };
        let segs = whisper.transcribe_resumable(tracks[k], opts, current.take(), &mut on_window, &mut |d, _| progress(base + d, total)).map_err(speech_err)?;
        done.push(segs);
    }
    Ok(done)
}

/// Loads the Whisper model (an error names the missing file and the setup command).
pub fn load_whisper(dir: Option<&Path>) -> Result<Whisper> {
    let dir = dir.map(Path::to_path_buf).unwrap_or_else(attune_speech::default_dir);
    Whisper::load(&dir).map_err(|e| Error::Speech(e.to_string()))
}

/// Decodes a recording into its channels at 16 kHz, kept on disk (see [`crate::recording`]). Video goes
/// through `ffmpeg` (Debian package `ffmpeg`).
pub fn decode_recording(path: &Path) -> Result<Recording> {
    if !is_audio(path) && is_recording(path) {
        let wav = extract_with_ffmpeg(path)?;
        let r = crate::recording::decode(&wav);
        std::fs::remove_file(&wav).ok();
        r
    } else {
        crate::recording::decode(path)
    }
}

fn extract_with_ffmpeg(path: &Path) -> Result<PathBuf> {
    let out = std::env::temp_dir().join(format!("attune-{}-{}.wav", std::process::id(), path.file_stem().and_then(|s| s.to_str()).unwrap_or("audio")));
    let status = std::process::Command::new("ffmpeg")
        .args(["-nostdin", "-loglevel", "error", "-y", "-i"])
        .arg(path)
        .args(["-vn", "-acodec", "pcm_s16le", "-ar", "16000"])
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => Ok(out),
        Ok(s) => Err(Error::input(path.display().to_string(), format!("ffmpeg could not extract the sound track (exit {s}); check that the file is a video with audio"))),
        Err(_) => Err(Error::input(
            path.display().to_string(),
            "reading video needs ffmpeg, which is not installed (Debian/Ubuntu: `sudo apt-get install ffmpeg`); or extract the audio yourself to a WAV or FLAC file",
        )),
    }
}

fn rms(x: &dyn Samples, start: f64, end: f64) -> Result<f64> {
    let rate = attune_speech::mel::SAMPLE_RATE as f64;
    let (a, b) = (((start * rate) as usize).min(x.len()), ((end * rate) as usize).min(x.len()));
    if b <= a {
        return Ok(0.0);
    }
    let v = x.read(a, b).map_err(speech_err)?;
    Ok((v.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / (b - a) as f64).sqrt())
}

/// Two channels that carry (almost) the same signal are one mono recording.
fn same_signal(a: &dyn Samples, b: &dyn Samples) -> Result<bool> {
    let n = a.len().min(b.len());
    let (mut diff, mut energy) = (0.0f64, 0.0f64);
    let mut other = Vec::new();
    let mut failed = None;
    for_blocks(a, 0, n, 1 << 16, &mut |at, xa| {
        other.resize(xa.len(), 0.0);
        if let Err(e) = b.read_into(at, &mut other) {
            failed.get_or_insert(e);
            return;
        }
        for (x, y) in xa.iter().zip(&other) {
            diff += ((x - y) as f64).powi(2);
            energy += (*x as f64).powi(2) + (*y as f64).powi(2);
        }
    })
    .map_err(speech_err)?;
    if let Some(e) = failed {
        return Err(speech_err(e));
    }
    Ok(energy == 0.0 || diff <= 1e-4 * energy)
}

/// One RTTM row. Its fields are split at white space, so a speaker's spaces become underscores ("Speaker_1").
fn rttm_row(file_id: &str, speaker: &str, start: f64, end: f64) -> String {
    let speaker = speaker.split_whitespace().collect::<Vec<_>>().join("_");
    format!("SPEAKER {file_id} 1 {start:.3} {:.3} <NA> <NA> {speaker} <NA> <NA>\n", (end - start).max(0.0))
}

fn vtt_time(t: f64) -> String {
    let ms = (t.max(0.0) * 1000.0).round() as u64;
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

/// Who spoke when in a mono mix: Silero's speech stretches (split at pauses of 0.3 s, so one stretch is
/// mostly one voice), cut into windows, embedded by CAM++ and clustered into `speakers` (or as many as the
/// voices suggest). Needs CAM++'s weights (`bash scripts/setup.sh`).
pub fn diarize_mono(mix: &dyn Samples, whisper: &Whisper, speakers: Option<usize>, progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<attune_diarize::SpeakerTurn>> {
    let dir = attune_diarize::default_dir();
    let diarizer = attune_diarize::Diarizer::load(&dir).map_err(|e| Error::Speech(e.to_string()))?;
    let vad = attune_speech::silero::VadOptions { min_silence_ms: 300.0, speech_pad_ms: 60.0, ..Default::default() };
    let regions = whisper.speech_regions(mix, &vad).map_err(speech_err)?;
    let mut o = attune_diarize::DiarizeOptions::default();
    o.cluster.speakers = speakers;
    let read = |a: usize, b: usize| mix.read(a.min(mix.len()), b.min(mix.len())).map_err(|e| e.to_string());
    diarizer.diarize_read(&read, &regions, &o, progress).map_err(speech_err)
}

/// The speaker label of a diarized turn.
pub fn speaker_name(label: usize) -> String {
    format!("Speaker {}", label + 1)
}

/// The turn that overlaps [s, e] most, else the nearest.
fn speaker_at(turns: &[attune_diarize::SpeakerTurn], s: f64, e: f64) -> Option<usize> {
    let overlap = |t: &attune_diarize::SpeakerTurn| (e.min(t.end) - s.max(t.start)).max(0.0);
    let gap = |t: &attune_diarize::SpeakerTurn| if t.end < s { s - t.end } else if t.start > e { t.start - e } else { 0.0 };
    let best = turns.iter().max_by(|a, b| overlap(a).total_cmp(&overlap(b)))?;
    if overlap(best) > 0.0 {
        return Some(best.speaker);
    }
    turns.iter().min_by(|a, b| gap(a).total_cmp(&gap(b))).map(|t| t.speaker)
}

/// Each segment's words go to the speaker talking when they were said; a segment whose words change speaker
/// is split there (a segment without word times goes whole to the speaker it overlaps most).
pub fn attribute_words(segments: Vec<Segment>, turns: &[attune_diarize::SpeakerTurn]) -> Vec<(String, Segment)> {
    let mut out = Vec::new();
    for seg in segments {
        if seg.words.is_empty() {
            let who = speaker_at(turns, seg.start, seg.end).unwrap_or(0);
            out.push((speaker_name(who), seg));
            continue;
        }
        let labels: Vec<usize> = seg.words.iter().map(|w| speaker_at(turns, w.start, w.end).unwrap_or(0)).collect();
        if labels.iter().all(|l| *l == labels[0]) {
            out.push((speaker_name(labels[0]), seg));
            continue;
        }
        let mut i = 0;
        while i < labels.len() {
            let mut j = i;
            while j < labels.len() && labels[j] == labels[i] {
                j += 1;
            }
            let words = seg.words[i..j].to_vec();
            let text = words.iter().map(|w| w.word.as_str()).collect::<String>().trim().to_string();
            let piece = Segment { start: words[0].start, end: words[words.len() - 1].end, text, tokens: Vec::new(), words, ..seg.clone() };
            out.push((speaker_name(labels[i]), piece));
            i = j;
        }
    }
    out
}

/// Transcribes a recording and reads it into a session. `progress(done, total)` in seconds of audio.
pub fn transcribe(path: &Path, spec: &TranscribeSpec, whisper: &Whisper, progress: &mut dyn FnMut(f64, f64)) -> Result<Transcription> {
    let recording = decode_recording(path)?;
    transcribe_channels(path, &recording, spec, whisper, progress)
}

/// [`transcribe`] on channels already decoded by [`decode_recording`] (so a bad file is reported before the
/// model is loaded).
pub fn transcribe_channels(path: &Path, recording: &Recording, spec: &TranscribeSpec, whisper: &Whisper, progress: &mut dyn FnMut(f64, f64)) -> Result<Transcription> {
    transcribe_channels_resumable(path, recording, spec, whisper, Checkpoints { resume: None, save: &mut |_| Ok(()) }, progress)
}

/// [`transcribe_channels`] that saves its progress after every window and can go on from saved progress
/// (see [`Checkpoints`]); the result equals an uninterrupted run's.
pub fn transcribe_channels_resumable(
    path: &Path,
    recording: &Recording,
    spec: &TranscribeSpec,
    whisper: &Whisper,
    cp: Checkpoints<'_>,
    progress: &mut dyn FnMut(f64, f64),
) -> Result<Transcription> {
    let label = path.display().to_string();
    let duration = recording.duration();
    let channels = recording.tracks();
    let mut opts = TranscribeOptions { language: spec.language.clone(), ..Default::default() };
    opts.decode.beam_size = spec.beam.max(1);
    if spec.no_vad {
        opts.vad = None;
    }
    let file_id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("recording").replace(char::is_whitespace, "_");
    let mut warnings = Vec::new();
    let stereo = channels.len() == 2 && !same_signal(channels[0], channels[1])?;
    let mut segments: Vec<(String, Segment)> = Vec::new();
    // our own diarization of a mono recording, as RTTM lines
    let mut diarized: Option<String> = None;
    let layout;
    if stereo {
        layout = "stereo (one speaker per channel)".to_string();
        if spec.rttm.is_some() {
            warnings.push("a stereo recording is split by channel; the RTTM was not used".into());
        }
        let names = ["Left", "Right"];
        let per_channel = transcribe_tracks(&channels, whisper, &opts, cp, &mut warnings, progress)?;
        for (c, segs) in per_channel.into_iter().enumerate() {
            let x = channels[c];
            let other = channels[1 - c];
            let mut bleed = 0;
            for s in segs {
                // Speech much louder on the other channel is that person heard through this microphone.
                if rms(x, s.start, s.end)? < 0.5 * rms(other, s.start, s.end)? {
                    bleed += 1;
                    continue;
                }
                segments.push((names[c].to_string(), s));
            }
            if bleed > 0 {
                warnings.push(format!("{bleed} segment(s) on the {} channel were the other speaker leaking into its microphone and were dropped", names[c].to_lowercase()));
            }
        }
    } else {
        layout = "mono".to_string();
        // channels that carry the same voices are mixed as they are read
        let mix = Mix { tracks: channels.clone() };
        let mix: &dyn Samples = if channels.len() == 1 { channels[0] } else { &mix };
        let diarize = spec.rttm.is_none() && spec.speakers != Some(1);
        // the progress covers the diarization too: about a tenth of the work after Whisper's
        let share = if diarize { 1.1 } else { 1.0 };
        let segs = transcribe_tracks(&[mix], whisper, &opts, cp, &mut warnings, &mut |d, t| progress(d, t * share))?.pop().unwrap_or_default();
        let turns = if diarize {
            let total = duration * share;
            match diarize_mono(mix, whisper, spec.speakers, &mut |k, n| progress(duration + 0.1 * duration * k as f64 / n.max(1) as f64, total)) {
                Ok(turns) => turns,
                Err(e) => {
                    warnings.push(format!("{label}: the mono recording was not diarized ({e}); every segment is {}", speaker_name(0)));
                    Vec::new()
                }
            }
        } else {
            Vec::new()
        };
        if turns.is_empty() {
            segments.extend(segs.into_iter().map(|s| (speaker_name(0), s)));
        } else {
            diarized = Some(turns.iter().map(|t| rttm_row(&file_id, &speaker_name(t.speaker), t.start, t.end)).collect());
            segments.extend(attribute_words(segs, &turns));
        }
    }
    segments.sort_by(|a, b| a.1.start.total_cmp(&b.1.start));
    if segments.is_empty() {
        return Err(Error::input(&label, "no speech was found in the recording (every window was silent); check the file and its volume"));
    }
    let read_opts = ReadOptions { therapist: spec.therapist.clone(), client: spec.client.clone(), ..Default::default() };
    let (session, rttm, extra) = if let (false, Some(rttm_path)) = (stereo, &spec.rttm) {
        // Mono with a diarization: each segment goes to the speaker it overlaps most (attune-io's reader).
        let rttm_text = std::fs::read_to_string(rttm_path).map_err(|e| Error::io(rttm_path, e))?;
        let json = whisper_json(&segments);
        let report = attune_io::read_whisper_rttm(&json, &rttm_text, &label, &rttm_path.display().to_string(), &read_opts)?;
        let s = report.sessions.into_iter().next().ok_or_else(|| Error::input(&label, "the transcript made no session"))?;
        (s, rttm_text, report.warnings.into_iter().map(|w| w.to_string()).collect::<Vec<_>>())
    } else {
        let speakers: std::collections::BTreeSet<&str> = segments.iter().map(|s| s.0.as_str()).collect();
        if speakers.len() < 2 {
            let want = spec.speakers.unwrap_or(2);
            if want >= 2 {
                warnings.push(format!(
                    "{label}: one speaker only — the recording's voices were not told apart into {want} speakers (give --speakers N, or --rttm FILE from a diarization tool such as pyannote, or record one person per stereo channel)"
                ));
            }
        }
        let mut vtt = String::from("WEBVTT\n\n");
        for (spk, s) in &segments {
            vtt.push_str(&format!("{} --> {}\n<v {spk}>{}\n\n", vtt_time(s.start), vtt_time(s.end.max(s.start + 0.001)), s.text.replace("-->", "->")));
        }
        // ours when we diarized, else one row per segment (stereo channels, or one speaker)
        let rttm = diarized.unwrap_or_else(|| segments.iter().map(|(spk, s)| rttm_row(&file_id, spk, s.start, s.end)).collect());
        let report = attune_io::parse(Format::Vtt, &vtt, &label, &read_opts)?;
        let s = report.sessions.into_iter().next().ok_or_else(|| Error::input(&label, "the transcript made no session"))?;
        (s, rttm, report.warnings.into_iter().map(|w| w.to_string()).collect())
    };
    warnings.extend(extra);
    let mut session = session;
    session.id = file_id;
    session.source = Some(label.clone());
    session.meta.insert("transcribed_by".into(), serde_json::Value::String(whisper.id.clone()));
    session.meta.insert("recording".into(), serde_json::Value::String(label));
    session.meta.insert("channels".into(), serde_json::Value::String(layout.clone()));
    Ok(Transcription { session, segments, rttm, layout, warnings, model: whisper.id.clone(), duration })
}

/// The segments as OpenAI Whisper's JSON (`text`, `segments` with times, tokens and scores), with each
/// segment's speaker added.
pub fn whisper_json(segments: &[(String, Segment)]) -> String {
    let segs: Vec<serde_json::Value> = segments
        .iter()
        .enumerate()
        .map(|(i, (spk, s))| {
            serde_json::json!({
                "id": i, "start": s.start, "end": s.end, "text": format!(" {}", s.text), "tokens": s.tokens,
                "temperature": s.temperature, "avg_logprob": s.avg_logprob, "compression_ratio": s.compression_ratio,
                "no_speech_prob": s.no_speech_prob, "speaker": spk, "words": s.words,
            })
        })
        .collect();
    let text: String = segments.iter().map(|(_, s)| format!(" {}", s.text)).collect();
    serde_json::to_string_pretty(&serde_json::json!({ "text": text, "segments": segs, "language": "en" })).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recordings_are_told_from_transcripts() {
        assert!(is_recording(Path::new("s.WAV")) && is_recording(Path::new("a/b.m4a")) && is_recording(Path::new("v.mp4")));
        assert!(!is_recording(Path::new("s.vtt")) && !is_recording(Path::new("s.json")) && !is_recording(Path::new("noext")));
    }

    #[test]
    fn vtt_times_and_identical_channels() {
        assert_eq!(vtt_time(3723.5), "01:02:03.500");
        let a = vec![0.1f32, -0.2, 0.3];
        assert!(same_signal(&a, &a).unwrap());
        assert!(!same_signal(&a, &vec![0.0f32, 0.0, 0.0]).unwrap());
    }
}
