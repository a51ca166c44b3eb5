//! Bytes → text: BOMs, UTF-16, legacy Windows-1252 / Latin-1, and clear refusals of binary or
//! mis-encoded files.

use crate::IngestWarning;
use crate::build::line_of_offset;
use attune_core::IngestError;

const RESAVE: &str = "open the file in a text editor and save it as UTF-8 (\"Save as… → Encoding: UTF-8\")";

/// The encoding [`decode`] found in a file's bytes, or guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8 (with or without a byte-order mark).
    Utf8,
    /// UTF-16 little-endian (with a BOM, or recognised from its zero bytes).
    Utf16Le,
    /// UTF-16 big-endian (with a BOM, or recognised from its zero bytes).
    Utf16Be,
    /// Not UTF-8: read as Windows-1252, the Western European code page of older Windows tools
    /// (a superset of Latin-1 / ISO-8859-1; the five bytes 1252 leaves undefined are read as Latin-1).
    Windows1252,
    /// Mostly UTF-8, with some bytes that are not (text pasted together from two sources): the UTF-8
    /// is kept and each stray byte is read as Windows-1252.
    Utf8WithWindows1252,
}

impl TextEncoding {
    /// A human name (`UTF-8`, `UTF-16 LE`, `Windows-1252`...).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Utf8WithWindows1252 => "UTF-8 with stray Windows-1252 bytes",
        }
    }

    /// True when the encoding was guessed rather than found (a warning says so).
    pub fn is_guess(self) -> bool {
        matches!(self, TextEncoding::Windows1252 | TextEncoding::Utf8WithWindows1252)
    }
}

/// A file's text, the encoding it was read in, and the warnings decoding raised (a guessed encoding).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    pub warnings: Vec<IngestWarning>,
}

/// Decodes a transcript file's bytes to text; see [`decode`], whose warnings this drops (use [`decode`]
/// or [`crate::parse_bytes`] to keep them).
pub fn decode_text(bytes: &[u8], label: &str) -> Result<String, IngestError> {
    decode(bytes, label).map(|d| d.text)
}

/// Decodes a transcript file's bytes to text.
///
/// * UTF-8, with or without a byte-order mark (the BOM is removed);
/// * UTF-16 LE or BE with a BOM (as Windows tools write "Unicode" text) is decoded;
/// * UTF-16 LE/BE *without* a BOM is recognised from its zero bytes and decoded too;
/// * bytes that are not UTF-8 are read as Windows-1252 (Western European; its undefined bytes 0x81,
///   0x8D, 0x8F, 0x90, 0x9D as Latin-1), with a warning naming the guess and the first such byte;
///   UTF-8 with a few stray non-UTF-8 bytes keeps its UTF-8 and reads only those bytes so;
/// * empty files, binary files (NUL bytes, PDF, ZIP/DOCX, audio), UTF-32, and non-UTF-8 text where
///   more than 30% of the non-blank bytes are above 0x7F (not Western European text: another legacy
///   encoding, or binary) are rejected with an error that names the file, the byte offset and line,
///   and says what to do.
///
/// Line ends are left as they are; line numbers (here and in every reader) count `\n`, `\r\n` and a
/// lone `\r` each as one line end.
pub fn decode(bytes: &[u8], label: &str) -> Result<Decoded, IngestError> {
    let err = |line: Option<usize>, msg: String| IngestError::new(label, line, msg);
    if bytes.is_empty() {
        return Err(err(None, "the file is empty".into())
            .with_hint("export the transcript again; the file has no bytes"));
    }
    if let Some(kind) = binary_magic(bytes) {
        return Err(err(None, format!("this is a {kind}, not a text transcript"))
            .with_hint(binary_hint(kind)));
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) || bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        return Err(err(None, "the file is UTF-32 encoded, which attune does not read".into())
            .with_hint(RESAVE));
    }
    let mut warnings = Vec::new();
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8_or_legacy(rest, 3, label, &mut warnings)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(rest, true, 2, label)?, TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(rest, false, 2, label)?, TextEncoding::Utf16Be)
    } else if let Some(le) = looks_utf16_without_bom(bytes) {
        (utf16(bytes, le, 0, label)?, if le { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be })
    } else {
        utf8_or_legacy(bytes, 0, label, &mut warnings)?
    };
    // A second BOM (files concatenated, or BOM written twice) is noise too.
    let text = text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(None, "the file has no text (only whitespace)".into())
            .with_hint("export the transcript again; this file is blank"));
    }
    Ok(Decoded { text, encoding, warnings })
}

