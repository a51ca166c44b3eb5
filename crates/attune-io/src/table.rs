//! CSV / TSV: a header naming a speaker column and a text column, optional start and end columns.
//!
//! Tolerates: quoted fields with commas, quotes and newlines; `,` `;` or tab delimiters (sniffed);
//! column names in any case and several spellings (`speaker`/`name`/`role`, `text`/`utterance`,
//! `start`/`start_s`/`begin`, `end`/`end_s`); times as seconds or clocks; extra columns; no header at all
//! (then the columns are taken as speaker, text, start, end, with a warning).

use crate::build::{Ctx, Merge, Utt, build_session_with_role_hints, role_from_name, squash};
use crate::timecode::parse_time;
use attune_core::{IngestError, Role, Session};

const SPEAKER: &[&str] = &["speaker", "speaker_name", "name", "who", "participant", "interlocutor", "speaker_id", "spk"];
const ROLE: &[&str] = &["role", "speaker_role"];
const TEXT: &[&str] = &["text", "utterance", "utterance_text", "transcript", "content", "message", "said", "sentence"];
const START: &[&str] = &["start", "start_s", "start_time", "start_sec", "begin", "onset", "time", "timestamp", "from"];
const END: &[&str] = &["end", "end_s", "end_time", "end_sec", "stop", "offset", "to"];

fn col(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

/// 1-based line of the first non-newline byte at or after `byte`.
fn line_at(text: &str, byte: usize) -> usize {
    let b = text.as_bytes();
    let mut at = byte.min(b.len());
    while at < b.len() && (b[at] == b'\r' || b[at] == b'\n') {
        at += 1;
    }
    b[..at].iter().filter(|&&c| c == b'\n').count() + 1
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.chars().filter(|&x| x == c).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

pub(crate) fn read_csv(ctx: &mut Ctx, text: &str) -> Result<Session, IngestError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delim = sniff_delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let line = e.position().map(|p| line_at(text, p.byte() as usize));
            ctx.err(line, format!("cannot read this CSV row: {e}")).with_hint("check the quoting of this row")
        })?;
        // The csv crate's own line count drifts with CRLF endings; count from the byte offset.
        let line = r.position().map(|p| line_at(text, p.byte() as usize)).unwrap_or(0);
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        records.push((line, r));
    }
    let Some((hline, first)) = records.first() else {
        return Err(ctx.err(None, "the CSV file has no rows"));
    };
    let hline = *hline;
    let header: Vec<String> = first.iter().map(|h| h.trim().trim_start_matches('\u{FEFF}').to_lowercase()).collect();
    let known = |names: &[&str]| col(&header, names);
    let is_header = [SPEAKER, ROLE, TEXT, START, END].iter().any(|n| known(n).is_some());
    let (sp, role_col, tx, st, en, body) = if is_header {
        let role_col = known(ROLE);
        let sp = known(SPEAKER).or(role_col);
        let tx = known(TEXT);
        let (Some(sp), Some(tx)) = (sp, tx) else {
            let missing = if sp.is_none() { "speaker" } else { "text" };
            return Err(ctx
                .err(Some(hline), format!("the CSV header has no {missing} column (found: {})", header.join(", ")))
                .with_hint("name the columns `speaker,text` (optionally `,start,end`); see docs/formats.md"));
        };
        let role_col = role_col.filter(|&r| r != sp);
        (sp, role_col, tx, known(START), known(END), &records[1..])
    } else {
        if first.len() < 2 {
            return Err(ctx
                .err(Some(hline), "expected at least two columns (speaker, text)")
                .with_hint("write a header `speaker,text,start,end` and one row per utterance"));
        }
        ctx.warn(Some(hline), "no CSV header; reading the columns as speaker, text, start, end");
        (0, None, 1, (first.len() > 2).then_some(2), (first.len() > 3).then_some(3), &records[..])
    };
    let need = sp.max(tx) + 1;
    let mut utts = Vec::with_capacity(body.len());
    let mut role_names: Vec<(Role, String)> = Vec::new();
    for (line, r) in body {
        let line = *line;
        let field = |i: usize| r.get(i).unwrap_or("").trim();
        if r.len() < need {
            return Err(ctx
                .err(Some(line), format!("this row has {} field(s); the text column is number {}", r.len(), tx + 1))
                .with_hint("the row is cut short (truncated file?) or a comma inside the text is not quoted"));
        }
        let speaker = squash(field(sp));
        if speaker.is_empty() {
            return Err(ctx
                .err(Some(line), "this row has no speaker")
                .with_hint("fill in the speaker column for every row"));
        }
        let time = |c: Option<usize>, what: &str| -> Result<Option<f64>, IngestError> {
            match c.map(field) {
                None | Some("") => Ok(None),
                Some(v) => parse_time(v).map(Some).ok_or_else(|| {
                    ctx.err(Some(line), format!("cannot read the {what} time `{v}`"))
                        .with_hint("write times as seconds (12.5) or clock times (00:00:12.500)")
                }),
            }
        };
        let start = time(st, "start")?;
        let end = time(en, "end")?;
        if let Some(rc) = role_col
            && let Some(role) = role_from_name(field(rc))
                && !role_names.iter().any(|(r, n)| *r == role && *n == speaker) {
                    role_names.push((role, speaker.clone()));
                }
        utts.push(Utt::new(Some(speaker), squash(field(tx)), start, end, line));
    }
    if text.matches('"').count() % 2 == 1 {
        let line = body.last().map(|(l, _)| *l).unwrap_or(hline);
        return Err(ctx
            .err(Some(line), "a quoted field is never closed (truncated file?)")
            .with_hint("close the quote, or export the CSV again"));
    }
    if utts.is_empty() {
        return Err(ctx.err(None, "the CSV file has a header but no rows"));
    }
    let merge = if ctx.opts.keep_cues { Merge::Keep } else { Merge::Consecutive };
    build_session_with_role_hints(ctx, utts, &role_names, merge, "rows")
}

