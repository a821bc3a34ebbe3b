//! Extraction speed: a news article of about 2,000 words (the test set's
//! articles one after another) turned into dated events, with the built-in
//! gazetteer. Run: `cargo bench --bench extract`.

#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use chronomap::model::extract::{events::to_events, extract};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// The test set's articles, one after another, to about `words` words.
fn long_article(words: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut text = String::new();
    for path in paths {
        if text.split_whitespace().count() >= words {
            break;
        }
        text.push_str(&std::fs::read_to_string(path).unwrap());
        text.push('\n');
    }
    text
}

fn extraction(c: &mut Criterion) {
    let atlas = chronomap::embedded::atlas().unwrap();
    let text = long_article(2_000);
    let words = text.split_whitespace().count();
    let article = chronomap::io::article::from_text(&text);
    let published = chrono::NaiveDate::from_ymd_opt(2025, 1, 30).unwrap();
    c.bench_function(&format!("extract a {words}-word article"), |b| {
        b.iter(|| {
            let x = extract(black_box(&article), published, &atlas);
            black_box(to_events(&x, &article, published, &atlas, "bench"))
        })
    });
}

criterion_group!(benches, extraction);
criterion_main!(benches);
