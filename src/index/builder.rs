//! Compiling a corpus into an [`Index`].
//!
//! Every step iterates in a fixed order (entries in corpus order, terms sorted), so the
//! same corpus and resources always give the same index, byte for byte.

use std::collections::{BTreeMap, BTreeSet};

use super::{Doc, DocTerm, Index, IndexData, Role, StoredEntry, TermStats, fst_bytes, shared_map};
use crate::analysis::{Analyzer, Term, fold_long_vowels, is_kana, to_katakana};
use crate::corpus::Corpus;

/// Longest corpus text analysed (characters); longer phrasings are cut.
pub(crate) const MAX_PHRASING_CHARS: usize = 2_000;

/// Most phrasings of one entry that are indexed (a document numbers its phrasing as u16).
const MAX_QUESTIONS: usize = u16::MAX as usize;

/// How often (in entries) the progress callback is called.
const PROGRESS_EVERY: usize = 256;

/// Compound words of at least this many characters are also indexed by their parts.
const MIN_COMPOUND_CHARS: usize = 3;

/// Verbs and adjectives weigh less than nouns: in a question the noun names the topic
/// (粗大ごみ, 住民票), the verb only what to do with it (捨てる, 取る).
pub(crate) const PREDICATE_WEIGHT: f32 = 0.6;

/// Most terms a document can list (a part names its word's position as a `u16`).
const MAX_DOC_TERMS: usize = u16::MAX as usize;

#[derive(Default)]
struct TermBuilder {
    readings: BTreeSet<String>,
    docs: BTreeSet<u32>,
    entries: BTreeSet<u32>,
    whole: bool,
    predicate: bool,
}

/// Builds the index of `corpus` as analysed by `analyzer`, calling `progress(done, total)`
/// as entries are analysed.
pub(crate) fn build(
    corpus: &Corpus,
    analyzer: &Analyzer,
    progress: &mut dyn FnMut(usize, usize),
) -> Index {
    let mut vocabulary: BTreeMap<String, TermBuilder> = BTreeMap::new();
    let mut docs: Vec<(Doc, Vec<LaidOutTerm>)> = Vec::new();
    let mut entries = Vec::with_capacity(corpus.len());

    for (entry_index, entry) in corpus.entries().iter().enumerate() {
        if entry_index % PROGRESS_EVERY == 0 {
            progress(entry_index, corpus.len());
        }
        let entry_index = entry_index as u32;
        let keywords: Vec<Term> = entry
            .keywords
            .iter()
            .flat_map(|keyword| analyzer.analyze(keyword, MAX_PHRASING_CHARS).terms)
            .collect();
        // An entry's phrasings beyond what a document can number are not indexed.
        for (question, text) in entry.questions.iter().enumerate().take(MAX_QUESTIONS) {
            let analysis = analyzer.analyze(text, MAX_PHRASING_CHARS);
            let doc_id = docs.len() as u32;
            let layout = lay_out(analyzer, &analysis.terms, &keywords);
            for term in &layout {
                let builder = vocabulary.entry(term.text.clone()).or_default();
                builder.readings.extend(term.readings.iter().cloned());
                builder.docs.insert(doc_id);
                builder.entries.insert(entry_index);
                builder.whole |= !matches!(term.role, Role::Part(_));
                builder.predicate |= term.predicate;
            }
            docs.push((
                Doc {
                    entry: entry_index,
                    question: question as u16,
                    terms: Vec::new(),
                    weight: 0.0,
                },
                layout,
            ));
        }
        entries.push(StoredEntry {
            id: entry.id.clone(),
            answer: entry.answer.clone(),
            category: entry.category.clone(),
            questions: entry.questions.clone(),
            keywords: entry.keywords.clone(),
            metadata_json: serde_json::to_string(&entry.metadata).unwrap_or_default(),
        });
    }

    progress(corpus.len(), corpus.len());
    add_synonym_readings(analyzer, &mut vocabulary);

    // Term ids are ranks in sorted order, which is also the order the fst needs.
    let entry_count = entries.len() as f32;
    let mut terms = Vec::with_capacity(vocabulary.len());
    let mut posting_offsets = Vec::with_capacity(vocabulary.len() + 1);
    let mut postings = Vec::new();
    let mut by_reading: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, (text, builder)) in vocabulary.iter().enumerate() {
        let frequency = builder.entries.len() as f32;
        let class_weight = if builder.predicate {
            PREDICATE_WEIGHT
        } else {
            1.0
        };
        terms.push(TermStats {
            text: text.clone(),
            entries: builder.entries.len() as u32,
            whole: builder.whole,
            idf: class_weight * (1.0 + (entry_count - frequency + 0.5) / (frequency + 0.5)).ln(),
        });
        posting_offsets.push(postings.len() as u32);
        postings.extend(builder.docs.iter().copied());
        for reading in &builder.readings {
            by_reading
                .entry(reading.clone())
                .or_default()
                .push(id as u32);
        }
    }
    posting_offsets.push(postings.len() as u32);

    let mut reading_offsets = Vec::with_capacity(by_reading.len() + 1);
    let mut reading_terms = Vec::new();
    for ids in by_reading.values() {
        reading_offsets.push(reading_terms.len() as u32);
        reading_terms.extend(ids.iter().copied());
    }
    reading_offsets.push(reading_terms.len() as u32);

    let ids: std::collections::HashMap<&str, u32> = vocabulary
        .keys()
        .enumerate()
        .map(|(id, text)| (text.as_str(), id as u32))
        .collect();
    let docs = docs
        .into_iter()
        .map(|(mut doc, layout)| {
            for laid in layout {
                if let Some(&term) = ids.get(laid.text.as_str()) {
                    doc.terms.push(DocTerm {
                        term,
                        role: laid.role,
                    });
                }
            }
            doc.weight = doc
                .terms
                .iter()
                .filter(|t| t.role == Role::Word)
                .map(|t| terms[t.term as usize].idf)
                .sum();
            doc
        })
        .collect();

    let data = IndexData {
        fingerprint: analyzer.fingerprint(),
        resources: analyzer.resources().clone(),
        entries,
        docs,
        terms,
        posting_offsets,
        postings,
        readings: by_reading.into_keys().collect(),
        reading_offsets,
        reading_terms,
    };
    // Keys come from BTreeMaps, sorted and unique: the only thing fst building checks.
    let map = |keys: Vec<&str>| {
        fst_bytes(keys)
            .ok()
            .and_then(|bytes| shared_map(bytes).ok())
            .expect("sorted unique keys always make a valid fst")
    };
    let terms = map(data.terms.iter().map(|term| term.text.as_str()).collect());
    let readings = map(data.readings.iter().map(String::as_str).collect());
    Index {
        terms,
        readings,
        data,
    }
}

