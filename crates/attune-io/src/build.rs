//! Shared by the readers: utterances → validated, merged turns with roles.

use crate::{IngestWarning, ReadOptions};
use attune_core::{IngestError, Role, Session, Turn};
use std::collections::BTreeMap;

/// One utterance as a reader found it, before speakers are filled in and turns merged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Utt {
    pub speaker: Option<String>,
    pub text: String,
    pub start: Option<f64>,
    pub end: Option<f64>,
    /// 1-based line where the utterance (cue, row, line) begins.
    pub line: usize,
    /// When the speaker came from a `Name: text` prefix: the whole line, so the prefix can be undone
    /// if the "name" turns out to be ordinary text (see [`demote_stray_prefixes`]).
    pub raw: Option<String>,
}

impl Utt {
    pub fn new(speaker: Option<String>, text: String, start: Option<f64>, end: Option<f64>, line: usize) -> Utt {
        Utt { speaker, text, start, end, line, raw: None }
    }
}

/// A `Name:` prefix seen once, of two or more words, naming no role, in a file where other speakers
/// recur, is most likely a sentence with a colon ("So what I told him: no"). Undo it: the line becomes
/// a continuation of the previous speaker.
pub(crate) fn demote_stray_prefixes(utts: &mut [Utt]) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for u in utts.iter() {
        if let Some(s) = &u.speaker {
            *counts.entry(s.as_str()).or_default() += 1;
        }
    }
    let recurring = counts.values().filter(|&&c| c >= 2).count();
    if recurring == 0 {
        return;
    }
    let stray: std::collections::BTreeSet<String> = counts
        .iter()
        .filter(|(name, c)| **c == 1 && name.split_whitespace().count() >= 2 && role_from_name(name).is_none())
        .map(|(n, _)| n.to_string())
        .collect();
    for u in utts.iter_mut() {
        if let (Some(s), Some(raw)) = (&u.speaker, &u.raw)
            && stray.contains(s) {
                u.text = raw.clone();
                u.speaker = None;
                u.raw = None;
            }
    }
}

/// Reader context: the label for messages, the options, collected warnings.
pub(crate) struct Ctx<'a> {
    pub label: &'a str,
    pub opts: &'a ReadOptions,
    pub warnings: Vec<IngestWarning>,
}

impl<'a> Ctx<'a> {
    pub fn new(label: &'a str, opts: &'a ReadOptions) -> Self {
        Ctx { label, opts, warnings: Vec::new() }
    }
    pub fn err(&self, line: Option<usize>, msg: impl Into<String>) -> IngestError {
        IngestError::new(self.label, line, msg)
    }
    pub fn warn(&mut self, line: Option<usize>, msg: impl Into<String>) {
        self.warnings.push(IngestWarning { file: self.label.to_string(), line, message: msg.into() });
    }
}

/// Session id from a label: the file name without directories and extension.
pub(crate) fn id_from_label(label: &str) -> String {
    let base = label.rsplit(['/', '\\']).next().unwrap_or(label);
    let stem = match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    };
    if stem.is_empty() { "session".to_string() } else { stem.to_string() }
}

/// Splits text into lines. `\n`, `\r\n` and a lone `\r` (old Mac files, or mixed line ends after a
/// copy and paste) each end a line; `\r\n` counts once. Line `i` is 1-based `i + 1`, so line numbers
/// agree with [`normalize_line_ends`] and [`line_of_offset`].
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    lines_any(text).collect()
}

/// The lines of `text` as [`split_lines`] cuts them, lazily.
pub(crate) fn lines_any(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match t.find(['\n', '\r']) {
            None => {
                rest = None;
                Some(t)
            }
            Some(i) => {
                let skip = if t[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[i + skip..]);
                Some(&t[..i])
            }
        }
    })
}

