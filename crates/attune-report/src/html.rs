//! Small helpers for writing HTML and SVG by hand into one `String`.

use std::fmt::Write;

/// Appends `s` to `out`, escaping the five HTML-special characters. Safe for text and attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `s`, HTML-escaped, as a new `String`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Formats seconds as `m:ss` (or `h:mm:ss` from one hour).
pub fn clock(secs: f64) -> String {
    let t = secs.max(0.0).round() as u64;
    let (h, m, s) = (t / 3600, (t / 60) % 60, t % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// Writes a number with at most `digits` decimals and no trailing zeros (for SVG coordinates).
pub(crate) fn num(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r:.1}");
    }
}

/// Shortens `s` to at most `max` characters at a word boundary, adding an ellipsis.
pub fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= max {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut end = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= max {
            break;
        }
        if c.is_whitespace() {
            end = i;
        }
        if n + 1 == max && end == 0 {
            end = i + c.len_utf8();
        }
    }
    std::borrow::Cow::Owned(format!("{}…", s[..end].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_dangerous() {
        assert_eq!(escape(r#"<script>alert("x&y's")</script>"#), "&lt;script&gt;alert(&quot;x&amp;y&#39;s&quot;)&lt;/script&gt;");
        assert_eq!(escape("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(62.4), "1:02");
        assert_eq!(clock(3725.0), "1:02:05");
    }

    #[test]
    fn shortens_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(shorten("abcdefghijkl", 5), "abcde…");
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_has_no_markup(s in ".{0,64}") {
            let e = escape(&s);
            proptest::prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        }
    }
}
