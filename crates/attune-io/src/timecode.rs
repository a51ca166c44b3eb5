//! Timestamps: `hh:mm:ss.ttt`, `mm:ss.ttt`, `h:mm:ss,ttt`, `hh:mm:ss`, unpadded `0:0:1.5`, and plain seconds.

/// Parses a clock timestamp (`01:02:03.456`, `02:03.456`, `01:02:03,456`, `1:02:03`, `02:03`).
/// Returns seconds. Each field may have any number of digits, padded or not (Microsoft Teams writes
/// `0:0:0.0` and `0:00:01.5`), up to six; minutes and seconds after the first field must be below 60.
/// Fractions may use `.` or `,` and have 1–9 digits, read as a decimal fraction (`.5` is 0.5 s,
/// `.570` 0.57 s).
pub fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 32 {
        return None;
    }
    let (clock, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let num = |p: &str| -> Option<u64> {
        if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let mut secs = 0u64;
    for (i, p) in parts.iter().enumerate() {
        let v = num(p)?;
        // minutes and seconds after the first field must be < 60
        if i > 0 && v >= 60 {
            return None;
        }
        secs = secs * 60 + v;
    }
    let mut out = secs as f64;
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = f.parse().ok()?;
        out += v as f64 / 10f64.powi(f.len() as i32);
    }
    Some(out)
}

/// Parses a time given either as a clock (`00:01:02.5`) or as plain seconds (`62.5`).
pub fn parse_time(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.contains(':') {
        return parse_clock(t);
    }
    if t.is_empty() || t.len() > 24 {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// Formats seconds as `hh:mm:ss.ttt` (WebVTT).
pub fn format_vtt(secs: f64) -> String {
    let ms = (secs.max(0.0) * 1000.0).round() as u64;
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_forms() {
        assert_eq!(parse_clock("00:00:01.500"), Some(1.5));
        assert_eq!(parse_clock("01:02:03,250"), Some(3723.25));
        assert_eq!(parse_clock("02:03.5"), Some(123.5));
        assert_eq!(parse_clock("1:02:03"), Some(3723.0));
        assert_eq!(parse_clock("75:00.000"), Some(4500.0));
        assert_eq!(parse_clock("00:61.000"), None);
        assert_eq!(parse_clock("00:1x.000"), None);
        assert_eq!(parse_clock("00:01."), None);
        assert_eq!(parse_clock("12"), None);
        assert_eq!(parse_clock("1:2"), Some(62.0));
        assert_eq!(parse_clock("00:00:075.000"), None);
        assert_eq!(parse_clock(":01.000"), None);
        assert_eq!(parse_clock("1:02:03:04"), None);
        assert_eq!(parse_time("12.5"), Some(12.5));
        assert_eq!(parse_time("-1"), None);
        assert_eq!(parse_time("NaN"), None);
        assert_eq!(format_vtt(3723.25), "01:02:03.250");
    }

    #[test]
    fn teams_unpadded_clocks() {
        assert_eq!(parse_clock("0:0:0.0"), Some(0.0));
        assert_eq!(parse_clock("0:0:0.570"), Some(0.57));
        assert_eq!(parse_clock("0:00:01.5"), Some(1.5));
        assert_eq!(parse_clock("0:0:7.25"), Some(7.25));
        assert_eq!(parse_clock("1:5:9"), Some(3909.0));
        assert_eq!(parse_clock("0:0:3.1234"), Some(3.1234));
        assert_eq!(parse_clock("0:60:0.0"), None);
        assert_eq!(parse_clock("0:0:.5"), None);
    }
}