/// Replaces every lone `\r` (one not followed by `\n`) with `\n`, so that code counting `\n` (serde_json's
/// error positions, the CSV reader, byte offsets) numbers lines as [`split_lines`] does. `\r\n` is kept.
/// Borrows when there is no lone `\r`.
pub(crate) fn normalize_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !(0..b.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for i in 0..b.len() {
        if lone(i) {
            out.push_str(&text[start..i]);
            out.push('\n');
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
    std::borrow::Cow::Owned(out)
}

/// 1-based line of byte `offset` in `bytes`, counting line ends as [`split_lines`] does.
pub(crate) fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let head = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    for (i, &c) in head.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// A whole line that an export tool adds and nobody said: Otter.ai's footer `Transcribed by
/// https://otter.ai` and its variants (`Transcribed by Otter`, `transcribed by otter.ai.`, any case),
/// and generally `Transcribed by` / `Transcription by` / `Transcript by` followed by nothing but a web
/// address (`https://…`, `www.…`, `name.ai`). "Transcribed by hand" is kept.
pub(crate) fn is_export_boilerplate(line: &str) -> bool {
    let l = line.trim().trim_matches(|c| c == '*' || c == '_' || c == '(' || c == ')' || c == '[' || c == ']');
    let l = l.trim().trim_end_matches('.').trim_end().to_lowercase();
    let mut rest = None;
    for lead in ["transcribed by ", "transcribed with ", "transcribed using ", "transcription by ", "transcript by "] {
        if let Some(r) = l.strip_prefix(lead) {
            rest = Some(r.trim());
        }
    }
    let Some(rest) = rest else { return false };
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return false;
    }
    let bare = rest.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    let bare = bare.trim_end_matches('/');
    if matches!(bare, "otter" | "otter.ai") {
        return true;
    }
    let url = rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
    // `name.tld`: letters, digits, dots, dashes, at least one dot with a 2–6 letter ending.
    let host = bare.split('/').next().unwrap_or("");
    let domain = host.contains('.')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && host.rsplit('.').next().is_some_and(|tld| (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic()));
    domain && (url || bare == host)
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Removes inline markup (`<i>`, `<c.color>`, `<00:00:01.000>`, `<font …>`, `</v>`) and decodes the
/// common HTML entities. A `<` not followed by a tag-like character stays as text ("x < y").
pub(crate) fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tagish = after.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
        // Linear: look only as far as the next `<`, `>` or line end.
        let stop = after.find(['<', '>', '\n']);
        match (tagish, stop) {
            (true, Some(j)) if after.as_bytes()[j] == b'>' => {
                rest = &after[j + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if out.contains('&') {
        out = out
            .replace("&nbsp;", " ")
            .replace("&lrm;", "")
            .replace("&rlm;", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
    }
    out
}

/// If `line` starts with a speaker prefix (`Name: text`, `>> Name: text`, `- Name: text`, Markdown
/// `**Name:** text` or `**Name**: text`), returns the name and the rest. Names are 1–40 characters, at
/// most four words, start with a letter, and hold no sentence punctuation — so "Note: it's 10:30" is
/// read as a name only when it looks like one.
pub(crate) fn speaker_prefix(line: &str) -> Option<(String, &str)> {
    let l = line.trim_start();
    let l = l.strip_prefix(">>").map(str::trim_start).unwrap_or(l);
    let l = l.strip_prefix("- ").unwrap_or(l);
    // The first colon outside brackets ("T (00:12): hi", "Dr Lee [00:01:02]: hi").
    let mut depth = 0i32;
    let mut colon = None;
    for (i, c) in l.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ':' if depth <= 0 => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
        if i > 80 {
            return None;
        }
    }
    let colon = colon?;
    let (name, rest) = (&l[..colon], &l[colon + 1..]);
    // Markdown emphasis closed after the colon (`**Name:** text`, `__Name:__ text`, `*Name:* text`)
    // ends the name as clearly as a space does, when the name opened it.
    // So does emphasis closed before the colon (`**Name**:text`).
    let closing = rest.len() - rest.trim_start_matches(['*', '_']).len();
    let opened = name.trim_start().starts_with(['*', '_']);
    let rest = if closing > 0 && opened { &rest[closing..] } else { rest };
    let marked = opened && (closing > 0 || name.trim_end().ends_with(['*', '_']));
    // "Name:text" without a space is allowed only at end of line or before a space/tab.
    if !(rest.is_empty() || rest.starts_with([' ', '\t']) || marked) {
        return None;
    }
    let name = name.trim();
    // Markdown bold or italics around the name, or around part of it (`**Dr Lee** (00:12)`).
    let unstarred: String;
    let name = if name.contains('*') {
        unstarred = name.replace('*', "");
        unstarred.trim()
    } else {
        name
    };
    let name = name.trim_matches('_').trim();
    // WhisperX writes `[SPEAKER_00]: text`.
    let name = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(inner) => inner.trim(),
        None => name,
    };
    if !valid_name(name) {
        return None;
    }
    Some((squash(name), rest.trim_start()))
}

pub(crate) fn valid_name(name: &str) -> bool {
    let n = name.chars().count();
    if n == 0 || n > 40 {
        return false;
    }
    if !name.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return false;
    }
    if name.split_whitespace().count() > 4 {
        return false;
    }
    !name.chars().any(|c| matches!(c, '?' | '!' | ',' | ';' | '"' | '<' | '>' | '{' | '}' | '=' | '/' | '\\'))
        && !name.to_ascii_lowercase().starts_with("http")
}

/// Role a speaker's name implies, if any ("Dr. Lee" → therapist, "Patient" → client).
pub fn role_from_name(name: &str) -> Option<Role> {
    const THERAPIST: &[&str] = &[
        "therapist", "counselor", "counsellor", "clinician", "supporter", "interviewer", "helper",
        "listener", "psychologist", "psychotherapist", "psychiatrist", "coach", "provider", "doctor",
        "dr", "t", "th", "ther", "assistant", "bot", "chatbot", "ai", "trainee", "practitioner",
        "facilitator", "host",
    ];
    const CLIENT: &[&str] = &[
        "client", "patient", "seeker", "c", "p", "cl", "pt", "user", "participant", "interviewee",
        "caller", "member",
    ];
    let lower = name.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let first = tokens.first()?;
    // "Therapist", "Therapist 1", "Dr. Lee", "T"; the role word must be the first token
    // (or the only word besides a number) so "Mary Client" does not count but "Client A" does.
    if THERAPIST.contains(first) {
        return Some(Role::Therapist);
    }
    if CLIENT.contains(first) && (tokens.len() <= 2) {
        return Some(Role::Client);
    }
    if tokens.len() == 2 && tokens[1].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    None
}

/// How consecutive utterances become turns.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Join consecutive utterances by one speaker into one turn (cue formats, text, CSV).
    Consecutive,
    /// Keep every utterance as a turn (JSON formats).
    Keep,
}

/// Validates times, fills missing speakers, merges, assigns roles.
pub(crate) fn build_session(ctx: &mut Ctx, utts: Vec<Utt>, merge: Merge, what: &str) -> Result<Session, IngestError> {
    let mut utts = utts;
    demote_stray_prefixes(&mut utts);
    let mut utts: Vec<Utt> = utts.into_iter().filter(|u| !u.text.trim().is_empty()).collect();
    if utts.is_empty() {
        return Err(ctx
            .err(None, format!("no {what} with text found"))
            .with_hint("the file may be truncated or in another format; see docs/formats.md for examples"));
    }
    // Speakers: a cue without a name continues the previous speaker; leading unnamed cues are dropped.
    if utts.iter().all(|u| u.speaker.is_none()) {
        return Err(ctx
            .err(Some(utts[0].line), "no speaker names found: attune needs to know who said what")
            .with_hint(
                "this looks like a transcript without diarization (e.g. plain Whisper output); combine Whisper JSON with a \
                 pyannote RTTM (`--rttm`), or add `Name: ` prefixes or `<v Name>` voice tags to each cue",
            ));
    }
    let mut current: Option<String> = None;
    let mut dropped = Vec::new();
    for u in utts.iter_mut() {
        match &u.speaker {
            Some(s) => current = Some(s.clone()),
            None => match &current {
                Some(c) => u.speaker = Some(c.clone()),
                None => dropped.push(u.line),
            },
        }
    }
    if !dropped.is_empty() {
        let first = dropped[0];
        ctx.warn(
            Some(first),
            format!("{} {what} before the first named speaker were skipped (no speaker to attribute them to)", dropped.len()),
        );
        utts.retain(|u| u.speaker.is_some());
    }
    // Times.
    let mut prev_start: Option<(f64, usize)> = None;
    for u in &utts {
        if let (Some(s), Some(e)) = (u.start, u.end)
            && e < s {
                return Err(ctx
                    .err(Some(u.line), format!("timestamps run backwards: ends at {} before it starts at {}", fmt_t(e), fmt_t(s)))
                    .with_hint("fix the end time of this entry (end must not be before start)"));
            }
        if let Some(s) = u.start {
            if let Some((p, pline)) = prev_start
                && s + 0.0005 < p {
                    return Err(ctx
                        .err(
                            Some(u.line),
                            format!(
                                "out of order: this entry starts at {}, before the entry at line {pline} (starts at {})",
                                fmt_t(s),
                                fmt_t(p)
                            ),
                        )
                        .with_hint("sort the entries by start time, or export the transcript again"));
                }
            prev_start = Some((s, u.line));
        }
    }
    // Overlaps: between different speakers they are over-talk and kept silently; an exact duplicate
    // cue is dropped; a speaker overlapping their own previous cue (rolling captions) is merged, with a
    // warning.
    let mut dupes = 0usize;
    let mut self_overlaps: Vec<usize> = Vec::new();
    let mut kept: Vec<Utt> = Vec::with_capacity(utts.len());
    for u in utts {
        if let Some(prev) = kept.last()
            && prev.speaker == u.speaker
            && let (Some(ps), Some(pe), Some(s)) = (prev.start, prev.end, u.start)
        {
            if prev.text == u.text && Some(ps) == u.start && Some(pe) == u.end {
                dupes += 1;
                continue;
            }
            if s + 0.0005 < pe {
                self_overlaps.push(u.line);
            }
        }
        kept.push(u);
    }
    let utts = kept;
    if dupes > 0 {
        ctx.warn(None, format!("{dupes} duplicate {what} (same speaker, times and text) were dropped"));
    }
    if let Some(&first) = self_overlaps.first() {
        ctx.warn(
            Some(first),
            format!(
                "{} {what} overlap the same speaker's previous one (rolling captions?); they were merged into one turn",
                self_overlaps.len()
            ),
        );
    }
    // Merge.
    let mut turns: Vec<Turn> = Vec::with_capacity(utts.len());
    for u in utts {
        let speaker = u.speaker.unwrap_or_default();
        let text = u.text.trim().to_string();
        if merge == Merge::Consecutive
            && let Some(last) = turns.last_mut()
                && last.speaker == speaker {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(&text);
                    if last.start.is_none() {
                        last.start = u.start;
                    }
                    last.end = match (last.end, u.end) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => b.or(a),
                    };
                    continue;
                }
        let mut t = Turn::new(Role::Other, speaker, text).with_times(u.start, u.end);
        t.source_line = Some(u.line);
        turns.push(t);
    }
    let mut session = Session::new(id_from_label(ctx.label));
    session.source = Some(ctx.label.to_string());
    session.turns = turns;
    assign_roles(ctx, &mut session)?;
    Ok(session)
}

