//! Synchrony section of the HTML report: a self-contained fragment (inline CSS and SVG, no
//! scripts) rendered from [`attune_signal::ReportData`]: a lag-by-time heatmap of the windowed
//! cross-lagged correlation, the lag profile against the surrogate band, lead/lag, Marci's
//! concordance index and the evidence grade.
//!
//! Wiring: `attune-report` needs `attune-signal` as a dependency and `pub mod sync;` in lib.rs.

use attune_signal::ReportData;
use std::fmt::Write as _;

use crate::html::escape as esc;

fn num(v: f64, digits: usize) -> String {
    if v.is_finite() { format!("{v:.digits$}") } else { "n/a".into() }
}

fn clock(s: f64) -> String {
    if !s.is_finite() {
        return "?".into();
    }
    let t = s.max(0.0).round() as u64;
    if t >= 3600 { format!("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60) } else { format!("{}:{:02}", t / 60, t % 60) }
}

/// Colour of a cell: diverging blue–white–red for signed values, white–red for non-negative.
fn colour(v: f64, max: f64, signed: bool) -> String {
    if !v.is_finite() || max <= 0.0 {
        return "#d9d9d9".into();
    }
    let t = (v / max).clamp(-1.0, 1.0);
    let mix = |a: (f64, f64, f64), b: (f64, f64, f64), f: f64| {
        let c = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
        format!("#{:02x}{:02x}{:02x}", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    };
    let white = (255.0, 255.0, 255.0);
    let red = (178.0, 24.0, 43.0);
    let blue = (33.0, 102.0, 172.0);
    if t >= 0.0 || !signed { mix(white, red, t.abs()) } else { mix(white, blue, -t) }
}

/// Average `v` (NaN ignored) over groups so that at most `max` values remain; returns the
/// groups' values and the index range each covers.
fn bin(v: &[f64], max: usize) -> Vec<(f64, usize, usize)> {
    if v.is_empty() {
        return vec![];
    }
    let g = v.len().div_ceil(max.max(1));
    v.chunks(g)
        .enumerate()
        .map(|(i, c)| {
            let f: Vec<f64> = c.iter().copied().filter(|x| x.is_finite()).collect();
            let m = if f.is_empty() { f64::NAN } else { f.iter().sum::<f64>() / f.len() as f64 };
            (m, i * g, i * g + c.len() - 1)
        })
        .collect()
}

fn heatmap(d: &ReportData) -> String {
    let c = &d.ccf;
    let nw = c.n_windows();
    let nl = c.lags_s.len();
    if nw == 0 || nl == 0 {
        return String::new();
    }
    let signed = !c.config.abs;
    // bins: at most 160 windows x 41 lags
    let wbins: Vec<(usize, usize)> = bin(&vec![0.0; nw], 160).into_iter().map(|b| (b.1, b.2)).collect();
    let lbins: Vec<(usize, usize)> = bin(&vec![0.0; nl], 41).into_iter().map(|b| (b.1, b.2)).collect();
    let mut cells = vec![vec![f64::NAN; wbins.len()]; lbins.len()];
    let mut max = 0.0f64;
    for (li, (l0, l1)) in lbins.iter().enumerate() {
        for (wi, (w0, w1)) in wbins.iter().enumerate() {
            let mut s = 0.0;
            let mut n = 0usize;
            for w in *w0..=*w1 {
                for v in &c.row(w)[*l0..=*l1] {
                    if v.is_finite() {
                        s += v;
                        n += 1;
                    }
                }
            }
            if n > 0 {
                let m = s / n as f64;
                cells[li][wi] = m;
                max = max.max(m.abs());
            }
        }
    }
    let (left, top, cw, ch) = (56.0, 10.0, (640.0 / wbins.len() as f64).max(1.0), (240.0 / lbins.len() as f64).max(2.0));
    let width = left + cw * wbins.len() as f64 + 90.0;
    let height = top + ch * lbins.len() as f64 + 40.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="sync-heatmap" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="Lag-by-time heatmap of windowed cross-lagged correlation">"#
    );
    // lag axis: top row = most positive lag (s1 leads)
    for (li, (l0, l1)) in lbins.iter().enumerate().rev() {
        let y = top + ch * (lbins.len() - 1 - li) as f64;
        for (wi, (w0, w1)) in wbins.iter().enumerate() {
            let x = left + cw * wi as f64;
            let v = cells[li][wi];
            let _ = write!(
                s,
                r#"<rect x="{x:.2}" y="{y:.2}" width="{:.2}" height="{:.2}" fill="{}"><title>{}–{} · lag {}…{} s · {}</title></rect>"#,
                cw + 0.05,
                ch + 0.05,
                colour(v, max, signed),
                clock(c.windows[*w0].start_s + d.start_s),
                clock(c.windows[*w1].end_s + d.start_s),
                num(c.lags_s[*l0], 2),
                num(c.lags_s[*l1], 2),
                num(v, 3)
            );
        }
    }
    let bottom = top + ch * lbins.len() as f64;
    let right = left + cw * wbins.len() as f64;
    let lag_max = c.lags_s.last().copied().unwrap_or(0.0);
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{mid:.2}" x2="{right:.2}" y2="{mid:.2}" stroke="#555" stroke-dasharray="3 3" stroke-width="0.7"/><text x="{tx}" y="{t1:.1}" text-anchor="end" class="ax">+{lm} s</text><text x="{tx}" y="{mid2:.1}" text-anchor="end" class="ax">0</text><text x="{tx}" y="{bottom:.1}" text-anchor="end" class="ax">−{lm} s</text><text x="{left}" y="{by:.1}" class="ax">{t0}</text><text x="{right:.1}" y="{by:.1}" text-anchor="end" class="ax">{tend}</text><text x="{cx:.1}" y="{by:.1}" text-anchor="middle" class="ax">session time (window start)</text>"##,
        mid = top + (bottom - top) / 2.0,
        mid2 = top + (bottom - top) / 2.0 + 4.0,
        tx = left - 6.0,
        t1 = top + 9.0,
        lm = num(lag_max, 1),
        by = bottom + 16.0,
        t0 = clock(d.start_s),
        tend = clock(c.windows.last().map_or(0.0, |w| w.end_s) + d.start_s),
        cx = (left + right) / 2.0,
    );
    // legend
    let lx = right + 20.0;
    for i in 0..=10 {
        let v = if signed { max * (1.0 - i as f64 / 5.0) } else { max * (1.0 - i as f64 / 10.0) };
        let _ = write!(s, r#"<rect x="{lx:.1}" y="{:.1}" width="14" height="{:.1}" fill="{}"/>"#, top + i as f64 * 20.0, 20.5, colour(v, max, signed));
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" class="ax">{}</text><text x="{:.1}" y="{:.1}" class="ax">{}</text></svg>"#,
        lx + 18.0,
        top + 10.0,
        num(max, 2),
        lx + 18.0,
        top + 220.0,
        if signed { format!("−{}", num(max, 2)) } else { "0".into() }
    );
    s
}

fn profile(d: &ReportData) -> String {
    let c = &d.ccf;
    let prof = c.lag_profile();
    let nl = prof.len();
    if nl < 2 {
        return String::new();
    }
    let band = d.surrogate.as_ref().filter(|s| s.band_lo.len() == nl);
    let mut vals: Vec<f64> = prof.iter().copied().filter(|v| v.is_finite()).collect();
    if let Some(b) = band {
        vals.extend(b.band_lo.iter().chain(&b.band_hi).copied().filter(|v| v.is_finite()));
    }
    if vals.is_empty() {
        return String::new();
    }
    let lo = vals.iter().cloned().fold(f64::INFINITY, f64::min).min(0.0);
    let hi = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max).max(0.0);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (left, top, w, h) = (56.0, 10.0, 640.0, 160.0);
    let x = |j: usize| left + w * j as f64 / (nl - 1) as f64;
    let y = |v: f64| top + h * (1.0 - (v - lo) / span);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="sync-profile" viewBox="0 0 {:.0} {:.0}" width="{:.0}" height="{:.0}" role="img" aria-label="Mean correlation per lag with the surrogate band">"#,
        left + w + 20.0,
        top + h + 40.0,
        left + w + 20.0,
        top + h + 40.0
    );
    if let Some(b) = band {
        let mut pts = String::new();
        for j in 0..nl {
            if b.band_hi[j].is_finite() {
                let _ = write!(pts, "{:.1},{:.1} ", x(j), y(b.band_hi[j]));
            }
        }
        for j in (0..nl).rev() {
            if b.band_lo[j].is_finite() {
                let _ = write!(pts, "{:.1},{:.1} ", x(j), y(b.band_lo[j]));
            }
        }
        let _ = write!(s, r##"<polygon points="{pts}" fill="#bdbdbd" fill-opacity="0.55"><title>95 % band of {} {} surrogates</title></polygon>"##, b.n, esc(&b.kind));
    }
    let mut path = String::new();
    for (j, v) in prof.iter().enumerate() {
        if v.is_finite() {
            let _ = write!(path, "{}{:.1},{:.1} ", if path.is_empty() { "M" } else { "L" }, x(j), y(*v));
        }
    }
    let _ = write!(
        s,
        r##"<path d="{path}" fill="none" stroke="#b2182b" stroke-width="1.6"/><line x1="{zx:.1}" y1="{top}" x2="{zx:.1}" y2="{b:.1}" stroke="#555" stroke-dasharray="3 3" stroke-width="0.7"/><text x="{left}" y="{ly:.1}" class="ax">{l0} s ({s2} leads)</text><text x="{r:.1}" y="{ly:.1}" text-anchor="end" class="ax">+{l1} s ({s1} leads)</text><text x="{tx:.1}" y="{ty:.1}" text-anchor="end" class="ax">{hi}</text><text x="{tx:.1}" y="{b:.1}" text-anchor="end" class="ax">{lo}</text></svg>"##,
        zx = x(nl / 2),
        b = top + h,
        ly = top + h + 16.0,
        l0 = num(c.lags_s[0], 1),
        l1 = num(c.lags_s[nl - 1], 1),
        s1 = esc(&d.s1_name),
        s2 = esc(&d.s2_name),
        r = left + w,
        tx = left - 6.0,
        ty = top + 9.0,
        hi = num(hi, 2),
        lo = num(lo, 2),
    );
    s
}

/// Render the synchrony section as a self-contained HTML fragment.
pub fn section(d: &ReportData) -> String {
    let c = &d.ccf;
    let what = match d.modality {
        attune_signal::Modality::Movement => "Movement synchrony",
        attune_signal::Modality::Physiology => "Physiological synchrony",
        attune_signal::Modality::Other => "Signal synchrony",
    };
    let measure = match (c.config.r_to_z, c.config.abs) {
        (true, true) => "|Fisher z|",
        (true, false) => "Fisher z",
        (false, true) => "|r|",
        (false, false) => "r",
    };
    let grade_class = match d.evidence.grade.as_str() {
        "above chance" => "good",
        "suggestive" => "mid",
        _ => "low",
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<section class="attune-sync"><style>.attune-sync{{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:820px}}.attune-sync h2{{font-size:1.2em;margin:.2em 0 .4em}}.attune-sync .ax{{font-size:10px;fill:#444}}.attune-sync .grade{{display:inline-block;padding:.05em .5em;border-radius:.8em;font-size:.85em;font-weight:600}}.attune-sync .good{{background:#d9f0d3;color:#1b7837}}.attune-sync .mid{{background:#fee8c8;color:#b35806}}.attune-sync .low{{background:#eee;color:#555}}.attune-sync dl{{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.5em 0}}.attune-sync dt{{color:#555}}.attune-sync dd{{margin:0}}.attune-sync .note{{color:#666;font-size:.9em}}</style><h2>{what}: {s1} and {s2}</h2>"#,
        s1 = esc(&d.s1_name),
        s2 = esc(&d.s2_name),
    );
    let _ = write!(
        s,
        r#"<p><span class="grade {grade_class}">{}</span> {}</p>"#,
        esc(&d.evidence.grade),
        esc(&d.evidence.sentence)
    );
    let _ = write!(
        s,
        r#"<dl><dt>grand average ({measure})</dt><dd>{}</dd><dt>windows</dt><dd>{} of {} s every {} s, lags ±{} s at {} Hz</dd><dt>lead / lag</dt><dd>{}</dd><dt>concordance (Marci)</dt><dd>{} <span class="note">ln(Σ positive r / |Σ negative r|) over lag-0 windows; 0 = balanced</span></dd>"#,
        num(c.grand_average, 3),
        c.n_windows(),
        num(c.config.window_s, 0),
        num(c.config.increment_s, 0),
        num(c.config.lag_s, 1),
        num(c.rate_hz, 0),
        esc(&d.lead_lag.summary),
        num(d.concordance, 2),
    );
    if let Some(su) = &d.susy {
        let _ = write!(s, r#"<dt>SUSY</dt><dd>Z = {}, Z pseudo = {}, ES = {}</dd>"#, num(su.z, 3), num(su.z_pseudo, 3), num(su.es, 2));
    }
    s.push_str("</dl>");
    let _ = write!(
        s,
        r#"<figure><figcaption>Windowed cross-lagged correlation ({measure}); rows are lags (top: {s1} leads), columns are windows; grey = not computable.</figcaption>{}</figure>"#,
        heatmap(d),
        s1 = esc(&d.s1_name)
    );
    let _ = write!(
        s,
        r#"<figure><figcaption>Mean over windows per lag (red){}.</figcaption>{}</figure>"#,
        if d.surrogate.is_some() { " against the 95 % band of pseudo-synchrony (grey)" } else { "" },
        profile(d)
    );
    if !d.quality_notes.is_empty() {
        s.push_str(r#"<p class="note">Data quality: "#);
        for n in &d.quality_notes {
            let _ = write!(s, "{}; ", esc(n));
        }
        s.push_str("</p>");
    }
    s.push_str("</section>");
    s
}
