//! Compile time, index `open` time and index file size by corpus size.
//!
//! `cargo bench --bench index`; 100,000 entries only with `TOIAWASE_BENCH_LARGE=1`.
//! File sizes are printed once per size (criterion measures time only).

#[path = "support/synthetic.rs"]
mod synthetic;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use toiawase::{Engine, SystemDictionary};

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
                    Engine::from_bytes(bytes.clone(), &SystemDictionary::Embedded)
                        .expect("index opens"),
                )
            })
        });
    }
    open.finish();
}

criterion_group!(benches, compile_and_open);
criterion_main!(benches);