fn binary_magic(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"%PDF") {
        Some("PDF document")
    } else if b.starts_with(b"PK\x03\x04") {
        Some("ZIP archive (a .docx or .xlsx is one)")
    } else if b.starts_with(b"RIFF") && b.len() >= 12 && &b[8..12] == b"WAVE" {
        Some("WAV audio file")
    } else if b.starts_with(b"ID3") || b.starts_with(&[0xFF, 0xFB]) {
        Some("MP3 audio file")
    } else if b.starts_with(b"fLaC") || b.starts_with(b"OggS") {
        Some("compressed audio file")
    } else if b.len() >= 8 && &b[4..8] == b"ftyp" {
        Some("MP4/M4A media file")
    } else if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("legacy Office document (.doc/.xls)")
    } else if b.starts_with(b"{\\rtf") {
        Some("RTF document")
    } else {
        None
    }
}

fn binary_hint(kind: &str) -> &'static str {
    if kind.contains("audio") || kind.contains("media") {
        "pass recordings with --audio; the transcript must be a text file (.vtt, .srt, .txt, .csv, .json)"
    } else {
        "export the transcript as plain text, WebVTT (.vtt), SRT or CSV and read that file"
    }
}

/// Windows-1252's characters for bytes 0x80–0x9F; `None` where 1252 defines nothing (read as Latin-1,
/// that is the C1 control of the same number). From 0xA0 up, 1252 and Latin-1 are the code points
/// U+00A0–U+00FF.
const CP1252_80_9F: [Option<char>; 32] = [
    Some('\u{20AC}'), None, Some('\u{201A}'), Some('\u{0192}'), Some('\u{201E}'), Some('\u{2026}'), Some('\u{2020}'), Some('\u{2021}'),
    Some('\u{02C6}'), Some('\u{2030}'), Some('\u{0160}'), Some('\u{2039}'), Some('\u{0152}'), None, Some('\u{017D}'), None,
    None, Some('\u{2018}'), Some('\u{2019}'), Some('\u{201C}'), Some('\u{201D}'), Some('\u{2022}'), Some('\u{2013}'), Some('\u{2014}'),
    Some('\u{02DC}'), Some('\u{2122}'), Some('\u{0161}'), Some('\u{203A}'), Some('\u{0153}'), None, Some('\u{017E}'), Some('\u{0178}'),
];

/// One byte as Windows-1252, falling back to Latin-1 where 1252 is undefined. Returns the character and
/// whether the fallback was used.
fn cp1252(b: u8) -> (char, bool) {
    match b {
        0x80..=0x9F => match CP1252_80_9F[usize::from(b - 0x80)] {
            Some(c) => (c, false),
            None => (char::from(b), true),
        },
        _ => (char::from(b), false),
    }
}

