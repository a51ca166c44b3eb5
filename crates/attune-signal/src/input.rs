//! From file contents to a dyad ready for [`crate::analyze`]: the one entry point
//! `attune analyze --signal FILE` and `attune sync` need. The caller reads the files.

use crate::error::SignalError;
use crate::heart;
use crate::report::Modality;
use crate::series::{self, CsvOptions, Dyad, MeaOptions, Quality, RrUnit, Series};
use serde::{Deserialize, Serialize};

/// Kind of a signal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignalFormat {
    /// Motion Energy Analysis text (header line, space-separated columns).
    Mea,
    /// CSV of two signals (one per person).
    Csv,
    /// CSV of two ECG channels (one per person): R-peaks → heart rate at 4 Hz.
    Ecg,
}

/// How to read a signal file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignalInput {
    /// Format; None = guess from the label's extension and the header (".txt" → MEA; a CSV whose
    /// header names ECG channels → ECG; other CSV → CSV).
    pub format: Option<SignalFormat>,
    /// Sample rate (MEA default 25 Hz; CSV without a time column needs it).
    pub rate_hz: Option<f64>,
    /// Shift onto the transcript's clock, seconds.
    pub offset_s: f64,
    /// CSV: the two columns (person 1, person 2); empty = the first two.
    pub columns: Vec<String>,
    /// CSV: name of a time column in seconds.
    pub time_col: Option<String>,
}

/// Guess the format from the label and the first line.
pub fn guess_format(text: &str, label: &str) -> SignalFormat {
    let lower = label.to_ascii_lowercase();
    if !lower.ends_with(".csv") {
        return SignalFormat::Mea;
    }
    let head = text.lines().next().unwrap_or("").to_ascii_lowercase();
    if head.contains("ecg") { SignalFormat::Ecg } else { SignalFormat::Csv }
}

/// Read a signal file into a dyad (s1 = client/patient, s2 = therapist) and its modality.
pub fn load_dyad(text: &str, label: &str, input: &SignalInput) -> Result<(Dyad, Modality), SignalError> {
    let id = label.rsplit(['/', '\\']).next().unwrap_or(label);
    let id = id.rsplit_once('.').map_or(id, |(a, _)| a).to_string();
    let format = input.format.unwrap_or_else(|| guess_format(text, label));
    let (mut d, modality) = match format {
        SignalFormat::Mea => {
            let opts = MeaOptions { rate_hz: input.rate_hz.unwrap_or(25.0), ..Default::default() };
            let mut d = series::read_mea(text, label, &opts)?;
            d.id = id;
            (d, Modality::Movement)
        }
        SignalFormat::Csv | SignalFormat::Ecg => {
            let opts = CsvOptions { time_col: input.time_col.clone(), rate_hz: input.rate_hz, columns: input.columns.clone() };
            let (s, q) = series::read_csv(text, label, &opts)?;
            let found = s.len();
            let mut it = s.into_iter();
            let (Some(s1), Some(s2)) = (it.next(), it.next()) else {
                return Err(SignalError::invalid(label, format!("need two signal columns (one per person), found {found}; name them with --columns")));
            };
            if format == SignalFormat::Ecg {
                let (h1, h2) = (ecg_to_hr(&s1, label)?, ecg_to_hr(&s2, label)?);
                (Dyad { id, s1: h1, s2: h2, quality: q }, Modality::Physiology)
            } else {
                (Dyad { id, s1, s2, quality: q }, Modality::Other)
            }
        }
    };
    d.s1 = d.s1.with_offset(input.offset_s);
    d.s2 = d.s2.with_offset(input.offset_s);
    Ok((d, modality))
}

/// ECG channel → heart rate on a 4 Hz grid (R-peaks by the NeuroKit method, PCHIP).
pub fn ecg_to_hr(ecg: &Series, label: &str) -> Result<Series, SignalError> {
    let clean = heart::ecg_clean(&ecg.values, ecg.rate_hz).map_err(|e| SignalError::invalid(label, format!("{}: {e}", ecg.name)))?;
    let peaks = heart::ecg_peaks(&clean, ecg.rate_hz);
    let t: Vec<f64> = peaks.iter().map(|p| *p as f64 / ecg.rate_hz).collect();
    let mut hr = heart::hr_uniform(&t, 4.0, ecg.duration_s())
        .map_err(|e| SignalError::invalid(label, format!("{}: {e} (found {} R-peaks)", ecg.name, peaks.len())))?;
    hr.name = format!("HR {}", ecg.name);
    hr.start_s = ecg.start_s;
    Ok(hr)
}

/// Two RR-interval lists (one per person, both starting at the same instant `start_s` on the
/// transcript's clock) → a heart-rate dyad on a 4 Hz grid.
pub fn dyad_from_rr(rr1: (&str, &str), rr2: (&str, &str), unit: Option<RrUnit>, start_s: f64) -> Result<Dyad, SignalError> {
    let mut quality = Quality::default();
    let mut one = |(text, label): (&str, &str)| -> Result<Series, SignalError> {
        let (rr, q) = series::read_rr(text, label, unit)?;
        quality.notes.extend(q.notes);
        quality.non_finite += q.non_finite;
        let t = heart::peak_times_from_rr(&rr, 0.0);
        let dur = t.last().copied().unwrap_or(0.0);
        let mut s = heart::hr_uniform(&t, 4.0, dur).map_err(|e| SignalError::invalid(label, e.to_string()))?;
        s.name = label.rsplit(['/', '\\']).next().unwrap_or(label).to_string();
        s.start_s = start_s;
        Ok(s)
    };
    let s1 = one(rr1)?;
    let s2 = one(rr2)?;
    Ok(Dyad { id: format!("{}+{}", s1.name, s2.name), s1, s2, quality })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess_format("\"pat\" \"th\"\n1 2", "a.txt"), SignalFormat::Mea);
        assert_eq!(guess_format("ecg_A,ecg_B\n", "x.csv"), SignalFormat::Ecg);
        assert_eq!(guess_format("a,b\n", "x.CSV"), SignalFormat::Csv);
    }

    #[test]
    fn rr_dyad() {
        let a: String = (0..200).map(|i| format!("{}\n", 800 + (i % 7) * 10)).collect();
        let b: String = (0..200).map(|i| format!("{}\n", 0.75 + (i % 5) as f64 * 0.01)).collect();
        let d = dyad_from_rr((&a, "a.txt"), (&b, "b.txt"), None, 12.0).unwrap();
        assert_eq!(d.s1.rate_hz, 4.0);
        assert_eq!(d.s1.start_s, 12.0);
        assert!(d.s1.values.iter().all(|v| (60.0..90.0).contains(v)));
    }
}
