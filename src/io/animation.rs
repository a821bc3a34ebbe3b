//! Writing an animation frame by frame: an animated GIF, an H.264 MP4, or a
//! folder of numbered PNGs. Frames are streamed to the encoder as they
//! come, never all held; the output appears under its name only once
//! whole (it is written beside it first, and removed if anything fails).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What an output path asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnimationKind {
    /// `*.gif`
    Gif,
    /// `*.mp4`
    Mp4,
    /// A path ending in `/`: a folder of `frame-0001.png`, ...
    Frames,
}

impl AnimationKind {
    /// The kind `path` names, if any.
    pub fn of(path: &Path) -> Option<Self> {
        let text = path.to_string_lossy();
        if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
            return Some(Self::Frames);
        }
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "gif" => Some(Self::Gif),
            "mp4" => Some(Self::Mp4),
            _ => None,
        }
    }

    /// The name in menus and messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gif => "GIF",
            Self::Mp4 => "MP4 (H.264)",
            Self::Frames => "PNG frames",
        }
    }
}

/// Why an animation could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AnimationError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the {encoder} encoder failed: {reason}")]
    Encoder {
        path: String,
        encoder: &'static str,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

/// One frame: RGBA bytes, row by row, unpremultiplied.
#[derive(Clone, Copy, Debug)]
pub struct FrameRef<'a> {
    pub width: u32,
    pub height: u32,
    pub rgba: &'a [u8],
}

/// Where frames go, one after the other.
pub trait FrameSink: Send {
    /// Adds the next frame.
    fn push(&mut self, frame: FrameRef<'_>) -> Result<(), AnimationError>;
    /// Ends the animation and puts it under its name.
    fn finish(self: Box<Self>) -> Result<(), AnimationError>;
}

/// A sink for `path` (its kind from its name), `size` pixels, at `fps`.
pub fn open(path: &Path, size: [u32; 2], fps: u32) -> Result<Box<dyn FrameSink>, AnimationError> {
    let kind = AnimationKind::of(path).ok_or_else(|| AnimationError::Invalid {
        path: path.display().to_string(),
        reason: "the output must end in .gif or .mp4, or in / for a folder of PNG frames".into(),
    })?;
    Ok(match kind {
        AnimationKind::Gif => Box::new(GifSink::create(path, size, fps)?),
        AnimationKind::Mp4 => Box::new(Mp4Sink::create(path, size, fps)?),
        AnimationKind::Frames => Box::new(FramesSink::create(path)?),
    })
}

/// A file written beside its final name, moved there when whole; removed
/// if dropped before.
struct Staged {
    part: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Staged {
    fn new(target: &Path) -> Self {
        let mut part = target.as_os_str().to_owned();
        part.push(".part");
        Self {
            part: PathBuf::from(part),
            target: target.to_path_buf(),
            done: false,
        }
    }

    fn io(&self, source: std::io::Error) -> AnimationError {
        AnimationError::Io {
            path: self.target.display().to_string(),
            source,
        }
    }

    fn commit(&mut self) -> Result<(), AnimationError> {
        std::fs::rename(&self.part, &self.target).map_err(|e| self.io(e))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            // A half-written output is worse than none.
            let _ = std::fs::remove_file(&self.part).or_else(|_| std::fs::remove_dir_all(&self.part));
        }
    }
}

/// An animated GIF, looping; each frame with its own palette.
struct GifSink {
    staged: Staged,
    encoder: Option<gif::Encoder<BufWriter<File>>>,
    delay_cs: u16,
}

impl GifSink {
    fn create(path: &Path, [w, h]: [u32; 2], fps: u32) -> Result<Self, AnimationError> {
        let staged = Staged::new(path);
        let file = File::create(&staged.part).map_err(|e| staged.io(e))?;
        let fail = |e: gif::EncodingError| AnimationError::Encoder {
            path: path.display().to_string(),
            encoder: "GIF",
            reason: e.to_string(),
        };
        let (w, h) = (dim(w, path)?, dim(h, path)?);
        let mut encoder = gif::Encoder::new(BufWriter::new(file), w, h, &[]).map_err(fail)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(fail)?;
        Ok(Self {
            staged,
            encoder: Some(encoder),
            delay_cs: (100 / fps.max(1)).clamp(2, 1000) as u16,
        })
    }
}

fn dim(n: u32, path: &Path) -> Result<u16, AnimationError> {
    u16::try_from(n).map_err(|_| AnimationError::Invalid {
        path: path.display().to_string(),
        reason: format!("{n} pixels is too large for a GIF"),
    })
}

impl FrameSink for GifSink {
    fn push(&mut self, frame: FrameRef<'_>) -> Result<(), AnimationError> {
        let path = self.staged.target.display().to_string();
        let Some(encoder) = &mut self.encoder else {
            return Ok(());
        };
        let (w, h) = (
            dim(frame.width, &self.staged.target)?,
            dim(frame.height, &self.staged.target)?,
        );
        let mut rgba = frame.rgba.to_vec();
        // NeuQuant at speed 10: a good palette per frame in a fraction of a second.
        let mut f = gif::Frame::from_rgba_speed(w, h, &mut rgba, 10);
        f.delay = self.delay_cs;
        encoder.write_frame(&f).map_err(|e| AnimationError::Encoder {
            path,
            encoder: "GIF",
            reason: e.to_string(),
        })
    }

