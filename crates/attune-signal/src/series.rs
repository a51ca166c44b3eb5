//! Series, dyads and readers. Parsers are pure: they take the text and a label for messages.

use crate::error::SignalError;
use serde::{Deserialize, Serialize};

/// A uniformly sampled signal of one person. `NaN` marks a missing sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Name (person or channel), e.g. "pat", "th", "hr_A".
    pub name: String,
    /// Sample rate in Hz.
    pub rate_hz: f64,
    /// Time of the first sample on the transcript's clock, in seconds.
    pub start_s: f64,
    /// Samples; NaN = missing.
    pub values: Vec<f64>,
}

impl Series {
    /// New series starting at 0 s.
    pub fn new(name: impl Into<String>, rate_hz: f64, values: Vec<f64>) -> Self {
        Series { name: name.into(), rate_hz, start_s: 0.0, values }
    }
    /// Duration in seconds.
    pub fn duration_s(&self) -> f64 {
        self.values.len() as f64 / self.rate_hz
    }
    /// Shift the series on the transcript's clock (`--offset`): a sample at file time t is at t + offset.
    pub fn with_offset(mut self, offset_s: f64) -> Self {
        self.start_s += offset_s;
        self
    }
    /// Number of missing samples.
    pub fn missing(&self) -> usize {
        self.values.iter().filter(|v| v.is_nan()).count()
    }
}

/// Two series of the same rate, one per person: s1 = patient/client, s2 = therapist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dyad {
    /// Identifier (usually the file stem).
    pub id: String,
    /// First person (patient / client); positive lags mean s1 leads.
    pub s1: Series,
    /// Second person (therapist).
    pub s2: Series,
    /// Problems found while reading.
    pub quality: Quality,
}

impl Dyad {
    /// Cut both series to their common time span (same rate required) so that sample i of each
    /// is the same instant.
    pub fn aligned(&self) -> Result<Dyad, SignalError> {
        let (a, b) = (&self.s1, &self.s2);
        if (a.rate_hz - b.rate_hz).abs() > 1e-9 * a.rate_hz.abs().max(1.0) {
            return Err(SignalError::invalid(
                &self.id,
                format!("{} is at {} Hz but {} at {} Hz; resample one of them first", a.name, a.rate_hz, b.name, b.rate_hz),
            ));
        }
        let start = a.start_s.max(b.start_s);
        let end = (a.start_s + a.duration_s()).min(b.start_s + b.duration_s());
        if end <= start {
            return Err(SignalError::invalid(&self.id, "the two series do not overlap in time; check --offset"));
        }
        let cut = |s: &Series| -> Series {
            let i0 = ((start - s.start_s) * s.rate_hz).round().max(0.0) as usize;
            let n = ((end - start) * s.rate_hz).round() as usize;
            let i1 = (i0 + n).min(s.values.len());
            Series { name: s.name.clone(), rate_hz: s.rate_hz, start_s: start, values: s.values[i0.min(i1)..i1].to_vec() }
        };
        Ok(Dyad { id: self.id.clone(), s1: cut(a), s2: cut(b), quality: self.quality.clone() })
    }
}

/// Bad samples found while reading; they are set to NaN (missing), never silently used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quality {
    /// Samples that were NA/NaN/empty in the file.
    pub missing: usize,
    /// Negative values where counts were expected (set missing).
    pub negative: usize,
    /// Non-finite values (inf) set missing.
    pub non_finite: usize,
    /// Gaps in a time column: (time in s, number of missing samples inserted).
    pub gaps: Vec<(f64, usize)>,
    /// Human-readable notes, one per problem kind, naming the first place it occurs.
    pub notes: Vec<String>,
}

impl Quality {
    /// True when nothing was found.
    pub fn is_clean(&self) -> bool {
        self.missing == 0 && self.negative == 0 && self.non_finite == 0 && self.gaps.is_empty()
    }
}

fn split_fields(line: &str) -> Vec<&str> {
    if line.contains(',') {
        line.split(',').map(|s| s.trim()).collect()
    } else if line.contains(';') {
        line.split(';').map(|s| s.trim()).collect()
    } else if line.contains('\t') {
        line.split('\t').map(|s| s.trim()).collect()
    } else {
        line.split_whitespace().collect()
    }
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim_matches('\'')
}

fn is_na(s: &str) -> bool {
    matches!(unquote(s), "" | "NA" | "NaN" | "nan" | "na" | "N/A" | "null" | "NULL")
}

fn looks_numeric(s: &str) -> bool {
    is_na(s) || unquote(s).parse::<f64>().is_ok()
}

