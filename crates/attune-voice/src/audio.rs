//! Audio in: WAV (PCM 8/16/24/32-bit integer, 32-bit float; via `hound`, falling back to
//! `symphonia` for WAV variants hound does not read), FLAC, MP3 and Ogg Vorbis (via `symphonia`).
//!
//! Memory bound: samples are decoded packet by packet and only the requested channel (or the
//! channel mix) is kept, as `f32`: 4 bytes per sample of that one channel (an hour at 16 kHz is
//! 230 MB, at 44.1 kHz 635 MB). [`decode_channels`] keeps every channel (× channel count).
//! The container is never read whole into memory.

use crate::VoiceError;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Which channel to analyze.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Average of all channels (Praat's "Convert to mono").
    Mix,
    /// One channel, 0-based.
    Index(usize),
}

/// Decoded audio: one channel (or the mix) as `f32` in [-1, 1], at `rate` Hz.
#[derive(Debug, Clone, PartialEq)]
pub struct Audio {
    pub rate: u32,
    /// Channels in the source file.
    pub channels: u16,
    /// Which channel `samples` holds.
    pub channel: Channel,
    pub samples: Vec<f32>,
}

impl Audio {
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / self.rate as f64
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Wav,
    Flac,
    Ogg,
    Mp3,
}

fn sniff(head: &[u8]) -> Option<Kind> {
    if head.len() >= 12 && ((&head[0..4] == b"RIFF" && &head[8..12] == b"WAVE") || &head[0..4] == b"RF64") {
        Some(Kind::Wav)
    } else if head.starts_with(b"fLaC") {
        Some(Kind::Flac)
    } else if head.starts_with(b"OggS") {
        Some(Kind::Ogg)
    } else if head.starts_with(b"ID3") || (head.len() >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) {
        Some(Kind::Mp3)
    } else {
        None
    }
}

fn err(file: &str, message: impl Into<String>, hint: impl Into<String>) -> VoiceError {
    VoiceError::Audio { file: file.to_string(), message: message.into(), hint: hint.into() }
}

const CONVERT_HINT: &str = "convert it to 16-bit PCM WAV, e.g. `ffmpeg -i IN -ac 1 -c:a pcm_s16le OUT.wav`";

/// Decode a file, keeping one channel or the mix.
pub fn decode_file(path: &Path, channel: Channel) -> Result<Audio, VoiceError> {
    let label = path.display().to_string();
    let f = File::open(path).map_err(|e| err(&label, format!("cannot open: {e}"), "check the path"))?;
    decode_reader(BufReader::new(f), &label, channel)
}

/// Decode from any seekable reader; `label` names the source in errors.
pub fn decode_reader<R: Read + Seek + Send + Sync + 'static>(r: R, label: &str, channel: Channel) -> Result<Audio, VoiceError> {
    let mut out = Vec::new();
    let (rate, channels) = decode_into(r, label, Sel::One(channel), &mut |_, v| out.push(v))?;
    finish(label, rate, channels, channel, out)
}

/// Decode from bytes in memory.
pub fn decode_bytes(bytes: &[u8], label: &str, channel: Channel) -> Result<Audio, VoiceError> {
    decode_reader(std::io::Cursor::new(bytes.to_vec()), label, channel)
}

/// Decode every channel separately (e.g. stereo with one speaker per channel).
pub fn decode_channels(path: &Path) -> Result<Vec<Audio>, VoiceError> {
    let label = path.display().to_string();
    let f = File::open(path).map_err(|e| err(&label, format!("cannot open: {e}"), "check the path"))?;
    let r = BufReader::new(f);
    let mut per: Vec<Vec<f32>> = Vec::new();
    let (rate, channels) = decode_into(r, &label, Sel::All, &mut |c, v| {
        if per.len() <= c {
            per.resize_with(c + 1, Vec::new);
        }
        per[c].push(v)
    })?;
    per.resize_with(channels as usize, Vec::new);
    per.into_iter()
        .enumerate()
        .map(|(i, s)| finish(&label, rate, channels, Channel::Index(i), s))
        .collect()
}

