//! Compiling a corpus into an [`Index`].
//!
//! Every step iterates in a fixed order (entries in corpus order, terms sorted), so the
//! same corpus and resources always give the same index, byte for byte.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{
    Doc, DocTerm, FOLDED_MARK, Index, IndexData, Neighbourhoods, Role, StoredEntry, TermStats,
    fst_bytes, shared_map,
};
use crate::analysis::{
    Analysis, Analyzer, Term, Token, TokenClass, fold_long_vowels, is_kana, is_katakana,
    to_katakana,
};
use crate::corpus::{Corpus, Entry};
use crate::matching::Thresholds;

/// Longest corpus text analysed (characters); longer phrasings are cut.
pub(crate) const MAX_PHRASING_CHARS: usize = 2_000;

/// How often (in entries) the progress callback is called.
const PROGRESS_EVERY: usize = 256;

/// Compound words of at least this many characters are also indexed by their parts.
const MIN_COMPOUND_CHARS: usize = 3;

/// Phrasings of at most this many characters (an item's name, not a sentence) are also
/// indexed as one term, so that a question naming the item as a whole, in another spelling
/// (一升瓶 for 一升びん) or with a slip, finds it.
const MAX_WHOLE_PHRASING_CHARS: usize = 12;

/// Verbs and adjectives weigh less than nouns: in a question the noun names the topic
/// (粗大ごみ, 住民票), the verb only what to do with it (捨てる, 取る).
pub(crate) const PREDICATE_WEIGHT: f32 = 0.6;

#[derive(Default)]
struct TermBuilder {
    readings: BTreeSet<String>,
    /// Documents using the term in their phrasing or keywords.
    docs: BTreeSet<u32>,
    /// Documents using it in their answer only.
    answer_docs: BTreeSet<u32>,
    /// Entries using the term in a phrasing or keyword.
    entries: BTreeSet<u32>,
    /// Entries using it only in their answer.
    answer_entries: BTreeSet<u32>,
    whole: bool,
    predicate: bool,
}