fn utf8_or_legacy(
    bytes: &[u8],
    skipped: usize,
    label: &str,
    warnings: &mut Vec<IngestWarning>,
) -> Result<(String, TextEncoding), IngestError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::new(
            label,
            Some(line_of_offset(bytes, pos)),
            format!("the file looks binary: a NUL byte at byte offset {}", pos + skipped),
        )
        .with_hint("attune reads text transcripts; export the transcript as UTF-8 text (.vtt, .srt, .txt, .csv, .json)"));
    }
    let first_bad = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), TextEncoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    let byte = bytes.get(first_bad).copied().unwrap_or(0);
    let line = line_of_offset(bytes, first_bad);
    let where_ = format!("byte 0x{byte:02X} at byte offset {}, line {line}", first_bad + skipped);
    // Walk the valid and invalid runs: keep valid UTF-8, map each invalid byte through Windows-1252.
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let (mut utf8_multibyte, mut stray, mut latin1_fallback) = (0usize, 0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                utf8_multibyte += s.chars().filter(|c| c.len_utf8() > 1).count();
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                let good = std::str::from_utf8(good).unwrap_or_default();
                utf8_multibyte += good.chars().filter(|c| c.len_utf8() > 1).count();
                out.push_str(good);
                let n = e.error_len().unwrap_or(after.len()).max(1).min(after.len());
                for &b in &after[..n] {
                    let (c, fallback) = cp1252(b);
                    out.push(c);
                    stray += 1;
                    latin1_fallback += usize::from(fallback);
                }
                rest = &after[n..];
            }
        }
    }
    // Western European text in 1252 is mostly ASCII; a file mostly above 0x7F is another legacy
    // encoding (Cyrillic, Greek, CJK...) or binary, and a guess would give nonsense.
    let visible = bytes.iter().filter(|b| !b.is_ascii_whitespace()).count();
    if stray * 10 > visible * 3 {
        return Err(IngestError::new(
            label,
            Some(line),
            format!(
                "the file is not valid UTF-8: {where_}, and {stray} of its {visible} non-blank bytes are not \
                 UTF-8: too many for Western European text in Windows-1252 / Latin-1 (another legacy encoding, such \
                 as Cyrillic or Greek, or not text at all)"
            ),
        )
        .with_hint(RESAVE));
    }
    if utf8_multibyte > 0 {
        warnings.push(IngestWarning {
            file: label.to_string(),
            line: Some(line),
            message: format!(
                "the file is mostly UTF-8 but {stray} byte(s) are not (the first: {where_}); they were read as \
                 Windows-1252 (Western European); if characters look wrong there, save the file as UTF-8"
            ),
        });
        return Ok((out, TextEncoding::Utf8WithWindows1252));
    }
    let c1 = bytes.iter().any(|b| (0x80..=0x9F).contains(b));
    let guess = if c1 {
        "Windows-1252 (Western European)".to_string()
    } else {
        "Windows-1252 / Latin-1 (ISO-8859-1; the two agree on every byte in this file)".to_string()
    };
    let fallback = if latin1_fallback > 0 {
        format!("; {latin1_fallback} byte(s) that Windows-1252 leaves undefined were read as Latin-1 control characters")
    } else {
        String::new()
    };
    warnings.push(IngestWarning {
        file: label.to_string(),
        line: Some(line),
        message: format!(
            "the file is not UTF-8 (first non-UTF-8 {where_}); read it as {guess}{fallback}; if accented letters look \
             wrong, save the file as UTF-8"
        ),
    });
    Ok((out, TextEncoding::Windows1252))
}

