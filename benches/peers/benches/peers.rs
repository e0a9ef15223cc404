//! Per-question latency of toiawase and its peers on the same synthetic corpora and the
//! same questions.
//!
//! Groups `peers/{entries}/{tier}` for the sample corpus alone (109 entries), 1,000 and
//! 10,000 entries (and 100,000 with
//! `TOIAWASE_BENCH_LARGE=1`; building tantivy and toiawase at that size takes a while),
//! tiers paraphrase, hiragana, typo and uncovered of the labelled queries; functions
//! `toiawase`, `tantivy_bm25`, `tantivy_fuzzy`, `naive_scan`. One iteration is one
//! question: each benchmark cycles through its tier's questions. Every system answers
//! through the same `top(question, 5)` (toiawase: `Engine::search`, five candidates as
//! `ask` gives by default).
//!
//! ```sh
//! cargo bench -p toiawase-peers --bench peers                              # everything
//! TOIAWASE_BENCH_SIZES=1000 cargo bench -p toiawase-peers --bench peers     # one size
//! cargo bench -p toiawase-peers --bench peers -- 'peers/1000/typo'         # one group
//! cargo bench -p toiawase-peers --bench peers -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! The naive scan compares the question with every phrasing, so at 10,000 entries and more
//! it takes milliseconds per question: it is measured in its own group settings (10 flat
//! samples).
//!
//! Accuracy is not measured here: `cargo run --release -p toiawase-peers --bin
//! peer_accuracy`.

// Shared with the other benchmarks; skip keeps `cargo fmt -p toiawase-peers` out of it.
#[rustfmt::skip]
#[path = "../../support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use toiawase_peers::{NaiveScan, Peer, TantivyBm25, TantivyFuzzy, TantivyIndex, Toiawase};

const TIERS: &[&str] = &["paraphrase", "hiragana", "typo", "uncovered"];
const K: usize = 5;

/// The sample corpus (109 entries), 1,000 and 10,000 entries, plus 100,000 with
/// `TOIAWASE_BENCH_LARGE=1`;
/// `TOIAWASE_BENCH_SIZES=1000,…` replaces the list (a criterion filter only skips the
/// measurements, not the building of every size's systems).
fn sizes() -> Vec<usize> {
    if let Ok(list) = std::env::var("TOIAWASE_BENCH_SIZES") {
        return list
            .split(',')
            .map(|size| {
                size.trim()
                    .parse()
                    .expect("TOIAWASE_BENCH_SIZES: comma-separated numbers")
            })
            .collect();
    }
    let mut sizes = vec![109, 1_000, 10_000];
    if std::env::var("TOIAWASE_BENCH_LARGE").is_ok_and(|value| value == "1") {
        sizes.push(100_000);
    }
    sizes
}

fn bench_question(b: &mut criterion::Bencher<'_>, peer: &dyn Peer, questions: &[String]) {
    let mut next = 0usize;
    b.iter(|| {
        let question = &questions[next % questions.len()];
        next += 1;
        black_box(peer.top(black_box(question), K))
    });
}

fn peers(c: &mut Criterion) {
    let tiers: Vec<(&str, Vec<String>)> = TIERS
        .iter()
        .map(|tier| {
            let questions = synthetic::labelled(tier)
                .into_iter()
                .map(|query| query.query)
                .collect();
            (*tier, questions)
        })
        .collect();

    for entries in sizes() {
        let corpus = synthetic::corpus(entries, 42);
        let started = Instant::now();
        let toiawase = Toiawase::build(&corpus).expect("toiawase builds");
        eprintln!(
            "{entries} entries: toiawase built in {:?}",
            started.elapsed()
        );
        let started = Instant::now();
        let index = Arc::new(TantivyIndex::build(&corpus).expect("tantivy builds"));
        eprintln!(
            "{entries} entries: tantivy indexed {} phrasings in {:?} ({} segment(s))",
            index.documents(),
            started.elapsed(),
            index.segments()
        );
        let bm25 = TantivyBm25::with_index(index.clone());
        let fuzzy = TantivyFuzzy::with_index(index);
        let naive = NaiveScan::build(&corpus);
        let fast: [&dyn Peer; 3] = [&toiawase, &bm25, &fuzzy];

        for (tier, questions) in &tiers {
            let name = format!("peers/{entries}/{tier}");
            let mut group = c.benchmark_group(&name);
            for peer in fast {
                group.bench_function(peer.name(), |b| bench_question(b, peer, questions));
            }
            group.finish();

            // Same group name, settings of its own for the slow scan.
            let mut group = c.benchmark_group(&name);
            group.sampling_mode(SamplingMode::Flat).sample_size(10);
            group.bench_function(naive.name(), |b| bench_question(b, &naive, questions));
            group.finish();
        }
    }
}

criterion_group!(benches, peers);
criterion_main!(benches);
