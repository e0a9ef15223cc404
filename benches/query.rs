//! Query latency by corpus size (100 to 100,000 entries) and by kind of question
//! (paraphrase, hiragana-only, typo, uncovered): the whole `Engine::ask` call, analysis
//! included. Corpora come from the seeded generator in `support/synthetic.rs`.
//!
//! `cargo bench --bench query`; 100,000 entries only with `TOIAWASE_BENCH_LARGE=1`.

#[path = "support/synthetic.rs"]
mod synthetic;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use toiawase::Engine;

const KINDS: [&str; 4] = ["paraphrase", "hiragana", "typo", "uncovered"];

fn sizes() -> Vec<usize> {
    let mut sizes = vec![100, 1_000, 10_000];
    if std::env::var_os("TOIAWASE_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    sizes
}

fn query_latency(c: &mut Criterion) {
    for size in sizes() {
        let engine = Engine::build(&synthetic::corpus(size, 42)).expect("corpus builds");
        let mut group = c.benchmark_group(format!("query/{size}"));
        for kind in KINDS {
            let questions: Vec<String> = synthetic::labelled(kind)
                .into_iter()
                .map(|labelled| labelled.query)
                .collect();
            let mut next = 0;
            group.bench_function(BenchmarkId::from_parameter(kind), |b| {
                b.iter(|| {
                    let question = &questions[next % questions.len()];
                    next += 1;
                    black_box(engine.ask(black_box(question)));
                })
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = query_latency
}
criterion_main!(benches);