/// Options for MEA text files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeaOptions {
    /// Frames per second (MEA's default is 25).
    pub rate_hz: f64,
    /// 0-based columns summed into s1; empty = first half of the columns.
    pub s1_cols: Vec<usize>,
    /// 0-based columns summed into s2; empty = second half of the columns.
    pub s2_cols: Vec<usize>,
    /// Names of the two people.
    pub names: (String, String),
}

impl Default for MeaOptions {
    fn default() -> Self {
        MeaOptions { rate_hz: 25.0, s1_cols: vec![], s2_cols: vec![], names: ("pat".into(), "th".into()) }
    }
}

/// Read a Motion Energy Analysis text file as rMEA reads it: an optional header line, then rows
/// of two or more numeric columns separated by spaces (or tabs/commas/semicolons). Region
/// columns of one person are summed. NA and negative counts become missing and are reported.
pub fn read_mea(text: &str, label: &str, opts: &MeaOptions) -> Result<Dyad, SignalError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).peekable();
    let mut header: Option<Vec<String>> = None;
    if let Some((_, first)) = lines.peek() {
        let f = split_fields(first);
        if f.iter().any(|x| !looks_numeric(x)) {
            header = Some(f.iter().map(|x| unquote(x).to_string()).collect());
            lines.next();
        }
    }
    let mut rows: Vec<Vec<f64>> = Vec::new();
    let mut ncol = 0usize;
    let mut q = Quality::default();
    for (i, line) in lines {
        let f = split_fields(line);
        if ncol == 0 {
            ncol = f.len();
            if ncol < 2 {
                return Err(SignalError::parse(label, i + 1, "an MEA file needs two or more columns (one or more per person)"));
            }
        } else if f.len() != ncol {
            return Err(SignalError::parse(
                label,
                i + 1,
                format!("expected {ncol} columns like the first data row but found {}; fix or remove this line", f.len()),
            ));
        }
        let mut row = Vec::with_capacity(ncol);
        for (c, x) in f.iter().enumerate() {
            if is_na(x) {
                if q.missing == 0 {
                    q.notes.push(format!("{label}:{}: missing value in column {} (treated as missing)", i + 1, c + 1));
                }
                q.missing += 1;
                row.push(f64::NAN);
                continue;
            }
            let v: f64 = unquote(x).parse().map_err(|_| {
                SignalError::parse(label, i + 1, format!("column {}: '{x}' is not a number; MEA files hold numbers or NA", c + 1))
            })?;
            if !v.is_finite() {
                if q.non_finite == 0 {
                    q.notes.push(format!("{label}:{}: non-finite value in column {} (treated as missing)", i + 1, c + 1));
                }
                q.non_finite += 1;
                row.push(f64::NAN);
            } else if v < 0.0 {
                if q.negative == 0 {
                    q.notes.push(format!(
                        "{label}:{}: negative motion energy {v} in column {} (counts cannot be negative; treated as missing)",
                        i + 1,
                        c + 1
                    ));
                }
                q.negative += 1;
                row.push(f64::NAN);
            } else {
                row.push(v);
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(SignalError::invalid(label, "no data rows; an MEA file has a header line and rows of numbers"));
    }
    let half = ncol / 2;
    let c1: Vec<usize> = if opts.s1_cols.is_empty() { (0..half).collect() } else { opts.s1_cols.clone() };
    let c2: Vec<usize> = if opts.s2_cols.is_empty() { (half..ncol).collect() } else { opts.s2_cols.clone() };
    if let Some(bad) = c1.iter().chain(&c2).find(|c| **c >= ncol) {
        return Err(SignalError::invalid(label, format!("column {} was requested but the file has {ncol}", bad + 1)));
    }
    let sum = |cols: &[usize]| -> Vec<f64> { rows.iter().map(|r| cols.iter().map(|c| r[*c]).sum()).collect() };
    let name = |cols: &[usize], dflt: &str| -> String {
        match (&header, cols.len()) {
            (Some(h), 1) if ncol == 2 => h.get(cols[0]).cloned().unwrap_or_else(|| dflt.to_string()),
            _ => dflt.to_string(),
        }
    };
    let s1 = Series::new(name(&c1, &opts.names.0), opts.rate_hz, sum(&c1));
    let s2 = Series::new(name(&c2, &opts.names.1), opts.rate_hz, sum(&c2));
    Ok(Dyad { id: label.to_string(), s1, s2, quality: q })
}

/// Options for generic CSV signals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CsvOptions {
    /// Name of the time column (seconds). When set, the rate is inferred from its median step and
    /// gaps are filled with missing samples.
    pub time_col: Option<String>,
    /// Fixed sample rate when there is no time column.
    pub rate_hz: Option<f64>,
    /// Columns to keep (empty = all numeric columns except time).
    pub columns: Vec<String>,
}

