//! Concurrency: one engine serves many threads at once, and is replaced while serving.
//!
//! `Engine` is `Send + Sync` and asking takes `&self` (README, "share it"; "to replace it
//! while serving, … swap an `Arc<Engine>` behind a `RwLock<Arc<Engine>>`; requests in flight
//! finish on the old one"). These tests hold it to both promises.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, OnceLock, RwLock};
use std::time::{Duration, Instant};

use toiawase::{Corpus, Engine, Entry, Response};

const SAMPLE: &str = "examples/municipal-faq.toml";

/// The questions of `tests/data/quality/sample/tune.tsv` (first column, comments skipped).
fn questions() -> &'static [String] {
    static QUESTIONS: OnceLock<Vec<String>> = OnceLock::new();
    QUESTIONS.get_or_init(|| {
        let text = std::fs::read_to_string("tests/data/quality/sample/tune.tsv").unwrap();
        text.lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| line.split('\t').next().unwrap().to_string())
            .collect()
    })
}

fn sample_corpus() -> Corpus {
    Corpus::from_path(SAMPLE).unwrap()
}

/// A different corpus for the replacement engine: every other entry of the sample, each
/// with a `v2-` id and a `【v2】` answer, so that a response shows which engine wrote it.
fn revised_corpus() -> Corpus {
    let entries: Vec<Entry> = sample_corpus()
        .entries()
        .iter()
        .step_by(2)
        .map(|entry| Entry {
            id: format!("v2-{}", entry.id),
            answer: format!("【v2】{}", entry.answer),
            ..entry.clone()
        })
        .collect();
    Corpus::new(entries).unwrap()
}

/// Asks per thread in the first test. Measured in a debug build on a shared 2-core
/// machine: the 80,000 asks take 30-45 s of CPU and 40-85 s of wall time, under the two
/// minutes that would call for fewer in debug builds; a release build takes a few seconds.
const ASKS_PER_THREAD: usize = 10_000;
const THREADS: usize = 8;

