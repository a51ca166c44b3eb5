//! Bytes → text: BOMs, UTF-16, and clear refusals of binary or mis-encoded files.

use attune_core::IngestError;

const RESAVE: &str = "open the file in a text editor and save it as UTF-8 (\"Save as… → Encoding: UTF-8\")";

/// Decodes a transcript file's bytes to text.
///
/// * UTF-8, with or without a byte-order mark (the BOM is removed);
/// * UTF-16 LE or BE with a BOM (as Windows tools write "Unicode" text) is decoded;
/// * UTF-16 LE/BE *without* a BOM is recognised from its zero bytes and decoded too;
/// * empty files, binary files (NUL bytes, PDF, ZIP/DOCX, audio) and invalid UTF-8 are rejected with
///   an error that names the file, the byte offset and line, and says what to do.
pub fn decode_text(bytes: &[u8], label: &str) -> Result<String, IngestError> {
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
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(rest, 3, label)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true, 2, label)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false, 2, label)?
    } else if let Some(le) = looks_utf16_without_bom(bytes) {
        utf16(bytes, le, 0, label)?
    } else {
        utf8(bytes, 0, label)?
    };
    // A second BOM (files concatenated, or BOM written twice) is noise too.
    let text = text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(None, "the file has no text (only whitespace)".into())
            .with_hint("export the transcript again; this file is blank"));
    }
    Ok(text)
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

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn utf8(bytes: &[u8], skipped: usize, label: &str) -> Result<String, IngestError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::new(
            label,
            Some(line_of(bytes, pos)),
            format!("the file looks binary: a NUL byte at byte offset {}", pos + skipped),
        )
        .with_hint("attune reads text transcripts; export the transcript as UTF-8 text (.vtt, .srt, .txt, .csv, .json)"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let pos = e.valid_up_to();
            let byte = bytes.get(pos).copied().unwrap_or(0);
            Err(IngestError::new(
                label,
                Some(line_of(bytes, pos)),
                format!(
                    "the file is not valid UTF-8: byte 0x{byte:02X} at byte offset {} (probably Windows-1252 or Latin-1 text)",
                    pos + skipped
                ),
            )
            .with_hint(RESAVE))
        }
    }
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
    for (i, r) in char::decode_utf16(units.iter().copied()).enumerate() {
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
    fn rejects_latin1_with_offset() {
        let e = decode_text(b"Therapist: hi\nClient: caf\xE9\n", "t.txt").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("0xE9") && e.message.contains("offset 25"), "{e}");
        assert!(e.to_string().contains("UTF-8"));
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
