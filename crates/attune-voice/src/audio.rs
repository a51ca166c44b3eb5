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
    decode_reader(f, &label, channel)
}

/// Decode from any seekable reader; `label` names the source in errors.
pub fn decode_reader<R: Read + Seek + Send + Sync + 'static>(r: R, label: &str, channel: Channel) -> Result<Audio, VoiceError> {
    let mut out = Vec::new();
    let (rate, channels) = decode_into(r, label, Sel::One(channel), &mut |_, _| {}, &mut |_, v| out.extend_from_slice(v))?;
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
    let mut per: Vec<Vec<f32>> = Vec::new();
    let (rate, channels) = decode_into(f, &label, Sel::All, &mut |_, _| {}, &mut |c, v| {
        if per.len() <= c {
            per.resize_with(c + 1, Vec::new);
        }
        per[c].extend_from_slice(v)
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
/// (rate, channels of the file). Memory: one packet. [`stream_file_chunks`] is faster.
pub fn stream_file(path: &Path, sel: Sel, sink: &mut dyn FnMut(usize, f32)) -> Result<(u32, u16), VoiceError> {
    stream_file_chunks(path, sel, &mut |c, xs| {
        for &v in xs {
            sink(c, v)
        }
    })
}

/// Stream-decode `path`, calling `sink(channel, samples)` with consecutive runs of each
/// channel's samples (each channel's runs in order; at most [`CHUNK`] samples a call); returns
/// (rate, channels of the file). Memory: one block of the file. Plain PCM and float WAV is
/// read in large blocks and converted in bulk (the same values as sample by sample).
pub fn stream_file_chunks(path: &Path, sel: Sel, sink: &mut dyn FnMut(usize, &[f32])) -> Result<(u32, u16), VoiceError> {
    let label = path.display().to_string();
    let f = File::open(path).map_err(|e| err(&label, format!("cannot open: {e}"), "check the path"))?;
    decode_into(f, &label, sel, &mut |_, _| {}, sink)
}

/// [`stream_file_chunks`] that also tells `format(rate, channels of the file)` before the first
/// samples arrive (so a consumer can set itself up for the rate, e.g. a [`Resampler`]).
pub fn stream_file_with_format(
    path: &Path,
    sel: Sel,
    format: &mut dyn FnMut(u32, u16),
    sink: &mut dyn FnMut(usize, &[f32]),
) -> Result<(u32, u16), VoiceError> {
    let label = path.display().to_string();
    let f = File::open(path).map_err(|e| err(&label, format!("cannot open: {e}"), "check the path"))?;
    decode_into(f, &label, sel, format, sink)
}

/// The most samples of one channel handed to a chunk sink at once.
pub const CHUNK: usize = 16384;

/// Streams decoded samples to `sink(channel_index, values)` (channel index 0 for a mix or a
/// single selected channel). Returns (rate, channel count). `r` should not be a tiny-buffered
/// reader: WAV data is read in large blocks, and other formats are wrapped in a buffer.
fn decode_into<R: Read + Seek + Send + Sync + 'static>(
    mut r: R,
    label: &str,
    sel: Sel,
    format: &mut dyn FnMut(u32, u16),
    sink: &mut dyn FnMut(usize, &[f32]),
) -> Result<(u32, u16), VoiceError> {
    let mut head = [0u8; 12];
    let n = read_up_to(&mut r, &mut head).map_err(|e| err(label, format!("cannot read: {e}"), "check the file"))?;
    r.seek(SeekFrom::Start(0)).map_err(|e| err(label, format!("cannot seek: {e}"), "check the file"))?;
    if n == 0 {
        return Err(err(label, "the file is empty", "check that the recording was saved"));
    }
    let kind = sniff(&head[..n]).ok_or_else(|| {
        err(label, "not a supported audio format (expected WAV, FLAC, MP3, Ogg Vorbis or M4A/AAC)", CONVERT_HINT)
    })?;
    if kind == Kind::Wav {
        match decode_wav_hound(&mut r, label, sel, format, sink) {
            Ok(v) => return Ok(v),
            Err(WavFail::Unsupported) => {
                r.seek(SeekFrom::Start(0)).map_err(|e| err(label, format!("cannot seek: {e}"), "check the file"))?;
            }
            Err(WavFail::Error(e)) => return Err(e),
        }
    }
    decode_symphonia(BufReader::new(r), label, kind, sel, format, sink)
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

/// Per-frame channel routing shared by the sample-by-sample decoders: collects each output
/// channel's samples and hands them on in runs of [`CHUNK`].
struct Router {
    sel: Sel,
    channels: usize,
    acc: f64,
    k: usize,
    bufs: Vec<Vec<f32>>,
}

impl Router {
    fn new(sel: Sel, channels: usize) -> Router {
        let outs = if sel == Sel::All { channels } else { 1 };
        Router { sel, channels, acc: 0.0, k: 0, bufs: (0..outs).map(|_| Vec::with_capacity(CHUNK)).collect() }
    }

    #[inline]
    fn out(&mut self, c: usize, v: f32, sink: &mut dyn FnMut(usize, &[f32])) {
        let b = &mut self.bufs[c];
        b.push(v);
        if b.len() == CHUNK {
            sink(c, b);
            b.clear();
        }
    }

    #[inline]
    fn push(&mut self, v: f32, sink: &mut dyn FnMut(usize, &[f32])) {
        let c = self.k;
        self.k += 1;
        match self.sel {
            Sel::All => self.out(c, v, sink),
            Sel::One(Channel::Index(i)) => {
                if c == i {
                    self.out(0, v, sink)
                }
            }
            Sel::One(Channel::Mix) => {
                if self.channels == 1 {
                    self.out(0, v, sink)
                } else {
                    self.acc += v as f64;
                    if self.k == self.channels {
                        let m = (self.acc / self.channels as f64) as f32;
                        self.out(0, m, sink);
                        self.acc = 0.0;
                    }
                }
            }
        }
        if self.k == self.channels {
            self.k = 0;
        }
    }

    /// Hand on what is left.
    fn flush(&mut self, sink: &mut dyn FnMut(usize, &[f32])) {
        for (c, b) in self.bufs.iter_mut().enumerate() {
            if !b.is_empty() {
                sink(c, b);
                b.clear();
            }
        }
    }
}

/// Sample layouts the block reader converts in bulk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pcm {
    U8,
    I16,
    I24,
    I32,
    F32,
}

impl Pcm {
    fn bytes(self) -> usize {
        match self {
            Pcm::U8 => 1,
            Pcm::I16 => 2,
            Pcm::I24 => 3,
            Pcm::I32 => 4,
            Pcm::F32 => 4,
        }
    }

    /// Little-endian samples to `f32` in [-1, 1]: exactly the values of the sample-by-sample
    /// path (integer / 2^(bits-1), rounded once to `f32`; floats as stored).
    fn convert(self, bytes: &[u8], out: &mut Vec<f32>) {
        out.clear();
        match self {
            // 8-bit WAV is unsigned with 128 as zero.
            Pcm::U8 => out.extend(bytes.iter().map(|&b| (b as i32 - 128) as f32 * (1.0 / 128.0))),
            // Exact: a 16- or 24-bit integer times a power of two fits an f32.
            Pcm::I16 => out.extend(bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 * (1.0 / 32768.0))),
            Pcm::I24 => out.extend(bytes.chunks_exact(3).map(|b| {
                let v = i32::from_le_bytes([0, b[0], b[1], b[2]]) >> 8;
                v as f32 * (1.0 / 8_388_608.0)
            })),
            Pcm::I32 => out.extend(
                bytes.chunks_exact(4).map(|b| (i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64 * (1.0 / 2_147_483_648.0)) as f32),
            ),
            Pcm::F32 => out.extend(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
        }
    }
}

/// Frames read per block by the WAV block reader.
const BLOCK_FRAMES: usize = 16384;

/// Read `frames` frames of plain PCM/float WAV data from `r` (positioned at the data) in blocks,
/// convert in bulk and route per `sel`. Err((samples read, io error)) when the data stops early.
fn read_wav_blocks<R: Read>(
    r: &mut R,
    pcm: Pcm,
    channels: usize,
    frames: usize,
    sel: Sel,
    sink: &mut dyn FnMut(usize, &[f32]),
) -> Result<(), (usize, std::io::Error)> {
    let fb = pcm.bytes() * channels;
    let mut raw = vec![0u8; BLOCK_FRAMES.min(frames.max(1)) * fb];
    let mut conv: Vec<f32> = Vec::with_capacity(BLOCK_FRAMES * channels);
    let outs = if sel == Sel::All { channels } else { 1 };
    let mut per: Vec<Vec<f32>> = if channels > 1 { (0..outs).map(|_| Vec::with_capacity(BLOCK_FRAMES)).collect() } else { Vec::new() };
    let mut done = 0usize;
    while done < frames {
        let want = (frames - done).min(BLOCK_FRAMES) * fb;
        let got = read_up_to(r, &mut raw[..want]).map_err(|e| (done * channels, e))?;
        let whole = got / fb;
        pcm.convert(&raw[..whole * fb], &mut conv);
        if channels == 1 {
            sink(0, &conv);
        } else {
            match sel {
                Sel::All => {
                    for (c, b) in per.iter_mut().enumerate() {
                        b.clear();
                        b.extend(conv.iter().skip(c).step_by(channels));
                    }
                    for (c, b) in per.iter().enumerate() {
                        sink(c, b);
                    }
                }
                Sel::One(Channel::Index(i)) => {
                    per[0].clear();
                    per[0].extend(conv.iter().skip(i).step_by(channels));
                    sink(0, &per[0]);
                }
                Sel::One(Channel::Mix) => {
                    // The same arithmetic as `Router`: an f64 sum in channel order, then / n.
                    per[0].clear();
                    per[0].extend(conv.chunks_exact(channels).map(|f| {
                        let mut acc = 0.0f64;
                        for &v in f {
                            acc += v as f64;
                        }
                        (acc / channels as f64) as f32
                    }));
                    sink(0, &per[0]);
                }
            }
        }
        done += whole;
        if got < want {
            let samples = done * channels + (got - whole * fb) / pcm.bytes();
            return Err((samples, std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "unexpected end of file")));
        }
    }
    Ok(())
}

