//! A recording decoded for speech: every channel at 16 kHz, kept in an anonymous temporary file rather than in
//! memory, so that transcribing a long session takes the same memory as a short one (an hour of one channel
//! is 230 MB as `f32`). The file has no name (the system removes it when it is closed, even after a crash)
//! and lives on this machine like everything else: in `ATTUNE_TMPDIR` when set, else `/var/tmp` (on disk;
//! `/tmp` is often a RAM-backed tmpfs, where the samples would take memory after all), else the system's
//! temporary folder.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use attune_speech::samples::{ReadError, Samples};
use attune_voice::audio::{Resampler, Sel};

use crate::{Error, Result};

/// One channel at 16 kHz, read a stretch at a time.
pub struct Track {
    file: File,
    len: usize,
}

impl Track {
    #[cfg(unix)]
    fn read_bytes(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.file, buf, offset)
    }

    #[cfg(windows)]
    fn read_bytes(&self, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(&self.file, buf, offset)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
            }
        }
        Ok(())
    }
}

impl Samples for Track {
    fn len(&self) -> usize {
        self.len
    }

    fn read_into(&self, start: usize, out: &mut [f32]) -> std::result::Result<(), ReadError> {
        let have = self.len.saturating_sub(start).min(out.len());
        out[have..].fill(0.0);
        if have == 0 {
            return Ok(());
        }
        let mut bytes = vec![0u8; have * 4];
        self.read_bytes(&mut bytes, start as u64 * 4).map_err(|e| ReadError(e.to_string()))?;
        for (o, b) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *o = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        Ok(())
    }
}

/// A decoded recording: its channels at 16 kHz.
pub struct Recording {
    pub channels: Vec<Track>,
}

impl Recording {
    /// Seconds (of the first channel).
    pub fn duration(&self) -> f64 {
        self.channels.first().map_or(0.0, |c| c.len as f64 / attune_speech::mel::SAMPLE_RATE as f64)
    }

    /// The channels as [`Samples`].
    pub fn tracks(&self) -> Vec<&dyn Samples> {
        self.channels.iter().map(|t| t as &dyn Samples).collect()
    }
}

/// One channel being written: resampled to 16 kHz as it arrives.
struct TrackWriter {
    out: BufWriter<File>,
    resampler: Resampler,
    /// Source samples seen, and the first that was not a finite number.
    seen: usize,
    bad: Option<usize>,
    written: usize,
    buf: Vec<f32>,
}

impl TrackWriter {
    fn new(rate: u32) -> std::io::Result<TrackWriter> {
        let resampler = Resampler::new(rate, attune_speech::mel::SAMPLE_RATE).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(TrackWriter { out: BufWriter::with_capacity(1 << 16, scratch_file()?), resampler, seen: 0, bad: None, written: 0, buf: Vec::new() })
    }

    fn push(&mut self, xs: &[f32]) -> std::io::Result<()> {
        if self.bad.is_none()
            && let Some(i) = xs.iter().position(|v| !v.is_finite())
        {
            self.bad = Some(self.seen + i);
        }
        self.seen += xs.len();
        if self.bad.is_some() {
            return Ok(());
        }
        self.buf.clear();
        self.resampler.push(xs, &mut self.buf);
        write_samples(&mut self.out, &self.buf)?;
        self.written += self.buf.len();
        Ok(())
    }

    fn finish(self) -> std::io::Result<Track> {
        let TrackWriter { mut out, resampler, mut buf, written, .. } = self;
        buf.clear();
        resampler.finish(&mut buf);
        write_samples(&mut out, &buf)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        Ok(Track { file, len: written + buf.len() })
    }
}