/// Like [`build_session`], taking the roles a file states beside speaker names (a CSV `role` column, a
/// JSON turn's `role`) as `--therapist/--client` when the caller gave neither. `hints` holds each
/// (role, speaker) pair seen; a role stated for exactly one speaker names that speaker.
pub(crate) fn build_session_with_role_hints(
    ctx: &mut Ctx,
    utts: Vec<Utt>,
    hints: &[(Role, String)],
    merge: Merge,
    what: &str,
) -> Result<Session, IngestError> {
    if ctx.opts.therapist.is_some() || ctx.opts.client.is_some() || hints.is_empty() {
        return build_session(ctx, utts, merge, what);
    }
    let pick = |role: Role| {
        let mut names: Vec<&String> = hints.iter().filter(|(r, _)| *r == role).map(|(_, n)| n).collect();
        names.dedup();
        (names.len() == 1).then(|| names[0].clone())
    };
    let derived = ReadOptions { therapist: pick(Role::Therapist), client: pick(Role::Client), ..ctx.opts.clone() };
    let mut inner = Ctx::new(ctx.label, &derived);
    let s = build_session(&mut inner, utts, merge, what);
    ctx.warnings.extend(inner.warnings);
    s
}

fn fmt_t(s: f64) -> String {
    crate::timecode::format_vtt(s)
}

