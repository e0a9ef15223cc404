//! From an analysed question to query words resolved against the index.
//!
//! Each word is looked up, cheapest first: exact term (or synonym) → reading → related
//! term → compound parts → fuzzy. Before the slow lookups, two repairs undo what the
//! segmenter could not know about this corpus:
//! - adjacent tokens whose joined text or reading is a known term are read as one word
//!   (`住民|票` is 住民票, `茶|わん` reads チャワン = 茶碗, `洗濯|器` reads like 洗濯機);
//! - kana that IPADIC cannot be trusted with is re-read against the corpus's readings
//!   (see [`super::kana`]): whole kana-only chunks, and in mixed-script text only runs of
//!   whole hiragana tokens, so a word is never cut from its inflection (打て|ます).

use super::fuzzy::{self, Anchor};
use super::kana;
use crate::analysis::{
    Analysis, Analyzer, Term, TokenClass, fold_long_vowels, is_hiragana, is_kana, is_katakana,
    to_katakana,
};
use crate::index::{Dictionary, Index};
use crate::response::MatchKind;

/// How much each kind of match is worth, relative to an exact match.
pub(crate) const EXACT: f32 = 1.0;
pub(crate) const SYNONYM: f32 = 0.95;
pub(crate) const READING: f32 = 0.9;
/// A reading match for a word written in kanji is a homophone more often than a variant.
pub(crate) const KANJI_READING: f32 = 0.75;
/// A kanji word matching another kanji word with which it shares no kanji, by reading: an
/// input-method slip (笠 → 傘) as often as an unrelated word (炭 → 角, 今日 → 協).
pub(crate) const HOMOPHONE_READING: f32 = 0.5;
pub(crate) const PART: f32 = 0.8;
pub(crate) const FUZZY_ONE: f32 = 0.8;
pub(crate) const FUZZY_TWO: f32 = 0.6;
/// A related term (broader, narrower, what a question word asks for) is weak evidence:
/// never level with the asked thing itself.
pub(crate) const RELATED: f32 = 0.45;

/// Longest unexplained kana stretch (in characters) looked up fuzzily.
const MAX_STRETCH_FUZZY_CHARS: usize = 7;

/// Most index terms one fuzzy lookup may return.
const FUZZY_LIMIT: usize = 4;

/// Widest run of adjacent tokens read as one word.
const MAX_MERGED_TOKENS: usize = 3;
/// Shortest run of katakana tokens looked up whole with a slip even when each token is a
/// word of the corpus (see `merge_adjacent_tokens`).
const MIN_KATAKANA_RUN_CHARS: usize = 5;

/// An index term a query word may stand for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    pub term: u32,
    pub kind: MatchKind,
    pub quality: f32,
}

/// What kind of word of the question a query word is; it sets the word's weight when the
/// corpus does not use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// A noun: usually the topic.
    Noun,
    /// A verb or adjective: what to do with the topic.
    Predicate,
    /// A question word (いつ, どこ, いくら): what kind of answer is wanted.
    QuestionWord,
    /// Kana that no reading explains (a misspelt word, or the question's frame).
    Stretch,
}

/// One word of the question with the index terms it may stand for.
#[derive(Debug, Clone)]
pub(crate) struct QueryWord {
    /// As written in the normalized question.
    pub surface: String,
    pub span: std::ops::Range<usize>,
    pub class: WordClass,
    pub candidates: Vec<Candidate>,
    /// The analysed term, when the word came from segmentation.
    term: Option<Term>,
}

impl QueryWord {
    fn from_term(term: Term) -> Self {
        let class = if term.question_word {
            WordClass::QuestionWord
        } else if term.predicate {
            WordClass::Predicate
        } else {
            WordClass::Noun
        };
        QueryWord {
            surface: term.surface.clone(),
            span: term.span.clone(),
            class,
            candidates: Vec::new(),
            term: Some(term),
        }
    }

    pub(super) fn new(surface: &str, span: std::ops::Range<usize>, class: WordClass) -> Self {
        QueryWord {
            surface: surface.to_string(),
            span,
            class,
            candidates: Vec::new(),
            term: None,
        }
    }

    pub fn is_resolved(&self) -> bool {
        !self.candidates.is_empty()
    }

