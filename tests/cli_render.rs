//! `chronomap render`: the story as a GIF, an MP4 and PNG frames, made with
//! no display (DISPLAY and WAYLAND_DISPLAY unset), decoded back; and the
//! arguments it refuses, leaving nothing behind.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chronomap-render-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `render` over the built-in article, with no display to open.
fn render(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronomap"))
        .arg("render")
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap()
}

/// The example: 2020-09-01 to 2022-11-01 by a month, 27 frames (small, to be quick).
fn example(out: &Path) -> Output {
    render(&[
        "--from",
        "2020-09-01",
        "--to",
        "2022-11-01",
        "--step",
        "1m",
        "--size",
        "320x180",
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn a_gif_of_27_frames_that_change_with_the_day() {
    let dir = out_dir("gif");
    let path = dir.join("story.gif");
    let out = example(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!((decoder.width(), decoder.height()), (320, 180));
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        frames.push(frame.buffer.to_vec());
    }
    assert_eq!(frames.len(), 27);
    assert_ne!(frames[0], frames[26], "the date and the events change");
    assert!(!dir.join("story.gif.part").exists());
}

#[test]
fn an_mp4_of_27_frames() {
    let dir = out_dir("mp4");
    let path = dir.join("story.mp4");
    let out = example(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let size = std::fs::metadata(&path).unwrap().len();
    let reader = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
    let mut mp4 = mp4::Mp4Reader::read_header(reader, size).unwrap();
    let track = mp4.tracks().values().next().unwrap();
    assert_eq!(track.sample_count(), 27);
    assert_eq!((track.width(), track.height()), (320, 180));
    assert_eq!(track.media_type().unwrap(), mp4::MediaType::H264);
    // Decoded as a player would: the parameter sets from the track's avcC,
    // then each sample's length-prefixed NAL units, with an H.264 decoder.
    let start_code = |nal: &[u8]| [&[0, 0, 0, 1][..], nal].concat();
    let mut stream = start_code(track.sequence_parameter_set().unwrap());
    stream.extend(start_code(track.picture_parameter_set().unwrap()));
    let track_id = track.track_id();
    let mut decoder = openh264::decoder::Decoder::new().unwrap();
    let mut pictures = 0;
    for sample_id in 1..=27 {
        let sample = mp4.read_sample(track_id, sample_id).unwrap().unwrap();
        let mut bytes = &sample.bytes[..];
        while bytes.len() >= 4 {
            let len = u32::from_be_bytes(bytes[..4].try_into().unwrap()) as usize;
            stream.extend(start_code(&bytes[4..4 + len]));
            bytes = &bytes[4 + len..];
        }
        assert!(bytes.is_empty(), "sample {sample_id} is whole NAL units");
        if let Some(picture) = decoder.decode(&stream).unwrap() {
            use openh264::formats::YUVSource;
            assert_eq!(picture.dimensions(), (320, 180));
            pictures += 1;
        }
        stream.clear();
    }
    pictures += decoder.flush_remaining().unwrap().len();
    assert_eq!(pictures, 27, "every frame decodes");
}

#[test]
fn a_folder_of_numbered_png_frames() {
    let dir = out_dir("frames");
    let frames = dir.join("frames");
    let out = example(Path::new(&format!("{}/", frames.display())));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&frames)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 27);
    assert_eq!(names[0], "frame-0001.png");
    let first = image::open(frames.join("frame-0001.png")).unwrap();
    assert_eq!((first.width(), first.height()), (320, 180));
}

#[test]
fn bad_arguments_exit_2_with_one_line_and_leave_nothing() {
    let dir = out_dir("bad");
    let gif = dir.join("bad.gif");
    let gif = gif.to_str().unwrap();
    for (args, says) in [
        (
            vec![
                "--from",
                "2022-01-01",
                "--to",
                "2022-02-01",
                "--step",
                "1x",
                "--out",
                gif,
            ],
            "is not a step",
        ),
        (
            vec![
                "--from",
                "2022-01-01",
                "--to",
                "2022-02-01",
                "--size",
                "101x50",
                "--out",
                gif,
            ],
            "is not a size",
        ),
        (
            vec!["--from", "2022-03-01", "--to", "2022-02-01", "--out", gif],
            "is after --to",
        ),
        (
            vec![
                "--from",
                "2022-01-01",
                "--to",
                "2022-02-01",
                "--fps",
                "0",
                "--out",
                gif,
            ],
            "--fps",
        ),
        (
            vec!["--from", "2022-01-01", "--to", "2022-13-01", "--out", gif],
            "YYYY-MM-DD",
        ),
    ] {
        let out = render(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line: {err}");
    }
    let avi = dir.join("story.avi");
    let out = render(&[
        "--from",
        "2022-01-01",
        "--to",
        "2022-02-01",
        "--out",
        avi.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("must end in .gif or .mp4")
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "nothing written");
}
