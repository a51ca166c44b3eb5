//! Postcodes beyond the UK and US forms the address rules know: Canadian (`H8H 9A9`), Irish Eircodes
//! (`F74 N901`), and whatever follows "postcode", "post code", "ZIP (code)" or "postal code".

use crate::PiiKind;

type Span = (PiiKind, usize, usize);

fn canadian(b: &[u8]) -> bool {
    // A9A 9A9
    b.len() == 7
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_uppercase()
        && b[3] == b' '
        && b[4].is_ascii_digit()
        && b[5].is_ascii_uppercase()
        && b[6].is_ascii_digit()
}

fn eircode(b: &[u8]) -> bool {
    // A99 XXXX (routing key: a letter and two digits, or D6W)
    b.len() == 8
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && (b[2].is_ascii_digit() || b[2] == b'W')
        && b[3] == b' '
        && b[4..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && b[4..].iter().any(u8::is_ascii_digit)
}

pub fn scan(text: &str, words: &[(usize, usize, &str)], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if (i > 0 && b[i - 1].is_ascii_alphanumeric()) || !b[i].is_ascii_uppercase() {
            continue;
        }
        for len in [7, 8] {
            if i + len <= b.len() && (i + len == b.len() || !b[i + len].is_ascii_alphanumeric()) {
                let w = &b[i..i + len];
                if (len == 7 && canadian(w)) || (len == 8 && eircode(w)) {
                    out.push((PiiKind::Postcode, i, i + len));
                }
            }
        }
    }
    // After a cue, the next one or two tokens holding a digit.
    for (k, w) in words.iter().enumerate() {
        let cue = match w.2 {
            "postcode" | "zip" | "zipcode" | "eircode" => 1,
            "code" if k > 0 && matches!(words[k - 1].2, "post" | "postal") => 1,
            _ => 0,
        };
        if cue == 0 {
            continue;
        }
        let mut m = k + 1;
        while m < words.len() && matches!(words[m].2, "is" | "was" | "code" | "it's") {
            m += 1;
        }
        if m >= words.len() || !words[m].2.bytes().any(|c| c.is_ascii_digit()) || words[m].2.len() > 10 {
            continue;
        }
        let mut end = words[m].1;
        // A second part after one space ("SW1A 1AA", "12345 6789" is taken as it stands).
        if m + 1 < words.len() && text[words[m].1..words[m + 1].0] == *" " && words[m + 1].2.len() <= 4 && words[m + 1].2.bytes().any(|c| c.is_ascii_digit()) {
            end = words[m + 1].1;
        }
        out.push((PiiKind::Postcode, words[m].0, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let text = "My postcode is MK5C4NJ; ZIP code 19093; H8H 9A9 and F74 N901, not ABC 1234.";
        let mut out = Vec::new();
        let owned = crate::word_spans(text);
        let words: Vec<(usize, usize, &str)> = owned.iter().map(|(a, b, w)| (*a, *b, w.as_str())).collect();
        scan(text, &words, &mut out);
        let mut got: Vec<&str> = out.iter().map(|&(_, s, e)| &text[s..e]).collect();
        got.sort();
        assert_eq!(got, vec!["19093", "F74 N901", "H8H 9A9", "MK5C4NJ"]);
    }
}