/// Read a CSV of signals (header row required) into one series per column.
pub fn read_csv(text: &str, label: &str, opts: &CsvOptions) -> Result<(Vec<Series>, Quality), SignalError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, head) = lines.next().ok_or_else(|| SignalError::invalid(label, "empty file; a CSV signal needs a header row"))?;
    let names: Vec<String> = split_fields(head).iter().map(|s| unquote(s).to_string()).collect();
    let tcol = match &opts.time_col {
        Some(t) => Some(names.iter().position(|n| n == t).ok_or_else(|| {
            SignalError::invalid(label, format!("no column named '{t}'; the header has: {}", names.join(", ")))
        })?),
        None => None,
    };
    if tcol.is_none() && opts.rate_hz.is_none() {
        return Err(SignalError::invalid(label, "give either a time column or a fixed sample rate (--rate)"));
    }
    let keep: Vec<usize> = if opts.columns.is_empty() {
        (0..names.len()).filter(|c| Some(*c) != tcol).collect()
    } else {
        opts.columns
            .iter()
            .map(|c| {
                names.iter().position(|n| n == c).ok_or_else(|| {
                    SignalError::invalid(label, format!("no column named '{c}'; the header has: {}", names.join(", ")))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut q = Quality::default();
    let mut times = Vec::new();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); keep.len()];
    for (i, line) in lines {
        let f = split_fields(line);
        if f.len() != names.len() {
            return Err(SignalError::parse(label, i + 1, format!("expected {} fields as in the header, found {}", names.len(), f.len())));
        }
        if let Some(t) = tcol {
            let tv: f64 = unquote(f[t])
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| SignalError::parse(label, i + 1, format!("time '{}' is not a number of seconds", f[t])))?;
            times.push(tv);
        }
        for (j, c) in keep.iter().enumerate() {
            let x = f[*c];
            let v = if is_na(x) {
                q.missing += 1;
                f64::NAN
            } else {
                match unquote(x).parse::<f64>() {
                    Ok(v) if v.is_finite() => v,
                    Ok(_) => {
                        q.non_finite += 1;
                        f64::NAN
                    }
                    Err(_) => {
                        return Err(SignalError::parse(label, i + 1, format!("column '{}': '{x}' is not a number", names[*c])));
                    }
                }
            };
            cols[j].push(v);
        }
    }
    if cols.first().is_none_or(|c| c.is_empty()) {
        return Err(SignalError::invalid(label, "no data rows"));
    }
    let (rate, start) = if tcol.is_some() {
        let mut d: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        if d.iter().any(|x| *x <= 0.0) {
            let at = d.iter().position(|x| *x <= 0.0).unwrap_or(0);
            return Err(SignalError::parse(label, at + 3, "time does not increase; sort the rows by time"));
        }
        if d.is_empty() {
            return Err(SignalError::invalid(label, "need at least two rows to infer the sample rate"));
        }
        d.sort_by(|a, b| a.total_cmp(b));
        let step = d[d.len() / 2];
        let rate = opts.rate_hz.unwrap_or(1.0 / step);
        // place samples on the grid, filling gaps with NaN
        let t0 = times[0];
        let nf = ((times[times.len() - 1] - t0) * rate).round() + 1.0;
        if !nf.is_finite() || nf > (50 * times.len() + 1000) as f64 {
            return Err(SignalError::invalid(label, "the time column has gaps far longer than the data; check its unit (seconds)"));
        }
        let n = nf as usize;
        let mut grid = vec![vec![f64::NAN; n]; keep.len()];
        let mut last = 0usize;
        for (r, t) in times.iter().enumerate() {
            let idx = (((t - t0) * rate).round() as usize).min(n - 1);
            if r > 0 && idx > last + 1 {
                q.gaps.push((times[r - 1], idx - last - 1));
            }
            last = idx;
            for (j, g) in grid.iter_mut().enumerate() {
                g[idx] = cols[j][r];
            }
        }
        if let Some((t, k)) = q.gaps.first() {
            q.notes.push(format!("{label}: gap of {k} samples after t = {t:.3} s (filled as missing)"));
        }
        cols = grid;
        (rate, t0)
    } else {
        (opts.rate_hz.unwrap_or(1.0), 0.0)
    };
    if !(rate.is_finite() && rate > 0.0) {
        return Err(SignalError::invalid(label, "sample rate must be positive"));
    }
    if q.missing > 0 {
        q.notes.push(format!("{label}: {} missing values (treated as missing)", q.missing));
    }
    let series = keep
        .iter()
        .zip(cols)
        .map(|(c, v)| Series { name: names[*c].clone(), rate_hz: rate, start_s: start, values: v })
        .collect();
    Ok((series, q))
}

/// Unit of an RR-interval list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RrUnit {
    /// Milliseconds.
    Ms,
    /// Seconds.
    S,
}