struct SpeakerStat {
    name: String,
    words: usize,
    turns: usize,
    questions: usize,
}

/// Assigns `Role`s to a session's turns from `--therapist/--client` or by inference.
///
/// Given names match speakers case-insensitively; a given name that is not in the file is an error
/// listing the speakers found. Inference: names like "Therapist", "Dr. …", "Counselor", "T" / "Client",
/// "Patient", "Seeker", "C"; otherwise, of the two speakers with the most words, the one who asks more
/// questions per turn (ties: who spoke first) is the therapist. Extra speakers get `Role::Other`.
/// When any role was guessed, `roles_inferred` is set and `meta["role_inference"]` says how.
pub(crate) fn assign_roles(ctx: &mut Ctx, session: &mut Session) -> Result<(), IngestError> {
    let mut stats: Vec<SpeakerStat> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in &session.turns {
        let i = match index.get(&t.speaker) {
            Some(&i) => i,
            None => {
                stats.push(SpeakerStat { name: t.speaker.clone(), words: 0, turns: 0, questions: 0 });
                index.insert(t.speaker.clone(), stats.len() - 1);
                stats.len() - 1
            }
        };
        stats[i].words += t.word_count();
        stats[i].turns += 1;
        stats[i].questions += t.text.matches('?').count().min(3);
    }
    let names: Vec<String> = stats.iter().map(|s| s.name.clone()).collect();
    let find = |given: &str, flag: &str| -> Result<usize, IngestError> {
        let g = squash(given).to_lowercase();
        names.iter().position(|n| n.to_lowercase() == g).ok_or_else(|| {
            IngestError::new(ctx.label, None, format!("{flag} `{given}` is not a speaker in this file"))
                .with_hint(format!("speakers found: {}; pass one of them to {flag}", quote_list(&names)))
        })
    };
    let therapist_given = ctx.opts.therapist.as_deref().map(|n| find(n, "--therapist")).transpose()?;
    let client_given = ctx.opts.client.as_deref().map(|n| find(n, "--client")).transpose()?;
    if let (Some(a), Some(b)) = (therapist_given, client_given)
        && a == b {
            return Err(ctx.err(None, format!("--therapist and --client both name `{}`", names[a]))
                .with_hint("give two different speakers"));
        }
    let mut roles: Vec<Role> = vec![Role::Other; stats.len()];
    let mut reasons: Vec<String> = Vec::new();
    let mut inferred = false;
    if let Some(i) = therapist_given {
        roles[i] = Role::Therapist;
    }
    if let Some(i) = client_given {
        roles[i] = Role::Client;
    }
    let rest: Vec<usize> = (0..stats.len()).filter(|&i| Some(i) != therapist_given && Some(i) != client_given).collect();
    match (therapist_given, client_given) {
        (Some(_), Some(_)) => {}
        (Some(_), None) | (None, Some(_)) => {
            let missing = if therapist_given.is_some() { Role::Client } else { Role::Therapist };
            if let Some(&j) = rest.iter().max_by_key(|&&j| (role_from_name(&stats[j].name) == Some(missing), stats[j].words, std::cmp::Reverse(j))) {
                roles[j] = missing;
                if rest.len() > 1 {
                    inferred = true;
                    reasons.push(format!("{} → {} (the other speaker with the most words)", stats[j].name, missing.as_str()));
                }
            }
        }
        (None, None) => {
            inferred = true;
            // By name first.
            for (i, s) in stats.iter().enumerate() {
                if let Some(r) = role_from_name(&s.name)
                    && r != Role::Other && !roles.contains(&r) {
                        roles[i] = r;
                        reasons.push(format!("{} → {} (speaker name)", s.name, r.as_str()));
                    }
            }
            let has_t = roles.contains(&Role::Therapist);
            let has_c = roles.contains(&Role::Client);
            let mut unassigned: Vec<usize> = (0..stats.len()).filter(|&i| roles[i] == Role::Other).collect();
            // Most words first; stable so the first speaker wins ties.
            unassigned.sort_by(|&a, &b| stats[b].words.cmp(&stats[a].words));
            match (has_t, has_c) {
                (true, true) => {}
                (true, false) | (false, true) => {
                    if let Some(&j) = unassigned.first() {
                        let r = if has_t { Role::Client } else { Role::Therapist };
                        roles[j] = r;
                        reasons.push(format!("{} → {} (the other speaker)", stats[j].name, r.as_str()));
                    }
                }
                (false, false) => {
                    if unassigned.len() >= 2 {
                        let (a, b) = (unassigned[0].min(unassigned[1]), unassigned[0].max(unassigned[1]));
                        let rate = |i: usize| stats[i].questions as f64 / stats[i].turns.max(1) as f64;
                        let (t, c, why) = if rate(b) > rate(a) + 0.05 {
                            (b, a, "asks more questions")
                        } else if rate(a) > rate(b) + 0.05 {
                            (a, b, "asks more questions")
                        } else {
                            (a, b, "spoke first; question rates were similar")
                        };
                        roles[t] = Role::Therapist;
                        roles[c] = Role::Client;
                        reasons.push(format!("{} → therapist ({why})", stats[t].name));
                        reasons.push(format!("{} → client", stats[c].name));
                    } else if let Some(&j) = unassigned.first() {
                        ctx.warn(None, format!("only one speaker (`{}`) and the name does not say a role; it is marked `other`", stats[j].name));
                    }
                }
            }
        }
    }
    let others: Vec<String> = (0..stats.len()).filter(|&i| roles[i] == Role::Other).map(|i| stats[i].name.clone()).collect();
    if !others.is_empty() && stats.len() > 1 && (inferred || therapist_given.is_some() || client_given.is_some()) {
        reasons.push(format!("{} → other", others.join(", ")));
    }
    let by_name: BTreeMap<&str, Role> = stats.iter().zip(&roles).map(|(s, r)| (s.name.as_str(), *r)).collect();
    for t in session.turns.iter_mut() {
        t.role = by_name.get(t.speaker.as_str()).copied().unwrap_or(Role::Other);
    }
    if inferred {
        session.roles_inferred = true;
        let why = reasons.join("; ");
        ctx.warn(None, format!("roles were inferred: {why}; pass --therapist NAME / --client NAME to set them"));
        session.meta.insert("role_inference".into(), serde_json::Value::String(why));
    }
    Ok(())
}