fn finish(label: &str, rate: u32, channels: u16, channel: Channel, samples: Vec<f32>) -> Result<Audio, VoiceError> {
    if samples.is_empty() {
        return Err(err(label, "the file holds no audio samples", "check that the recording is not empty"));
    }
    if let Some(i) = samples.iter().position(|v| !v.is_finite()) {
        return Err(err(
            label,
            format!("sample {i} (t = {:.3} s) is not a finite number (NaN or infinity)", i as f64 / rate as f64),
            "the float data is corrupt; re-export the audio",
        ));
    }
    Ok(Audio { rate, channels, channel, samples })
}

/// What a streaming decode delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sel {
    /// One channel, or the mix, delivered as channel 0.
    One(Channel),
    /// Every channel, with its index.
    All,
}

/// Stream-decode `path`, calling `sink(channel, sample)` for every sample in order; returns
/// (rate, channels of the file). Memory: one packet.
pub fn stream_file(path: &Path, sel: Sel, sink: &mut dyn FnMut(usize, f32)) -> Result<(u32, u16), VoiceError> {
    let label = path.display().to_string();
    let f = File::open(path).map_err(|e| err(&label, format!("cannot open: {e}"), "check the path"))?;
    decode_into(BufReader::new(f), &label, sel, sink)
}

/// Streams decoded samples to `sink(channel_index, value)` (channel index 0 for a mix or a
/// single selected channel). Returns (rate, channel count).
fn decode_into<R: Read + Seek + Send + Sync + 'static>(
    mut r: R,
    label: &str,
    sel: Sel,
    sink: &mut dyn FnMut(usize, f32),
) -> Result<(u32, u16), VoiceError> {
    let mut head = [0u8; 12];
    let n = read_up_to(&mut r, &mut head).map_err(|e| err(label, format!("cannot read: {e}"), "check the file"))?;
    r.seek(SeekFrom::Start(0)).map_err(|e| err(label, format!("cannot seek: {e}"), "check the file"))?;
    if n == 0 {
        return Err(err(label, "the file is empty", "check that the recording was saved"));
    }
    let kind = sniff(&head[..n]).ok_or_else(|| {
        err(label, "not a supported audio format (expected WAV, FLAC, MP3 or Ogg Vorbis)", CONVERT_HINT)
    })?;
    if kind == Kind::Wav {
        match decode_wav_hound(&mut r, label, sel, sink) {
            Ok(v) => return Ok(v),
            Err(WavFail::Unsupported) => {
                r.seek(SeekFrom::Start(0)).map_err(|e| err(label, format!("cannot seek: {e}"), "check the file"))?;
            }
            Err(WavFail::Error(e)) => return Err(e),
        }
    }
    decode_symphonia(r, label, kind, sel, sink)
}

fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

enum WavFail {
    Unsupported,
    Error(VoiceError),
}

fn check_sel(label: &str, sel: Sel, channels: u16) -> Result<(), VoiceError> {
    if let Sel::One(Channel::Index(i)) = sel
        && i >= channels as usize
    {
        return Err(err(
            label,
            format!("channel {i} requested but the file has {channels} channel(s)"),
            format!("use a channel between 0 and {}", channels.saturating_sub(1)),
        ));
    }
    if channels == 0 {
        return Err(err(label, "the file declares zero channels", "re-export the audio"));
    }
    Ok(())
}

/// Per-frame channel routing shared by both decoders.
struct Router {
    sel: Sel,
    channels: usize,
    acc: f64,
    k: usize,
}

impl Router {
    #[inline]
    fn push(&mut self, v: f32, sink: &mut dyn FnMut(usize, f32)) {
        let c = self.k;
        self.k += 1;
        match self.sel {
            Sel::All => sink(c, v),
            Sel::One(Channel::Index(i)) => {
                if c == i {
                    sink(0, v)
                }
            }
            Sel::One(Channel::Mix) => {
                if self.channels == 1 {
                    sink(0, v)
                } else {
                    self.acc += v as f64;
                    if self.k == self.channels {
                        sink(0, (self.acc / self.channels as f64) as f32);
                        self.acc = 0.0;
                    }
                }
            }
        }
        if self.k == self.channels {
            self.k = 0;
        }
    }
}