/// Read RR intervals, one per line (a header line is skipped; a CSV takes the last numeric
/// column). The unit is guessed from the median (> 20 → ms) unless given. Returns milliseconds.
/// Intervals outside 200–3000 ms are reported in `Quality` and dropped from the list.
pub fn read_rr(text: &str, label: &str, unit: Option<RrUnit>) -> Result<(Vec<f64>, Quality), SignalError> {
    let mut vals = Vec::new();
    let mut lines_of = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let f = split_fields(t);
        let last = f.iter().rev().find(|x| unquote(x).parse::<f64>().is_ok());
        match last {
            Some(x) => {
                let v: f64 = unquote(x).parse().unwrap_or(f64::NAN);
                vals.push(v);
                lines_of.push(i + 1);
            }
            None if vals.is_empty() => continue, // header
            None => return Err(SignalError::parse(label, i + 1, format!("'{t}' holds no RR interval (a number per line)"))),
        }
    }
    if vals.len() < 2 {
        return Err(SignalError::invalid(label, "fewer than two RR intervals"));
    }
    let mut sorted: Vec<f64> = vals.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let med = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
    let unit = unit.unwrap_or(if med > 20.0 { RrUnit::Ms } else { RrUnit::S });
    let k = if unit == RrUnit::S { 1000.0 } else { 1.0 };
    let mut q = Quality::default();
    let mut out = Vec::with_capacity(vals.len());
    for (v, line) in vals.iter().zip(&lines_of) {
        let ms = v * k;
        if !(200.0..=3000.0).contains(&ms) {
            if q.negative + q.non_finite == 0 {
                q.notes.push(format!("{label}:{line}: RR interval {ms} ms outside 200-3000 ms (dropped)"));
            }
            q.non_finite += 1;
            continue;
        }
        out.push(ms);
    }
    Ok((out, q))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mea_basic() {
        let d = read_mea("\"pat\" \"th\"\n1 2\n3 NA\n-1 4\n", "x.txt", &MeaOptions::default()).unwrap();
        assert_eq!(d.s1.name, "pat");
        assert_eq!(d.s1.values[..2], [1.0, 3.0]);
        assert!(d.s1.values[2].is_nan() && d.s2.values[1].is_nan());
        assert_eq!((d.quality.missing, d.quality.negative), (1, 1));
        let e = read_mea("a b\n1 2\n3\n", "y.txt", &MeaOptions::default()).unwrap_err().to_string();
        assert!(e.contains("y.txt:3"), "{e}");
    }

    #[test]
    fn mea_regions_summed() {
        let d = read_mea("a b c d\n1 2 3 4\n", "r", &MeaOptions::default()).unwrap();
        assert_eq!((d.s1.values[0], d.s2.values[0]), (3.0, 7.0));
    }

    #[test]
    fn csv_gaps() {
        let (s, q) = read_csv("t,a\n0,1\n0.5,2\n1.0,3\n2.0,4\n", "c.csv", &CsvOptions { time_col: Some("t".into()), ..Default::default() }).unwrap();
        assert_eq!(s[0].rate_hz, 2.0);
        assert_eq!(s[0].values.len(), 5);
        assert!(s[0].values[3].is_nan());
        assert_eq!(q.gaps.len(), 1);
    }

    #[test]
    fn rr_units() {
        let (ms, _) = read_rr("RR\n0.8\n0.9\n", "rr", None).unwrap();
        assert_eq!(ms, vec![800.0, 900.0]);
        let (ms, _) = read_rr("800\n900\n", "rr", None).unwrap();
        assert_eq!(ms, vec![800.0, 900.0]);
    }

    proptest! {
        #[test]
        fn readers_never_panic(s in ".{0,300}") {
            let _ = read_mea(&s, "p", &MeaOptions::default());
            let _ = read_csv(&s, "p", &CsvOptions { rate_hz: Some(4.0), ..Default::default() });
            let _ = read_csv(&s, "p", &CsvOptions { time_col: Some("t".into()), ..Default::default() });
            let _ = read_rr(&s, "p", None);
        }
        #[test]
        fn csv_time_never_panics(rows in proptest::collection::vec((-1e3f64..1e3, -5.0f64..5.0), 0..30)) {
            let mut s = String::from("t,v\n");
            for (t, v) in rows { s.push_str(&format!("{t},{v}\n")); }
            let _ = read_csv(&s, "p", &CsvOptions { time_col: Some("t".into()), ..Default::default() });
        }
    }
}