    fn finish(mut self: Box<Self>) -> Result<(), AnimationError> {
        if let Some(encoder) = self.encoder.take() {
            let mut out = encoder
                .into_inner()
                .map_err(|e| self.staged.io(std::io::Error::other(e)))?;
            out.flush().map_err(|e| self.staged.io(e))?;
        }
        self.staged.commit()
    }
}

/// Numbered PNGs in a folder.
struct FramesSink {
    staged: Staged,
    count: usize,
}

impl FramesSink {
    fn create(path: &Path) -> Result<Self, AnimationError> {
        let target = PathBuf::from(
            path.to_string_lossy()
                .trim_end_matches(['/', std::path::MAIN_SEPARATOR]),
        );
        let staged = Staged::new(&target);
        let not_empty = std::fs::read_dir(&target).is_ok_and(|mut d| d.next().is_some());
        if not_empty {
            return Err(AnimationError::Invalid {
                path: target.display().to_string(),
                reason: "the folder exists and is not empty".into(),
            });
        }
        let _ = std::fs::remove_dir_all(&staged.part);
        std::fs::create_dir_all(&staged.part).map_err(|e| staged.io(e))?;
        Ok(Self { staged, count: 0 })
    }
}

impl FrameSink for FramesSink {
    fn push(&mut self, frame: FrameRef<'_>) -> Result<(), AnimationError> {
        self.count += 1;
        let file = self.staged.part.join(format!("frame-{:04}.png", self.count));
        image::save_buffer(
            &file,
            frame.rgba,
            frame.width,
            frame.height,
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| AnimationError::Encoder {
            path: self.staged.target.display().to_string(),
            encoder: "PNG",
            reason: e.to_string(),
        })
    }

    fn finish(mut self: Box<Self>) -> Result<(), AnimationError> {
        // An empty folder left by the user makes way for the frames.
        let _ = std::fs::remove_dir(&self.staged.target);
        self.staged.commit()
    }
}

/// H.264 in an MP4 file: each frame encoded as it comes and written as one
/// sample.
struct Mp4Sink {
    staged: Staged,
    encoder: openh264::encoder::Encoder,
    writer: Option<mp4::Mp4Writer<BufWriter<File>>>,
    size: [u32; 2],
    fps: u32,
    frames: u64,
    track_added: bool,
}

impl Mp4Sink {
    fn create(path: &Path, size: [u32; 2], fps: u32) -> Result<Self, AnimationError> {
        use openh264::encoder::{BitRate, EncoderConfig, FrameRate};
        if size[0] % 2 == 1 || size[1] % 2 == 1 {
            return Err(AnimationError::Invalid {
                path: path.display().to_string(),
                reason: "an MP4's width and height must be even".into(),
            });
        }
        let fail = |reason: String| AnimationError::Encoder {
            path: path.display().to_string(),
            encoder: "H.264",
            reason,
        };
        let pixels = u64::from(size[0]) * u64::from(size[1]);
        let config = EncoderConfig::new()
            .max_frame_rate(FrameRate::from_hz(fps.max(1) as f32))
            .bitrate(BitRate::from_bps((pixels * 4).clamp(500_000, 12_000_000) as u32));
        let encoder =
            openh264::encoder::Encoder::with_api_config(openh264::OpenH264API::from_source(), config)
                .map_err(|e| fail(e.to_string()))?;
        let staged = Staged::new(path);
        let file = File::create(&staged.part).map_err(|e| staged.io(e))?;
        let config = mp4::Mp4Config {
            major_brand: str_fourcc("isom"),
            minor_version: 512,
            compatible_brands: ["isom", "iso2", "avc1", "mp41"].map(str_fourcc).to_vec(),
            timescale: 1000,
        };
        let writer =
            mp4::Mp4Writer::write_start(BufWriter::new(file), &config).map_err(|e| fail(e.to_string()))?;
        Ok(Self {
            staged,
            encoder,
            writer: Some(writer),
            size,
            fps: fps.max(1),
            frames: 0,
            track_added: false,
        })
    }