fn decode_wav_hound<R: Read + Seek>(r: R, label: &str, sel: Sel, sink: &mut dyn FnMut(usize, f32)) -> Result<(u32, u16), WavFail> {
    let reader = match hound::WavReader::new(r) {
        Ok(x) => x,
        Err(hound::Error::Unsupported) => return Err(WavFail::Unsupported),
        Err(e) => {
            return Err(WavFail::Error(err(label, format!("not a readable WAV file: {e}"), CONVERT_HINT)));
        }
    };
    let spec = reader.spec();
    check_sel(label, sel, spec.channels).map_err(WavFail::Error)?;
    if spec.sample_rate == 0 {
        return Err(WavFail::Error(err(label, "the WAV header gives a sample rate of 0", CONVERT_HINT)));
    }
    let mut router = Router { sel, channels: spec.channels as usize, acc: 0.0, k: 0 };
    let declared = reader.len() as usize;
    let mut got = 0usize;
    let trunc = |got: usize, e: hound::Error| {
        WavFail::Error(err(
            label,
            format!("the WAV data stops after {got} of {declared} samples ({e})"),
            "the file looks truncated; re-export or re-copy it",
        ))
    };
    match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Float, 32) => {
            for s in reader.into_samples::<f32>() {
                let v = s.map_err(|e| trunc(got, e))?;
                got += 1;
                router.push(v, sink);
            }
        }
        (hound::SampleFormat::Int, b) if (1..=32).contains(&b) => {
            let scale = 1.0 / (1u64 << (b - 1)) as f64;
            for s in reader.into_samples::<i32>() {
                let v = s.map_err(|e| trunc(got, e))?;
                got += 1;
                router.push((v as f64 * scale) as f32, sink);
            }
        }
        _ => return Err(WavFail::Unsupported),
    }
    if !got.is_multiple_of(spec.channels as usize) {
        return Err(WavFail::Error(err(label, "the WAV data ends in the middle of a sample frame", "the file looks truncated; re-export it")));
    }
    Ok((spec.sample_rate, spec.channels))
}

fn decode_symphonia<R: Read + Seek + Send + Sync + 'static>(
    r: R,
    label: &str,
    kind: Kind,
    sel: Sel,
    sink: &mut dyn FnMut(usize, f32),
) -> Result<(u32, u16), VoiceError> {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
    use symphonia::core::errors::Error as SE;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let mss = MediaSourceStream::new(Box::new(SeekSrc(r)), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(match kind {
        Kind::Wav => "wav",
        Kind::Flac => "flac",
        Kind::Ogg => "ogg",
        Kind::Mp3 => "mp3",
    });
    let probed = symphonia::default::get_probe()
        .format(&hint, mss, &FormatOptions::default(), &MetadataOptions::default())
        .map_err(|e| err(label, format!("cannot read the container: {e}"), CONVERT_HINT))?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| err(label, "no audio track found", CONVERT_HINT))?
        .clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| err(label, format!("unsupported codec: {e}"), CONVERT_HINT))?;
    let mut rate = track.codec_params.sample_rate.unwrap_or(0);
    let mut channels = track.codec_params.channels.map(|c| c.count() as u16).unwrap_or(0);
    let mut checked = false;
    let mut router: Option<Router> = None;
    let mut buf: Option<SampleBuffer<f32>> = None;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(SE::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SE::ResetRequired) => break,
            Err(e) => return Err(err(label, format!("cannot read a packet: {e}"), "the file may be truncated or corrupt")),
        };
        if packet.track_id() != track.id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            Err(SE::DecodeError(_)) => continue, // a corrupt frame: skip it, as players do
            Err(SE::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(err(label, format!("cannot decode: {e}"), CONVERT_HINT)),
        };
        let spec = *decoded.spec();
        if !checked {
            rate = spec.rate;
            channels = spec.channels.count() as u16;
            check_sel(label, sel, channels)?;
            router = Some(Router { sel, channels: channels as usize, acc: 0.0, k: 0 });
            checked = true;
        }
        let cap = decoded.capacity() as u64;
        if buf.as_ref().map(|b| b.capacity() < cap as usize).unwrap_or(true) {
            buf = Some(SampleBuffer::<f32>::new(cap, spec));
        }
        let b = buf.as_mut().expect("allocated above");
        b.copy_interleaved_ref(decoded);
        let rt = router.as_mut().expect("set with `checked`");
        for &v in b.samples() {
            rt.push(v, sink);
        }
    }
    if rate == 0 || channels == 0 {
        return Err(err(label, "no decodable audio found", CONVERT_HINT));
    }
    Ok((rate, channels))
}

