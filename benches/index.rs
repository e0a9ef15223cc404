//! Compile time, index `open` time and index file size by corpus size; compile time of an
//! entry with many keywords.
//!
//! `cargo bench --bench index`; 100,000 entries only with `TOIAWASE_BENCH_LARGE=1`.
//! File sizes are printed once per size (criterion measures time only).

#[path = "support/synthetic.rs"]
mod synthetic;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use toiawase::Engine;

fn sizes() -> Vec<usize> {
    let mut sizes = vec![100, 1_000, 10_000];
    if std::env::var_os("TOIAWASE_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    sizes
}

fn compile_and_open(c: &mut Criterion) {
    let mut compile = c.benchmark_group("compile");
    compile.sample_size(10);
    for size in sizes() {
        let corpus = synthetic::corpus(size, 42);
        compile.bench_with_input(BenchmarkId::from_parameter(size), &corpus, |b, corpus| {
            b.iter(|| black_box(Engine::build(corpus).expect("corpus builds")))
        });
    }
    compile.finish();

    // One entry with many keywords: every phrasing carries them all, which once made
    // compiling quadratic in the number of keywords (20,000: 1.5 s).
    let mut keywords = c.benchmark_group("compile_keywords");
    keywords.sample_size(10);
    for count in [5_000, 20_000] {
        let mut entry = toiawase::Entry::new(
            "many",
            ["手続きの一覧", "申請の一覧", "届出の一覧", "証明書の一覧"],
            "キーワードの多い項目です。",
        );
        entry.keywords = (0..count).map(|n| format!("キーワード{n}番")).collect();
        let corpus = toiawase::Corpus::new(vec![entry]).expect("corpus is valid");
        keywords.bench_with_input(BenchmarkId::from_parameter(count), &corpus, |b, corpus| {
            b.iter(|| black_box(Engine::build(corpus).expect("corpus builds")))
        });
    }
    keywords.finish();

    let mut open = c.benchmark_group("open");
    open.sample_size(20);
    for size in sizes() {
        let bytes = Engine::build(&synthetic::corpus(size, 42))
            .expect("corpus builds")
            .to_bytes();
        println!(
            "index size at {size} entries: {} bytes ({:.1} KiB)",
            bytes.len(),
            bytes.len() as f64 / 1024.0
        );
        open.bench_with_input(BenchmarkId::from_parameter(size), &bytes, |b, bytes| {
            b.iter(|| {
                black_box(
                    Engine::from_bytes(bytes.clone(), &toiawase::EngineOptions::default())
                        .expect("index opens"),
                )
            })
        });
    }
    open.finish();
}

criterion_group!(benches, compile_and_open);
criterion_main!(benches);
