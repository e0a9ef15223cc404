fn main() {
    let corpus = toiawase::Corpus::from_path("examples/municipal-faq.toml").unwrap();
    let engine = toiawase::Engine::build(&corpus).unwrap();
    for q in std::env::args().skip(1) {
        let a = engine.analyzer().analyze(&q, 256);
        println!(
            "== {q}: terms {:?}",
            a.terms
                .iter()
                .map(|t| format!(
                    "{}({}/{}){}",
                    t.text,
                    t.reading,
                    t.surface_reading,
                    if t.synonym { "*" } else { "" }
                ))
                .collect::<Vec<_>>()
        );
        let r = engine.ask(&q);
        println!("   decision {:?}", r.decision);
        for m in r.candidates.iter().take(3) {
            println!(
                "   {:.3} {} [{}] matched={:?} unmatched={:?} qc={:.2} pc={:.2} sim={:.2}",
                m.confidence,
                m.id,
                m.phrasing,
                m.explanation
                    .matched
                    .iter()
                    .map(|t| format!("{}->{}:{}", t.query, t.term, t.kind))
                    .collect::<Vec<_>>(),
                m.explanation.unmatched,
                m.explanation.query_coverage,
                m.explanation.phrasing_coverage,
                m.explanation.similarity
            );
        }
    }
}
