//! Decoding: formats, channels, and clear errors on bad input.
use attune_voice::audio::{decode_bytes, resample, Channel};
use attune_voice::VoiceError;
use std::io::Cursor;

fn wav(spec: hound::WavSpec, write: impl FnOnce(&mut hound::WavWriter<&mut Cursor<Vec<u8>>>)) -> Vec<u8> {
    let mut c = Cursor::new(Vec::new());
    {
        let mut w = hound::WavWriter::new(&mut c, spec).unwrap();
        write(&mut w);
        w.finalize().unwrap();
    }
    c.into_inner()
}

fn spec(ch: u16, bits: u16, fmt: hound::SampleFormat) -> hound::WavSpec {
    hound::WavSpec { channels: ch, sample_rate: 16000, bits_per_sample: bits, sample_format: fmt }
}

#[test]
fn pcm_depths_and_float() {
    let v = [0.5f64, -0.25, 0.0, 0.999];
    for bits in [8u16, 16, 24, 32] {
        let full = (1i64 << (bits - 1)) as f64;
        let b = wav(spec(1, bits, hound::SampleFormat::Int), |w| {
            for &x in &v {
                w.write_sample((x * full) as i32).unwrap();
            }
        });
        let a = decode_bytes(&b, "t.wav", Channel::Mix).unwrap();
        assert_eq!(a.rate, 16000);
        for (got, want) in a.samples.iter().zip(&v) {
            assert!((*got as f64 - want).abs() < 2.0 / full + 1e-7, "{bits} bits: {got} vs {want}");
        }
    }
    let b = wav(spec(1, 32, hound::SampleFormat::Float), |w| {
        for &x in &v {
            w.write_sample(x as f32).unwrap();
        }
    });
    let a = decode_bytes(&b, "f.wav", Channel::Mix).unwrap();
    assert_eq!(a.samples, v.iter().map(|&x| x as f32).collect::<Vec<_>>());
}

#[test]
fn stereo_channels_and_mix() {
    let b = wav(spec(2, 16, hound::SampleFormat::Int), |w| {
        for i in 0..100 {
            w.write_sample(1000i16).unwrap();
            w.write_sample(-3000i16 + i).unwrap();
        }
    });
    let l = decode_bytes(&b, "s.wav", Channel::Index(0)).unwrap();
    let r = decode_bytes(&b, "s.wav", Channel::Index(1)).unwrap();
    let m = decode_bytes(&b, "s.wav", Channel::Mix).unwrap();
    assert_eq!(l.channels, 2);
    assert_eq!(l.samples.len(), 100);
    assert!((l.samples[0] - 1000.0 / 32768.0).abs() < 1e-7);
    assert!((r.samples[0] + 3000.0 / 32768.0).abs() < 1e-7);
    assert!((m.samples[0] - (1000.0 - 3000.0) / 2.0 / 32768.0).abs() < 1e-7);
    let e = decode_bytes(&b, "s.wav", Channel::Index(2)).unwrap_err();
    assert!(e.to_string().contains("s.wav") && e.to_string().contains("2 channel"), "{e}");
}

#[test]
fn bad_inputs_give_clear_errors() {
    let good = wav(spec(1, 16, hound::SampleFormat::Int), |w| {
        for i in 0..1000 {
            w.write_sample((i % 100) as i16).unwrap();
        }
    });
    // Truncated in the middle of the data.
    let e = decode_bytes(&good[..good.len() - 501], "cut.wav", Channel::Mix).unwrap_err();
    assert!(e.to_string().contains("cut.wav"), "{e}");
    // Header only.
    let empty = wav(spec(1, 16, hound::SampleFormat::Int), |_| {});
    let e = decode_bytes(&empty, "empty.wav", Channel::Mix).unwrap_err();
    assert!(e.to_string().contains("no audio"), "{e}");
    // Zero bytes.
    let e = decode_bytes(&[], "zero.wav", Channel::Mix).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    // Not audio.
    let e = decode_bytes(b"hello, this is text", "notes.txt", Channel::Mix).unwrap_err();
    assert!(matches!(e, VoiceError::Audio { .. }) && e.to_string().contains("ffmpeg"), "{e}");
    // NaN samples.
    let nan = wav(spec(1, 32, hound::SampleFormat::Float), |w| {
        w.write_sample(0.1f32).unwrap();
        w.write_sample(f32::NAN).unwrap();
    });
    let e = decode_bytes(&nan, "nan.wav", Channel::Mix).unwrap_err();
    assert!(e.to_string().contains("not a finite"), "{e}");
    // A corrupt FLAC / MP3 / Ogg header does not panic.
    for (name, bytes) in [("x.flac", &b"fLaC\0\0\0\x22garbage"[..]), ("x.mp3", &b"ID3\x03\0\0\0\0\0\0"[..]), ("x.ogg", &b"OggS\0\x02junkjunkjunk"[..])] {
        let e = decode_bytes(bytes, name, Channel::Mix).unwrap_err();
        assert!(e.to_string().contains(name), "{e}");
    }
}