pub(crate) fn quote_list(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(sp: Option<&str>, text: &str, line: usize) -> Utt {
        Utt::new(sp.map(str::to_string), text.into(), None, None, line)
    }

    #[test]
    fn tags_are_stripped() {
        assert_eq!(strip_tags("<v Dr Lee><i>Hello</i></v> &amp; bye"), "Hello & bye");
        assert_eq!(strip_tags("a <00:00:01.000><c> word</c>"), "a  word");
        assert_eq!(strip_tags("x < y and 3<4"), "x < y and 3<4");
        assert_eq!(strip_tags("unclosed <b"), "unclosed <b");
    }

    #[test]
    fn prefixes() {
        assert_eq!(speaker_prefix("Dr. Lee: How are you?"), Some(("Dr. Lee".into(), "How are you?")));
        assert_eq!(speaker_prefix(">> CLIENT: fine"), Some(("CLIENT".into(), "fine")));
        assert_eq!(speaker_prefix("SPEAKER_01: ok"), Some(("SPEAKER_01".into(), "ok")));
        assert_eq!(speaker_prefix("[SPEAKER_00]: Hello"), Some(("SPEAKER_00".into(), "Hello")));
        assert_eq!(speaker_prefix("It was 10:30 when"), None);
        assert_eq!(speaker_prefix("I said, then: no"), None);
        assert_eq!(speaker_prefix("http://x.y"), None);
        assert_eq!(speaker_prefix("So then I went to the shop: yes"), None);
    }

    #[test]
    fn markdown_bold_prefixes() {
        for line in [
            "**Dr Lee:** How are you?",
            "**Dr Lee**: How are you?",
            "**Dr Lee:**How are you?",
            "*Dr Lee:* How are you?",
            "__Dr Lee:__ How are you?",
            "- **Dr Lee:** How are you?",
        ] {
            assert_eq!(speaker_prefix(line), Some(("Dr Lee".into(), "How are you?")), "{line}");
        }
        assert_eq!(speaker_prefix("**Dr Lee**:How are you?"), Some(("Dr Lee".into(), "How are you?")));
        assert_eq!(speaker_prefix("**Dr Lee:**"), Some(("Dr Lee".into(), "")));
        assert_eq!(speaker_prefix("**Dr Lee** [00:01:02]: hi"), Some(("Dr Lee [00:01:02]".into(), "hi")));
        // Emphasis that is not around a name changes nothing.
        assert_eq!(speaker_prefix("Note:*important*"), None);
        assert_eq!(speaker_prefix("**I said, then:** no"), None);
        assert_eq!(speaker_prefix("SPEAKER_01: ok"), Some(("SPEAKER_01".into(), "ok")));
    }

    #[test]
    fn export_boilerplate() {
        for l in [
            "Transcribed by https://otter.ai",
            "  transcribed by HTTPS://OTTER.AI  ",
            "Transcribed by Otter",
            "Transcribed by otter.ai.",
            "Transcribed by http://www.otter.ai/",
            "(Transcribed by TurboScribe.ai)",
            "Transcription by https://example.com/t/123",
        ] {
            assert!(is_export_boilerplate(l), "{l}");
        }
        for l in [
            "Transcribed by hand.",
            "Transcribed by my sister, actually",
            "Transcribed by",
            "It was transcribed by https://otter.ai",
            "Otter: Transcribed by https://otter.ai and more",
            "Transcribed by 3.14",
        ] {
            assert!(!is_export_boilerplate(l), "{l}");
        }
    }

    #[test]
    fn line_ends_agree_everywhere() {
        let t = "a\nb\r\nc\rd\r\re\n\nf";
        assert_eq!(split_lines(t), vec!["a", "b", "c", "d", "", "e", "", "f"]);
        assert_eq!(split_lines("x"), vec!["x"]);
        assert_eq!(split_lines("x\n"), vec!["x", ""]);
        assert_eq!(split_lines("x\r"), vec!["x", ""]);
        let n = normalize_line_ends(t);
        assert_eq!(n, "a\nb\r\nc\nd\n\ne\n\nf");
        assert!(matches!(normalize_line_ends("a\r\nb\n"), std::borrow::Cow::Borrowed(_)));
        // The line of each byte is the same whether counted on the raw or the normalized text.
        for (i, _) in t.char_indices() {
            let line = line_of_offset(t.as_bytes(), i);
            assert_eq!(line, n.as_bytes()[..i].iter().filter(|&&b| b == b'\n').count() + 1, "offset {i}");
        }
        assert_eq!(line_of_offset(t.as_bytes(), t.find('f').unwrap_or(0)), 8);
    }

    #[test]
    fn names_to_roles() {
        assert_eq!(role_from_name("Dr. Jane Lee"), Some(Role::Therapist));
        assert_eq!(role_from_name("THERAPIST"), Some(Role::Therapist));
        assert_eq!(role_from_name("Client A"), Some(Role::Client));
        assert_eq!(role_from_name("Mary"), None);
        assert_eq!(role_from_name("SPEAKER_00"), None);
    }

    #[test]
    fn infers_by_questions_and_flags_it() {
        let opts = ReadOptions::default();
        let mut ctx = Ctx::new("s.txt", &opts);
        let utts = vec![u(Some("Ann"), "I have been low.", 1), u(Some("Bo"), "What has that been like?", 2), u(Some("Ann"), "Hard.", 3)];
        let s = build_session(&mut ctx, utts, Merge::Consecutive, "lines").unwrap();
        assert!(s.roles_inferred);
        assert_eq!(s.turns[1].role, Role::Therapist);
        assert_eq!(s.turns[0].role, Role::Client);
        assert!(ctx.warnings.iter().any(|w| w.message.contains("inferred")));
    }

    #[test]
    fn given_names_and_missing_name() {
        let opts = ReadOptions { therapist: Some("bo".into()), ..Default::default() };
        let mut ctx = Ctx::new("s.txt", &opts);
        let utts = vec![u(Some("Ann"), "Hi?", 1), u(Some("Bo"), "Hello.", 2), u(Some("Cy"), "hm", 3)];
        let s = build_session(&mut ctx, utts.clone(), Merge::Consecutive, "lines").unwrap();
        assert_eq!(s.turns[1].role, Role::Therapist);
        assert_eq!(s.turns[0].role, Role::Client);
        assert_eq!(s.turns[2].role, Role::Other);
        let opts = ReadOptions { client: Some("Zed".into()), ..Default::default() };
        let mut ctx = Ctx::new("s.txt", &opts);
        let e = build_session(&mut ctx, utts, Merge::Consecutive, "lines").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("s.txt") && m.contains("Zed") && m.contains("`Ann`, `Bo`, `Cy`"), "{m}");
    }

    #[test]
    fn duplicates_and_self_overlaps_warn() {
        let opts = ReadOptions::default();
        let mut ctx = Ctx::new("y.vtt", &opts);
        let t = |sp: &str, text: &str, a: f64, b: f64, line: usize| {
            let mut x = u(Some(sp), text, line);
            x.start = Some(a);
            x.end = Some(b);
            x
        };
        let utts = vec![
            t("T", "how are", 0.0, 2.0, 3),
            t("T", "how are", 0.0, 2.0, 6),
            t("T", "you?", 1.5, 3.0, 9),
            t("C", "fine", 2.5, 4.0, 12),
        ];
        let s = build_session(&mut ctx, utts, Merge::Consecutive, "cues").unwrap();
        assert_eq!(s.turns[0].text, "how are you?");
        assert_eq!(s.turns.len(), 2);
        assert!(ctx.warnings.iter().any(|w| w.message.contains("1 duplicate")));
        assert!(ctx.warnings.iter().any(|w| w.line == Some(9) && w.message.contains("overlap")));
        assert!(!ctx.warnings.iter().any(|w| w.line == Some(12)), "over-talk between speakers is not warned about");
    }

    #[test]
    fn merges_and_checks_times() {
        let opts = ReadOptions::default();
        let mut ctx = Ctx::new("c.vtt", &opts);
        let mut a = u(Some("T"), "one", 3);
        a.start = Some(1.0);
        a.end = Some(2.0);
        let mut b = u(None, "two", 7);
        b.start = Some(2.0);
        b.end = Some(3.0);
        let mut c = u(Some("C"), "three", 11);
        c.start = Some(2.5);
        c.end = Some(4.0);
        let s = build_session(&mut ctx, vec![a.clone(), b.clone(), c.clone()], Merge::Consecutive, "cues").unwrap();
        assert_eq!(s.turns.len(), 2);
        assert_eq!(s.turns[0].text, "one two");
        assert_eq!((s.turns[0].start, s.turns[0].end), (Some(1.0), Some(3.0)));
        c.end = Some(2.0);
        let e = build_session(&mut ctx, vec![a.clone(), b.clone(), c.clone()], Merge::Consecutive, "cues").unwrap_err();
        assert_eq!(e.line, Some(11));
        assert!(e.message.contains("backwards"));
        c.end = Some(4.0);
        c.start = Some(0.5);
        let e = build_session(&mut ctx, vec![a, b, c], Merge::Consecutive, "cues").unwrap_err();
        assert_eq!(e.line, Some(11));
        assert!(e.message.contains("line 7"), "{e}");
    }
}