    fn fail(&self, reason: impl ToString) -> AnimationError {
        AnimationError::Encoder {
            path: self.staged.target.display().to_string(),
            encoder: "H.264",
            reason: reason.to_string(),
        }
    }
}

fn str_fourcc(s: &str) -> mp4::FourCC {
    let b = s.as_bytes();
    mp4::FourCC::from([0, 1, 2, 3].map(|k| b.get(k).copied().unwrap_or(b' ')))
}

/// The NAL units of an Annex B stream, without their start codes.
fn nal_units(stream: &[u8]) -> Vec<&[u8]> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 3 <= stream.len() {
        if stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 {
            starts.push(i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let mut end = starts.get(k + 1).map_or(stream.len(), |&n| n - 3);
            // A four-byte start code leaves a zero before the next three.
            while end > s && stream[end - 1] == 0 && starts.get(k + 1).is_some() {
                end -= 1;
            }
            &stream[s..end]
        })
        .filter(|n| !n.is_empty())
        .collect()
}

impl FrameSink for Mp4Sink {
    fn push(&mut self, frame: FrameRef<'_>) -> Result<(), AnimationError> {
        use openh264::formats::{RgbaSliceU8, YUVBuffer};
        let [w, h] = self.size;
        if frame.width != w || frame.height != h {
            return Err(self.fail(format!(
                "frame of {}x{} in a {w}x{h} video",
                frame.width, frame.height
            )));
        }
        let yuv = YUVBuffer::from_rgb_source(RgbaSliceU8::new(frame.rgba, (w as usize, h as usize)));
        let stream = match self.encoder.encode(&yuv) {
            Ok(bits) => bits.to_vec(),
            Err(e) => return Err(self.fail(e)),
        };
        let units = nal_units(&stream);
        let kind = |n: &[u8]| n.first().map_or(0, |b| b & 0x1f);
        if !self.track_added {
            let sps = units.iter().find(|n| kind(n) == 7).map(|n| n.to_vec());
            let pps = units.iter().find(|n| kind(n) == 8).map(|n| n.to_vec());
            let (Some(sps), Some(pps)) = (sps, pps) else {
                return Err(self.fail("the first frame has no SPS and PPS"));
            };
            let track = mp4::TrackConfig {
                track_type: mp4::TrackType::Video,
                timescale: self.fps * 1000,
                language: "und".into(),
                media_conf: mp4::MediaConfig::AvcConfig(mp4::AvcConfig {
                    width: w as u16,
                    height: h as u16,
                    seq_param_set: sps,
                    pic_param_set: pps,
                }),
            };
            if let Some(writer) = &mut self.writer {
                writer.add_track(&track).map_err(|e| self.fail(e))?;
            }
            self.track_added = true;
        }
        // Length-prefixed NAL units, parameter sets left to the track's header.
        let mut sample = Vec::with_capacity(stream.len());
        let mut sync = false;
        for n in units.iter().filter(|n| !matches!(kind(n), 7 | 8)) {
            sync |= kind(n) == 5;
            sample.extend_from_slice(&(n.len() as u32).to_be_bytes());
            sample.extend_from_slice(n);
        }
        let sample = mp4::Mp4Sample {
            start_time: self.frames * 1000,
            duration: 1000,
            rendering_offset: 0,
            is_sync: sync,
            bytes: mp4::Bytes::from(sample),
        };
        self.frames += 1;
        match &mut self.writer {
            Some(writer) => writer.write_sample(1, &sample).map_err(|e| self.fail(e)),
            None => Ok(()),
        }
    }

    fn finish(mut self: Box<Self>) -> Result<(), AnimationError> {
        if let Some(mut writer) = self.writer.take() {
            writer.write_end().map_err(|e| self.fail(e))?;
            let mut out = writer.into_writer();
            out.flush().map_err(|e| self.staged.io(e))?;
        }
        self.staged.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_told_apart_by_their_names() {
        assert_eq!(
            AnimationKind::of(Path::new("story.gif")),
            Some(AnimationKind::Gif)
        );
        assert_eq!(
            AnimationKind::of(Path::new("story.MP4")),
            Some(AnimationKind::Mp4)
        );
        assert_eq!(
            AnimationKind::of(Path::new("frames/")),
            Some(AnimationKind::Frames)
        );
        assert_eq!(AnimationKind::of(Path::new("story.avi")), None);
    }

    #[test]
    fn nal_units_are_split_at_three_and_four_byte_start_codes() {
        let stream = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5];
        let units = nal_units(&stream);
        assert_eq!(units, [&[0x67, 1, 2][..], &[0x68, 3][..], &[0x65, 4, 5][..]]);
    }

    #[test]
    fn a_sink_dropped_before_its_end_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("chronomap-anim-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("half.gif");
        {
            let mut sink = open(&path, [4, 2], 4).unwrap();
            let rgba = [255u8; 4 * 4 * 2];
            sink.push(FrameRef {
                width: 4,
                height: 2,
                rgba: &rgba,
            })
            .unwrap();
        }
        assert!(!path.exists());
        assert!(!dir.join("half.gif.part").exists());
    }
}