fn decode_wav_hound<R: Read + Seek>(mut r: R, label: &str, sel: Sel, format: &mut dyn FnMut(u32, u16), sink: &mut dyn FnMut(usize, &[f32])) -> Result<(u32, u16), WavFail> {
    let reader = match hound::WavReader::new(&mut r) {
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
    format(spec.sample_rate, spec.channels);
    let declared = reader.len() as usize;
    let channels = spec.channels as usize;
    // Fast path: plain PCM or float whose container is exactly the sample width, read in blocks.
    // hound has validated the header and left the reader at the first data byte; the data
    // chunk's length is the 4 bytes before it (hound checked it is `declared` whole samples).
    let pcm = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 8) => Some(Pcm::U8),
        (hound::SampleFormat::Int, 16) => Some(Pcm::I16),
        (hound::SampleFormat::Int, 24) => Some(Pcm::I24),
        (hound::SampleFormat::Int, 32) => Some(Pcm::I32),
        (hound::SampleFormat::Float, 32) => Some(Pcm::F32),
        _ => None,
    };
    let r = reader.into_inner();
    if let Some(pcm) = pcm
        && declared > 0
        && declared.is_multiple_of(channels)
        && data_len_before(r).is_some_and(|n| n as usize == declared * pcm.bytes())
    {
        return match read_wav_blocks(r, pcm, channels, declared / channels, sel, sink) {
            Ok(()) => Ok((spec.sample_rate, spec.channels)),
            Err((got, e)) => Err(WavFail::Error(err(
                label,
                format!("the WAV data stops after {got} of {declared} samples ({e})"),
                "the file looks truncated; re-export or re-copy it",
            ))),
        };
    }
    // Anything else: sample by sample through hound, from the start again.
    r.seek(SeekFrom::Start(0)).map_err(|e| WavFail::Error(err(label, format!("cannot seek: {e}"), "check the file")))?;
    let reader = hound::WavReader::new(BufReader::new(r))
        .map_err(|e| WavFail::Error(err(label, format!("not a readable WAV file: {e}"), CONVERT_HINT)))?;
    let mut router = Router::new(sel, channels);
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
    router.flush(sink);
    if !got.is_multiple_of(channels) {
        return Err(WavFail::Error(err(label, "the WAV data ends in the middle of a sample frame", "the file looks truncated; re-export it")));
    }
    Ok((spec.sample_rate, spec.channels))
}