#[test]
fn shared_engine_answers_every_thread_as_it_answers_one() {
    let engine = Arc::new(Engine::build(&sample_corpus()).unwrap());
    let questions = questions();
    assert!(questions.len() > 500, "{} questions", questions.len());
    // What one thread gets, asked first and alone.
    let expected: Vec<Response<'_>> = questions.iter().map(|q| engine.ask(q)).collect();

    let start = Barrier::new(THREADS);
    let asked = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let engine = Arc::clone(&engine);
            let (start, asked, expected) = (&start, &asked, &expected);
            scope.spawn(move || {
                start.wait();
                // Each thread walks the questions from its own offset and stride, so that
                // different questions meet in the engine at the same time.
                let stride = [1, 3, 5, 7, 11, 13, 17, 19][thread];
                for i in 0..ASKS_PER_THREAD {
                    let at = (thread * 71 + i * stride) % questions.len();
                    let response = engine.ask(&questions[at]);
                    assert_eq!(
                        response, expected[at],
                        "thread {thread}, ask {i}: {:?}",
                        questions[at]
                    );
                    asked.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(asked.into_inner(), THREADS * ASKS_PER_THREAD);
}

#[test]
fn engine_swapped_behind_a_rwlock_serves_whole_responses_from_old_or_new() {
    let questions: Vec<&str> = questions().iter().step_by(9).map(String::as_str).collect();
    // Expected responses of both engines (builds are deterministic, so a separately built
    // engine answers exactly like the one the writer will build).
    let old_reference = Engine::build(&sample_corpus()).unwrap();
    let new_reference = Engine::build(&revised_corpus()).unwrap();
    let old_expected: Vec<Response<'_>> = questions.iter().map(|q| old_reference.ask(q)).collect();
    let new_expected: Vec<Response<'_>> = questions.iter().map(|q| new_reference.ask(q)).collect();
    // The two engines must be told apart by what they answer.
    assert!(
        old_expected
            .iter()
            .zip(&new_expected)
            .filter(|(old, new)| old != new)
            .count()
            > questions.len() / 2
    );

    let serving = RwLock::new(Arc::new(Engine::build(&sample_corpus()).unwrap()));
    let old_engine = Arc::downgrade(&serving.read().unwrap());
    let swapped = AtomicBool::new(false);
    let reads_before_swap = AtomicUsize::new(0);
    const READERS: usize = 4;
    const READS_AFTER_SWAP: usize = 40;
    // Whether a reader that held the old engine across the swap still got old answers.
    let in_flight_checked = AtomicBool::new(false);
    let in_flight_holds_old = AtomicBool::new(false);

    std::thread::scope(|scope| {
        let mut readers = Vec::new();
        for reader in 0..READERS {
            let (serving, swapped, reads_before_swap) = (&serving, &swapped, &reads_before_swap);
            let (questions, old_expected, new_expected) =
                (&questions, &old_expected, &new_expected);
            readers.push(scope.spawn(move || {
                // Responses only the old, or only the new, engine gives (a "no match" without
                // candidates can come from either).
                let (mut old_only, mut new_only, mut after_swap) = (0usize, 0usize, 0usize);
                let mut i = reader * 13;
                while after_swap < READS_AFTER_SWAP {
                    // Read the flag before taking the lock: a swap that was complete before
                    // this read began must be visible to it.
                    let swap_was_done = swapped.load(Ordering::SeqCst);
                    let engine = Arc::clone(&serving.read().unwrap());
                    let at = i % questions.len();
                    let response = engine.ask(questions[at]);
                    let from_old = response == old_expected[at];
                    let from_new = response == new_expected[at];
                    assert!(
                        from_old || from_new,
                        "reader {reader}: {:?} got a response from neither engine: {response:?}",
                        questions[at]
                    );
                    // Consistent within itself: ids and answers all of one corpus.
                    let revised = response
                        .candidates
                        .iter()
                        .map(|m| (m.id.starts_with("v2-"), m.answer.starts_with("【v2】")));
                    for (id_is_new, answer_is_new) in revised {
                        assert_eq!(id_is_new, answer_is_new, "{response:?}");
                        assert_eq!(id_is_new, from_new && !from_old, "{response:?}");
                    }
                    if swap_was_done {
                        assert!(
                            from_new,
                            "reader {reader}: read after the swap answered from the old engine"
                        );
                        after_swap += 1;
                    } else {
                        reads_before_swap.fetch_add(1, Ordering::SeqCst);
                    }
                    if from_new && !from_old {
                        new_only += 1;
                    } else if from_old && !from_new {
                        old_only += 1;
                    }
                    i += 1;
                }
                (old_only, new_only)
            }));
        }

        // A request in flight: it took the old engine before the swap and asks after it.
        let in_flight = {
            let (serving, swapped, in_flight_checked) = (&serving, &swapped, &in_flight_checked);
            let (questions, old_expected, holds) =
                (&questions, &old_expected, &in_flight_holds_old);
            scope.spawn(move || {
                let engine = Arc::clone(&serving.read().unwrap());
                holds.store(true, Ordering::SeqCst);
                let deadline = Instant::now() + Duration::from_secs(600);
                while !swapped.load(Ordering::SeqCst) {
                    assert!(Instant::now() < deadline, "the writer never swapped");
                    std::thread::yield_now();
                }
                for (question, expected) in questions.iter().zip(old_expected) {
                    assert_eq!(&engine.ask(question), expected);
                }
                in_flight_checked.store(true, Ordering::SeqCst);
            })
        };

        // The writer: builds the new engine while the readers are served by the old one,
        // then swaps it in.
        let new_engine = Arc::new(Engine::build(&revised_corpus()).unwrap());
        let deadline = Instant::now() + Duration::from_secs(600);
        while reads_before_swap.load(Ordering::SeqCst) < READERS * 10
            || !in_flight_holds_old.load(Ordering::SeqCst)
        {
            assert!(Instant::now() < deadline, "readers made no progress");
            std::thread::yield_now();
        }
        *serving.write().unwrap() = new_engine;
        swapped.store(true, Ordering::SeqCst);

        in_flight.join().unwrap();
        let (mut old_total, mut new_total) = (0, 0);
        for reader in readers {
            let (old_only, new_only) = reader.join().unwrap();
            old_total += old_only;
            new_total += new_only;
        }
        assert!(old_total > 0, "no reader was ever served by the old engine");
        assert!(new_total > 0, "no reader was ever served by the new engine");
    });
    assert!(in_flight_checked.load(Ordering::SeqCst));
    // Every Arc of the old engine is gone: it was freed, not leaked.
    assert!(old_engine.upgrade().is_none());
    // And everything served now comes from the new engine.
    let engine = Arc::clone(&serving.read().unwrap());
    for (question, expected) in questions.iter().zip(&new_expected) {
        assert_eq!(&engine.ask(question), expected);
    }
}
