//! Parity with Praat 6.1.38 (via parselmouth) on ../shared/reference/praat: frame grid, voicing,
//! F0, intensity, per-turn F0. Fails (never silently passes) when the reference data is absent.
use attune_voice::pitch::*;

fn refdir() -> String {
    let d = format!("{}/../../../shared/reference/praat", env!("CARGO_MANIFEST_DIR"));
    assert!(
        std::path::Path::new(&d).is_dir(),
        "Praat reference data missing at {d}: these parity tests need ../shared/reference/praat next to the workspace"
    );
    d
}

fn read_wav(path: &str) -> (Vec<Vec<f32>>, f64) {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    let ch = spec.channels as usize;
    let s: Vec<f32> = r.samples::<i16>().map(|v| v.unwrap() as f32 / 32768.0).collect();
    let mut out = vec![Vec::new(); ch];
    for (i, v) in s.into_iter().enumerate() { out[i % ch].push(v); }
    (out, spec.sample_rate as f64)
}

fn read_csv(path: &str) -> Vec<Vec<f64>> {
    std::fs::read_to_string(path).unwrap().lines().skip(1)
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect()
}

/// Largest |ΔF0| (Hz) on frames voiced in both, reached per file (T 0.0072, C 0.0014, mono 0.0072)
/// and asserted. The median relative difference is 8e-8; the largest (1.6e-5) sit on weak, flat
/// peaks (strength ≈ 0.5 at 386–489 Hz), where a difference of ~2e-7 in r moves the maximum
/// that far. It is not the single-precision FFT (a double-precision run gives 0.0070 Hz) nor
/// the fast refinement (Brent's method on every peak gives 0.0074 Hz); some detail of Praat's
/// windowing or normalization we could not pin down from its documentation. A changed constant
/// shows: interpolation depth 60 or 80 instead of 70 gives 0.0098 / 0.0059 Hz on C and strength
/// differences of 9e-6 to 1.6e-5, octave cost 0.012 instead of 0.01 changes 3 voicing decisions.
const PITCH_MAX_DF0: [(&str, f64); 3] = [("T", 0.008), ("C", 0.002), ("mono", 0.008)];

/// Pitch parity with Praat's "To Pitch (ac)" (defaults, 10 ms, 75–600 Hz): the frame grid, every
/// voicing decision, F0 to the precision reached (see `PITCH_MAX_DF0`) and the strength of the
/// chosen candidate. A changed constant (interpolation depth, a span, a cost) fails here.
#[test]
fn pitch_parity() {
    let d = refdir();
    let (st, rate) = read_wav(&format!("{d}/dialogue_stereo_T_left_C_right.wav"));
    let (mono, _) = read_wav(&format!("{d}/dialogue_mono.wav"));
    for ((name, x), (name2, max_df)) in [("T", &st[0]), ("C", &st[1]), ("mono", &mono[0])].into_iter().zip(PITCH_MAX_DF0) {
        assert_eq!(name, name2);
        let t0 = std::time::Instant::now();
        let tr = pitch_ac(x, rate, &PitchParams::default());
        let el = t0.elapsed();
        let rf = read_csv(&format!("{d}/pitch_{name}_ac_10ms_75-600.csv"));
        assert_eq!(tr.frames.len(), rf.len(), "{name}: number of frames");
        let (mut maxdt, mut maxdf, mut maxds) = (0.0f64, 0.0f64, 0.0f64);
        let (mut ours_only, mut ref_only, mut both) = (0usize, 0usize, 0usize);
        for (i, (a, b)) in tr.frames.iter().zip(&rf).enumerate() {
            maxdt = maxdt.max((a.time - b[0]).abs());
            match (a.f0 > 0.0, b[1] > 0.0) {
                (true, true) => {
                    both += 1;
                    maxdf = maxdf.max((a.f0 - b[1]).abs());
                    maxds = maxds.max((a.strength - b[2]).abs());
                }
                (true, false) => ours_only += 1,
                (false, true) => ref_only += 1,
                (false, false) => assert_eq!(a.strength, 0.0),
            }
            if std::env::var("ATTUNE_VOICE_DUMP").is_ok() && ((a.f0 > 0.0) != (b[1] > 0.0) || (a.f0 - b[1]).abs() > max_df) {
                eprintln!("{i} {:.4} ours {:.4} {:.5} ref {:.4} {:.5}", a.time, a.f0, a.strength, b[1], b[2]);
            }
        }
        eprintln!(
            "pitch {name}: {el:?}, {} frames, max |dt| {maxdt:.1e}, voiced only by us {ours_only}, only by Praat {ref_only}, voiced in both {both}, max |dF0| {maxdf:.5} Hz, max |dstrength| {maxds:.1e}",
            rf.len()
        );
        assert!(maxdt < 1e-9, "{name}: frame times differ by {maxdt}");
        assert_eq!((ours_only, ref_only), (0, 0), "{name}: voicing decisions differ on {} frames", ours_only + ref_only);
        assert!(maxdf < max_df, "{name}: |dF0| up to {maxdf} Hz (reached before: < {max_df})");
        assert!(maxds < 2e-6, "{name}: strength differs by up to {maxds} (reached: 1.1e-6)");
        assert!(tr.frames.iter().all(|f| f.f0 < 600.0), "{name}: voiced at or above the ceiling");
    }
}