/// UTF-16 without a BOM: most ASCII-range text has a zero in every other byte.
fn looks_utf16_without_bom(b: &[u8]) -> Option<bool> {
    if b.len() < 4 || !b.len().is_multiple_of(2) {
        return None;
    }
    let n = b.len().min(400) / 2;
    let (mut zero_odd, mut zero_even) = (0usize, 0usize);
    for i in 0..n {
        if b[2 * i] == 0 {
            zero_even += 1;
        }
        if b[2 * i + 1] == 0 {
            zero_odd += 1;
        }
    }
    if zero_odd * 10 >= n * 9 && zero_even == 0 {
        Some(true)
    } else if zero_even * 10 >= n * 9 && zero_odd == 0 {
        Some(false)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], le: bool, skipped: usize, label: &str) -> Result<String, IngestError> {
    let enc = if le { "UTF-16 LE" } else { "UTF-16 BE" };
    if !bytes.len().is_multiple_of(2) {
        return Err(IngestError::new(
            label,
            None,
            format!("the file is {enc} but has an odd number of bytes ({}); it is probably truncated", bytes.len() + skipped),
        )
        .with_hint("export the transcript again, or save it as UTF-8"));
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    let mut out = String::with_capacity(units.len());
    let mut line = 1usize;
    let mut after_cr = false;
    for (i, r) in char::decode_utf16(units.iter().copied()).enumerate() {
        // `\n`, `\r\n` and a lone `\r` each end a line (as in `split_lines`): a `\r` counts once the
        // next character shows it is not part of `\r\n`.
        if after_cr && r != Ok('\n') {
            line += 1;
        }
        after_cr = r == Ok('\r');
        match r {
            Ok('\0') => {
                return Err(IngestError::new(
                    label,
                    Some(line),
                    format!("the {enc} file contains a NUL character near byte offset {}", skipped + 2 * i),
                )
                .with_hint("the file looks binary or damaged; save the transcript again as UTF-8 text"));
            }
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                out.push(c);
            }
            Err(e) => {
                return Err(IngestError::new(
                    label,
                    Some(line),
                    format!(
                        "the {enc} file has an unpaired surrogate 0x{:04X} (the file is damaged or truncated)",
                        e.unpaired_surrogate()
                    ),
                )
                .with_hint(RESAVE));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_utf8_bom() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFWEBVTT\n", "a.vtt").unwrap(), "WEBVTT\n");
    }

    #[test]
    fn decodes_utf16_le_and_be() {
        let s = "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Ana>Olá — ça va?</v>\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_text(&le, "w.vtt").unwrap(), s);
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode_text(&be, "w.vtt").unwrap(), s);
        let nobom: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_text(&nobom, "w.vtt").unwrap(), s);
    }

    #[test]
    fn rejects_empty_and_blank() {
        let e = decode_text(b"", "x.vtt").unwrap_err();
        assert!(e.to_string().contains("x.vtt") && e.message.contains("empty"));
        let e = decode_text(b"\xEF\xBB\xBF \n\n", "x.vtt").unwrap_err();
        assert!(e.message.contains("no text"));
    }

    #[test]
    fn rejects_binary_with_offset_and_line() {
        let e = decode_text(b"WEBVTT\n\nabc\x00def", "b.vtt").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("offset 11"), "{e}");
        let e = decode_text(b"PK\x03\x04rest", "notes.docx").unwrap_err();
        assert!(e.message.contains("ZIP"));
        assert!(e.hint.is_some());
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        // "café", curly quotes (0x93/0x94), an en dash (0x96), the euro sign (0x80) in Windows-1252.
        let d = decode(b"Therapist: hi\nClient: caf\xE9, \x93fine\x94 \x96 \x80 5\n", "t.txt").unwrap();
        assert_eq!(d.text, "Therapist: hi\nClient: café, \u{201C}fine\u{201D} \u{2013} \u{20AC} 5\n");
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(d.warnings.len(), 1);
        let w = &d.warnings[0];
        assert_eq!((w.file.as_str(), w.line), ("t.txt", Some(2)));
        assert!(w.message.contains("Windows-1252") && w.message.contains("0xE9") && w.message.contains("offset 25"), "{w}");
        // Only Latin-1 range bytes: the two agree, and the warning says so.
        let d = decode(b"T: na\xEFve \xFC\n", "l.srt").unwrap();
        assert_eq!(d.text, "T: naïve ü\n");
        assert!(d.warnings[0].message.contains("Latin-1"), "{}", d.warnings[0]);
        // Bytes 1252 leaves undefined fall back to Latin-1 (the C1 control of the same number).
        let d = decode(b"T: a\x81b\x9Dc\n", "u.txt").unwrap();
        assert_eq!(d.text, "T: a\u{81}b\u{9D}c\n");
        assert!(d.warnings[0].message.contains("2 byte(s)"), "{}", d.warnings[0]);
        // With a UTF-8 BOM, and with a lone CR before the bad byte (line numbers count it).
        let d = decode(b"\xEF\xBB\xBFT: one\rC: caf\xE9\n", "b.txt").unwrap();
        assert_eq!(d.text, "T: one\rC: café\n");
        assert_eq!(d.warnings[0].line, Some(2));
        // UTF-8 with one stray 1252 byte: the UTF-8 stays UTF-8.
        let mixed = ["T: déjà vu\nC: it".as_bytes(), &b"\x92"[..], &b"s fine\n"[..]].concat();
        let d = decode(&mixed, "m.txt").unwrap();
        assert_eq!(d.text, "T: déjà vu\nC: it\u{2019}s fine\n");
        assert_eq!(d.encoding, TextEncoding::Utf8WithWindows1252);
        assert_eq!(d.warnings[0].line, Some(2));
        // A UTF-8 file decodes without a warning.
        let d = decode("T: déjà vu\n".as_bytes(), "ok.txt").unwrap();
        assert_eq!((d.encoding, d.warnings.len()), (TextEncoding::Utf8, 0));
    }

    #[test]
    fn mostly_non_ascii_legacy_text_is_refused() {
        // Cyrillic in Windows-1251: nearly every byte is above 0x7F; no guess.
        let e = decode(b"\xCF\xF0\xE8\xE2\xE5\xF2: \xEA\xE0\xEA \xE4\xE5\xEB\xE0?\n", "r.txt").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("0xCF") && e.message.contains("offset 0"), "{e}");
        assert!(e.hint.as_deref().unwrap_or("").contains("UTF-8"));
    }

    #[test]
    fn rejects_truncated_utf16() {
        let e = decode_text(&[0xFF, 0xFE, b'W', 0, b'E'], "w.vtt").unwrap_err();
        assert!(e.message.contains("odd number"));
        // lone high surrogate
        let e = decode_text(&[0xFF, 0xFE, b'W', 0, 0x00, 0xD8, b'x', 0], "w.vtt").unwrap_err();
        assert!(e.message.contains("surrogate"), "{e}");
    }
}