#[test]
fn resampling_keeps_a_tone() {
    let from = 22050u32;
    let x: Vec<f32> = (0..22050).map(|i| (2.0 * std::f64::consts::PI * 440.0 * i as f64 / from as f64).sin() as f32 * 0.5).collect();
    let y = resample(&x, from, 16000).unwrap();
    assert!((y.len() as i64 - 16000).abs() <= 1, "{}", y.len());
    // Compare with the analytic tone away from the edges.
    let mut max_err = 0.0f64;
    for (i, &v) in y.iter().enumerate().skip(500).take(15000) {
        let want = (2.0 * std::f64::consts::PI * 440.0 * i as f64 / 16000.0).sin() * 0.5;
        max_err = max_err.max((v as f64 - want).abs());
    }
    let mut best = (f64::MAX, 0.0);
    for k in -20..=20 {
        let sh = k as f64 * 0.05;
        let mut e = 0.0f64;
        for (i, &v) in y.iter().enumerate().skip(500).take(15000) {
            let want = (2.0 * std::f64::consts::PI * 440.0 * (i as f64 + sh) / 16000.0).sin() * 0.5;
            e = e.max((v as f64 - want).abs());
        }
        if e < best.0 { best = (e, sh); }
    }
    eprintln!("max_err {max_err} best {best:?}");
    assert!(max_err < 0.01, "max error {max_err}");
}

/// A minimal FLAC writer (verbatim subframes) to test the FLAC path without an encoder.
mod flac {
    fn crc8(d: &[u8]) -> u8 {
        let mut c = 0u8;
        for &b in d {
            c ^= b;
            for _ in 0..8 {
                c = if c & 0x80 != 0 { (c << 1) ^ 0x07 } else { c << 1 };
            }
        }
        c
    }
    fn crc16(d: &[u8]) -> u16 {
        let mut c = 0u16;
        for &b in d {
            c ^= (b as u16) << 8;
            for _ in 0..8 {
                c = if c & 0x8000 != 0 { (c << 1) ^ 0x8005 } else { c << 1 };
            }
        }
        c
    }
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, v: u64, bits: u32) {
            for i in (0..bits).rev() {
                self.acc = (self.acc << 1) | ((v >> i) & 1);
                self.n += 1;
                if self.n == 8 {
                    self.out.push(self.acc as u8);
                    self.acc = 0;
                    self.n = 0;
                }
            }
        }
    }
    /// 16-bit mono FLAC at 16 kHz.
    pub fn encode(samples: &[i16]) -> Vec<u8> {
        let bs = 1024usize;
        let mut out = b"fLaC".to_vec();
        // STREAMINFO (last block).
        let mut si = Bits { out: Vec::new(), acc: 0, n: 0 };
        si.put(bs as u64, 16);
        si.put(bs as u64, 16);
        si.put(0, 24);
        si.put(0, 24);
        si.put(16000, 20);
        si.put(0, 3); // channels - 1
        si.put(15, 5); // bits - 1
        si.put(samples.len() as u64, 36);
        for _ in 0..16 {
            si.put(0, 8); // MD5 unknown
        }
        out.push(0x80);
        out.extend_from_slice(&[0, 0, 34]);
        out.extend_from_slice(&si.out);
        for (fi, chunk) in samples.chunks(bs).enumerate() {
            let mut b = Bits { out: Vec::new(), acc: 0, n: 0 };
            b.put(0b11111111111110, 14);
            b.put(0, 1);
            b.put(0, 1); // fixed block size
            b.put(0b0111, 4); // block size: 16-bit value at end of header
            b.put(0b0000, 4); // sample rate from STREAMINFO
            b.put(0b0000, 4); // mono
            b.put(0b100, 3); // 16 bits
            b.put(0, 1);
            assert!(fi < 128);
            b.put(fi as u64, 8); // UTF-8 frame number (< 128)
            b.put(chunk.len() as u64 - 1, 16);
            let h = crc8(&b.out);
            b.put(h as u64, 8);
            // Subframe: verbatim.
            b.put(0, 1);
            b.put(0b000001, 6);
            b.put(0, 1);
            for &s in chunk {
                b.put(s as u16 as u64, 16);
            }
            while b.n != 0 {
                b.put(0, 1);
            }
            let c = crc16(&b.out);
            b.put(c as u64, 16);
            out.extend_from_slice(&b.out);
        }
        out
    }
}

#[test]
fn flac_decodes() {
    let s: Vec<i16> = (0..3000).map(|i| ((i as f64 * 0.05).sin() * 12000.0) as i16).collect();
    let bytes = flac::encode(&s);
    let a = decode_bytes(&bytes, "t.flac", Channel::Mix).unwrap();
    assert_eq!(a.rate, 16000);
    assert_eq!(a.samples.len(), s.len());
    for (g, w) in a.samples.iter().zip(&s) {
        assert!((*g - *w as f32 / 32768.0).abs() < 1e-6);
    }
}