    /// Resolved exactly to a term that is a word of its own somewhere in the corpus.
    fn is_solid(&self, index: &Index) -> bool {
        self.candidates.iter().any(|candidate| {
            matches!(candidate.kind, MatchKind::Exact | MatchKind::Synonym)
                && index.data.terms[candidate.term as usize].whole
        })
    }

    pub(super) fn add(&mut self, term: u32, kind: MatchKind, quality: f32) {
        match self.candidates.iter_mut().find(|c| c.term == term) {
            Some(existing) if existing.quality >= quality => {}
            Some(existing) => {
                existing.kind = kind;
                existing.quality = quality;
            }
            None => self.candidates.push(Candidate {
                term,
                kind,
                quality,
            }),
        }
    }

    pub(super) fn overlaps(&self, span: &std::ops::Range<usize>) -> bool {
        self.span.start < span.end && span.start < self.span.end
    }
}

/// Resolves every content word of `analysis` against `index`. The analysis's terms become
/// the words: they are taken out of it.
pub(crate) fn resolve(
    analyzer: &Analyzer,
    index: &Index,
    analysis: &mut Analysis,
) -> Vec<QueryWord> {
    let terms = std::mem::take(&mut analysis.terms);
    // Room for the words that merging and re-reading add (a word is large to move).
    let mut words: Vec<QueryWord> = Vec::with_capacity(2 * terms.len() + 4);
    words.extend(terms.into_iter().map(QueryWord::from_term));
    let analysis = &*analysis;
    // A word repeated in the question is looked up once.
    for i in 0..words.len() {
        let (before, rest) = words.split_at_mut(i);
        let word = &mut rest[0];
        match before
            .iter()
            .find(|other| same_term(&other.term, &word.term))
        {
            Some(other) => word.candidates.clone_from(&other.candidates),
            None => resolve_directly(index, word, analysis.romaji),
        }
    }
    merge_adjacent_tokens(index, analysis, &mut words);
    for stretch in kana::stretches(analysis) {
        kana::reread(analyzer, index, analysis, &stretch, &mut words);
    }
    words.sort_by_key(|word| word.span.start);
    // A word just like an earlier one resolves to words of the same surfaces, which the
    // surface check at the end would drop: not worth resolving again (a question repeating
    // one unknown word many times costs what the word costs once).
    keep_first(&mut words, same_word);

    let mut resolved = Vec::with_capacity(2 * words.len());
    for mut word in words {
        // A word the corpus has only related terms for may still be a compound whose parts
        // it uses (葬祭費 → 葬祭 + 費): the parts are the better evidence.
        let only_related = word.is_resolved()
            && word
                .candidates
                .iter()
                .all(|candidate| candidate.kind == MatchKind::Related);
        if word.is_resolved() && !only_related {
            resolved.push(word);
            continue;
        }
        if only_related {
            let parts = resolve_parts(analyzer, index, &word);
            if !parts.is_empty() && parts.iter().all(QueryWord::is_resolved) {
                resolved.extend(parts);
            } else {
                resolved.push(word);
            }
            continue;
        }
        // A compound whose parts are all known is read by its parts; when some part is
        // unknown, the whole word may rather be a misspelt term (セロハン|テーブ).
        let parts = resolve_parts(analyzer, index, &word);
        if !parts.is_empty() && parts.iter().all(QueryWord::is_resolved) {
            resolved.extend(parts);
            continue;
        }
        // A long unexplained kana stretch is a phrase (どうすればいいですか), not one
        // misspelt word: not worth a fuzzy lookup. Question words are never misspelt
        // index terms.
        let fuzzy_worthy = match word.class {
            WordClass::QuestionWord => false,
            WordClass::Stretch => word.surface.chars().count() <= MAX_STRETCH_FUZZY_CHARS,
            // A verb's variants are its inflections, which the analyzer already reads;
            // one kanji away, a verb is another verb (捨てる is not ごてる).
            WordClass::Predicate => word.surface.chars().all(is_kana),
            // Kana the analyzer read as a word it knows (しょぶん as 処分) is that word, not
            // a misspelt other one (新聞).
            WordClass::Noun => !word.term.as_ref().is_some_and(|term| {
                term.surface.chars().all(is_kana) && !term.base.chars().all(is_kana)
            }),
        };
        if fuzzy_worthy {
            resolve_fuzzily(index, &mut word);
        }
        // Otherwise the known parts are the evidence, and the unknown ones stay as words
        // the corpus does not use (車庫|証明: 車庫 costs like any unknown noun).
        if !word.is_resolved() && parts.iter().any(QueryWord::is_resolved) {
            resolved.extend(parts);
            continue;
        }
        resolved.push(word);
    }
    // Words that repeat an earlier word's surface are dropped.
    keep_first(&mut resolved, |a, b| a.surface == b.surface);
    resolved
}