/// `very_accurate` (Gaussian window of 6 periods, interpolation depth 700) has no Praat reference
/// here, so this is a consistency check against Praat's default method on the same speech, not
/// parity: its frame grid is Praat's for an 80 ms window (two frames fewer at each end), it
/// voices the same frames to ≥ 99.5 % and its median F0 differs by < 1 cent (measured: 99.6–
/// 99.9 %, 0.13–0.35 cents).
#[test]
fn very_accurate_agrees_with_the_default_method() {
    let d = refdir();
    let (st, rate) = read_wav(&format!("{d}/dialogue_stereo_T_left_C_right.wav"));
    let (mono, _) = read_wav(&format!("{d}/dialogue_mono.wav"));
    let p = PitchParams { very_accurate: true, ..Default::default() };
    for (name, x) in [("T", &st[0]), ("C", &st[1]), ("mono", &mono[0])] {
        let tr = pitch_ac(x, rate, &p);
        let rf = read_csv(&format!("{d}/pitch_{name}_ac_10ms_75-600.csv"));
        assert_eq!(tr.frames.len() + 4, rf.len());
        let rf = &rf[2..];
        let agree = tr.frames.iter().zip(rf).filter(|(a, b)| (a.f0 > 0.0) == (b[1] > 0.0)).count() as f64 / rf.len() as f64;
        let mut cents: Vec<f64> =
            tr.frames.iter().zip(rf).filter(|(a, b)| a.f0 > 0.0 && b[1] > 0.0).map(|(a, b)| 1200.0 * (a.f0 / b[1]).log2().abs()).collect();
        cents.sort_by(|a, b| a.total_cmp(b));
        let median = cents[cents.len() / 2];
        eprintln!("very accurate {name}: voicing agrees with Praat's default on {:.2} %, median |dF0| {median:.2} cents", 100.0 * agree);
        assert!((tr.frames[0].time - rf[0][0]).abs() < 1e-9);
        assert!(agree >= 0.995 && median < 1.0, "{name}: {agree} {median}");
    }
}

/// Largest |ΔdB| reached on the six intensity files: the mean and weighted sum of squares are
/// accumulated in single precision (eight partial sums), ~1e-6 relative in power.
const INTENSITY_MAX_DDB: f64 = 1e-5;