#[cfg(test)]
mod tests {
    use crate::{Format, ReadOptions, parse, parse_str};
    use attune_core::Role;

    const CSV: &str = "speaker,text,start,end\r\nTherapist,\"So, what brings you here today?\",0.0,2.4\r\nClient,\"Well, my partner said \"\"go see someone\"\", so...\",2.9,6.1\r\nClient,\"It's been a hard year.\nReally hard.\",6.2,8.0\r\nTherapist,A hard year.,8.3,9.0";

    #[test]
    fn csv_with_quotes_commas_newlines() {
        let s = &parse_str(Format::Csv, CSV, "coded.csv", &ReadOptions::default()).unwrap()[0];
        assert_eq!(s.turns.len(), 3);
        assert_eq!(s.turns[0].text, "So, what brings you here today?");
        assert_eq!(s.turns[1].text, "Well, my partner said \"go see someone\", so... It's been a hard year. Really hard.");
        assert_eq!((s.turns[1].start, s.turns[1].end), (Some(2.9), Some(8.0)));
        assert_eq!(s.turns[2].source_line, Some(6));
        assert_eq!(s.turns[0].role, Role::Therapist);
    }

    #[test]
    fn tsv_role_column_clock_times_no_header() {
        let tsv = "Name\tRole\tUtterance\tStart\nDana\tcounselor\tHi Lee.\t00:00:01\nLee\tclient\tHi.\t00:00:02.5\n";
        let r = parse(Format::Csv, tsv, "x.tsv", &ReadOptions::default()).unwrap();
        let s = &r.sessions[0];
        assert_eq!(s.turns[1].start, Some(2.5));
        assert_eq!(s.turns[0].role, Role::Therapist);
        assert!(!s.roles_inferred);
        let s = &parse_str(Format::Csv, "Dana,Hi there?\nLee,Hello\n", "n.csv", &ReadOptions::default()).unwrap()[0];
        assert_eq!(s.turns.len(), 2);
    }

    #[test]
    fn broken_csv() {
        let o = ReadOptions::default();
        let e = parse_str(Format::Csv, "speaker,text\nT,hi\n,hello\n", "b.csv", &o).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("b.csv:3:") && e.message.contains("no speaker"), "{e}");
        let e = parse_str(Format::Csv, "speaker,words\nT,hi\n", "b.csv", &o).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("no text column"), "{e}");
        let e = parse_str(Format::Csv, "speaker,text,start\nT,hi,1\nC,yo,abc\n", "b.csv", &o).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("`abc`"), "{e}");
        let e = parse_str(Format::Csv, "speaker,text,start,end\nT,hi,5,4\n", "b.csv", &o).unwrap_err();
        assert!(e.message.contains("backwards") && e.line == Some(2), "{e}");
        let e = parse_str(Format::Csv, "speaker,text,start\nT,hi,5\nC,\"yo, and then", "b.csv", &o).unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
        assert_eq!(e.line, Some(3));
        let e = parse_str(Format::Csv, "speaker,start,text\nT,1\n", "b.csv", &o).unwrap_err();
        assert!(e.message.contains("field"), "{e}");
    }
}