/// Exact term, synonym, reading and related-term lookups.
fn resolve_directly(index: &Index, word: &mut QueryWord, romaji: bool) {
    // Taken out while the word's candidates are added, and put back.
    let Some(term) = word.term.take() else {
        return;
    };
    add_direct_candidates(index, word, &term, romaji);
    word.term = Some(term);
}

/// Adds the terms `term` stands for directly: itself, its forms, its readings and its
/// related terms.
fn add_direct_candidates(index: &Index, word: &mut QueryWord, term: &Term, romaji: bool) {
    // Kana the analyzer read as a word it knows (じてんしゃ as 自転車) matched by reading.
    let read_from_kana = term.surface.chars().all(is_kana) && !term.base.chars().all(is_kana);
    if let Some(id) = index.term_id(&term.text) {
        let (kind, quality) = if read_from_kana {
            (MatchKind::Reading, READING)
        } else if term.synonym {
            (MatchKind::Synonym, SYNONYM)
        } else {
            (MatchKind::Exact, EXACT)
        };
        word.add(id, kind, quality);
    }
    let surface = (term.surface != term.base).then_some(&term.surface);
    for form in std::iter::once(&term.base).chain(surface) {
        if *form != term.text
            && let Some(id) = index.term_id(form)
        {
            word.add(id, MatchKind::Exact, EXACT);
        }
    }
    let written_in_kana = term.surface.chars().all(is_kana);
    let quality = if written_in_kana {
        READING
    } else {
        KANJI_READING
    };
    let folded = written_in_kana.then(|| to_katakana(&term.surface));
    let all_readings = [
        Some(term.reading.as_str()),
        Some(term.surface_reading.as_str()),
        folded.as_deref(),
    ];
    // Each reading is looked up once: they are often the same.
    let readings = || {
        all_readings.iter().enumerate().filter_map(|(i, reading)| {
            reading.filter(|reading| !all_readings[..i].contains(&Some(reading)))
        })
    };
    // Question words are matched by their meaning, not by how they sound.
    if !term.question_word {
        for reading in readings() {
            for &id in index.terms_with_reading(reading) {
                let other = &index.data.terms[id as usize].text;
                let quality = if *other != term.text && is_homophone(&term.surface, other) {
                    HOMOPHONE_READING
                } else {
                    quality
                };
                word.add(id, MatchKind::Reading, quality);
            }
        }
        // Loanwords are spelt with and without their final long vowel (プリンタ, プリンター),
        // and romaji cannot write long vowels at all: compare readings without them.
        if romaji || term.surface.chars().all(is_katakana) {
            for reading in readings() {
                for &id in index.terms_with_folded_reading(&fold_long_vowels(reading)) {
                    word.add(id, MatchKind::Reading, quality);
                }
            }
        }
    }
    let related_to_base = if term.base != term.text {
        index.related_terms(&term.base)
    } else {
        &[]
    };
    for &id in index
        .related_terms(&term.text)
        .iter()
        .chain(related_to_base)
    {
        word.add(id, MatchKind::Related, RELATED);
    }
}

/// Whether two words that read alike are only homophones: both hold kanji and they share
/// none. A variant spelling keeps a kanji (洗濯器 and 洗濯機, 茶わん and 茶碗, 生ゴミ and 生ごみ);
/// a word sharing no kanji is another word that sounds the same (炭 and 角, 変える and 買える).
fn is_homophone(written: &str, other: &str) -> bool {
    let is_kanji = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '々');
    let has_kanji = |text: &str| text.chars().any(is_kanji);
    has_kanji(written)
        && has_kanji(other)
        && !written.chars().any(|c| is_kanji(c) && other.contains(c))
}