/// A document's distinct terms: words first, then the parts of its compounds (each with
/// the position of its whole word), then the entry's keywords; for each, the readings it is
/// found by.
struct LaidOutTerm {
    text: String,
    predicate: bool,
    readings: Vec<String>,
    role: Role,
}

fn lay_out(analyzer: &Analyzer, terms: &[Term], keywords: &[Term]) -> Vec<LaidOutTerm> {
    let mut out: Vec<LaidOutTerm> = Vec::new();
    let push = |term: &Term, role: Role, out: &mut Vec<LaidOutTerm>| {
        if out.len() >= MAX_DOC_TERMS || out.iter().any(|t| t.text == term.text) {
            return;
        }
        let mut readings = vec![term.reading.clone(), term.surface_reading.clone()];
        if term.text.chars().all(is_kana) {
            readings.push(to_katakana(&term.text));
        }
        // Also without long vowels, as romaji typed without them reads (juminhyo).
        let folded: Vec<String> = readings.iter().map(|r| fold_long_vowels(r)).collect();
        readings.extend(folded);
        readings.retain(|reading| reading.chars().count() > 1);
        readings.sort();
        readings.dedup();
        out.push(LaidOutTerm {
            text: term.text.clone(),
            predicate: term.predicate,
            readings,
            role,
        });
    };
    for term in terms {
        push(term, Role::Word, &mut out);
    }
    let words: Vec<(u16, Term)> = out
        .iter()
        .enumerate()
        .filter_map(|(position, laid)| {
            let term = terms.iter().find(|t| t.text == laid.text)?;
            Some((position as u16, term.clone()))
        })
        .collect();
    for (position, term) in words {
        for part in compound_parts(analyzer, &term) {
            push(&part, Role::Part(position), &mut out);
        }
    }
    for keyword in keywords {
        push(keyword, Role::Keyword, &mut out);
    }
    out
}

pub(crate) fn compound_parts(analyzer: &Analyzer, term: &Term) -> Vec<Term> {
    if term.surface.chars().count() < MIN_COMPOUND_CHARS {
        return Vec::new();
    }
    analyzer
        .parts(&term.surface, term.span.start)
        .into_iter()
        .filter(|part| part.text != term.text)
        .collect()
}

/// A canonical term is also found by the readings of its synonyms, so that a kana query
/// for a variant (`もえるごみ`) reaches an index that only uses the canonical form.
fn add_synonym_readings(analyzer: &Analyzer, vocabulary: &mut BTreeMap<String, TermBuilder>) {
    let mut pairs: Vec<(&str, &str)> = analyzer.synonym_pairs().collect();
    pairs.sort_unstable();
    for (variant, canonical) in pairs {
        if let Some(builder) = vocabulary.get_mut(canonical) {
            let reading = analyzer.reading_of(variant);
            if !reading.is_empty() && reading.chars().all(is_kana) {
                builder.readings.insert(reading);
            }
            if variant.chars().all(is_kana) {
                builder.readings.insert(to_katakana(variant));
            }
        }
    }
}
