//! Prints accuracy of the sample corpus on the labelled queries (a maintainer's shortcut;
//! the `toiawase eval` command does the same with more options).
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus_path = args
        .next()
        .unwrap_or_else(|| "examples/municipal-faq.toml".into());
    let queries_path = args
        .next()
        .unwrap_or_else(|| "tests/data/labelled-queries.tsv".into());
    let corpus = toiawase::Corpus::from_path(&corpus_path)?;
    let started = std::time::Instant::now();
    let engine = toiawase::Engine::build(&corpus)?;
    println!(
        "compiled {} entries in {:.1} ms",
        corpus.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let queries =
        toiawase::evaluation::parse_labelled_queries(&std::fs::read_to_string(&queries_path)?)?;
    let report = toiawase::evaluation::evaluate(&engine, &queries);
    for failure in &report.failures {
        println!(
            "FAIL [{}] {} expected={} got={:?} {:?}",
            failure.tier, failure.query, failure.expected, failure.got, failure.decision
        );
    }
    for (tier, m) in &report.by_tier {
        println!(
            "{tier:12} n={:3} acc@1={:.3} acc@3={:.3} answered={:.3} declined={:.3}",
            m.queries, m.accuracy_at_1, m.accuracy_at_3, m.answered_correctly, m.declined
        );
    }
    let m = &report.overall;
    println!(
        "overall      n={:3} acc@1={:.3} acc@3={:.3} answered={:.3} declined={:.3} median={:.1}us",
        m.queries,
        m.accuracy_at_1,
        m.accuracy_at_3,
        m.answered_correctly,
        m.declined,
        m.median_query_us
    );
    Ok(())
}