#[test]
fn intensity_parity() {
    use attune_voice::intensity::*;
    let d = refdir();
    let (st, rate) = read_wav(&format!("{d}/dialogue_stereo_T_left_C_right.wav"));
    let (mono, _) = read_wav(&format!("{d}/dialogue_mono.wav"));
    for (name, x) in [("T", &st[0]), ("C", &st[1]), ("mono", &mono[0])] {
        for (suffix, step) in [("default", 0.0), ("10ms", 0.01)] {
            let p = IntensityParams { time_step: step, ..Default::default() };
            let tr = intensity(x, rate, &p);
            let rf = read_csv(&format!("{d}/intensity_{name}_{suffix}.csv"));
            assert_eq!(tr.frames.len(), rf.len(), "{name} {suffix}");
            let mut maxdt: f64 = 0.0; let mut maxdb: f64 = 0.0; let mut sil = 0; let mut worst = 0;
            for (i, (a, b)) in tr.frames.iter().zip(&rf).enumerate() {
                maxdt = maxdt.max((a.time - b[0]).abs());
                if (a.db <= SILENCE_DB) != (b[1] <= SILENCE_DB) { sil += 1; continue; }
                if b[1] > SILENCE_DB { let e = (a.db - b[1]).abs(); if e > maxdb { maxdb = e; worst = i; } }
            }
            eprintln!("intensity {name} {suffix}: {} frames, max |dt| {maxdt:.1e}, silence mismatches {sil}, max |ddB| {maxdb:.2e} at frame {worst} ({} vs {})", rf.len(), tr.frames[worst].db, rf[worst][1]);
            assert!(maxdt < 1e-9, "{name} {suffix}: frame times differ by {maxdt}");
            assert_eq!(sil, 0, "{name} {suffix}: digital silence differs");
            assert!(maxdb < INTENSITY_MAX_DDB, "{name} {suffix}: |ddB| up to {maxdb}");
        }
    }
}

#[test]
fn per_turn_parity() {
    use attune_voice::*;
    let d = refdir();
    let turns = read_turns_csv(&std::fs::read_to_string(format!("{d}/dialogue_turns.csv")).unwrap(), "dialogue_turns.csv").unwrap();
    assert_eq!(turns.len(), 10);
    let an = analyze_file(format!("{d}/dialogue_stereo_T_left_C_right.wav").as_ref(), Some(&turns), &VoiceOptions::default()).unwrap();
    assert_eq!(an.tracks.len(), 2);
    let map = assign_tracks(&an.tracks, &turns);
    assert_eq!(map, vec![("T".to_string(), 0), ("C".to_string(), 1)]);
    let rf = std::fs::read_to_string(format!("{d}/per_turn_f0_intensity.csv")).unwrap();
    for (line, t) in rf.lines().skip(1).zip(&an.report.turns) {
        let f: Vec<&str> = line.split(',').collect();
        let (m, sd, n, db): (f64, f64, usize, f64) = (f[2].parse().unwrap(), f[3].parse().unwrap(), f[4].parse().unwrap(), f[5].parse().unwrap());
        assert_eq!(t.speaker, f[1]);
        assert_eq!(t.n_voiced, n, "turn {}", t.index);
        assert!((t.f0_mean.unwrap() - m).abs() < 0.01, "turn {} mean {} vs {m}", t.index, t.f0_mean.unwrap());
        assert!((t.f0_sd.unwrap() - sd).abs() < 0.01, "turn {} sd", t.index);
        // The reference per-turn dB averages in digital-silence frames (−300 dB) where the
        // turn's channel is silent; we exclude them (as the reference README asks), so compare
        // only turns without digital silence (the client's), within 0.1 dB.
        if f[1] == "C" {
            assert!((t.db_mean.unwrap() - db).abs() < 0.1, "turn {} dB {} vs {db}", t.index, t.db_mean.unwrap());
        }
    }
    let m = an.report.matching.as_ref().expect("roles T/C give matching");
    assert_eq!(m.f0.pairs, 4); // C→T pairs: (2,3) (4,5) (6,7) (8,9)
    assert_eq!(an.report.arousal.len(), 5);
    assert!(an.report.exploratory);
    assert_eq!(an.report.turns[0].pause_before, None);
    assert!((an.report.turns[1].pause_before.unwrap() - 0.6).abs() < 1e-6);
}