/// Reads runs of two or three adjacent tokens as one word when their joined text or
/// reading is a term of the index and they are not already all solid words of their own:
/// IPADIC splits words it does not know (住民|票), words spelt half in kana (茶|わん) and
/// compounds with a slip in one kanji (洗濯|器).
fn merge_adjacent_tokens(index: &Index, analysis: &Analysis, words: &mut Vec<QueryWord>) {
    let tokens = &analysis.tokens;
    let text = &analysis.normalized;
    // The joined reading of a group, kept between groups.
    let mut reading = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut merged_until = None;
        for width in (2..=MAX_MERGED_TOKENS).rev() {
            let Some(group) = tokens.get(i..i + width) else {
                continue;
            };
            let contiguous = group
                .windows(2)
                .all(|pair| pair[0].span.end == pair[1].span.start);
            // It must hold a word, and neither start nor end with the question's frame or
            // a one-kana particle (茶|わん is one word, 茶|わん|を and 処分|し are not).
            let has_content = group.iter().any(|token| token.class.is_content());
            let loose_end = |token: &crate::analysis::Token| {
                token.class == TokenClass::Frame
                    || (token.class == TokenClass::Particle
                        && text[token.span.clone()].chars().count() == 1)
            };
            let loose = group.first().is_some_and(loose_end) || group.last().is_some_and(loose_end);
            if !contiguous || !has_content || loose {
                continue;
            }
            let span = group[0].span.start..group[width - 1].span.end;
            let inside = || {
                (words.iter())
                    .filter(|word| word.span.start >= span.start && word.span.end <= span.end)
            };
            // Words that stand on their own are not guessed to be one misspelt word; but a
            // suffix or prefix belongs to its word (洗濯|器 may be 洗濯機, 生|ゴミ is 生ごみ).
            let all_solid_words = group.iter().all(|token| {
                matches!(token.class, TokenClass::Noun | TokenClass::Predicate)
                    && inside().any(|word| word.span == token.span && word.is_solid(index))
            });
            let Some(surface) = text.get(span.clone()) else {
                continue;
            };
            reading.clear();
            reading.extend(group.iter().map(|token| token.reading.as_str()));
            // Its surface is written when it is kept.
            let mut candidate = QueryWord::new("", span.clone(), WordClass::Noun);
            if let Some(id) = index.term_id(surface) {
                candidate.add(id, MatchKind::Exact, EXACT);
            }
            let quality = if surface.chars().all(is_kana) {
                READING
            } else {
                KANJI_READING
            };
            for &id in index.terms_with_reading(&reading) {
                let other = &index.data.terms[id as usize].text;
                let quality = if is_homophone(surface, other) {
                    HOMOPHONE_READING
                } else {
                    quality
                };
                candidate.add(id, MatchKind::Reading, quality);
            }
            // Only whole words of the corpus count (not a part of a compound).
            candidate
                .candidates
                .retain(|c| index.data.terms[c.term as usize].whole);
            // The second word of a compound is often voiced (rendaku): 竹|箒, read タケホウキ,
            // is 竹ぼうき (タケボウキ), which the corpus may write in kana and IPADIC split
            // (竹|ぼう|き), so that it is no whole word. Readings are compared without
            // voicing marks; kana runs get this in `resolve_fuzzily`. The same comparison
            // forgives a slip of voicing in a later katakana word (空き|ピン → 空きビン). Runs
            // whose later words are all hiragana (mostly endings and particles) are left out:
            // each comparison is a lookup.
            let later_kanji_or_katakana = group[1..].iter().any(|token| {
                text[token.span.clone()].chars().any(|c| {
                    is_katakana(c)
                        || matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
                })
            });
            if !candidate.is_resolved() && later_kanji_or_katakana {
                for group in fuzzy::loose_matches(index, &reading) {
                    for &id in index.reading_group(group) {
                        candidate.add(id, MatchKind::Reading, KANJI_READING);
                    }
                }
            }
            // A typo inside a word makes IPADIC split it into single characters
            // (扇風器 → 扇|風|器): look the whole run up fuzzily (anchored: a guess).
            let single_char_word = group.iter().any(|token| {
                token.class.is_content() && text[token.span.clone()].chars().count() == 1
            });
            // A kanji IPADIC could not read as part of any word (当 in 便|当|箱, a slip for
            // 弁当箱) is a sign of a broken word, in a run of kanji only (時 after 出す is not).
            let stray_kanji = !surface.chars().any(is_kana)
                && group.iter().any(|token| {
                    let mut chars = text[token.span.clone()].chars();
                    token.class == TokenClass::Function
                        && chars.next().is_some_and(char::is_alphabetic)
                        && chars.next().is_none()
                });
            let fragmented = inside().any(|word| !word.is_resolved())
                || stray_kanji
                || (single_char_word && !inside().any(|word| word.is_solid(index)));
            // A slip can also turn one katakana word into two others (ペットボトル typed
            // ペットボルト reads as ペット|ボルト): a long katakana run is tried whole.
            let katakana_run = surface.chars().count() >= MIN_KATAKANA_RUN_CHARS
                && surface.chars().all(is_katakana);
            if !candidate.is_resolved() && (katakana_run || (fragmented && !all_solid_words)) {
                // By text only, unless typed in kana: see `resolve_fuzzily`.
                let kana_reading = if surface.chars().all(is_kana) {
                    reading.as_str()
                } else {
                    ""
                };
                // A slip in the first character (祖大ごみ, 往民税) needs the full scan, and
                // is a bolder guess: it counts as two edits.
                for (anchor, bold) in [(Anchor::FirstChar, false), (Anchor::None, true)] {
                    if !candidate.is_resolved() {
                        add_fuzzy(index, &mut candidate, surface, bold, kana_reading, anchor);
                    }
                }
                // Two single kanji (布|段) may be a two-kanji word with a slip in its second.
                let single_kanji = group.iter().all(|token| {
                    let chars = text[token.span.clone()].chars();
                    chars.clone().count() == 1 && !chars.clone().all(is_kana)
                });
                if !candidate.is_resolved() && width == 2 && single_kanji {
                    for (id, distance) in fuzzy::nearest_to_split_pair(index, surface, FUZZY_LIMIT)
                    {
                        let distance = distance + 1;
                        candidate.add(id as u32, MatchKind::Fuzzy { distance }, FUZZY_TWO);
                    }
                }
                candidate
                    .candidates
                    .retain(|c| index.data.terms[c.term as usize].whole);
            }
            if candidate.is_resolved() {
                words.retain(|word| !(word.span.start >= span.start && word.span.end <= span.end));
                candidate.surface = surface.to_string();
                words.push(candidate);
                merged_until = Some(i + width);
                break;
            }
        }
        i = merged_until.unwrap_or(i + 1);
    }
}

