//! Identity and account numbers, validated where the number carries a check: payment cards (Luhn),
//! IBANs (ISO 7064 mod 97), NHS numbers (mod 11), US social-security numbers (the ranges never issued
//! are refused), UK National Insurance and driving-licence numbers (their fixed shapes), numbers after a
//! cue ("passport number", "member ID"), and IPv4/IPv6 addresses.
//!
//! A check digit is what lets a long digit run be taken as a card rather than a phone number, and it
//! keeps order numbers and measurements in. Where a number has no check, the shape must be exact.

use crate::PiiKind;

type Span = (PiiKind, usize, usize);

/// Luhn check over the digits of `s` (separators ignored).
pub fn luhn_ok(digits: &[u8]) -> bool {
    if digits.len() < 2 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// NHS number check: weights 10..2 over the first nine digits, 11 − (sum mod 11) is the tenth (11 → 0,
/// 10 → invalid).
pub fn nhs_ok(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9].iter().enumerate().map(|(i, &x)| u32::from(x) * (10 - i as u32)).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(d[9])
}

/// IBAN check: move the first four characters to the end, letters to 10..35, the number mod 97 is 1.
pub fn iban_ok(s: &str) -> bool {
    let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&c.len())
        || !c[..2].iter().all(|x| x.is_ascii_uppercase())
        || !c[2..4].iter().all(|x| x.is_ascii_digit())
        || !c.iter().all(|x| x.is_ascii_alphanumeric())
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &ch in c[4..].iter().chain(&c[..4]) {
        let v = if ch.is_ascii_digit() { ch as u32 - '0' as u32 } else { ch.to_ascii_uppercase() as u32 - 'A' as u32 + 10 };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// A US social-security number's parts never issued: area 000, 666, 900–999; group 00; serial 0000.
fn ssn_ok(d: &[u8]) -> bool {
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// Runs of digits joined by single spaces, dashes or dots: (start, end, digits, group lengths, separator).
fn digit_runs(text: &str) -> Vec<(usize, usize, Vec<u8>, Vec<usize>, Option<u8>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' && i > 1 && b[i - 2].is_ascii_digit())) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = Vec::new();
        let mut groups = vec![0usize];
        let mut sep: Option<u8> = None;
        let mut end = i;
        let mut j = i;
        while j < b.len() {
            if b[j].is_ascii_digit() {
                digits.push(b[j] - b'0');
                *groups.last_mut().unwrap_or(&mut 0) += 1;
                j += 1;
                end = j;
            } else if matches!(b[j], b' ' | b'-' | b'.') && j + 1 < b.len() && b[j + 1].is_ascii_digit() && sep.is_none_or(|s| s == b[j]) {
                sep = Some(b[j]);
                groups.push(0);
                j += 1;
            } else {
                break;
            }
        }
        // A letter glued to the end makes it a code of another kind (or a unit, "5mg").
        if end < b.len() && b[end].is_ascii_alphabetic() {
            i = end;
            continue;
        }
        out.push((start, end, digits, groups, sep));
        i = end.max(i + 1);
    }
    out
}

/// Cards, NHS and social-security numbers among the digit runs.
pub fn scan_numbers(text: &str, out: &mut Vec<Span>) {
    for (s, e, d, groups, sep) in digit_runs(text) {
        let n = d.len();
        let grouped_cardlike = groups.len() >= 3 && groups.iter().all(|&g| (3..=6).contains(&g));
        if (13..=19).contains(&n) && (groups.len() == 1 || grouped_cardlike) && luhn_ok(&d) {
            out.push((PiiKind::Id, s, e));
        } else if n == 10 && groups == [3, 3, 4] && sep != Some(b'.') && nhs_ok(&d) {
            // Ungrouped 10-digit runs are phone numbers as often as NHS numbers; the phone scanner takes those.
            out.push((PiiKind::Id, s, e));
        } else if n == 9 && groups == [3, 2, 4] && matches!(sep, Some(b'-') | Some(b' ')) && ssn_ok(&d) {
            out.push((PiiKind::Id, s, e));
        }
    }
}

/// IBANs: two capitals, two check digits, then 11–30 letters and digits, perhaps in groups of four.
pub fn scan_ibans(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if !(boundary && b[i].is_ascii_uppercase() && b[i + 1].is_ascii_uppercase() && b[i + 2].is_ascii_digit() && b[i + 3].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut last = i;
        let mut n = 0;
        while j < b.len() && n < 34 {
            if b[j].is_ascii_alphanumeric() {
                n += 1;
                j += 1;
                last = j;
            } else if b[j] == b' ' && j + 1 < b.len() && b[j + 1].is_ascii_alphanumeric() {
                j += 1;
            } else {
                break;
            }
        }
        // Try the longest candidate first, then shorter ones ending at a group boundary.
        let mut end = last;
        let mut found = false;
        while end > i + 14 {
            if (end == b.len() || !b[end].is_ascii_alphanumeric()) && iban_ok(&text[i..end]) {
                out.push((PiiKind::Id, i, end));
                found = true;
                break;
            }
            end -= 1;
            while end > i && !b[end - 1].is_ascii_alphanumeric() {
                end -= 1;
            }
        }
        i = if found { end } else { i + 1 };
    }
}

/// UK National Insurance numbers (AB 12 34 56 C) and driving-licence numbers (MORGA753116SM9IJ).
pub fn scan_uk_ids(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        // Driving licence: 5 of [A-Z9], 6 digits, 2 of [A-Z9], 1 digit, 2 letters (16 characters).
        if i + 16 <= b.len() && (i + 16 == b.len() || !b[i + 16].is_ascii_alphanumeric()) {
            let c = &b[i..i + 16];
            let az9 = |x: u8| x.is_ascii_uppercase() || x == b'9';
            if c[..5].iter().all(|&x| az9(x))
                && c[..5].iter().any(|x| x.is_ascii_uppercase())
                && c[5..11].iter().all(u8::is_ascii_digit)
                && c[11..13].iter().all(|&x| az9(x))
                && c[13].is_ascii_digit()
                && c[14..16].iter().all(|x| x.is_ascii_alphanumeric())
            {
                out.push((PiiKind::Id, i, i + 16));
                continue;
            }
        }
        // The same licence number written in its printed groups: MORGA 753116 SM9 IJ.
        if i + 19 <= b.len() && (i + 19 == b.len() || !b[i + 19].is_ascii_alphanumeric()) {
            let c = &b[i..i + 19];
            let az9 = |x: u8| x.is_ascii_uppercase() || x == b'9';
            if c[..5].iter().all(|&x| az9(x))
                && c[..5].iter().any(|x| x.is_ascii_uppercase())
                && c[5] == b' '
                && c[6..12].iter().all(u8::is_ascii_digit)
                && c[12] == b' '
                && c[13..15].iter().all(|&x| az9(x))
                && c[15].is_ascii_digit()
                && c[16] == b' '
                && c[17..19].iter().all(|x| x.is_ascii_alphanumeric())
            {
                out.push((PiiKind::Id, i, i + 19));
                continue;
            }
        }
        // National Insurance: two letters, three pairs of digits (spaced or not), a letter A–D.
        if i + 9 <= b.len() && b[i].is_ascii_uppercase() && b[i + 1].is_ascii_uppercase() {
            let mut j = i + 2;
            let mut digits = 0;
            while j < b.len() && digits < 6 {
                if b[j].is_ascii_digit() {
                    digits += 1;
                    j += 1;
                } else if b[j] == b' ' && digits % 2 == 0 {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits == 6 {
                if j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                if j < b.len() && matches!(b[j], b'A'..=b'D') && (j + 1 == b.len() || !b[j + 1].is_ascii_alphanumeric()) {
                    out.push((PiiKind::Id, i, j + 1));
                }
            }
        }
    }
}

/// Words after which the next number-like token is an identifier whatever its shape.
const CUES: &[&[&str]] = &[
    &["passport"],
    &["passport", "number"],
    &["passport", "no"],
    &["licence", "number"],
    &["license", "number"],
    &["licence", "no"],
    &["license", "no"],
    &["account", "number"],
    &["account", "no"],
    &["policy", "number"],
    &["member", "id"],
    &["member", "number"],
    &["patient", "id"],
    &["patient", "number"],
    &["hospital", "number"],
    &["nhs", "number"],
    &["nhs", "no"],
    &["ssn"],
    &["social", "security", "number"],
    &["social", "security"],
    &["ni", "number"],
    &["national", "insurance", "number"],
    &["insurance", "number"],
    &["medicare", "number"],
    &["case", "number"],
    &["reference", "number"],
    &["sort", "code"],
    &["routing", "number"],
    &["id", "number"],
    &["employee", "id"],
    &["student", "id"],
    &["pin"],
];

/// The first words of [`CUES`].
const CUE_STARTS: &[&str] = &[
    "passport", "licence", "license", "account", "policy", "member", "patient", "hospital", "nhs", "ssn", "social", "ni",
    "national", "insurance", "medicare", "case", "reference", "sort", "routing", "id", "employee", "student", "pin",
];

/// A token after an identifier cue ("my passport number is 533380006") that holds at least four digits.
pub fn scan_cued(text: &str, words: &[(usize, usize, &str)], out: &mut Vec<Span>) {
    let mut found: Vec<Span> = Vec::new();
    cued_into(text, words, &mut found);
    found.sort_unstable_by_key(|&(_, s, e)| (s, e));
    found.dedup();
    out.extend(found);
}

fn cued_into(text: &str, words: &[(usize, usize, &str)], out: &mut Vec<Span>) {
    for (k, w) in words.iter().enumerate() {
        // Most words start no cue: one comparison per cue's first word rather than per cue.
        if !CUE_STARTS.contains(&w.2) {
            continue;
        }
        for cue in CUES {
            let n = cue.len();
            if k + n > words.len() || !cue.iter().zip(&words[k..k + n]).all(|(c, w)| *c == w.2) {
                continue;
            }
            // Skip "is", ":", "#", "was" between the cue and the number.
            let mut m = k + n;
            while m < words.len() && matches!(words[m].2, "is" | "was" | "of" | "number" | "no" | "it's") {
                m += 1;
            }
            if m >= words.len() {
                continue;
            }
            // The identifier may be several tokens (grouped digits): take tokens while they hold digits.
            let start = words[m].0;
            let mut end = start;
            let mut digits = 0;
            let mut t = m;
            while t < words.len() && t < m + 6 {
                let tok = &text[words[t].0..words[t].1];
                let d = tok.bytes().filter(u8::is_ascii_digit).count();
                let joined = t == m || text[words[t - 1].1..words[t].0].chars().all(|c| c == ' ' || c == '-');
                if d == 0 || !joined {
                    break;
                }
                digits += d;
                end = words[t].1;
                t += 1;
            }
            if digits >= 4 {
                out.push((PiiKind::Id, start, end));
            }
        }
    }
}

/// IPv4 (four octets 0–255) and IPv6 (hex groups with at least two colons and a hex letter or `::`).
pub fn scan_ips(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b':') {
            i += 1;
            continue;
        }
        // IPv4
        if b[i].is_ascii_digit() {
            let mut j = i;
            let mut parts = 0;
            let mut ok = true;
            loop {
                let s = j;
                while j < b.len() && b[j].is_ascii_digit() && j - s < 4 {
                    j += 1;
                }
                let part = &text[s..j];
                if part.is_empty() || part.len() > 3 || part.parse::<u32>().map_or(true, |v| v > 255) {
                    ok = false;
                    break;
                }
                parts += 1;
                if parts < 4 && j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
                    j += 1;
                } else {
                    break;
                }
            }
            let end_ok = j == b.len() || !(b[j].is_ascii_alphanumeric() || (b[j] == b'.' && j + 1 < b.len() && b[j + 1].is_ascii_digit()));
            if ok && parts == 4 && end_ok {
                out.push((PiiKind::Ip, i, j));
                i = j;
                continue;
            }
        }
        // IPv6
        if b[i].is_ascii_hexdigit() || (b[i] == b':' && i + 1 < b.len() && b[i + 1] == b':') {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_hexdigit() || b[j] == b':') {
                j += 1;
            }
            let cand = &text[i..j];
            let colons = cand.bytes().filter(|&c| c == b':').count();
            let groups_ok = cand.split(':').all(|g| g.len() <= 4);
            let end_ok = j == b.len() || !b[j].is_ascii_alphanumeric();
            let hexy = cand.contains("::") || cand.bytes().any(|c| c.is_ascii_alphabetic());
            if colons >= 2 && groups_ok && end_ok && hexy && cand.len() >= 6 {
                out.push((PiiKind::Ip, i, j));
                i = j;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        scan_numbers(text, &mut out);
        scan_ibans(text, &mut out);
        scan_uk_ids(text, &mut out);
        scan_ips(text, &mut out);
        out.iter().map(|&(_, s, e)| &text[s..e]).collect()
    }

    #[test]
    fn checksums_decide() {
        assert_eq!(ids("card 4539 1488 0343 6467 thanks"), vec!["4539 1488 0343 6467"]);
        assert!(ids("order 4539 1488 0343 6468").is_empty(), "Luhn fails");
        assert_eq!(ids("NHS 943 476 5919."), vec!["943 476 5919"]);
        assert!(ids("ref 943 476 5918").is_empty());
        assert_eq!(ids("IBAN GB82 WEST 1234 5698 7654 32 please"), vec!["GB82 WEST 1234 5698 7654 32"]);
        assert!(ids("GB82 WEST 1234 5698 7654 33").is_empty());
        assert_eq!(ids("SSN 123-45-6789"), vec!["123-45-6789"]);
        assert!(ids("000-45-6789 or 666-12-3456").is_empty());
        assert_eq!(ids("NI number QQ 12 34 56 C ok"), vec!["QQ 12 34 56 C"]);
        assert_eq!(ids("licence MORGA753116SM9IJ"), vec!["MORGA753116SM9IJ"]);
        assert_eq!(ids("it's MUHLB 003181 BF9 TP."), vec!["MUHLB 003181 BF9 TP"]);
        assert_eq!(ids("from 192.168.1.20 and 2001:db8::8a2e:370:7334."), vec!["192.168.1.20", "2001:db8::8a2e:370:7334"]);
        assert!(ids("version 1.2.3, 10 mg at 12:30, 300.500.1.1").is_empty());
    }

    #[test]
    fn every_cue_starts_with_a_listed_word() {
        for c in CUES {
            assert!(CUE_STARTS.contains(&c[0]), "{c:?}");
        }
    }

    #[test]
    fn cued_numbers() {
        let text = "My passport number is 533 380 006 and my member ID: 88231.";
        let owned = crate::word_spans(text);
        let words: Vec<(usize, usize, &str)> = owned.iter().map(|(a, b, w)| (*a, *b, w.as_str())).collect();
        let mut out = Vec::new();
        scan_cued(text, &words, &mut out);
        let got: Vec<&str> = out.iter().map(|&(_, s, e)| &text[s..e]).collect();
        assert_eq!(got, vec!["533 380 006", "88231"]);
    }
}