/// A seekable source for symphonia.
struct SeekSrc<R>(R);

impl<R: Read> Read for SeekSrc<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Seek> Seek for SeekSrc<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(pos)
    }
}

impl<R: Read + Seek + Send + Sync> symphonia::core::io::MediaSource for SeekSrc<R> {
    fn is_seekable(&self) -> bool {
        true
    }
    fn byte_len(&self) -> Option<u64> {
        None
    }
}

/// Resample mono `f32` samples from `from` Hz to `to` Hz: Kaiser-windowed sinc (β = 8),
/// polyphase for rational ratios, cut-off at 95 % of the lower Nyquist frequency, time-aligned
/// (output sample i sits at input time i·from/to exactly).
pub fn resample(x: &[f32], from: u32, to: u32) -> Result<Vec<f32>, VoiceError> {
    if from == 0 || to == 0 {
        return Err(VoiceError::Param(format!("cannot resample from {from} Hz to {to} Hz")));
    }
    if from == to || x.is_empty() {
        return Ok(x.to_vec());
    }
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let g = gcd(from as u64, to as u64);
    let (m, l) = (from as u64 / g, to as u64 / g); // input step per output = m / l
    let ratio = (to as f64 / from as f64).min(1.0);
    let fc = 0.5 * ratio * 0.95; // cycles per input sample
    let half = (16.0 / ratio).ceil() as i64; // taps on each side, in input samples
    let beta = 8.0;
    let i0b = crate::intensity::bessel_i0(beta);
    let h = |d: f64| -> f64 {
        let r = d / (half as f64 + 1.0);
        if r.abs() >= 1.0 {
            return 0.0;
        }
        let a = 2.0 * std::f64::consts::PI * fc * d;
        let sinc = if d == 0.0 { 1.0 } else { a.sin() / a };
        2.0 * fc * sinc * crate::intensity::bessel_i0(beta * (1.0 - r * r).sqrt()) / i0b
    };
    let taps = (2 * half + 1) as usize;
    let phases = l.min(4096) as usize;
    let table: Option<Vec<f32>> = (l <= 4096).then(|| {
        let mut t = Vec::with_capacity(phases * taps);
        for p in 0..phases {
            let frac = p as f64 / l as f64;
            for j in -half..=half {
                t.push(h(frac - j as f64) as f32);
            }
        }
        t
    });
    let n_out = ((x.len() as u128 * l as u128) / m as u128) as usize;
    let n = x.len() as i64;
    let mut out = Vec::with_capacity(n_out);
    let mut w = vec![0f32; taps];
    for i in 0..n_out as u64 {
        let pos = i as u128 * m as u128;
        let base = (pos / l as u128) as i64;
        let p = (pos % l as u128) as u64;
        let ws: &[f32] = match &table {
            Some(t) => &t[p as usize * taps..(p as usize + 1) * taps],
            None => {
                let frac = p as f64 / l as f64;
                for (k, j) in (-half..=half).enumerate() {
                    w[k] = h(frac - j as f64) as f32;
                }
                &w
            }
        };
        let lo = base - half;
        let mut acc = 0.0f64;
        if lo >= 0 && base + half < n {
            let xs = &x[lo as usize..=(base + half) as usize];
            let mut a = [0.0f32; 8];
            let mut cx = xs.chunks_exact(8);
            let mut cw = ws.chunks_exact(8);
            for (q, ww) in (&mut cx).zip(&mut cw) {
                for k in 0..8 {
                    a[k] += q[k] * ww[k];
                }
            }
            acc = a.iter().map(|&v| v as f64).sum::<f64>();
            for (&v, &ww) in cx.remainder().iter().zip(cw.remainder()) {
                acc += (v * ww) as f64;
            }
        } else {
            for (k, j) in (-half..=half).enumerate() {
                let idx = base + j;
                if idx >= 0 && idx < n {
                    acc += (x[idx as usize] * ws[k]) as f64;
                }
            }
        }
        out.push(acc as f32);
    }
    Ok(out)
}