/// The parts of an unresolved compound word, looked up. A compound one of whose parts is
/// a synonym of the whole (電子レンジ: レンジ) is one thing, not read by its parts: the
/// others only modify it. Hiragana is never cut into parts here (しょぶん is not
/// しょ|ぶん): the kana re-reading already tried every reading in it.
fn resolve_parts(analyzer: &Analyzer, index: &Index, word: &QueryWord) -> Vec<QueryWord> {
    let Some(term) = &word.term else {
        return Vec::new();
    };
    if term.surface.chars().all(is_kana) && term.surface.chars().any(is_hiragana) {
        return Vec::new();
    }
    let parts = crate::index::split_compound(analyzer, term);
    if parts.iter().any(|part| part.text == term.text) {
        return Vec::new();
    }
    parts
        .into_iter()
        .map(|part| {
            let mut part_word = QueryWord::from_term(part);
            resolve_directly(index, &mut part_word, false);
            for candidate in &mut part_word.candidates {
                if candidate.kind != MatchKind::Related {
                    candidate.kind = MatchKind::CompoundPart;
                }
                candidate.quality *= PART;
            }
            part_word
        })
        .collect()
}

/// Fuzzy lookups of the word's text in the term fst and of its reading in the reading fst;
/// the nearest ones win.
fn resolve_fuzzily(index: &Index, word: &mut QueryWord) {
    let text = word
        .term
        .as_ref()
        .map_or(word.surface.clone(), |t| t.text.clone());
    // Readings are compared fuzzily only for words typed in kana: a word written in kanji
    // that IPADIC knows is no typo of a word that merely sounds alike (公園 is not 更新).
    let reading = if word.surface.chars().all(is_kana) {
        to_katakana(&word.surface)
    } else {
        String::new()
    };
    // Stretches of kana no reading explains are guesses: anchored (see `Anchor`).
    let anchor = if word.class == WordClass::Stretch {
        Anchor::FirstChar
    } else {
        Anchor::None
    };
    // IPADIC knows a word when it gives it a reading of its own.
    let known_word = word.term.as_ref().is_some_and(|t| {
        t.surface_reading.chars().all(crate::analysis::is_katakana)
            && !t.surface.chars().all(is_kana)
    });
    add_fuzzy(index, word, &text, known_word, &reading, anchor);
    // Slips of voicing, small kana or long vowel: in katakana (loanwords, テレピ), or in
    // hiragana long enough not to be a particle or an ending (ろうそく).
    let chars = word.surface.chars().count();
    let loose_worthy = (word.surface.chars().all(is_katakana) && chars >= 2)
        || (word.surface.chars().all(is_kana) && chars >= 4);
    if loose_worthy && !word.candidates.iter().any(|c| c.quality >= FUZZY_ONE) {
        for group in fuzzy::loose_matches(index, &reading) {
            for &id in index.reading_group(group) {
                word.add(id, MatchKind::Fuzzy { distance: 1 }, FUZZY_ONE);
            }
        }
    }
}

