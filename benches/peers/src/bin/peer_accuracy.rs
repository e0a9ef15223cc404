//! Accuracy@1 of toiawase and its peers on the sample corpus's labelled queries, per tier
//! and overall, on the sample corpus alone (109 entries) and inside a 10,000-entry
//! synthetic corpus. Prints markdown tables.
//!
//! ```sh
//! cargo run --release -p toiawase-peers --bin peer_accuracy            # 109 and 10,000
//! cargo run --release -p toiawase-peers --bin peer_accuracy -- 109 1000 # chosen sizes
//! cargo run --release -p toiawase-peers --bin peer_accuracy -- --reversed 10000
//! ```
//!
//! `--reversed` builds every system on the corpus in reverse order. All four systems give
//! score ties to the earlier entry, and the labelled queries are about the sample entries,
//! which come first in a synthetic corpus: reversing puts them last, so the difference
//! between the two runs shows how much each system's accuracy owes to ties.

// Shared with the other benchmarks; skip keeps `cargo fmt -p toiawase-peers` out of it.
#[rustfmt::skip]
#[path = "../../../support/synthetic.rs"]
mod synthetic;

use std::sync::Arc;
use std::time::Instant;

use toiawase::Decision;
use toiawase::evaluation::LabelledQuery;
use toiawase_peers::{
    NaiveScan, Peer, TantivyBm25, TantivyFuzzy, TantivyIndex, Toiawase, peer_accuracy_at_1,
    toiawase_accuracy_at_1,
};

const TIERS: &[&str] = &[
    "paraphrase",
    "hiragana",
    "katakana",
    "width",
    "typo",
    "synonym",
];

fn main() -> Result<(), toiawase_peers::Error> {
    let mut sizes: Vec<usize> = Vec::new();
    let mut reversed = false;
    for arg in std::env::args().skip(1) {
        if arg == "--reversed" {
            reversed = true;
        } else {
            sizes.push(arg.parse()?);
        }
    }
    if sizes.is_empty() {
        sizes = vec![109, 10_000];
    }
    let all = synthetic::labelled("all");
    for size in sizes {
        report(size, reversed, &all)?;
    }
    Ok(())
}

fn report(size: usize, reversed: bool, all: &[LabelledQuery]) -> Result<(), toiawase_peers::Error> {
    let mut corpus = synthetic::corpus(size, 42);
    if reversed {
        // Every system breaks score ties in favour of the earlier entry, and the sample
        // corpus (which the labelled queries are about) comes first: reversing the order
        // shows how much the figures owe to that.
        let mut entries = corpus.entries().to_vec();
        entries.reverse();
        corpus = toiawase::Corpus::new(entries)?;
    }
    let started = Instant::now();
    let toiawase = Toiawase::build(&corpus)?;
    let toiawase_ms = started.elapsed().as_millis();
    let started = Instant::now();
    let index = Arc::new(TantivyIndex::build(&corpus)?);
    let tantivy_ms = started.elapsed().as_millis();
    let peers: Vec<Box<dyn Peer>> = vec![
        Box::new(TantivyBm25::with_index(index.clone())),
        Box::new(TantivyFuzzy::with_index(index.clone())),
        Box::new(NaiveScan::build(&corpus)),
    ];

    println!(
        "## accuracy@1, {} entries{} ({} tantivy documents in {} segment(s); built in {} ms by toiawase, {} ms by tantivy)\n",
        corpus.len(),
        if reversed {
            ", corpus order reversed"
        } else {
            ""
        },
        index.documents(),
        index.segments(),
        toiawase_ms,
        tantivy_ms,
    );
    print!("| tier | queries | toiawase |");
    for peer in &peers {
        print!(" {} |", peer.name());
    }
    println!();
    println!("| --- | ---: | ---: |{}", " ---: |".repeat(peers.len()));

    let mut rows: Vec<(String, Vec<LabelledQuery>)> = TIERS
        .iter()
        .map(|tier| {
            let queries = all.iter().filter(|q| q.tier == *tier).cloned().collect();
            (tier.to_string(), queries)
        })
        .collect();
    rows.push((
        "all covered".to_string(),
        all.iter().filter(|q| q.is_covered()).cloned().collect(),
    ));
    for (tier, queries) in &rows {
        print!("| {tier} | {} |", queries.len());
        let accuracy = toiawase_accuracy_at_1(&toiawase.engine, queries);
        print!(" {accuracy:.3} |");
        for peer in &peers {
            let accuracy = peer_accuracy_at_1(peer.as_ref(), queries);
            print!(" {accuracy:.3} |");
        }
        println!();
    }

    // Questions the FAQ does not cover: toiawase declines them (decision other than
    // answer); the peers have no decision, only an empty result when nothing matches.
    let uncovered: Vec<&LabelledQuery> = all.iter().filter(|q| !q.is_covered()).collect();
    print!("| uncovered, not answered¹ | {} |", uncovered.len());
    let declined = uncovered
        .iter()
        .filter(|q| toiawase.engine.ask(&q.query).decision != Decision::Answer)
        .count();
    print!(" {:.3} |", declined as f64 / uncovered.len() as f64);
    for peer in &peers {
        let empty = uncovered
            .iter()
            .filter(|q| peer.top(&q.query, 1).is_empty())
            .count();
        print!(" {:.3} |", empty as f64 / uncovered.len() as f64);
    }
    println!();
    println!(
        "\n¹ toiawase: decision is not *answer* (ambiguous or no match); peers: empty result \
         (they have no threshold, so any match is an answer).\n"
    );
    Ok(())
}