/// Vocal synchrony on the reference dialogue (64 s): with turns (client C = s1, therapist T = s2),
/// without turns (stereo channels), and on the mono mix with turns; never a panic, JSON round-trips.
#[test]
fn reference_dialogue_synchrony() {
    use attune_voice::*;
    let d = refdir();
    let turns = read_turns_csv(&std::fs::read_to_string(format!("{d}/dialogue_turns.csv")).unwrap(), "dialogue_turns.csv").unwrap();
    let stereo = format!("{d}/dialogue_stereo_T_left_C_right.wav");
    let an = analyze_file(stereo.as_ref(), Some(&turns), &VoiceOptions::default()).unwrap();
    let s = an.report.synchrony.as_ref().unwrap_or_else(|| panic!("{:?}", an.report.synchrony_note));
    assert_eq!((s.s1.as_str(), s.s2.as_str()), ("C", "T"));
    // 64 s at 2 Hz = 128 samples; window 60 + lag 10 samples, increment 10: 6 windows.
    assert_eq!(s.f0.windows, 6);
    assert!(s.f0.surrogate.is_none() && s.f0.note.as_deref().unwrap_or("").contains("surrogate"));
    for f in [&s.f0, &s.loudness] {
        if let Some(g) = f.grand_average {
            assert!((-1.0..=1.0).contains(&g));
        }
    }
    eprintln!(
        "reference dialogue: F0 grand average {:?} ({} / {} windows), loudness {:?}",
        s.f0.grand_average, s.f0.windows_used, s.f0.windows, s.loudness.grand_average
    );
    let j = serde_json::to_string(&an.report).unwrap();
    assert_eq!(serde_json::from_str::<VoiceReport>(&j).unwrap(), an.report);
    let bare = analyze_file(stereo.as_ref(), None, &VoiceOptions::default()).unwrap();
    assert!(bare.report.synchrony.is_some(), "{:?}", bare.report.synchrony_note);
    let mono = analyze_file(format!("{d}/dialogue_mono.wav").as_ref(), Some(&turns), &VoiceOptions::default()).unwrap();
    assert!(mono.report.synchrony.is_some(), "{:?}", mono.report.synchrony_note);
    let mono_bare = analyze_file(format!("{d}/dialogue_mono.wav").as_ref(), None, &VoiceOptions::default()).unwrap();
    assert!(mono_bare.report.synchrony.is_none() && mono_bare.report.synchrony_note.as_deref().unwrap().contains("two speakers"));
    // Too short for one window: the first 20 s of turns over a 20 s excerpt.
    let short = build_report("short", 22050, 20.0, &an.tracks, Some(&turns[..3]));
    assert!(short.synchrony.is_none() && short.synchrony_note.as_deref().unwrap().contains("needs 35 s"));
}

/// The streaming analysis (two decoding passes, bounded memory) equals the in-memory one.
#[test]
fn streaming_equals_in_memory() {
    use attune_voice::*;
    let d = refdir();
    let path = format!("{d}/dialogue_stereo_T_left_C_right.wav");
    let an = analyze_file(path.as_ref(), None, &VoiceOptions::default()).unwrap();
    let chans = audio::decode_channels(path.as_ref()).unwrap();
    for (tr, a) in an.tracks.iter().zip(&chans) {
        let p = pitch_ac(&a.samples, a.rate as f64, &PitchParams::default());
        let i = intensity::intensity(&a.samples, a.rate as f64, &IntensityParams::default());
        assert_eq!(tr.pitch, p);
        assert_eq!(tr.intensity, i);
    }
    // Odd chunking too.
    let x = &chans[1].samples;
    let (_, gp) = pitch::mean_and_peak(x);
    let mut ps = pitch::PitchStream::new(x.len(), 22050.0, gp, &PitchParams::default());
    let mut is = intensity::IntensityStream::new(x.len(), 22050.0, &IntensityParams::default());
    for c in x.chunks(777) {
        ps.push(c);
        is.push(c);
    }
    assert_eq!(ps.finish(), pitch_ac(x, 22050.0, &PitchParams::default()));
    assert_eq!(is.finish(), intensity::intensity(x, 22050.0, &IntensityParams::default()));
    // Split between threads: the same track however many parts, on a signal of several blocks.
    let long: Vec<f32> = x.iter().copied().cycle().take(x.len().max(22050 * 35)).collect();
    let (_, gp) = pitch::mean_and_peak(&long);
    let whole = pitch_ac(&long, 22050.0, &PitchParams::default());
    assert!(whole.frames.len() > 3 * pitch::PITCH_BLOCK, "the test needs several blocks");
    for k in [2, 3, 5] {
        let mut parts = pitch::PitchStream::parts(long.len(), 22050.0, gp, &PitchParams::default(), k);
        for c in long.chunks(5003) {
            parts.iter_mut().for_each(|p| p.push(c));
        }
        assert_eq!(pitch::PitchStream::join(parts), whole, "{k} parts");
    }
}