/// Adds the index terms nearest to `text` (when it is not kana) or to `reading`.
///
/// `bold`: a bolder guess, whose text matches count one edit more — the text is a word
/// IPADIC knows as it is (a slip usually makes a non-word that IPADIC splits into pieces,
/// 植木|蜂 for 植木鉢, while a known word one kanji away from a term is more often another
/// thing), or the match changes the first character.
pub(super) fn add_fuzzy(
    index: &Index,
    word: &mut QueryWord,
    text: &str,
    bold: bool,
    reading: &str,
    anchor: Anchor,
) {
    let mut found: Vec<(u32, u8)> = Vec::new();
    if !text.is_empty() && !text.chars().all(is_kana) {
        for (id, distance) in fuzzy::nearest(index, Dictionary::Terms, text, FUZZY_LIMIT, anchor) {
            found.push((id as u32, distance + u8::from(bold)));
        }
    }
    if !reading.is_empty() && reading.chars().all(is_kana) {
        let groups = fuzzy::nearest(index, Dictionary::Readings, reading, FUZZY_LIMIT, anchor);
        for (group, distance) in groups {
            for &id in index.reading_group(group) {
                found.push((id, distance));
            }
        }
    }
    let Some(nearest) = found.iter().map(|&(_, distance)| distance).min() else {
        return;
    };
    for (id, distance) in found {
        if distance == nearest {
            let quality = if distance == 1 { FUZZY_ONE } else { FUZZY_TWO };
            word.add(id, MatchKind::Fuzzy { distance }, quality);
        }
    }
}

/// Whether two analysed terms are the same but for where they are.
fn same_term(a: &Option<Term>, b: &Option<Term>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.text == b.text
                && a.base == b.base
                && a.surface == b.surface
                && a.reading == b.reading
                && a.surface_reading == b.surface_reading
                && a.synonym == b.synonym
                && a.predicate == b.predicate
                && a.question_word == b.question_word
        }
        (None, None) => true,
        _ => false,
    }
}

/// Whether two query words are the same but for where they are: they resolve alike.
fn same_word(a: &QueryWord, b: &QueryWord) -> bool {
    a.surface == b.surface
        && a.class == b.class
        && a.candidates == b.candidates
        && same_term(&a.term, &b.term)
}

/// Keeps the first of the words that `same` finds alike, in order. A question has few
/// words: comparing each with the kept ones costs less than hashing them.
fn keep_first(words: &mut Vec<QueryWord>, same: impl Fn(&QueryWord, &QueryWord) -> bool) {
    let mut kept = 0;
    for i in 0..words.len() {
        if !words[..kept].iter().any(|earlier| same(earlier, &words[i])) {
            words.swap(kept, i);
            kept += 1;
        }
    }
    words.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::is_homophone;

    #[test]
    fn variant_spellings_keep_a_kanji_homophones_share_none() {
        for (written, other) in [
            ("洗濯器", "洗濯機"),
            ("茶わん", "茶碗"),
            ("生ゴミ", "生ごみ"),
        ] {
            assert!(!is_homophone(written, other), "{written} {other}");
        }
        // Kana on either side is a reading, not a homophone.
        assert!(!is_homophone("ふとん", "布団"));
        assert!(!is_homophone("布団", "ふとん"));
        for (written, other) in [("笠", "傘"), ("今日", "協"), ("変える", "買える")] {
            assert!(is_homophone(written, other), "{written} {other}");
        }
    }
}