/// The length field of the chunk whose data starts at the reader's position (the 4 bytes just
/// before it); leaves the reader where it was. None if that cannot be read.
fn data_len_before<R: Read + Seek>(r: &mut R) -> Option<u32> {
    let pos = r.stream_position().ok()?;
    if pos < 8 {
        return None;
    }
    r.seek(SeekFrom::Start(pos - 4)).ok()?;
    let mut b = [0u8; 4];
    let ok = r.read_exact(&mut b).is_ok();
    r.seek(SeekFrom::Start(pos)).ok()?;
    ok.then(|| u32::from_le_bytes(b))
}

fn decode_symphonia<R: Read + Seek + Send + Sync + 'static>(
    r: R,
    label: &str,
    kind: Kind,
    sel: Sel,
    on_format: &mut dyn FnMut(u32, u16),
    sink: &mut dyn FnMut(usize, &[f32]),
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
            router = Some(Router::new(sel, channels as usize));
            checked = true;
            on_format(rate, channels);
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
    if let Some(rt) = router.as_mut() {
        rt.flush(sink);
    }
    if rate == 0 || channels == 0 {
        return Err(err(label, "no decodable audio found", CONVERT_HINT));
    }
    Ok((rate, channels))
}

/// Count, sum, minimum and maximum of one channel's integer sample values in a plain PCM WAV
/// (8-bit as value − 128). The decoded `f32` samples are exactly these integers times `scale`,
/// so e.g. the mean of the decoded samples is `sum · scale / n` with no rounding in the sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PcmStats {
    pub n: usize,
    pub sum: i64,
    pub min: i32,
    pub max: i32,
}