fn write_samples(out: &mut impl Write, xs: &[f32]) -> std::io::Result<()> {
    for v in xs {
        out.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// An anonymous file for decoded samples (see the module's documentation for where).
fn scratch_file() -> std::io::Result<File> {
    if let Some(d) = std::env::var_os("ATTUNE_TMPDIR") {
        return tempfile::tempfile_in(d);
    }
    let on_disk = Path::new("/var/tmp");
    if cfg!(unix) && on_disk.is_dir()
        && let Ok(f) = tempfile::tempfile_in(on_disk)
    {
        return Ok(f);
    }
    tempfile::tempfile()
}

/// Decodes an audio file (WAV, FLAC, MP3, Ogg, M4A) into 16 kHz channels on disk, a packet at a time.
pub fn decode(path: &Path) -> Result<Recording> {
    let label = path.display().to_string();
    let writers: RefCell<Vec<TrackWriter>> = RefCell::new(Vec::new());
    let failure: RefCell<Option<std::io::Error>> = RefCell::new(None);
    let (rate, _) = attune_voice::audio::stream_file_with_format(
        path,
        Sel::All,
        &mut |rate, channels| {
            let made: std::io::Result<Vec<TrackWriter>> = (0..channels).map(|_| TrackWriter::new(rate)).collect();
            match made {
                Ok(w) => *writers.borrow_mut() = w,
                Err(e) => *failure.borrow_mut() = Some(e),
            }
        },
        &mut |c, xs| {
            if failure.borrow().is_some() {
                return;
            }
            if let Some(w) = writers.borrow_mut().get_mut(c)
                && let Err(e) = w.push(xs)
            {
                *failure.borrow_mut() = Some(e);
            }
        },
    )?;
    let disk = |e: std::io::Error| Error::input(&label, format!("cannot keep the decoded audio in a temporary file ({e}); check the free space in /var/tmp, or set ATTUNE_TMPDIR to a folder with room"));
    if let Some(e) = failure.into_inner() {
        return Err(disk(e));
    }
    let writers = writers.into_inner();
    if let Some((c, i)) = writers.iter().enumerate().find_map(|(c, w)| w.bad.map(|i| (c, i))) {
        return Err(Error::input(
            &label,
            format!("sample {i} of channel {c} (t = {:.3} s) is not a finite number (NaN or infinity); the float data is corrupt: re-export the audio", i as f64 / rate as f64),
        ));
    }
    if writers.iter().all(|w| w.seen == 0) {
        return Err(Error::input(&label, "the file holds no audio samples; check that the recording is not empty"));
    }
    let channels = writers.into_iter().map(|w| w.finish().map_err(disk)).collect::<Result<Vec<_>>>()?;
    Ok(Recording { channels })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(path: &Path, rate: u32, channels: u16, frames: usize, value: impl Fn(usize, u16) -> f32) {
        let spec = hound::WavSpec { channels, sample_rate: rate, bits_per_sample: 32, sample_format: hound::SampleFormat::Float };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            for c in 0..channels {
                w.write_sample(value(i, c)).unwrap();
            }
        }
        w.finalize().unwrap();
    }

    #[test]
    fn channels_on_disk_equal_the_decoder_and_resampler_in_memory() {
        let dir = std::env::temp_dir().join(format!("attune-recording-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("two.wav");
        wav(&p, 22_050, 2, 50_000, |i, c| (i as f32 * 0.01 * (c + 1) as f32).sin() * 0.3);
        let rec = decode(&p).unwrap();
        let mem = attune_voice::audio::decode_channels(&p).unwrap();
        assert_eq!(rec.channels.len(), 2);
        for (t, a) in rec.channels.iter().zip(&mem) {
            let want = attune_voice::audio::resample(&a.samples, a.rate, 16_000).unwrap();
            assert_eq!(t.len(), want.len());
            assert_eq!(t.read(0, t.len()).unwrap(), want);
            // a stretch, and past the end
            assert_eq!(t.read(1000, 1003).unwrap(), want[1000..1003].to_vec());
            assert_eq!(t.read(t.len() - 1, t.len() + 2).unwrap(), vec![want[want.len() - 1], 0.0, 0.0]);
        }
        assert!((rec.duration() - 50_000.0 / 22_050.0).abs() < 1e-3);

        let bad = dir.join("nan.wav");
        wav(&bad, 16_000, 1, 100, |i, _| if i == 42 { f32::NAN } else { 0.0 });
        let e = decode(&bad).err().unwrap().to_string();
        assert!(e.contains("nan.wav") && e.contains("sample 42"), "{e}");
        let empty = dir.join("empty.wav");
        wav(&empty, 16_000, 1, 0, |_, _| 0.0);
        let e = decode(&empty).err().unwrap().to_string();
        assert!(e.contains("empty.wav") && e.contains("no audio"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
