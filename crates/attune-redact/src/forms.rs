//! Written forms the token rules do not see whole: dates with a month abbreviation between dashes or
//! slashes (`25-Mar-1954`), ISO date-times (`1999-10-03T10:00`), and UK postcodes written without their
//! space (`BH148JF`).

use crate::PiiKind;

type Span = (PiiKind, usize, usize);

const MON: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];

fn boundary_before(b: &[u8], i: usize) -> bool {
    i == 0 || !b[i - 1].is_ascii_alphanumeric()
}

pub fn scan(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if !boundary_before(b, i) {
            continue;
        }
        // d{1,2}[-/ ]Mon[-/ ]d{2,4}
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() && j - i < 2 {
            j += 1;
        }
        if j > i && j < b.len() && matches!(b[j], b'-' | b'/' | b'.') {
            let sep = b[j];
            let m0 = j + 1;
            let mut m1 = m0;
            while m1 < b.len() && b[m1].is_ascii_alphabetic() && m1 - m0 < 5 {
                m1 += 1;
            }
            let mon = text[m0..m1].to_ascii_lowercase();
            if MON.contains(&mon.as_str()) && m1 < b.len() && b[m1] == sep {
                let y0 = m1 + 1;
                let mut y1 = y0;
                while y1 < b.len() && b[y1].is_ascii_digit() && y1 - y0 < 4 {
                    y1 += 1;
                }
                if matches!(y1 - y0, 2 | 4) && (y1 == b.len() || !b[y1].is_ascii_alphanumeric()) {
                    out.push((PiiKind::Date, i, y1));
                }
            }
        }
        // yyyy-mm-ddThh:mm[:ss][Z]
        if i + 16 <= b.len() && b[i..i + 4].iter().all(u8::is_ascii_digit) && b[i + 4] == b'-' && b[i + 7] == b'-' && b[i + 10] == b'T' {
            let mut e = i + 11;
            while e < b.len() && (b[e].is_ascii_digit() || b[e] == b':' || b[e] == b'Z') {
                e += 1;
            }
            out.push((PiiKind::Date, i, e));
        }
        // Compact UK postcode: outward (A9, A99, AA9, AA99, A9A, AA9A) + inward (9AA).
        for len in 5..=7 {
            if i + len > b.len() || (i + len < b.len() && b[i + len].is_ascii_alphanumeric()) {
                continue;
            }
            let w = &b[i..i + len];
            let (out_part, inward) = w.split_at(len - 3);
            let inward_ok = inward[0].is_ascii_digit() && inward[1].is_ascii_uppercase() && inward[2].is_ascii_uppercase();
            let outward_ok = out_part[0].is_ascii_uppercase()
                && out_part.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && out_part.iter().any(u8::is_ascii_digit)
                && crate::uk_outward(std::str::from_utf8(out_part).unwrap_or(""));
            if inward_ok && outward_ok {
                out.push((PiiKind::Postcode, i, i + len));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let text = "born 25-Mar-1954, seen 1999-10-03T10:00, in BH148JF or IG63ER; not A4 paper or MP3 or COVID19.";
        let mut out = Vec::new();
        scan(text, &mut out);
        let got: Vec<&str> = out.iter().map(|&(_, s, e)| &text[s..e]).collect();
        assert_eq!(got, vec!["25-Mar-1954", "1999-10-03T10:00", "BH148JF", "IG63ER"]);
    }
}