/// Per-channel integer statistics of a plain 8-, 16- or 24-bit PCM WAV for `sel` (every channel,
/// or one; a mix of several channels is not integer), without converting samples: (rate,
/// channels of the file, scale = 2^−(bits−1), one entry per delivered channel). `Ok(None)` when
/// the file is anything else (or not readable as such): decode it instead, which also reports
/// what is wrong with it. Errors: the data stops early.
#[allow(clippy::type_complexity)]
pub fn pcm_stats(path: &Path, sel: Sel) -> Result<Option<(u32, u16, f64, Vec<PcmStats>)>, VoiceError> {
    let label = path.display().to_string();
    let Ok(mut f) = File::open(path) else { return Ok(None) };
    let Ok(reader) = hound::WavReader::new(&mut f) else { return Ok(None) };
    let spec = reader.spec();
    let declared = reader.len() as usize;
    let channels = spec.channels as usize;
    let pcm = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 8) => Pcm::U8,
        (hound::SampleFormat::Int, 16) => Pcm::I16,
        (hound::SampleFormat::Int, 24) => Pcm::I24,
        _ => return Ok(None),
    };
    let bits = spec.bits_per_sample as u32;
    let (first, outs) = match sel {
        Sel::All => (0, channels),
        Sel::One(Channel::Index(i)) if i < channels => (i, 1),
        Sel::One(Channel::Mix) if channels == 1 => (0, 1),
        _ => return Ok(None),
    };
    let r = reader.into_inner();
    // The sums must stay exact in an f64 (53 bits) when scaled: n · 2^(bits−1) < 2^53.
    if spec.sample_rate == 0
        || declared == 0
        || !declared.is_multiple_of(channels)
        || (declared as u128) << (bits - 1) >= 1u128 << 53
        || data_len_before(r).is_none_or(|n| n as usize != declared * pcm.bytes())
    {
        return Ok(None);
    }
    let frames = declared / channels;
    let fb = pcm.bytes() * channels;
    let mut raw = vec![0u8; BLOCK_FRAMES.min(frames) * fb];
    let mut vals: Vec<i32> = Vec::with_capacity(BLOCK_FRAMES * channels);
    let mut st = vec![PcmStats { n: 0, sum: 0, min: i32::MAX, max: i32::MIN }; outs];
    let mut done = 0usize;
    while done < frames {
        let want = (frames - done).min(BLOCK_FRAMES) * fb;
        let got = read_up_to(r, &mut raw[..want]).map_err(|e| err(&label, format!("cannot read: {e}"), "check the file"))?;
        if got < want {
            let samples = done * channels + got / pcm.bytes();
            return Err(err(
                &label,
                format!("the WAV data stops after {samples} of {declared} samples (unexpected end of file)"),
                "the file looks truncated; re-export or re-copy it",
            ));
        }
        vals.clear();
        match pcm {
            Pcm::U8 => vals.extend(raw[..got].iter().map(|&b| b as i32 - 128)),
            Pcm::I16 => vals.extend(raw[..got].chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]]) as i32)),
            _ => vals.extend(raw[..got].chunks_exact(3).map(|b| i32::from_le_bytes([0, b[0], b[1], b[2]]) >> 8)),
        }
        for (k, s) in st.iter_mut().enumerate() {
            // Block sums fit an i32 (16,384 samples of at most 2^23), so the lanes stay narrow.
            let (mut sum, mut lo, mut hi) = (0i32, i32::MAX, i32::MIN);
            if channels == 1 {
                for &v in &vals {
                    sum = sum.wrapping_add(v);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            } else {
                for &v in vals.iter().skip(first + k).step_by(channels) {
                    sum = sum.wrapping_add(v);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
            // |block sum| ≤ 16,384 · 2^23 = 2^37 does not fit an i32: widen per block for 24-bit.
            s.sum += if pcm == Pcm::I24 { block_sum_i64(&vals, first + k, channels) } else { sum as i64 };
            s.n += got / fb;
            s.min = s.min.min(lo);
            s.max = s.max.max(hi);
        }
        done += got / fb;
    }
    Ok(Some((spec.sample_rate, spec.channels, 1.0 / (1u64 << (bits - 1)) as f64, st)))
}

/// Sum of every `step`-th value from `first` in i64 (24-bit blocks, whose sums overflow an i32).
fn block_sum_i64(v: &[i32], first: usize, step: usize) -> i64 {
    v.iter().skip(first).step_by(step).map(|&x| x as i64).sum()
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
    let mut r = Resampler::new(from, to)?;
    let mut out = Vec::with_capacity(((x.len() as u128 * to as u128) / from as u128) as usize);
    r.push(x, &mut out);
    r.finish(&mut out);
    Ok(out)
}

/// [`resample`] fed a piece at a time: outputs come out as soon as every input they depend on has
/// arrived, so memory is the filter's reach, not the recording. The outputs equal [`resample`]'s on
/// the whole input, sample for sample.
pub struct Resampler {
    /// Input step per output = m / l.
    m: u64,
    l: u64,
    /// Taps on each side, in input samples.
    half: i64,
    taps: usize,
    /// Polyphase table (phases × taps), when there are few enough phases.
    table: Option<Vec<f32>>,
    fc: f64,
    /// Inputs from `buf_start` on; everything before it is no longer needed.
    buf: Vec<f32>,
    buf_start: i64,
    /// Inputs received, and the next output to produce.
    received: i64,
    next: u64,
    scratch: Vec<f32>,
    identity: bool,
    /// I0(β), the Kaiser window's normaliser.
    i0b: f64,
}

const KAISER_BETA: f64 = 8.0;

impl Resampler {
    pub fn new(from: u32, to: u32) -> Result<Resampler, VoiceError> {
        if from == 0 || to == 0 {
            return Err(VoiceError::Param(format!("cannot resample from {from} Hz to {to} Hz")));
        }
        fn gcd(a: u64, b: u64) -> u64 {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        let g = gcd(from as u64, to as u64);
        let (m, l) = (from as u64 / g, to as u64 / g);
        let ratio = (to as f64 / from as f64).min(1.0);
        let fc = 0.5 * ratio * 0.95; // cycles per input sample
        let half = (16.0 / ratio).ceil() as i64;
        let taps = (2 * half + 1) as usize;
        let mut r = Resampler { m, l, half, taps, table: None, fc, buf: Vec::new(), buf_start: 0, received: 0, next: 0, scratch: vec![0.0; taps], identity: from == to, i0b: crate::intensity::bessel_i0(KAISER_BETA) };
        if l <= 4096 {
            let mut t = Vec::with_capacity(l as usize * taps);
            for p in 0..l {
                let frac = p as f64 / l as f64;
                for j in -half..=half {
                    t.push(r.h(frac - j as f64) as f32);
                }
            }
            r.table = Some(t);
        }
        Ok(r)
    }

    fn h(&self, d: f64) -> f64 {
        let r = d / (self.half as f64 + 1.0);
        if r.abs() >= 1.0 {
            return 0.0;
        }
        let a = 2.0 * std::f64::consts::PI * self.fc * d;
        let sinc = if d == 0.0 { 1.0 } else { a.sin() / a };
        2.0 * self.fc * sinc * crate::intensity::bessel_i0(KAISER_BETA * (1.0 - r * r).sqrt()) / self.i0b
    }

    /// Takes the next inputs and appends the outputs they complete to `out`.
    pub fn push(&mut self, x: &[f32], out: &mut Vec<f32>) {
        if self.identity {
            out.extend_from_slice(x);
            return;
        }
        self.buf.extend_from_slice(x);
        self.received += x.len() as i64;
        // Output i needs inputs up to floor(i·m/l) + half, and exists only when (i + 1)·m ≤ length·l
        // (the whole input's output count is floor(length·l/m), and the length is at least what arrived).
        loop {
            let base = ((self.next as u128 * self.m as u128) / self.l as u128) as i64;
            let fits = (self.next as u128 + 1) * self.m as u128 <= self.received as u128 * self.l as u128;
            if base + self.half >= self.received || !fits {
                break;
            }
            let v = self.output(self.next, self.received);
            out.push(v);
            self.next += 1;
        }
        self.trim();
    }

    /// The outputs that wait on inputs past the end (zero there), appended to `out`.
    pub fn finish(mut self, out: &mut Vec<f32>) {
        if self.identity {
            return;
        }
        let n_out = ((self.received as u128 * self.l as u128) / self.m as u128) as u64;
        while self.next < n_out {
            let v = self.output(self.next, self.received);
            out.push(v);
            self.next += 1;
        }
    }

    /// Drops the inputs no later output reaches.
    fn trim(&mut self) {
        let base = ((self.next as u128 * self.m as u128) / self.l as u128) as i64;
        let keep_from = (base - self.half).max(0);
        let drop = (keep_from - self.buf_start).clamp(0, self.buf.len() as i64) as usize;
        // only when it saves real work: amortised, each input is moved a bounded number of times
        if drop > 0 && drop >= self.buf.len() / 2 {
            self.buf.drain(..drop);
            self.buf_start += drop as i64;
        }
    }

    /// Output `i` of an input of `n` samples (those arrived so far, all that its taps reach).
    fn output(&mut self, i: u64, n: i64) -> f32 {
        let (m, l, half) = (self.m, self.l, self.half);
        let pos = i as u128 * m as u128;
        let base = (pos / l as u128) as i64;
        let p = (pos % l as u128) as u64;
        if self.table.is_none() {
            let frac = p as f64 / l as f64;
            for (k, j) in (-half..=half).enumerate() {
                self.scratch[k] = self.h(frac - j as f64) as f32;
            }
        }
        let taps = self.taps;
        let ws: &[f32] = match &self.table {
            Some(t) => &t[p as usize * taps..(p as usize + 1) * taps],
            None => &self.scratch,
        };
        let x = |idx: i64| self.buf[(idx - self.buf_start) as usize];
        let lo = base - half;
        let mut acc = 0.0f64;
        if lo >= 0 && base + half < n {
            let xs = &self.buf[(lo - self.buf_start) as usize..=(base + half - self.buf_start) as usize];
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
                    acc += (x(idx) * ws[k]) as f64;
                }
            }
        }
        acc as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn resampling_in_pieces_equals_resampling_whole() {
        let x: Vec<f32> = (0..20_011).map(|i| ((i as f32 * 0.37).sin() + ((i * 7919) % 97) as f32 / 97.0 - 0.5) * 0.5).collect();
        for (from, to) in [(44_100, 16_000), (8_000, 16_000), (22_050, 16_000), (48_000, 16_000), (15_999, 16_000), (16_000, 16_000), (3, 2)] {
            let whole = resample(&x, from, to).unwrap();
            for piece in [1usize, 7, 512, 4096, 30_000] {
                let mut r = Resampler::new(from, to).unwrap();
                let mut out = Vec::new();
                for c in x.chunks(piece) {
                    r.push(c, &mut out);
                }
                r.finish(&mut out);
                assert_eq!(out.len(), whole.len(), "{from}->{to} pieces of {piece}");
                assert!(out.iter().zip(&whole).all(|(a, b)| a.to_bits() == b.to_bits()), "{from}->{to} pieces of {piece}");
            }
        }
        // three inputs at 2:1 give one output (floor(3 / 2)), however they arrive
        let mut r = Resampler::new(2, 1).unwrap();
        let mut out = Vec::new();
        r.push(&[1.0, 1.0, 1.0], &mut out);
        r.finish(&mut out);
        assert_eq!(out.len(), resample(&[1.0, 1.0, 1.0], 2, 1).unwrap().len());
    }

    fn wav(channels: u16, bits: u16, float: bool, n_frames: usize) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: 8000,
            bits_per_sample: bits,
            sample_format: if float { hound::SampleFormat::Float } else { hound::SampleFormat::Int },
        };
        let mut c = Cursor::new(Vec::new());
        {
            let mut w = hound::WavWriter::new(&mut c, spec).unwrap();
            let mut st: u32 = 12345;
            for _ in 0..n_frames * channels as usize {
                st = st.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                if float {
                    w.write_sample((st as i32) as f32 / 2_147_483_648.0).unwrap();
                } else {
                    w.write_sample((st as i32) >> (32 - bits)).unwrap();
                }
            }
            w.finalize().unwrap();
        }
        c.into_inner()
    }

    /// The sample-by-sample reference: hound's values through the per-sample router.
    fn reference(bytes: &[u8], sel: Sel) -> Vec<Vec<f32>> {
        let r = hound::WavReader::new(Cursor::new(bytes)).unwrap();
        let spec = r.spec();
        let mut router = Router::new(sel, spec.channels as usize);
        let mut out: Vec<Vec<f32>> = Vec::new();
        let mut sink = |c: usize, xs: &[f32]| {
            if out.len() <= c {
                out.resize_with(c + 1, Vec::new);
            }
            out[c].extend_from_slice(xs)
        };
        if spec.sample_format == hound::SampleFormat::Float {
            for s in r.into_samples::<f32>() {
                router.push(s.unwrap(), &mut sink);
            }
        } else {
            let scale = 1.0 / (1u64 << (spec.bits_per_sample - 1)) as f64;
            for s in r.into_samples::<i32>() {
                router.push((s.unwrap() as f64 * scale) as f32, &mut sink);
            }
        }
        router.flush(&mut sink);
        out
    }

    #[test]
    fn block_reader_equals_sample_by_sample() {
        for (bits, float) in [(8, false), (16, false), (24, false), (32, false), (32, true)] {
            for ch in [1u16, 2, 3] {
                // Longer than one block and not a whole number of blocks or chunks.
                let bytes = wav(ch, bits, float, BLOCK_FRAMES + CHUNK / 3 + 5);
                for sel in [Sel::All, Sel::One(Channel::Mix), Sel::One(Channel::Index(ch as usize - 1))] {
                    let mut got: Vec<Vec<f32>> = Vec::new();
                    let (rate, n) = decode_into(Cursor::new(bytes.clone()), "t.wav", sel, &mut |_, _| {}, &mut |c, xs| {
                        assert!(xs.len() <= CHUNK.max(BLOCK_FRAMES));
                        if got.len() <= c {
                            got.resize_with(c + 1, Vec::new);
                        }
                        got[c].extend_from_slice(xs)
                    })
                    .unwrap();
                    assert_eq!((rate, n), (8000, ch));
                    let want = reference(&bytes, sel);
                    assert_eq!(got.len(), want.len());
                    for (g, w) in got.iter().zip(&want) {
                        assert_eq!(g.len(), w.len(), "{bits} bits, {ch} ch, {sel:?}");
                        assert!(g.iter().zip(w).all(|(a, b)| a.to_bits() == b.to_bits()), "{bits} bits, {ch} ch, {sel:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn block_reader_reports_truncation() {
        let bytes = wav(2, 16, false, 5000);
        let e = decode_bytes(&bytes[..bytes.len() - 1001], "cut.wav", Channel::Mix).unwrap_err().to_string();
        assert!(e.contains("cut.wav") && e.contains("stops after 9499 of 10000 samples"), "{e}");
    }
}