/// Builds the index of `corpus` as analysed by `analyzer`, calling `progress(done, total)`
/// as entries are analysed.
pub(crate) fn build(
    corpus: &Corpus,
    analyzer: &Analyzer,
    thresholds: Thresholds,
    progress: &mut dyn FnMut(usize, usize),
) -> Index {
    let mut vocabulary: BTreeMap<String, TermBuilder> = BTreeMap::new();
    let mut docs: Vec<(Doc, Vec<LaidOutTerm>)> = Vec::new();
    let mut entries = Vec::with_capacity(corpus.len());

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
    let analysed = analyse_entries(analyzer, corpus.entries(), threads, progress);
    for (entry_index, (entry, phrasings)) in corpus.entries().iter().zip(analysed).enumerate() {
        let entry_index = entry_index as u32;
        for (question, phrasing) in phrasings.into_iter().enumerate() {
            let doc_id = docs.len() as u32;
            for term in &phrasing.layout {
                let builder = vocabulary.entry(term.text.clone()).or_default();
                builder.readings.extend(term.readings.iter().cloned());
                if term.role == Role::Answer {
                    builder.answer_docs.insert(doc_id);
                    builder.answer_entries.insert(entry_index);
                } else {
                    builder.docs.insert(doc_id);
                    builder.entries.insert(entry_index);
                }
                builder.whole |= term.role == Role::Word;
                builder.predicate |= term.predicate;
            }
            docs.push((
                Doc {
                    entry: entry_index,
                    question: question as u32,
                    alias: phrasing.alias,
                    chars: phrasing.chars,
                    terms: Vec::new(),
                    weight: 0.0,
                    modifiers: 0,
                },
                phrasing.layout,
            ));
        }
        entries.push(StoredEntry {
            id: entry.id.clone(),
            answer: entry.answer.clone(),
            category: entry.category.clone(),
            title: entry.title.clone(),
            questions: entry.questions.clone(),
            aliases: entry.aliases.clone(),
            keywords: entry.keywords.clone(),
            metadata_json: serde_json::to_string(&entry.metadata).unwrap_or_default(),
        });
    }

    progress(corpus.len(), corpus.len());
    add_synonym_readings(analyzer, &mut vocabulary);
    add_dictionary_readings(analyzer, &mut vocabulary);

    // Term ids are ranks in sorted order, which is also the order the fst needs.
    let entry_count = entries.len() as f32;
    let mut terms = Vec::with_capacity(vocabulary.len());
    let mut posting_offsets = Vec::with_capacity(vocabulary.len() + 1);
    let mut answer_postings = Vec::with_capacity(vocabulary.len());
    let mut postings = Vec::new();
    let mut by_reading: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, (text, builder)) in vocabulary.iter().enumerate() {
        // A term of the answers only is as rare as the answers that use it.
        let frequency = if builder.entries.is_empty() {
            builder.answer_entries.len()
        } else {
            builder.entries.len()
        } as f32;
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
        answer_postings.push(postings.len() as u32);
        postings.extend(builder.answer_docs.iter().copied());
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

    let ids: HashMap<&str, u32> = vocabulary
        .keys()
        .enumerate()
        .map(|(id, text)| (text.as_str(), id as u32))
        .collect();
    let docs: Vec<Doc> = docs
        .into_iter()
        .map(|(mut doc, layout)| {
            for (position, laid) in layout.into_iter().enumerate() {
                if laid.modifier && position < 64 {
                    doc.modifiers |= 1 << position;
                }
                if let Some(&term) = ids.get(laid.text.as_str()) {
                    doc.terms.push(DocTerm {
                        term,
                        role: laid.role,
                        chars: laid.chars,
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

    // Ties between phrasings are broken by entry id and phrasing, never by file position.
    let mut by_id: Vec<u32> = (0..docs.len() as u32).collect();
    by_id.sort_by_key(|&doc| {
        let doc = &docs[doc as usize];
        (entries[doc.entry as usize].id.as_str(), doc.question)
    });
    let mut doc_ranks = vec![0u32; docs.len()];
    for (rank, &doc) in by_id.iter().enumerate() {
        doc_ranks[doc as usize] = rank as u32;
    }

    let readings: Vec<String> = by_reading.into_keys().collect();
    let neighbourhoods = Neighbourhoods::build(
        terms.iter().map(|term| term.text.as_str()),
        readings.iter().map(String::as_str),
    );
    let data = IndexData {
        fingerprint: analyzer.fingerprint(),
        thresholds,
        resources: analyzer.resources().clone(),
        entries,
        docs,
        doc_ranks,
        terms,
        posting_offsets,
        answer_postings,
        postings,
        readings,
        reading_offsets,
        reading_terms,
        neighbourhoods,
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
    Index::new(terms, readings, data).expect("metadata written from JSON values is JSON")
}

/// A phrasing of an entry as analysed: whether it is an alias, its letters that belong to
/// words, and its terms laid out.
#[derive(Debug, PartialEq)]
struct AnalysedPhrasing {
    alias: bool,
    chars: u32,
    layout: Vec<LaidOutTerm>,
}

/// Entries are analysed on up to this many threads.
const MAX_THREADS: usize = 8;

/// Analyses every entry's phrasings (with its keywords and answer), in order, spread over
/// `threads` threads: entries are independent, and analysis is most of compiling.
/// Calls `progress(done, total)` every [`PROGRESS_EVERY`] entries.
fn analyse_entries(
    analyzer: &Analyzer,
    entries: &[Entry],
    threads: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<Vec<AnalysedPhrasing>> {
    let mut analysed = Vec::with_capacity(entries.len());
    for (batch_index, batch) in entries.chunks(PROGRESS_EVERY).enumerate() {
        progress(batch_index * PROGRESS_EVERY, entries.len());
        if threads <= 1 {
            analysed.extend(batch.iter().map(|entry| analyse_entry(analyzer, entry)));
            continue;
        }
        let share = batch.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(share)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|entry| analyse_entry(analyzer, entry))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for worker in workers {
                match worker.join() {
                    Ok(part) => analysed.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
    }
    analysed
}

/// Analyses one entry's phrasings: its questions, then its aliases.
fn analyse_entry(analyzer: &Analyzer, entry: &Entry) -> Vec<AnalysedPhrasing> {
    let keywords: Vec<Term> = entry
        .keywords
        .iter()
        .flat_map(|keyword| analyzer.analyze(keyword, MAX_PHRASING_CHARS).terms)
        .collect();
    let answer: Vec<Term> = analyzer
        .analyze(&entry.answer, MAX_PHRASING_CHARS)
        .terms
        .into_iter()
        .filter(|term| !term.question_word)
        .collect();
    let questions = entry.questions.iter().map(|text| (text, false));
    questions
        .chain(entry.aliases.iter().map(|text| (text, true)))
        .map(|(text, alias)| {
            let analysis = analyzer.analyze(text, MAX_PHRASING_CHARS);
            AnalysedPhrasing {
                alias,
                chars: core_chars(&analysis),
                layout: lay_out(analyzer, &analysis, &keywords, &answer),
            }
        })
        .collect()
}

/// A document's distinct terms, each with the readings it is found by.
#[derive(Debug, PartialEq)]
struct LaidOutTerm {
    text: String,
    predicate: bool,
    readings: Vec<String>,
    role: Role,
    chars: u32,
    /// A word that only modifies a later noun of its compound (see [`Doc::modifiers`]).
    modifier: bool,
}

/// Lays out a phrasing's terms: its words first, then the parts of its compounds (each
/// with the position of its word), the runs of words read as one, the entry's keywords,
/// and the words of its answer. A term appears once, in its first role.
fn lay_out(
    analyzer: &Analyzer,
    analysis: &Analysis,
    keywords: &[Term],
    answer: &[Term],
) -> Vec<LaidOutTerm> {
    let mut layout = Layout::default();
    let term_readings = |term: &Term| {
        let mut readings = vec![term.reading.clone(), term.surface_reading.clone()];
        if term.text.chars().all(is_kana) {
            readings.push(to_katakana(&term.text));
        }
        readings
    };
    let chars_of = |term: &Term| term.surface.chars().count() as u32;

    for term in &analysis.terms {
        layout.push(
            &term.text,
            term_readings(term),
            Role::Word,
            term.predicate,
            chars_of(term),
        );
    }
    let modifiers = modifier_words(analysis);
    for laid in &mut layout.out {
        laid.modifier = modifiers.contains(laid.text.as_str());
    }
    let words: Vec<(usize, &Term)> = analysis
        .terms
        .iter()
        .filter_map(|term| Some((*layout.positions.get(&term.text)?, term)))
        .collect();
    let name = modifiers_apply(analysis);
    for &(position, term) in &words {
        let parts = split_compound(analyzer, term);
        let head = name.then(|| head_part(&parts)).flatten();
        for part in parts.iter().filter(|part| part.text != term.text) {
            let readings = term_readings(part);
            let chars = chars_of(part);
            let pushed = layout.push(
                &part.text,
                readings,
                Role::Part(position as u32),
                part.predicate,
                chars,
            );
            if pushed && let Some(head) = head {
                layout.out.last_mut().expect("just pushed").modifier = part.text != head;
            }
        }
    }
    for (text, reading, span) in joined_runs(analyzer, analysis) {
        let covered = words
            .iter()
            .filter(|(_, term)| term.span.start >= span.start && term.span.end <= span.end)
            .map(|&(position, _)| position);
        let (first, last) = covered.fold((usize::MAX, 0), |(lo, hi), p| (lo.min(p), hi.max(p)));
        if first <= last {
            let chars = text.chars().count() as u32;
            layout.push(
                &text,
                vec![reading],
                Role::Span(first as u32, last as u32),
                false,
                chars,
            );
        }
    }
    for keyword in keywords {
        layout.push(
            &keyword.text,
            term_readings(keyword),
            Role::Keyword,
            keyword.predicate,
            0,
        );
    }
    for term in answer {
        layout.push(
            &term.text,
            term_readings(term),
            Role::Answer,
            term.predicate,
            0,
        );
    }
    layout.out
}

/// Noun suffixes that make the noun before them describe a thing rather than name it.
const ADNOMINAL_SUFFIXES: [&str; 7] = ["製", "用", "式", "性", "風", "型", "状"];

/// The words of a phrasing that only modify the noun that names the thing: in a run of
/// adjacent nouns and noun suffixes (自転車|用|空気入れ, 布団|乾燥|機, テレビ|ゲーム),
/// every word but the last noun not followed by an adnominal suffix (茶碗 in
/// 茶碗|陶器|製). A word that is also a head, or
/// stands alone, elsewhere in the phrasing is no modifier. Only names are read this way:
/// in a sentence (a phrasing with a verb or adjective) the nouns that name the thing are
/// often generic (子ども医療費助成の受給者証をなくしたとき).
fn modifier_words(analysis: &Analysis) -> HashSet<&str> {
    if !modifiers_apply(analysis) {
        return HashSet::new();
    }
    let tokens = &analysis.tokens;
    let nominal = |token: &Token| matches!(token.class, TokenClass::Noun | TokenClass::Suffix);
    let mut dependents: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        if !nominal(&tokens[start]) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < tokens.len()
            && nominal(&tokens[end])
            && tokens[end - 1].span.end == tokens[end].span.start
        {
            end += 1;
        }
        let run = &tokens[start..end];
        // A noun before 製, 用, 式… describes the thing (陶器製, 自転車用) rather than names it.
        let adnominal = |i: usize| {
            run.get(i + 1).is_some_and(|next| {
                next.class == TokenClass::Suffix
                    && ADNOMINAL_SUFFIXES.contains(&&analysis.normalized[next.span.clone()])
            })
        };
        let names = |i: usize| run[i].class == TokenClass::Noun && !adnominal(i);
        if let Some(head) = (0..run.len()).rev().find(|&i| names(i)) {
            let others = run.iter().enumerate().filter(|&(i, _)| i != head);
            dependents.extend(others.map(|(_, token)| token.span.clone()));
        }
        start = end;
    }
    let mut modifiers = HashSet::new();
    let mut heads = HashSet::new();
    for term in &analysis.terms {
        let dependent = dependents
            .iter()
            .any(|span| span.start <= term.span.start && term.span.end <= span.end);
        if dependent {
            modifiers.insert(term.text.as_str());
        } else {
            heads.insert(term.text.as_str());
        }
    }
    modifiers.retain(|text| !heads.contains(text));
    modifiers
}

/// Whether a phrasing is a name, whose words can be told apart into the noun that names
/// the thing and its modifiers: it has no verb or adjective.
fn modifiers_apply(analysis: &Analysis) -> bool {
    !analysis.terms.iter().any(|term| term.predicate)
}

/// The part of a compound word (its `parts`) that names the thing (アンテナ in テレビアンテナ, 入れ in
/// 空気入れ): its last part, or the one before a one-letter suffix (電話 in 電話機).
fn head_part(parts: &[Term]) -> Option<&str> {
    let last = parts.len().checked_sub(1)?;
    let head = if last > 0 && parts[last].surface.chars().count() == 1 {
        last - 1
    } else {
        last
    };
    Some(&parts[head].text)
}

/// Terms laid out so far, and where each one is.
#[derive(Default)]
struct Layout {
    out: Vec<LaidOutTerm>,
    positions: HashMap<String, usize>,
}

impl Layout {
    /// Adds a term unless the document already has it; says whether it did.
    fn push(
        &mut self,
        text: &str,
        readings: Vec<String>,
        role: Role,
        predicate: bool,
        chars: u32,
    ) -> bool {
        if self.positions.contains_key(text) {
            return false;
        }
        self.positions.insert(text.to_string(), self.out.len());
        self.out.push(LaidOutTerm {
            text: text.to_string(),
            predicate,
            readings: with_folded(readings),
            role,
            chars,
            modifier: false,
        });
        true
    }
}

/// Readings of at least two characters, and each as romaji spells it (without long
/// vowels: juminhyo) behind the [`FOLDED_MARK`], sorted and without repeats.
fn with_folded(mut readings: Vec<String>) -> Vec<String> {
    readings.retain(|reading| reading.chars().count() > 1);
    let folded: Vec<String> = readings
        .iter()
        .map(|r| format!("{FOLDED_MARK}{}", fold_long_vowels(r)))
        .collect();
    readings.extend(folded);
    readings.sort();
    readings.dedup();
    readings
}

/// Runs of adjacent tokens that are also indexed as one term, each with its text, reading
/// and byte range:
/// - a short phrasing (an item's name) as a whole, and its runs of two or three tokens, so
///   that another spelling of a word IPADIC cut in pieces finds it (漬物 for 漬け|もの);
/// - a noun with its suffix (支給|日, 対象|者), so that kana read as one word (しきゅうび)
///   finds it;
/// - katakana words IPADIC cut in two (セロハン|テープ), and related terms of several words
///   (医療|機関, see [`Analyzer::is_compound_term`]), in phrasings of any length.
fn joined_runs(
    analyzer: &Analyzer,
    analysis: &Analysis,
) -> Vec<(String, String, std::ops::Range<usize>)> {
    use crate::analysis::Token;
    let text = &analysis.normalized;
    let tokens: Vec<&Token> = analysis
        .tokens
        .iter()
        .filter(|token| text[token.span.clone()].chars().any(char::is_alphanumeric))
        .collect();
    let join = |run: &[&Token]| -> (String, String, std::ops::Range<usize>) {
        let joined: String = run.iter().map(|t| &text[t.span.clone()]).collect();
        let reading: String = run.iter().map(|t| t.reading.as_str()).collect();
        (
            joined,
            reading,
            run[0].span.start..run[run.len() - 1].span.end,
        )
    };
    let contiguous = |run: &[&Token]| {
        run.windows(2)
            .all(|pair| pair[0].span.end == pair[1].span.start)
    };
    let loose = |token: &Token| matches!(token.class, TokenClass::Particle | TokenClass::Frame);
    let mut runs = Vec::new();
    let chars: usize = tokens
        .iter()
        .map(|t| text[t.span.clone()].chars().count())
        .sum();
    let short = chars <= MAX_WHOLE_PHRASING_CHARS;
    if short && tokens.len() >= 2 {
        runs.push(join(&tokens));
        for width in 2..=3.min(tokens.len() - 1) {
            for run in tokens.windows(width) {
                if contiguous(run) && !loose(run[0]) && !loose(run[width - 1]) {
                    runs.push(join(run));
                }
            }
        }
    }
    for run in tokens.windows(2) {
        if contiguous(run) && run[0].class == TokenClass::Noun && run[1].class == TokenClass::Suffix
        {
            runs.push(join(run));
        }
    }
    for width in 2..=4.min(tokens.len()) {
        for run in tokens.windows(width) {
            if contiguous(run) {
                let joined = join(run);
                if analyzer.is_compound_term(&joined.0) {
                    runs.push(joined);
                }
            }
        }
    }
    let katakana = |token: &Token| text[token.span.clone()].chars().all(is_katakana);
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && katakana(tokens[j]) && contiguous(&tokens[i..=j]) {
            j += 1;
        }
        if j >= i + 2 && !(short && j - i <= 3) {
            runs.push(join(&tokens[i..j]));
        }
        i = j.max(i + 1);
    }
    runs
}

/// Letters of a phrasing that belong to words: everything but particles, symbols and the
/// question's frame.
fn core_chars(analysis: &Analysis) -> u32 {
    analysis
        .tokens
        .iter()
        .filter(|token| !matches!(token.class, TokenClass::Particle | TokenClass::Frame))
        .map(|token| {
            analysis.normalized[token.span.clone()]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .count() as u32
        })
        .sum()
}

/// The parts of a compound word (none for a short word), including a part whose term is
/// the word's own (レンジ of 電子レンジ, a synonym of the whole): callers leave it out.
pub(crate) fn split_compound(analyzer: &Analyzer, term: &Term) -> Vec<Term> {
    if term.surface.chars().count() < MIN_COMPOUND_CHARS {
        return Vec::new();
    }
    analyzer.parts(&term.surface, term.span.start)
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

/// Gives each noun of the vocabulary every reading the system dictionary has for it, so
/// that kana finds it by either (長靴: チョウカ as segmented, and ナガグツ). A single
/// kanji's other readings are those it has inside compounds (人: ニン, ジン): left out.
fn add_dictionary_readings(analyzer: &Analyzer, vocabulary: &mut BTreeMap<String, TermBuilder>) {
    for (text, builder) in vocabulary.iter_mut() {
        if !builder.predicate && text.chars().nth(1).is_some() && !text.chars().all(is_kana) {
            builder.readings.extend(analyzer.noun_readings(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Resources, SystemDictionary};

    #[test]
    fn entries_analysed_on_several_threads_come_out_as_on_one() {
        let analyzer = Analyzer::new(&SystemDictionary::Embedded, Resources::default()).unwrap();
        let corpus = Corpus::from_path("examples/municipal-faq.toml").unwrap();
        let mut calls = Vec::new();
        let one = analyse_entries(&analyzer, corpus.entries(), 1, &mut |_, _| {});
        let three = analyse_entries(&analyzer, corpus.entries(), 3, &mut |done, total| {
            calls.push((done, total))
        });
        assert_eq!(one.len(), corpus.len());
        assert_eq!(one, three);
        assert_eq!(calls, vec![(0, corpus.len())]);
    }
}
