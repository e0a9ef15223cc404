//! What a question costs at worst, and how far the slow labelled questions are from the
//! median.
//!
//! - `worst_case/{entries}/{question}`: the adversarial questions of
//!   `support/adversarial.rs` (repeated unknown words, long kana runs, 256 random kana,
//!   many near-miss typos, mixed scripts), one whole `Engine::ask` per iteration;
//! - then, printed: each adversarial question's fastest of 20 runs (on a shared machine the
//!   fastest run is the one least disturbed by other work), and the median and 99th
//!   percentile of the per-question time over the labelled questions of the sample corpus
//!   (each question's fastest of 5 runs).
//!
//! 10,000 entries; 100,000 with `TOIAWASE_BENCH_LARGE=1` (building it takes a while).
//!
//! ```sh
//! TOIAWASE_BENCH_LARGE=1 cargo bench --bench worst_case
//! ```

#[path = "support/adversarial.rs"]
mod adversarial;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use toiawase::Engine;

fn size() -> usize {
    if std::env::var_os("TOIAWASE_BENCH_LARGE").is_some() {
        100_000
    } else {
        10_000
    }
}

fn worst_case(c: &mut Criterion) {
    let size = size();
    let engine = Engine::build(&synthetic::corpus(size, 42)).expect("corpus builds");
    let questions = adversarial::questions();
    let mut group = c.benchmark_group(format!("worst_case/{size}"));
    for (name, question) in &questions {
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| black_box(engine.ask(black_box(question))))
        });
    }
    group.finish();

    let fastest_of = |runs: usize, question: &str| {
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                black_box(engine.ask(black_box(question)));
                started.elapsed().as_secs_f64() * 1e6
            })
            .fold(f64::INFINITY, f64::min)
    };
    for (name, question) in &questions {
        println!(
            "adversarial question {name} at {size} entries: fastest of 20 runs {:.0} µs",
            fastest_of(20, question)
        );
    }

    let mut times: Vec<f64> = Vec::new();
    for tier in [
        "paraphrase",
        "hiragana",
        "katakana",
        "width",
        "typo",
        "synonym",
        "uncovered",
    ] {
        for labelled in synthetic::labelled(tier) {
            times.push(fastest_of(5, &labelled.query));
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |share: f64| times[((times.len() - 1) as f64 * share).round() as usize];
    println!(
        "labelled questions at {size} entries: {} questions, median {:.1} µs, p99 {:.1} µs \
         ({:.2}× the median), slowest {:.1} µs",
        times.len(),
        at(0.5),
        at(0.99),
        at(0.99) / at(0.5),
        at(1.0)
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = worst_case
}
criterion_main!(benches);
