//! The analysis pipeline shared by corpus and query: normalize → segment (lindera + IPADIC +
//! user dictionary) → keep content words → base form and reading → synonyms → stop words.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use lindera::dictionary::{Dictionary, DictionaryBuilder, Lattice, UserDictionary};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

use super::char_trie::CharTrie;
use super::lattice::{Edge, best_path, kana_chunks};
use super::normalize::{fold_long_vowels, is_kana, is_katakana, is_letter, normalize, to_katakana};
use super::resources::{ResourceError, Resources, UserWord};
use super::small_talk::{SmallTalk, SmallTalkLexicon};

/// Which IPADIC the analyzer segments with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SystemDictionary {
    /// The IPADIC compiled into the binary (feature `embed-ipadic`, on by default).
    #[default]
    Embedded,
    /// A lindera dictionary folder (as built by `lindera build`) read at run time, for
    /// applications that ship the dictionary separately.
    Path(PathBuf),
}

/// Why an analyzer could not be created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalyzerError {
    /// The system dictionary could not be loaded.
    #[error("cannot load the system dictionary {dictionary}: {message}")]
    Dictionary {
        /// Which dictionary (`embedded IPADIC` or its path).
        dictionary: String,
        /// What lindera reported.
        message: String,
        /// lindera's own error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },
    /// A resource file is malformed.
    #[error(transparent)]
    Resource(#[from] ResourceError),
}

/// One content word of an analysed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The key the index uses: the base form, replaced by its synonym group's canonical
    /// term when it belongs to one (`燃えるごみ` → `可燃ごみ`).
    pub text: String,
    /// The base form before synonyms (`燃えるごみ`; `打てる` → `打つ`).
    pub base: String,
    /// The word as it appears in the normalized text.
    pub surface: String,
    /// Katakana reading of the base form (`捨てた` → `ステル`).
    pub reading: String,
    /// Katakana reading of the surface as written (`捨てた` → `ステタ`).
    pub surface_reading: String,
    /// Whether `text` came from a synonym group rather than the word itself.
    pub synonym: bool,
    /// Whether the word is a verb or adjective (the action asked about) rather than a
    /// noun (the topic).
    pub predicate: bool,
    /// Whether the word is a question word (いつ, どこ, いくら, 何回, どうやって): it says
    /// what kind of answer is wanted, which tells apart entries on one topic.
    pub question_word: bool,
    /// Byte range of the surface in the normalized text.
    pub span: std::ops::Range<usize>,
}

/// What a token of the segmented text is, for the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenClass {
    /// A noun (or an unknown word): it became a [`Term`].
    Noun,
    /// A noun suffix (製, 用, 方): it became a [`Term`], but a short kana stretch that
    /// reads like one is no evidence of a word.
    Suffix,
    /// A verb or adjective: it became a [`Term`].
    Predicate,
    /// A question word: it became a [`Term`].
    QuestionWord,
    /// A word of the question's frame (教えて, 何ごみ), listed in the stop words.
    Frame,
    /// Particles, auxiliaries, symbols, fillers, interjections: the glue between words.
    Particle,
    /// Other words that are no terms: numbers, counters, prefixes, pronouns, adverbs.
    Function,
}

impl TokenClass {
    /// Whether tokens of this class become terms.
    pub fn is_content(self) -> bool {
        matches!(
            self,
            TokenClass::Noun
                | TokenClass::Suffix
                | TokenClass::Predicate
                | TokenClass::QuestionWord
        )
    }
}

/// One token of the segmenter's output: where it is and what it is. The matcher keeps
/// within these boundaries in mixed-script text (IPADIC segments it well) and re-reads
/// only kana it cannot trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalized text.
    pub span: std::ops::Range<usize>,
    /// What it is.
    pub class: TokenClass,
    /// Katakana reading of the surface as written.
    pub reading: String,
    /// Whether IPADIC (or the resources) know the token as a word, rather than guessing
    /// it from unknown characters.
    pub known: bool,
}

/// The result of analysing one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The normalized text the spans refer to.
    pub normalized: String,
    /// Content words in text order.
    pub terms: Vec<Term>,
    /// Every token in text order (spaces excluded).
    pub tokens: Vec<Token>,
    /// Whether the text was typed in romaji and read as kana: its readings are then also
    /// compared without long vowels (`juminhyo` reads ジュミンヒョ, not ジュウミンヒョウ).
    pub romaji: bool,
}

/// A word the analyzer knows without the corpus, by its katakana reading: stop words,
/// question words, synonym and related terms, user-dictionary words. Lets the matcher read
/// kana-only questions (`しょぶんしたい`, `なにごみ`) that IPADIC cannot segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownWord {
    /// The word as written in the resources (`処分`, `何ごみ`).
    pub text: String,
    /// Frame (a stop word), question word, or a word (noun or predicate).
    pub class: TokenClass,
    /// Its katakana reading.
    pub reading: String,
}

/// Turns text into [`Term`]s. Built once (it holds the segmenter and dictionaries) and
/// shared; analysing takes `&self`.
pub struct Analyzer {
    state: Arc<AnalyzerState>,
}

/// 64-bit FNV-1a, for the analyzer's maps: they are looked up for every token with short
/// keys, where it costs a fraction of the standard hash. (Their keys come from the
/// resources, not from questions, so no one can fill them with colliding keys.)
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FnvHashMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FnvHashSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// What an analyzer holds: shared by the analyzers made with the same resources (see
/// [`Analyzer::new`]).
#[derive(Clone)]
struct AnalyzerState {
    segmenter: Segmenter,
    /// Decompose-mode segmenter without the user dictionary, used to split compounds
    /// (`粗大ごみ処理券` → `粗大` `ごみ` `処理` `券`) so that a part finds the whole.
    decomposer: Segmenter,
    synonyms: FnvHashMap<String, String>,
    related: FnvHashMap<String, Vec<String>>,
    stop_words: FnvHashSet<String>,
    /// Stop words that the segmenter splits into several tokens (何ごみ = 何|ごみ), as the
    /// katakana readings of their tokens.
    stop_phrases: Vec<Vec<String>>,
    /// Katakana readings of the stop words, so that a frame word typed in kana
    /// (おしえて for 教えて) is dropped too.
    stop_readings: FnvHashSet<String>,
    /// Related terms IPADIC writes as several nouns (医療機関).
    compound_terms: FnvHashSet<String>,
    known_words: FnvHashMap<String, KnownWord>,
    /// The same, by readings without long vowels (for romaji).
    folded_known_words: FnvHashMap<String, KnownWord>,
    /// The keys of `known_words` and `folded_known_words`, to find the known words a kana
    /// chunk holds by walking the chunk once from each character.
    known_readings: CharTrie,
    folded_known_readings: CharTrie,
    small_talk: SmallTalkLexicon,
    resources: Resources,
    fingerprint: u64,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("synonyms", &self.state.synonyms.len())
            .field("related", &self.state.related.len())
            .field("stop_words", &self.state.stop_words.len())
            .field("fingerprint", &self.state.fingerprint)
            .finish()
    }
}

/// The analyzers of the embedded IPADIC alive in this process, by their resources.
type SharedAnalyzers = Vec<(Resources, std::sync::Weak<AnalyzerState>)>;
static ANALYZERS: std::sync::Mutex<SharedAnalyzers> = std::sync::Mutex::new(Vec::new());

/// IPADIC's left and right context id of 名詞,一般 (left-id.def / right-id.def).
const IPADIC_COMMON_NOUN_CONTEXT_ID: u16 = 1285;

/// Text whose segmentation identifies a system dictionary (see [`Analyzer::fingerprint`]).
const FINGERPRINT_PROBE: &str =
    "すもももももももものうち。粗大ごみ処理券を関西国際空港で買いたいのですが、住民票も必要ですか";

/// Potential forms residents type in kana, read as their verb (もらえる → もらう).
const KANA_POTENTIALS: &[&str] = &[
    "もらえる",
    "できる",
    "つくれる",
    "うてる",
    "だせる",
    "はらえる",
    "とれる",
    "のめる",
    "よめる",
    "いける",
    "つかえる",
    "かえる",
];

/// Particles common enough that a kana chunk made only of them is no word.
const COMMON_PARTICLES: &[&str] = &[
    "の", "に", "を", "は", "が", "で", "と", "も", "へ", "や", "か", "ね", "よ", "な", "から",
    "まで", "より", "って",
];

/// What may open the text after a noun without being debris: particles and the copula
/// (ラベル|は…, 必要|な…, タダ|じゃない), unlike a voiced word start (ねこ|ずな = 猫砂).
const AFTER_NOUN: &[&str] = &["じゃ", "です", "ます"];

/// Whether kana that starts with `first` goes on naturally from a word of class `after`
/// that a re-reading found right before it: after a verb or adjective its endings and
/// particles (なくし|てしまいました, だせ|ばいい), after a noun its particles and copula.
fn starts_as_word_goes_on(after: Option<TokenClass>, first: &str) -> bool {
    match after {
        None => false,
        Some(TokenClass::Predicate) => true,
        Some(_) => COMMON_PARTICLES.contains(&first) || AFTER_NOUN.contains(&first),
    }
}

/// Question words kept as terms (not stop words): what kind of answer is wanted.
const QUESTION_WORDS: &[&str] = &[
    "いつ",
    "どこ",
    "いくら",
    "誰",
    "だれ",
    "どなた",
    "どうやって",
    "どのくらい",
    "どれくらい",
    "何回",
    "何日",
    "何時",
    "何歳",
    "何年",
    "何円",
    "何人",
    "何枚",
    "何分",
    "何時間",
    "何日間",
    "何か月",
    "何ヶ月",
    "何割",
];

/// Shortest start of a compound read as a part of its own (see `named_prefix`): names
/// this long are the ones residents abbreviate (国保, 後期高齢).
const MIN_NAMED_PREFIX_CHARS: usize = 5;

/// Readings of question words that IPADIC reads otherwise (何時 as イツ, 何分 as ナニブン).
const QUESTION_WORD_READINGS: &[(&str, &str)] = &[("何時", "ナンジ"), ("何分", "ナンプン")];

/// Counters that follow 何 in a question word (何回, 何歳), when IPADIC reads them as
/// suffixes (何曜日 is 何 + the noun 曜日, which is kept as it is).
const QUESTION_COUNTERS: &[&str] = &[
    "回", "日", "時", "歳", "年", "円", "人", "枚", "分", "時間", "日間", "か月", "ヶ月", "割",
];

/// 一段 verbs that look like the potential form of a 五段 verb but are words of their own
/// (届ける is not "can reach" 届く); they keep their base form.
const NOT_POTENTIAL: &[&str] = &[
    "止める",
    "育てる",
    "建てる",
    "立てる",
    "届ける",
    "開ける",
    "空ける",
    "明ける",
    "続ける",
    "付ける",
    "片付ける",
    "並べる",
    "進める",
    "向ける",
    "上げる",
    "下げる",
    "曲げる",
    "集める",
    "始める",
    "閉める",
    "締める",
    "焼ける",
    "抜ける",
    "解ける",
    "溶ける",
    "負ける",
    "助ける",
    "避ける",
    "分ける",
    "預ける",
    "与える",
    "変える",
    "替える",
    "換える",
    "迎える",
    "生える",
    "燃える",
    "消える",
    "見える",
    "聞こえる",
    "揃える",
    "植える",
    "伝える",
    "加える",
    "抑える",
    "押さえる",
    "捕まえる",
    "切れる",
    "間違える",
    "割れる",
    "折れる",
    "破れる",
    "外れる",
    "離れる",
    "流れる",
    "崩れる",
    "生まれる",
    "慣れる",
    "汚れる",
    "揺れる",
    "漏れる",
    "知らせる",
    "出る",
];

impl Analyzer {
    /// Loads the system dictionary and builds the segmenters with `resources`.
    ///
    /// Analyzers of the embedded IPADIC are shared within a process: a second analyzer
    /// with the same resources (opening another index compiled with them, or the same one
    /// again) reuses the first one's segmenters and word lists while any of them is alive.
    pub fn new(system: &SystemDictionary, resources: Resources) -> Result<Self, AnalyzerError> {
        if *system != SystemDictionary::Embedded {
            return Self::build(system, resources);
        }
        let mut cache = ANALYZERS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.retain(|(_, state)| state.strong_count() > 0);
        let shared = cache
            .iter()
            .filter(|(cached, _)| *cached == resources)
            .find_map(|(_, state)| state.upgrade());
        if let Some(state) = shared {
            return Ok(Analyzer { state });
        }
        let analyzer = Self::build(system, resources.clone())?;
        cache.push((resources, Arc::downgrade(&analyzer.state)));
        Ok(analyzer)
    }

    /// The analyzer's state, to fill in while building it (never shared yet).
    fn state_mut(&mut self) -> &mut AnalyzerState {
        Arc::make_mut(&mut self.state)
    }

    fn build(system: &SystemDictionary, resources: Resources) -> Result<Self, AnalyzerError> {
        let dictionary = load_system_dictionary(system)?;
        let mut user_words = resources.user_words()?;
        // Looked up for every token: in maps with a hash that is fast on short keys.
        let synonyms: FnvHashMap<String, String> = resources.synonym_map()?.into_iter().collect();
        let related: FnvHashMap<String, Vec<String>> =
            resources.related_map()?.into_iter().collect();
        let stop_words: FnvHashSet<String> = resources.stop_word_set()?.into_iter().collect();
        let small_talk = resources.small_talk_lexicon()?;

        // A synonym or related term written as several words (住民票の写し, 医療機関) could
        // never match a single term, so such terms become user-dictionary words and are
        // segmented whole (their parts still find them: compounds are indexed by their
        // parts).
        // Which terms split is asked of the system dictionary alone (building the user
        // dictionary twice would double the engine's start-up time); a term that splits
        // only because it holds a user word is then also added whole, which does no harm.
        let first = Segmenter::new(Mode::Normal, dictionary.clone(), None);
        let known: HashSet<String> = user_words.iter().map(|w| w.surface.clone()).collect();
        let mut extra = Vec::new();
        let mut group_terms: Vec<&String> = synonyms.keys().collect();
        group_terms.sort();
        for term in group_terms {
            // Question words are joined from their tokens (何|回) where IPADIC reads a
            // counter; a word after 何 (何|曜日) stays a word.
            if known.contains(term)
                || QUESTION_WORDS.contains(&term.as_str())
                || term.starts_with('何')
            {
                continue;
            }
            let Ok(mut tokens) = segment(&first, term.as_str()) else {
                continue;
            };
            if tokens.len() > 1 {
                let reading: String = tokens
                    .iter_mut()
                    .map(|token| {
                        let surface = token.surface.to_string();
                        reading_field(&token.details()).unwrap_or_else(|| to_katakana(&surface))
                    })
                    .collect();
                if reading.chars().all(super::normalize::is_katakana) {
                    extra.push(UserWord {
                        surface: term.clone(),
                        part_of_speech: "名詞".to_string(),
                        reading,
                    });
                }
            }
        }
        // Related terms written as several nouns (医療機関) stay apart for the segmenter —
        // as user words they would break longer words IPADIC knows (駐輪|場) — and are
        // indexed as spans where their words stand together (see `is_compound_term`).
        let mut compound_terms = FnvHashSet::default();
        for term in related.keys().chain(related.values().flatten()) {
            let Ok(mut tokens) = segment(&first, term.as_str()) else {
                continue;
            };
            let nouns = tokens
                .iter_mut()
                .all(|token| matches!(token.details().first(), Some(&"名詞" | &"接頭詞")));
            if tokens.len() > 1 && nouns {
                compound_terms.insert(term.clone());
            }
        }
        drop(first);
        user_words.extend(extra);

        let segmenter = Segmenter::new(
            Mode::Normal,
            dictionary.clone(),
            build_user_dictionary(&dictionary, &user_words, system)?,
        );
        let decomposer = Segmenter::new(Mode::Decompose(Penalty::default()), dictionary, None);
        let fingerprint = fingerprint(&decomposer);
        let mut analyzer = Analyzer {
            state: Arc::new(AnalyzerState {
                segmenter,
                decomposer,
                synonyms,
                related,
                stop_words,
                stop_phrases: Vec::new(),
                stop_readings: FnvHashSet::default(),
                compound_terms,
                known_words: FnvHashMap::default(),
                folded_known_words: FnvHashMap::default(),
                known_readings: CharTrie::default(),
                folded_known_readings: CharTrie::default(),
                small_talk,
                resources,
                fingerprint,
            }),
        };
        let mut stop_words: Vec<String> = analyzer.state.stop_words.iter().cloned().collect();
        stop_words.sort();
        let mut stop_phrases = Vec::new();
        for word in &stop_words {
            let readings = analyzer.token_readings(word);
            if readings.len() > 1 {
                stop_phrases.push(readings);
            }
        }
        let stop_readings = stop_words
            .iter()
            .map(|word| analyzer.reading_of(word))
            .filter(|reading| reading.chars().count() > 1)
            .collect();
        let known_words = analyzer.collect_known_words(&user_words);
        let mut by_reading: Vec<(&String, &KnownWord)> = known_words.iter().collect();
        by_reading.sort_by(|a, b| a.0.cmp(b.0));
        let mut folded: FnvHashMap<String, KnownWord> = FnvHashMap::default();
        for (reading, word) in by_reading {
            let entry = folded
                .entry(fold_long_vowels(reading))
                .or_insert_with(|| word.clone());
            if word.class == TokenClass::Frame && entry.class != TokenClass::Frame {
                *entry = word.clone();
            }
        }
        let state = analyzer.state_mut();
        state.stop_phrases = stop_phrases;
        state.stop_readings = stop_readings;
        state.known_readings = CharTrie::new(known_words.keys().map(|key| (key.as_str(), 0)));
        state.folded_known_readings = CharTrie::new(folded.keys().map(|key| (key.as_str(), 0)));
        state.known_words = known_words;
        state.folded_known_words = folded;
        Ok(analyzer)
    }

    /// Normalizes `text` (keeping at most `max_chars` characters) and returns its content
    /// words.
    ///
    /// ```
    /// # let analyzer = toiawase::Analyzer::new(&Default::default(), Default::default()).unwrap();
    /// let analysis = analyzer.analyze("物干し竿を捨てたい", 200);
    /// let texts: Vec<&str> = analysis.terms.iter().map(|t| t.text.as_str()).collect();
    /// assert_eq!(texts, ["物干し竿", "捨てる"]);
    ///
    /// // Potential forms reduce to their verb; question words are kept.
    /// let analysis = analyzer.analyze("高校生も何回打てますか", 200);
    /// let bases: Vec<&str> = analysis.terms.iter().map(|t| t.base.as_str()).collect();
    /// assert_eq!(bases, ["高校生", "何回", "打つ"]);
    /// ```
    pub fn analyze(&self, text: &str, max_chars: usize) -> Analysis {
        self.analyze_normalized(normalize(text, max_chars))
    }

    /// Analyses a question as the engine reads it: normalized, cut at
    /// [`MAX_QUERY_CHARS`](crate::MAX_QUERY_CHARS) characters, and read as kana when it is
    /// typed in romaji (`gomi no dashikata` → `ごみのだしかた`).
    ///
    /// ```
    /// # let analyzer = toiawase::Analyzer::new(&Default::default(), Default::default()).unwrap();
    /// let analysis = analyzer.analyze_question("sodaigomi dashitai");
    /// assert_eq!(analysis.normalized, "そだいごみだしたい");
    /// ```
    pub fn analyze_question(&self, question: &str) -> Analysis {
        let QuestionText { text, romaji } = question_text(question);
        self.analyze_text(text, romaji)
    }

    /// [`Analyzer::analyze`] for text already normalized (and cut to length).
    pub(crate) fn analyze_normalized(&self, normalized: String) -> Analysis {
        self.analyze_text(normalized, false)
    }

    /// Analyses normalized text, typed in romaji or not.
    pub(crate) fn analyze_text(&self, normalized: String, romaji: bool) -> Analysis {
        let reread = Reread::Kana {
            romaji,
            after: None,
        };
        let (terms, tokens) = self.terms_of(&self.state.segmenter, &normalized, 0, reread);
        Analysis {
            normalized,
            terms,
            tokens,
            romaji,
        }
    }

    /// The parts of a compound word as the index knows them (`粗大ごみ処理券` → 粗大, ごみ,
    /// 処理, 券), or nothing if it does not split into two or more content words. A question
    /// that names a part finds the compound, and the other way round.
    ///
    /// ```
    /// # let analyzer = toiawase::Analyzer::new(&Default::default(), Default::default()).unwrap();
    /// assert!(analyzer.compound_parts("関西国際空港").contains(&"空港".to_string()));
    /// ```
    pub fn compound_parts(&self, word: &str) -> Vec<String> {
        self.parts(word, 0)
            .into_iter()
            .map(|part| part.base)
            .collect()
    }

    /// The parts of a compound word, or nothing if it does not split into two or more
    /// content words. `span_start` offsets the parts' spans.
    pub(crate) fn parts(&self, surface: &str, span_start: usize) -> Vec<Term> {
        let (mut parts, _) = self.terms_of(&self.state.decomposer, surface, span_start, Reread::No);
        if parts.len() < 2 {
            return Vec::new();
        }
        if let Some(named) = self.named_prefix(surface, span_start)
            && !parts.iter().any(|part| part.text == named.text)
        {
            parts.insert(0, named);
        }
        parts
    }

    /// The longest start of a compound that is a long name with synonyms of its own
    /// (国民健康保険 of 国民健康保険料, which 国保 stands for), as one term. Shorter names
    /// (軽自動車 of 軽自動車税) are left to the compound's own parts.
    fn named_prefix(&self, surface: &str, span_start: usize) -> Option<Term> {
        let ends = surface
            .char_indices()
            .map(|(at, _)| at)
            .skip(MIN_NAMED_PREFIX_CHARS);
        let end = ends
            .filter(|&end| self.state.synonyms.contains_key(&surface[..end]))
            .last()?;
        let (mut terms, _) = self.terms_of(
            &self.state.segmenter,
            &surface[..end],
            span_start,
            Reread::No,
        );
        if terms.len() == 1 { terms.pop() } else { None }
    }

    /// Katakana reading of a whole text, as the segmenter reads it (unknown words keep
    /// their letters). Used to index the readings of synonym variants.
    pub(crate) fn reading_of(&self, text: &str) -> String {
        self.token_readings(text).concat()
    }

    /// Every reading the system dictionary gives a common noun written `surface`, when it
    /// knows it as one word: IPADIC lists 長靴 as チョウカ and ナガグツ, and segmentation
    /// picks one. Names are left out (健康 is also a given name, タケヤス).
    pub(crate) fn noun_readings(&self, surface: &str) -> Vec<String> {
        let dictionary = &self.state.segmenter.dictionary;
        let mut readings: Vec<String> = Vec::new();
        for entry in dictionary.prefix_dictionary.find_surface_iter(surface) {
            let mut fields = dictionary.word_details_iter(entry.word_id().id() as usize);
            if fields.next() != Some("名詞") || fields.next() == Some("固有名詞") {
                continue;
            }
            if let Some(reading) = fields
                .nth(5)
                .filter(|field| *field != "*" && !field.is_empty())
            {
                let reading = to_katakana(reading);
                if !readings.contains(&reading) {
                    readings.push(reading);
                }
            }
        }
        readings
    }

    /// Katakana readings of the tokens of a text.
    fn token_readings(&self, text: &str) -> Vec<String> {
        let Ok(mut tokens) = segment(&self.state.segmenter, text) else {
            return vec![to_katakana(text)];
        };
        tokens
            .iter_mut()
            .map(|token| {
                let surface = token.surface.to_string();
                reading_field(&token.details()).unwrap_or_else(|| to_katakana(&surface))
            })
            .collect()
    }

    /// All synonym group members, with their canonical terms.
    pub(crate) fn synonym_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.state
            .synonyms
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// Each term with the terms related to it (not the same thing: broader, narrower, or
    /// what a question word asks for), as index keys.
    pub(crate) fn related_groups(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.state
            .related
            .iter()
            .map(|(text, related)| (text.as_str(), related.as_slice()))
    }

    /// Whether `text` is a related term that IPADIC writes as several nouns (医療機関): the
    /// index keeps it as one term where its words stand together in a phrasing.
    pub(crate) fn is_compound_term(&self, text: &str) -> bool {
        self.state.compound_terms.contains(text)
    }

    /// The word the analyzer knows by this katakana reading, if any.
    pub fn known_word(&self, reading: &str) -> Option<&KnownWord> {
        self.state.known_words.get(reading)
    }

    /// What kind of small talk a message is (こんにちは, ありがとう, テスト), or `None` when it
    /// is anything else, a question above all.
    ///
    /// ```
    /// # let analyzer = toiawase::Analyzer::new(&Default::default(), Default::default()).unwrap();
    /// use toiawase::SmallTalk;
    /// assert_eq!(analyzer.small_talk("ありがとうございました！"), Some(SmallTalk::Thanks));
    /// assert_eq!(analyzer.small_talk("こんにちは、住民票がほしい"), None);
    /// ```
    pub fn small_talk(&self, message: &str) -> Option<SmallTalk> {
        self.state.small_talk.classify(message)
    }

    /// As [`small_talk`](Self::small_talk), for a question already normalized.
    pub(crate) fn small_talk_normalized(&self, normalized: &str) -> Option<SmallTalk> {
        self.state.small_talk.classify_normalized(normalized)
    }

    /// The resources this analyzer was built with.
    pub fn resources(&self) -> &Resources {
        &self.state.resources
    }

    /// A hash of how the system dictionary segments a fixed probe text. Two analyzers with
    /// the same fingerprint segment alike; an index records it and refuses to open with a
    /// different dictionary.
    pub fn fingerprint(&self) -> u64 {
        self.state.fingerprint
    }

    fn collect_known_words(&self, user_words: &[UserWord]) -> FnvHashMap<String, KnownWord> {
        let mut known: FnvHashMap<String, KnownWord> = FnvHashMap::default();
        let mut add = |reading: String, text: &str, class: TokenClass| {
            if reading.chars().count() < 2 || !reading.chars().all(is_katakana) {
                return;
            }
            // A frame reading wins over a word reading: a kana stretch that reads like a
            // stop word is most likely that stop word. Otherwise the first one stays.
            let word = KnownWord {
                text: text.to_string(),
                class,
                reading: reading.clone(),
            };
            let entry = known.entry(reading).or_insert_with(|| word.clone());
            if class == TokenClass::Frame && entry.class != TokenClass::Frame {
                *entry = word;
            }
        };
        let mut stop_words: Vec<&String> = self.state.stop_words.iter().collect();
        stop_words.sort();
        for word in stop_words {
            add(self.reading_of(word), word, TokenClass::Frame);
        }
        for word in QUESTION_WORDS {
            add(self.reading_of(word), word, TokenClass::QuestionWord);
        }
        for (word, reading) in QUESTION_WORD_READINGS {
            add(reading.to_string(), word, TokenClass::QuestionWord);
        }
        let mut words: Vec<&String> = self
            .state
            .synonyms
            .keys()
            .chain(self.state.synonyms.values())
            .chain(self.state.related.keys())
            .chain(self.state.related.values().flatten())
            .collect();
        words.sort();
        words.dedup();
        for word in words {
            let (readings, predicate) = self.word_readings(word);
            let class = if predicate {
                TokenClass::Predicate
            } else {
                TokenClass::Noun
            };
            add(readings, word, class);
        }
        for word in user_words {
            add(word.reading.clone(), &word.surface, TokenClass::Noun);
        }
        known
    }

    /// The reading of a word, and whether it is a verb or adjective.
    fn word_readings(&self, word: &str) -> (String, bool) {
        let Ok(mut tokens) = segment(&self.state.segmenter, word) else {
            return (to_katakana(word), false);
        };
        let predicate = tokens
            .last_mut()
            .is_some_and(|token| matches!(token.details().first(), Some(&"動詞" | &"形容詞")));
        let reading = tokens
            .iter_mut()
            .map(|token| {
                let surface = token.surface.to_string();
                reading_field(&token.details()).unwrap_or_else(|| to_katakana(&surface))
            })
            .collect();
        (reading, predicate)
    }

    /// Terms and tokens of `text` (whose first byte is at `span_start`), kana-only chunks
    /// re-read as `reread` says (see [`Analyzer::reread_kana_chunk`]).
    fn terms_of(
        &self,
        segmenter: &Segmenter,
        text: &str,
        span_start: usize,
        reread: Reread,
    ) -> (Vec<Term>, Vec<Token>) {
        if text.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let Ok(mut segmented) = segment(segmenter, text) else {
            return (Vec::new(), Vec::new());
        };
        let raw: Vec<RawToken> = segmented
            .iter_mut()
            .filter_map(|token| {
                if token.surface.trim().is_empty() {
                    return None;
                }
                // The details as lindera has them, borrowed from the dictionary.
                let _ = token.details_iter();
                let details = token.details.take().unwrap_or_default();
                Some(RawToken::new(
                    token.surface.to_string(),
                    span_start + token.byte_start..span_start + token.byte_end,
                    details,
                ))
            })
            .collect();
        let raw = join_counted_numbers(join_question_words(mend_tokens(raw)));

        let mut frame = vec![false; raw.len()];
        self.mark_stop_phrases(&raw, &mut frame);

        let mut terms: Vec<Option<Term>> = Vec::with_capacity(raw.len());
        let mut tokens = Vec::with_capacity(raw.len());
        for (token, in_frame) in raw.into_iter().zip(frame) {
            let (term, class) = if in_frame {
                (None, TokenClass::Frame)
            } else {
                match self.term_of(&token) {
                    Ok(term) => {
                        let class = term_class(&term, &token);
                        (Some(term), class)
                    }
                    Err(class) => (None, class),
                }
            };
            terms.push(term);
            tokens.push(Token {
                span: token.span,
                class,
                reading: token.reading,
                known: token.known,
            });
        }
        if let Reread::Kana { romaji, after } = reread {
            for chunk in kana_chunks(text) {
                let after = after.filter(|_| chunk.start == 0);
                let chunk = span_start + chunk.start..span_start + chunk.end;
                self.reread_kana_chunk(
                    text,
                    span_start,
                    chunk,
                    (romaji, after),
                    &mut terms,
                    &mut tokens,
                );
            }
        }
        (terms.into_iter().flatten().collect(), tokens)
    }

    /// Whether IPADIC reads kana `text` on its own as words rather than debris: it starts
    /// with a verb or adjective, and no content word of it is a single kana.
    fn reads_cleanly(&self, text: &str) -> bool {
        let (_, tokens) = self.terms_of(&self.state.segmenter, text, 0, Reread::No);
        let single_kana = |token: &Token| {
            text.get(token.span.clone())
                .is_some_and(|surface| surface.chars().count() == 1)
        };
        tokens
            .first()
            .is_some_and(|first| first.class == TokenClass::Predicate)
            && tokens
                .iter()
                .all(|token| !token.class.is_content() || !single_kana(token))
    }

    /// Re-reads a kana-only chunk with the words the analyzer knows by reading, where that
    /// explains it better than IPADIC's tokens (`そだいごみ` is 粗大ごみ, not そ|だいごみ), and
    /// keeps a chunk IPADIC cuts into debris (`にもつ` → に|もつ) whole.
    fn reread_kana_chunk(
        &self,
        text: &str,
        span_start: usize,
        chunk: std::ops::Range<usize>,
        (romaji, after): (bool, Option<TokenClass>),
        terms: &mut Vec<Option<Term>>,
        tokens: &mut Vec<Token>,
    ) {
        let Some(chunk_text) = text.get(chunk.start - span_start..chunk.end - span_start) else {
            return;
        };
        let offsets: Vec<usize> = chunk_text
            .char_indices()
            .map(|(offset, _)| chunk.start + offset)
            .chain(std::iter::once(chunk.end))
            .collect();
        let n = offsets.len() - 1;
        let position = |byte: usize| offsets.binary_search(&byte).ok();

        let mut edges: Vec<Edge<Reading>> = Vec::new();
        let inside: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].span.start >= chunk.start && tokens[i].span.end <= chunk.end)
            .collect();
        let mut suspicious = false;
        for (order, &i) in inside.iter().enumerate() {
            let (Some(start), Some(end)) =
                (position(tokens[i].span.start), position(tokens[i].span.end))
            else {
                continue;
            };
            let len = (end - start) as f32;
            let content = tokens[i].class.is_content();
            // IPADIC reads kana-only text as debris when it starts with a particle or a
            // prefix (に|もつ, ご|ざ) or cuts out single-kana words.
            let starts_with_glue = order == 0
                && !starts_as_word_goes_on(
                    after,
                    &text[tokens[i].span.start - span_start..tokens[i].span.end - span_start],
                )
                && matches!(tokens[i].class, TokenClass::Particle | TokenClass::Function);
            suspicious |= (content && end - start == 1) || starts_with_glue;
            let score = match (content, end - start) {
                (true, 1) => 0.25,
                (true, _) => len * len / 2.0,
                (false, _) => len,
            };
            edges.push(Edge {
                start,
                end,
                score,
                what: Reading::Token(i),
            });
        }
        let spans: Vec<TokenSpan> = inside
            .iter()
            .filter_map(|&i| {
                let token = &tokens[i];
                Some(TokenSpan {
                    start: position(token.span.start)?,
                    end: position(token.span.end)?,
                    class: token.class,
                    known: token.known,
                })
            })
            .collect();
        // Every known word the chunk holds, found by walking the reading dictionaries from
        // each character (in order of start, then end; a reading before its romaji form).
        let katakana_text = to_katakana(chunk_text);
        let katakana_offsets: Vec<usize> = katakana_text
            .char_indices()
            .map(|(offset, _)| offset)
            .chain(std::iter::once(katakana_text.len()))
            .collect();
        let katakana: Vec<char> = katakana_text.chars().collect();
        let plain = &self.state.known_readings;
        let folded = &self.state.folded_known_readings;
        for start in 0..n {
            let mut plain_node = Some(CharTrie::ROOT);
            let mut folded_node = romaji.then_some(CharTrie::ROOT);
            for (end, &c) in (start + 1..=n).zip(&katakana[start..]) {
                plain_node = plain_node.and_then(|node| plain.child(node, c));
                folded_node = folded_node.and_then(|node| folded.child(node, c));
                if plain_node.is_none() && folded_node.is_none() {
                    break;
                }
                if end - start < 2 {
                    continue;
                }
                let reading = &katakana_text[katakana_offsets[start]..katakana_offsets[end]];
                let known = if plain_node.is_some_and(|node| plain.value(node).is_some()) {
                    self.state.known_words.get(reading)
                } else if folded_node.is_some_and(|node| folded.value(node).is_some()) {
                    // Romaji cannot write long vowels: compare without them.
                    self.state.folded_known_words.get(reading)
                } else {
                    None
                };
                let Some(known) = known else {
                    continue;
                };
                let question_word = known.class == TokenClass::QuestionWord;
                if !may_read_as(&spans, start, end, n, question_word) {
                    continue;
                }
                let len = (end - start) as f32;
                edges.push(Edge {
                    start,
                    end,
                    score: len * len,
                    what: Reading::Known(known),
                });
            }
        }
        if suspicious {
            // The chunk as one word, up to the particles that end it (にもつを → にもつ),
            // unless IPADIC found no word in it at all (べ|っ|ど).
            let mut end = n;
            let has_content = inside.iter().any(|&i| tokens[i].class.is_content());
            // Common particles alone (のにを) are no word; other debris (べ|っ|ど) may be.
            let only_particles = inside.iter().all(|&i| {
                let surface =
                    &text[tokens[i].span.start - span_start..tokens[i].span.end - span_start];
                !tokens[i].class.is_content() && COMMON_PARTICLES.contains(&surface)
            });
            for &i in inside.iter().rev().filter(|_| has_content) {
                match (position(tokens[i].span.start), tokens[i].class) {
                    (Some(start), TokenClass::Particle) if start > 0 => end = start,
                    _ => break,
                }
            }
            // Before the frame that ends it (のんで|いい, のんで|も|いい) the chunk may be a
            // verb IPADIC reads right on its own, where the frame misled it (の|ん|で|いい).
            let mut on_its_own = None;
            for &i in inside.iter().rev() {
                let Some(start) = position(tokens[i].span.start) else {
                    break;
                };
                if tokens[i].class.is_content() || start < 2 {
                    break;
                }
                let piece = &text[chunk.start - span_start..offsets[start] - span_start];
                if self.reads_cleanly(piece) {
                    on_its_own = Some(start);
                    break;
                }
            }
            if let Some(before_frame) = on_its_own {
                let len = before_frame as f32;
                edges.push(Edge {
                    start: 0,
                    end: before_frame,
                    score: 1.5 * len,
                    what: Reading::OnItsOwn,
                });
            } else if end >= 2 && !only_particles {
                // Worth a little more than the debris, less than known words inside it.
                let len = end as f32;
                edges.push(Edge {
                    start: 0,
                    end,
                    score: 1.5 * len,
                    what: Reading::Whole,
                });
            }
        }

        let path = best_path(n, &edges);
        if path
            .iter()
            .all(|edge| matches!(edge.what, Reading::Token(_)))
        {
            return;
        }
        // Replace the chunk's tokens and terms by the path's words; what lies between them
        // (particles, and the rest of tokens a known word cut into) is segmented again on
        // its own: いつから after 保育園 is いつ|から, whatever IPADIC made of the whole.
        let mut kept: Vec<(Option<Term>, Token)> = Vec::new();
        let mut cursor = 0;
        let segment_gap = |from: usize, to: usize, kept: &mut Vec<(Option<Term>, Token)>| {
            if from >= to {
                return;
            }
            let (start, end) = (offsets[from], offsets[to]);
            let gap = &text[start - span_start..end - span_start];
            let reread = Reread::Kana {
                romaji,
                after: kept
                    .last()
                    .map(|(_, token)| token.class)
                    .filter(|_| from > 0),
            };
            let (gap_terms, gap_tokens) = self.terms_of(&self.state.segmenter, gap, start, reread);
            let mut gap_terms = gap_terms.into_iter().peekable();
            for token in gap_tokens {
                let term = if token.class.is_content() {
                    gap_terms.next_if(|term| term.span == token.span)
                } else {
                    None
                };
                kept.push((term, token));
            }
        };
        for edge in path {
            if matches!(edge.what, Reading::Token(i) if !tokens[i].class.is_content()) {
                continue;
            }
            segment_gap(cursor, edge.start, &mut kept);
            cursor = edge.end;
            let span = offsets[edge.start]..offsets[edge.end];
            match &edge.what {
                Reading::OnItsOwn => segment_gap(edge.start, edge.end, &mut kept),
                Reading::Token(i) => kept.push((terms[*i].take(), tokens[*i].clone())),
                Reading::Known(known) => {
                    let term = (known.class != TokenClass::Frame)
                        .then(|| self.known_term(text, span_start, known, span.clone()));
                    let reading =
                        to_katakana(&text[span.start - span_start..span.end - span_start]);
                    kept.push((
                        term,
                        Token {
                            span,
                            class: known.class,
                            reading,
                            known: true,
                        },
                    ));
                }
                Reading::Whole => {
                    let surface = text[span.start - span_start..span.end - span_start].to_string();
                    let reading = to_katakana(&surface);
                    let term = Term {
                        text: surface.clone(),
                        base: surface.clone(),
                        surface,
                        reading: reading.clone(),
                        surface_reading: reading.clone(),
                        synonym: false,
                        predicate: false,
                        question_word: false,
                        span: span.clone(),
                    };
                    let token = Token {
                        span,
                        class: TokenClass::Noun,
                        reading,
                        known: false,
                    };
                    kept.push((Some(term), token));
                }
            }
        }
        segment_gap(cursor, n, &mut kept);
        let first = inside.first().copied().unwrap_or(tokens.len());
        let removed = inside.len();
        let (new_terms, new_tokens): (Vec<Option<Term>>, Vec<Token>) = kept.into_iter().unzip();
        terms.splice(first..first + removed, new_terms);
        tokens.splice(first..first + removed, new_tokens);
    }

    /// The term of a known word read from kana (`しょぶん` → 処分, whose index key is 捨てる).
    fn known_term(
        &self,
        text: &str,
        span_start: usize,
        known: &KnownWord,
        span: std::ops::Range<usize>,
    ) -> Term {
        let surface = text[span.start - span_start..span.end - span_start].to_string();
        let text = self
            .state
            .synonyms
            .get(&known.text)
            .cloned()
            .unwrap_or_else(|| known.text.clone());
        Term {
            synonym: text != known.text,
            text,
            base: known.text.clone(),
            surface_reading: to_katakana(&surface),
            surface,
            reading: known.reading.clone(),
            predicate: known.class == TokenClass::Predicate,
            question_word: known.class == TokenClass::QuestionWord,
            span,
        }
    }

    /// Marks the tokens that form a stop word the segmenter splits (何|ごみ).
    fn mark_stop_phrases(&self, raw: &[RawToken], frame: &mut [bool]) {
        if self.state.stop_phrases.is_empty() {
            return;
        }
        for start in 0..raw.len() {
            for phrase in &self.state.stop_phrases {
                let end = start + phrase.len();
                if end <= raw.len()
                    && raw[start..end]
                        .iter()
                        .zip(phrase)
                        .all(|(token, reading)| token.reading == *reading)
                {
                    frame[start..end].fill(true);
                }
            }
        }
    }

    /// The term a token yields, or why it yields none.
    fn term_of(&self, token: &RawToken) -> Result<Term, TokenClass> {
        let surface = &token.surface;
        // The fields as `&str`, on the stack for IPADIC's (and the mended tokens') counts.
        let mut on_stack = [""; DETAIL_FIELDS];
        let on_heap: Vec<&str>;
        let details: &[&str] = if token.details.len() <= DETAIL_FIELDS {
            for (field, detail) in on_stack.iter_mut().zip(&token.details) {
                *field = detail.as_ref();
            }
            &on_stack[..token.details.len()]
        } else {
            on_heap = token.details.iter().map(AsRef::as_ref).collect();
            &on_heap
        };
        let surface_reading = token.reading.clone();
        if QUESTION_WORDS.contains(&surface.as_str()) {
            let base = if surface == "だれ" {
                "誰".to_string()
            } else {
                surface.clone()
            };
            return Ok(Term {
                text: self
                    .state
                    .synonyms
                    .get(&base)
                    .cloned()
                    .unwrap_or(base.clone()),
                base,
                surface: surface.clone(),
                reading: surface_reading.clone(),
                surface_reading,
                synonym: false,
                predicate: false,
                question_word: true,
                span: token.span.clone(),
            });
        }
        if !is_content_word(details, surface) {
            // A stop word that is no content word (方 in 捨て方) is still the frame.
            if self.state.stop_words.contains(surface) {
                return Err(TokenClass::Frame);
            }
            return Err(function_class(details, surface));
        }
        let predicate = matches!(details.first(), Some(&"動詞" | &"形容詞"));
        let mut base = details
            .get(6)
            .filter(|field| **field != "*" && !field.is_empty())
            .map_or_else(|| surface.clone(), |field| normalize(field, 64));
        let mut reading = base_reading(surface, &surface_reading, &base);
        if let Some((verb, verb_reading)) = self.verb_of_potential(details, &base) {
            base = verb;
            reading = verb_reading;
        }
        let typed_in_kana = base.chars().all(is_kana);
        if self.state.stop_words.contains(&base)
            || self.state.stop_words.contains(surface)
            || (typed_in_kana && self.state.stop_readings.contains(&reading))
        {
            return Err(TokenClass::Frame);
        }
        let canonical = self
            .state
            .synonyms
            .get(&base)
            .or_else(|| self.state.synonyms.get(surface));
        let (text, synonym) = match canonical {
            Some(canonical) if *canonical != base => (canonical.clone(), true),
            _ => (base.clone(), false),
        };
        Ok(Term {
            text,
            base,
            surface: surface.clone(),
            reading,
            surface_reading,
            synonym,
            predicate,
            question_word: false,
            span: token.span.clone(),
        })
    }

    /// The 五段 verb a potential form stands for (打てる → 打つ, 作れる → 作る), with its
    /// reading, when IPADIC knows that verb. IPADIC lists potential forms as 一段 verbs of
    /// their own, so without this 「打てますか」 would never meet 「打つ」.
    fn verb_of_potential(&self, details: &[&str], base: &str) -> Option<(String, String)> {
        if details.first() != Some(&"動詞")
            || details.get(4) != Some(&"一段")
            || NOT_POTENTIAL.contains(&base)
        {
            return None;
        }
        let chars: Vec<char> = base.chars().collect();
        let [stem @ .., e_row, 'る'] = chars.as_slice() else {
            return None;
        };
        let u_row = match e_row {
            'え' => 'う',
            'け' => 'く',
            'げ' => 'ぐ',
            'せ' => 'す',
            'て' => 'つ',
            'ね' => 'ぬ',
            'べ' => 'ぶ',
            'め' => 'む',
            'れ' => 'る',
            _ => return None,
        };
        // A stem in kana is too often a word of its own (いれる is not いる, かける not かく),
        // but for a few verbs residents type in kana the potential form is what they mean.
        let kana_stem = stem.iter().all(|c| is_kana(*c));
        if stem.is_empty() || (kana_stem && !KANA_POTENTIALS.contains(&base)) {
            return None;
        }
        let verb: String = stem.iter().chain(std::iter::once(&u_row)).collect();
        let mut tokens = segment(&self.state.segmenter, &verb).ok()?;
        let [token] = tokens.as_mut_slice() else {
            return None;
        };
        let details = token.details();
        let is_godan = details.first() == Some(&"動詞")
            && details.get(4).is_some_and(|kind| kind.starts_with("五段"))
            && details.get(6) == Some(&verb.as_str());
        if !is_godan {
            return None;
        }
        let reading = reading_field(&details)?;
        Some((verb, reading))
    }
}

/// A question as the analyzer reads it.
pub(crate) struct QuestionText {
    /// Normalized, and in hiragana when typed in romaji.
    pub text: String,
    /// Whether it was typed in romaji.
    pub romaji: bool,
}

/// The question normalized, and in hiragana when it is typed in romaji (`gomi no
/// dashikata` → `ごみのだしかた`), so that it goes the way of kana input.
pub(crate) fn question_text(question: &str) -> QuestionText {
    use super::{is_romaji, romaji_to_katakana, to_hiragana};
    let normalized = normalize(question, crate::MAX_QUERY_CHARS);
    if is_romaji(&normalized)
        && let Some(katakana) = romaji_to_katakana(&normalized)
    {
        // Japanese is written without spaces; romaji words are split where the writer
        // thought best (petto botoru), so the kana is joined up.
        return QuestionText {
            text: to_hiragana(&katakana).replace(' ', ""),
            romaji: true,
        };
    }
    QuestionText {
        text: normalized,
        romaji: false,
    }
}

/// Whether kana-only chunks are re-read, and how.
#[derive(Debug, Clone, Copy)]
enum Reread {
    No,
    /// Re-read kana-only chunks; `after`: the class of the word the text follows, when a
    /// re-reading found one right before it (see [`starts_as_word_goes_on`]).
    Kana {
        romaji: bool,
        after: Option<TokenClass>,
    },
}

/// A token's place in a kana stretch (in characters) and what it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenSpan {
    pub start: usize,
    pub end: usize,
    pub class: TokenClass,
    pub known: bool,
}

/// Whether characters `start..end` of a kana stretch of `n` characters may be read as one
/// word found by its reading, given the tokens IPADIC made of it:
/// - not when IPADIC read exactly that as particles, auxiliaries or the frame (したい is
///   する + たい, not 死体), unless it is a whole stretch of four kana or more (IPADIC
///   reads せんたくき as せ|ん|たく|き: no sentence is that short and all glue);
/// - not when it cuts into a word IPADIC knows (the シタイ in かえしたい cuts かえし);
/// - two kana only as a whole: the whole stretch, or one noun IPADIC also found (なべ),
///   never part of another word (the こん of こんにちは).
pub(crate) fn may_read_as_word(tokens: &[TokenSpan], start: usize, end: usize, n: usize) -> bool {
    may_read_as(tokens, start, end, n, false)
}

/// As [`may_read_as_word`]; with `over_glue`, also where IPADIC read exactly that as glue
/// (for question words: なんじ is 何時, which IPADIC cuts into なん|じ).
fn may_read_as(tokens: &[TokenSpan], start: usize, end: usize, n: usize, over_glue: bool) -> bool {
    let covered: Vec<&TokenSpan> = tokens
        .iter()
        .filter(|t| t.start >= start && t.end <= end)
        .collect();
    let exact_cover = covered.first().is_some_and(|t| t.start == start)
        && covered.last().is_some_and(|t| t.end == end)
        && covered.windows(2).all(|pair| pair[0].end == pair[1].start);
    let whole = start == 0 && end == n;
    if exact_cover
        && covered.iter().all(|t| !t.class.is_content())
        && !(whole && n >= 4)
        && !over_glue
    {
        return false;
    }
    let firm = |t: &TokenSpan| {
        let len = t.end - t.start;
        t.known && ((t.class.is_content() && len >= 2) || len >= 3)
    };
    let cuts_into =
        |t: &TokenSpan| (t.start < start && start < t.end) || (t.start < end && end < t.end);
    if tokens.iter().any(|t| firm(t) && cuts_into(t)) {
        return false;
    }
    if end - start >= 3 {
        return true;
    }
    whole || (exact_cover && covered.len() == 1 && covered[0].class == TokenClass::Noun)
}

/// How a piece of a kana chunk is read.
enum Reading<'a> {
    /// As IPADIC segmented it: the token at this position.
    Token(usize),
    /// As a word the analyzer knows by reading.
    Known(&'a KnownWord),
    /// As one unknown word.
    Whole,
    /// As IPADIC segments this stretch on its own.
    OnItsOwn,
}

/// The class of a token that yielded `term`.
fn term_class(term: &Term, token: &RawToken) -> TokenClass {
    if term.question_word {
        TokenClass::QuestionWord
    } else if term.predicate {
        TokenClass::Predicate
    } else if token.details.get(1).is_some_and(|sub| sub == "接尾") {
        TokenClass::Suffix
    } else {
        TokenClass::Noun
    }
}

/// Texts up to this long are segmented in this thread's kept lattice; longer ones (a
/// corpus's long answers) get a lattice of their own, so the kept one stays small.
const KEPT_LATTICE_MAX_BYTES: usize = 1024;

thread_local! {
    /// lindera's Viterbi lattice, kept between segmentations: building one afresh costs a
    /// few hundred allocations, a question is segmented several times, and
    /// `Segmenter::segment` builds one each time. lindera clears it for every sentence and
    /// keeps nothing of a dictionary in it, so every segmenter may use it.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// `segmenter.segment(text)`, in this thread's kept lattice when it is free.
fn segment<'a>(
    segmenter: &'a Segmenter,
    text: &'a str,
) -> lindera::LinderaResult<Vec<lindera::token::Token<'a>>> {
    if text.len() <= KEPT_LATTICE_MAX_BYTES {
        let kept = LATTICE.try_with(|lattice| {
            let mut lattice = lattice.try_borrow_mut().ok()?;
            Some(segmenter.segment_with_lattice(Cow::Borrowed(text), &mut lattice))
        });
        if let Ok(Some(tokens)) = kept {
            return tokens;
        }
    }
    segmenter.segment(Cow::Borrowed(text))
}

/// Most detail fields of a token read without allocating (IPADIC gives 9).
const DETAIL_FIELDS: usize = 16;

/// A token as lindera gives it (its details borrowed from the dictionary), with its
/// reading.
struct RawToken<'a> {
    surface: String,
    span: std::ops::Range<usize>,
    details: Vec<Cow<'a, str>>,
    /// Katakana reading of the surface (the surface folded to katakana when the dictionary
    /// gives none).
    reading: String,
    /// Whether the dictionary gives a reading: it knows the word.
    known: bool,
}

impl<'a> RawToken<'a> {
    fn new(surface: String, span: std::ops::Range<usize>, details: Vec<Cow<'a, str>>) -> Self {
        let (reading, known) = match reading_field(&details) {
            Some(reading) => (reading, true),
            None => (to_katakana(&surface), false),
        };
        RawToken {
            surface,
            span,
            details,
            reading,
            known,
        }
    }
}

/// Joins the tokens of multi-token question words: 何|回 → 何回, どう|やっ|て → どうやって,
/// どの|くらい → どのくらい, and いつ where IPADIC read it as a verb い and the classical
/// auxiliary つ (納期は|い|つ|ですか: つ is not used in modern questions).
fn join_question_words(raw: Vec<RawToken<'_>>) -> Vec<RawToken<'_>> {
    let mut out: Vec<RawToken> = Vec::with_capacity(raw.len());
    let mut tokens = raw.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let next_is = |tokens: &mut std::iter::Peekable<std::vec::IntoIter<RawToken>>,
                       surfaces: &[&str]| {
            tokens
                .peek()
                .is_some_and(|next| surfaces.contains(&next.surface.as_str()))
        };
        let joined = match token.surface.as_str() {
            "何" | "なん"
                if tokens.peek().is_some_and(|next| {
                    QUESTION_COUNTERS.contains(&next.surface.as_str())
                        && next.details.get(1).is_some_and(|sub| sub == "接尾")
                }) =>
            {
                tokens.next().map(|counter| ("何", counter))
            }
            "い" if token.details.first().is_some_and(|pos| pos == "動詞")
                && tokens.peek().is_some_and(|next| {
                    next.surface == "つ" && next.details.first().is_some_and(|pos| pos == "助動詞")
                }) =>
            {
                tokens.next().map(|next| ("い", next))
            }
            "どの" | "どれ" if next_is(&mut tokens, &["くらい", "ぐらい"]) => {
                tokens.next().map(|next| (token.surface.as_str(), next))
            }
            "どう" if next_is(&mut tokens, &["やっ"]) => {
                let verb = tokens.next();
                if next_is(&mut tokens, &["て"]) {
                    let te = tokens.next();
                    verb.zip(te).map(|(verb, te)| {
                        let surface = format!("{}{}", verb.surface, te.surface);
                        (
                            "どう",
                            RawToken::new(surface, verb.span.start..te.span.end, Vec::new()),
                        )
                    })
                } else {
                    // Not どうやって: keep the tokens as they were.
                    out.push(token);
                    out.extend(verb);
                    continue;
                }
            }
            _ => None,
        };
        match joined {
            Some((head, next)) => {
                let surface = format!("{head}{}", next.surface);
                let reading = if head == "何" {
                    format!("ナン{}", next.reading)
                } else {
                    to_katakana(&surface)
                };
                let mut details: Vec<Cow<'_, str>> = ["名詞", "代名詞", "*", "*", "*", "*", "*"]
                    .into_iter()
                    .map(Cow::Borrowed)
                    .collect();
                details.push(Cow::Owned(reading));
                out.push(RawToken::new(
                    surface,
                    token.span.start..next.span.end,
                    details,
                ));
            }
            None => out.push(token),
        }
    }
    out
}

/// Verbs IPADIC finds in a noun suffix before って (保険|料っ|て: 料る, 払いすぎた|分っ|て:
/// 分る), with the suffix's reading: in a question the suffix and the particle are meant.
const SUFFIXES_READ_AS_VERBS: &[(&str, &str)] = &[("料る", "リョウ"), ("分る", "ブン")];

/// Verbs of moving house, which with て + くる after them (引っ越し|て|き|ました) say the
/// resident moved *here*: a question about 転入, not about moving out.
const MOVING_VERBS: &[&str] = &["引っ越す", "引越す", "越す"];

/// Mends what IPADIC reads apart or amiss in casual questions:
/// - the adjective ない and the verb する after it are the verb なくす, as IPADIC reads it
///   before some endings (なくし|た) but not others (予診票|なく|し|ちゃっ|た,
///   カード|なく|し|て|しまっ|た): "made it not be" is "lost" (無くする);
/// - a noun suffix before って read as a verb (保険|料っ|て) is the suffix and the particle;
/// - a verb of moving house with て + くる after it is one verb, 引っ越してくる, which
///   `related.txt` leads to 転入.
fn mend_tokens(raw: Vec<RawToken<'_>>) -> Vec<RawToken<'_>> {
    fn owned<'a>(fields: &[&str]) -> Vec<Cow<'a, str>> {
        fields
            .iter()
            .map(|field| Cow::Owned(field.to_string()))
            .collect()
    }
    /// A verb joined from `first` to `last`, in its 連用形, of this conjugation type.
    fn verb<'a>(
        (first, last): (&RawToken, &RawToken),
        surface: String,
        conjugation: &str,
        base: &str,
        reading: &str,
    ) -> RawToken<'a> {
        let details = owned(&[
            "動詞",
            "自立",
            "*",
            "*",
            conjugation,
            "連用形",
            base,
            reading,
        ]);
        RawToken::new(surface, first.span.start..last.span.end, details)
    }
    /// A noun `stem` at the start of `span` and the particle that takes the rest, with these
    /// details (the particle's surface is its base form, the details' seventh field).
    fn noun_then_particle<'a>(
        span: std::ops::Range<usize>,
        stem: &str,
        noun: &[&str],
        particle: &[&str],
    ) -> [RawToken<'a>; 2] {
        let stem_end = span.start + stem.len();
        [
            RawToken::new(stem.to_string(), span.start..stem_end, owned(noun)),
            RawToken::new(particle[6].to_string(), stem_end..span.end, owned(particle)),
        ]
    }
    // Whether the token is of this part of speech and its base form is one of these.
    let is = |token: Option<&RawToken>, pos: &str, bases: &[&str]| {
        token.is_some_and(|token| {
            token.details.first().is_some_and(|p| p == pos)
                && token
                    .details
                    .get(6)
                    .is_some_and(|b| bases.contains(&b.as_ref()))
        })
    };
    let mut out: Vec<RawToken> = Vec::with_capacity(raw.len());
    // A queue, so that a mending may look several tokens ahead without taking them.
    let mut tokens: VecDeque<RawToken> = raw.into();
    while let Some(token) = tokens.pop_front() {
        let adjoining =
            |next: Option<&RawToken>| next.is_some_and(|next| next.span.start == token.span.end);
        if matches!(token.surface.as_str(), "なく" | "無く")
            && is(Some(&token), "形容詞", &["ない", "無い"])
            && adjoining(tokens.front())
            && is(tokens.front(), "動詞", &["する"])
            && let Some(suru) = tokens.pop_front()
        {
            let surface = format!("{}{}", token.surface, suru.surface);
            let reading = format!("ナク{}", suru.reading);
            out.push(verb(
                (&token, &suru),
                surface,
                "五段・サ行",
                &format!("{}す", token.surface),
                &reading,
            ));
        } else if let Some(stem) = token.surface.strip_suffix('に')
            && NOUN_ADVERBS.contains(&stem)
            && token.details.first().is_some_and(|pos| pos == "副詞")
        {
            // 同時に is an adverb to IPADIC, but 同時 is what the FAQ's 同時接種 is about.
            let reading = token
                .reading
                .strip_suffix('ニ')
                .unwrap_or(&token.reading)
                .to_string();
            out.extend(noun_then_particle(
                token.span.start..token.span.end,
                stem,
                &["名詞", "副詞可能", "*", "*", "*", "*", stem, &reading],
                &["助詞", "格助詞", "一般", "*", "*", "*", "に", "ニ"],
            ));
        } else if is(Some(&token), "動詞", PAY_VERBS)
            && let Some(ending) = unpaid_ending(tokens.iter(), token.span.end)
        {
            // 払わ|ない, 払っ|て|ない, 納め|て|い|ない: not paid is 未納.
            let mut surface = token.surface.clone();
            let mut end = token.span.end;
            for next in tokens.drain(..ending) {
                surface.push_str(&next.surface);
                end = next.span.end;
            }
            out.push(RawToken::new(
                surface,
                token.span.start..end,
                owned(&["名詞", "一般", "*", "*", "*", "*", "未納", "ミノウ"]),
            ));
        } else if token.surface == "失"
            && adjoining(tokens.front())
            && let Some(ending) = tokens
                .front()
                .and_then(|next| LOSE_ENDINGS.iter().find(|(kana, _)| next.surface == *kana))
            && let Some(rest) = tokens.pop_front()
        {
            // 失くす is なくす spelt with a kanji IPADIC does not know (失|くし|た).
            let surface = format!("{}{}", token.surface, rest.surface);
            out.push(verb(
                (&token, &rest),
                surface,
                "五段・サ行",
                "なくす",
                &format!("ナ{}", ending.1),
            ));
        } else if let Some(&(_, reading)) = SUFFIXES_READ_AS_VERBS
            .iter()
            .find(|(suffix_verb, _)| is(Some(&token), "動詞", &[suffix_verb]))
            && let Some(suffix) = token.surface.strip_suffix('っ')
            && adjoining(tokens.front())
            && is(tokens.front(), "助詞", &["て"])
            && let Some(te) = tokens.pop_front()
        {
            out.extend(noun_then_particle(
                token.span.start..te.span.end,
                suffix,
                &["名詞", "接尾", "一般", "*", "*", "*", suffix, reading],
                &["助詞", "格助詞", "連語", "*", "*", "*", "って", "ッテ"],
            ));
        } else if is(Some(&token), "動詞", MOVING_VERBS)
            && tokens.front().is_some_and(|next| next.surface == "て")
        {
            let Some(te) = tokens.pop_front() else { break };
            if is(tokens.front(), "動詞", &["くる", "来る"])
                && let Some(come) = tokens.pop_front()
            {
                let surface = format!("{}{}{}", token.surface, te.surface, come.surface);
                let reading = format!("{}テ{}", token.reading, come.reading);
                out.push(verb(
                    (&token, &come),
                    surface,
                    "カ変・来ル",
                    "引っ越してくる",
                    &reading,
                ));
            } else {
                out.push(token);
                out.push(te);
            }
        } else {
            out.push(token);
        }
    }
    out
}

/// Nouns that IPADIC reads with their に as one adverb (同時に, 一緒に), which say what a
/// question is about (同時接種, 一緒に受ける).
const NOUN_ADVERBS: &[&str] = &["同時", "一緒", "一斉", "別々"];

/// Verbs of paying, which with a negation mean 未納 (払ってない, 納めていない).
const PAY_VERBS: &[&str] = &["払う", "支払う", "納める"];

/// How many of the tokens after a verb of paying make it "not paid": ない, て + ない
/// (払ってない) or て + いる + ない (納めていない), each right after the one before.
fn unpaid_ending<'t, 'a: 't>(
    after: impl Iterator<Item = &'t RawToken<'a>>,
    end: usize,
) -> Option<usize> {
    let next: Vec<&RawToken> = after.take(3).collect();
    let adjoining = next
        .iter()
        .scan(end, |end, token| {
            let adjoins = token.span.start == *end;
            *end = token.span.end;
            Some(adjoins)
        })
        .take_while(|adjoins| *adjoins)
        .count();
    let base_is = |token: &RawToken, base: &str| token.details.get(6).is_some_and(|b| b == base);
    let te = |token: &RawToken| token.surface == "て" || token.surface == "で";
    let nai = |token: &RawToken| {
        token.details.first().is_some_and(|pos| pos == "助動詞") && base_is(token, "ない")
    };
    match &next[..adjoining] {
        [first, ..] if nai(first) => Some(1),
        [first, second, ..] if te(first) && nai(second) => Some(2),
        [first, second, third, ..] if te(first) && base_is(second, "いる") && nai(third) => {
            Some(3)
        }
        _ => None,
    }
}

/// Kana after 失 that make it なくす (失くし, 失くす), with their readings.
const LOSE_ENDINGS: &[(&str, &str)] = &[
    ("くさ", "クサ"),
    ("くし", "クシ"),
    ("くす", "クス"),
    ("くせ", "クセ"),
];

/// Counters of ages and months, which make a number a word of its own (75歳, 3歳児,
/// 4か月): in a municipal FAQ they tell 後期高齢者医療 (75歳) and 乳幼児健診 (3歳児) apart.
const AGE_COUNTERS: &[&str] = &["歳", "才", "歳児", "か月", "ヶ月", "カ月", "ヵ月", "箇月"];

/// Joins a number and the age or month counter after it into one noun: 75|歳 → 75歳.
fn join_counted_numbers(raw: Vec<RawToken<'_>>) -> Vec<RawToken<'_>> {
    let mut out: Vec<RawToken> = Vec::with_capacity(raw.len());
    let mut tokens = raw.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let number = token.details.get(1).is_some_and(|sub| sub == "数")
            && token.surface.chars().all(|c| c.is_ascii_digit());
        let counted = number
            && tokens.peek().is_some_and(|next| {
                AGE_COUNTERS.contains(&next.surface.as_str()) && next.span.start == token.span.end
            });
        match counted.then(|| tokens.next()).flatten() {
            Some(counter) => {
                let surface = format!("{}{}", token.surface, counter.surface);
                let reading = format!("{}{}", token.surface, counter.reading);
                let mut details: Vec<Cow<'_, str>> = ["名詞", "一般", "*", "*", "*", "*"]
                    .into_iter()
                    .map(Cow::Borrowed)
                    .collect();
                details.push(Cow::Owned(surface.clone()));
                details.push(Cow::Owned(reading));
                out.push(RawToken::new(
                    surface,
                    token.span.start..counter.span.end,
                    details,
                ));
            }
            None => out.push(token),
        }
    }
    out
}

fn load_system_dictionary(system: &SystemDictionary) -> Result<Dictionary, AnalyzerError> {
    let describe = || match system {
        SystemDictionary::Embedded => "embedded IPADIC".to_string(),
        SystemDictionary::Path(path) => path.display().to_string(),
    };
    let loaded = match system {
        #[cfg(feature = "embed-ipadic")]
        SystemDictionary::Embedded => lindera::dictionary::load_dictionary("embedded://ipadic"),
        #[cfg(not(feature = "embed-ipadic"))]
        SystemDictionary::Embedded => {
            return Err(AnalyzerError::Dictionary {
                dictionary: describe(),
                message: "toiawase was built without the `embed-ipadic` feature; \
                          pass SystemDictionary::Path with a lindera IPADIC folder"
                    .to_string(),
                source: None,
            });
        }
        SystemDictionary::Path(path) => lindera::dictionary::load_fs_dictionary(path),
    };
    loaded.map_err(|err| AnalyzerError::Dictionary {
        dictionary: describe(),
        message: err.to_string(),
        source: Some(Box::new(err)),
    })
}

fn build_user_dictionary(
    dictionary: &Dictionary,
    words: &[UserWord],
    system: &SystemDictionary,
) -> Result<Option<UserDictionary>, AnalyzerError> {
    if words.is_empty() {
        return Ok(None);
    }
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for word in words {
        // Writing to a Vec cannot fail.
        let _ = csv.write_record([&word.surface, &word.part_of_speech, &word.reading]);
    }
    let bytes = csv.into_inner().unwrap_or_default();
    // lindera gives simple user-dictionary rows the context id 0 (sentence boundary), which
    // makes a user word before a particle costlier than splitting it (マイナンバーカードを →
    // マイナンバー|カード|を). Give them IPADIC's common-noun context instead.
    let mut metadata = (*dictionary.metadata).clone();
    if metadata.name == "ipadic" {
        metadata.default_left_context_id = IPADIC_COMMON_NOUN_CONTEXT_ID;
        metadata.default_right_context_id = IPADIC_COMMON_NOUN_CONTEXT_ID;
    }
    DictionaryBuilder::new(metadata)
        .build_user_dict_from_reader(bytes.as_slice())
        .map(Some)
        .map_err(|err| AnalyzerError::Dictionary {
            dictionary: format!("user dictionary for {system:?}"),
            message: err.to_string(),
            source: Some(Box::new(err)),
        })
}

/// IPADIC details: part of speech, 3 subcategories, conjugation type and form, base form,
/// reading, pronunciation. Unknown words have the single detail `UNK` or `*` fields.
fn is_content_word(details: &[&str], surface: &str) -> bool {
    let has_letters = surface.chars().any(|c| is_letter(c) && !c.is_ascii_digit());
    if !has_letters {
        return false;
    }
    let part_of_speech = details.first().copied().unwrap_or("UNK");
    let sub = details.get(1).copied().unwrap_or("*");
    let sub2 = details.get(2).copied().unwrap_or("*");
    match part_of_speech {
        "名詞" => {
            let function_noun = matches!(sub, "非自立" | "代名詞" | "数" | "特殊");
            let counter_suffix =
                sub == "接尾" && matches!(sub2, "助数詞" | "人名" | "特殊" | "助動詞語幹");
            !function_noun && !counter_suffix
        }
        "動詞" | "形容詞" => sub == "自立",
        "UNK" => true,
        _ => false,
    }
}

/// The class of a token that is no content word: particles, auxiliaries and symbols glue
/// words together; the rest (numbers, counters, prefixes, pronouns, adverbs) still say
/// something about the text (三輪自転車 is not 自転車).
fn function_class(details: &[&str], surface: &str) -> TokenClass {
    let letters = surface.chars().any(is_letter);
    match details.first().copied() {
        _ if !letters => TokenClass::Particle,
        Some("助詞" | "助動詞" | "記号" | "フィラー" | "感動詞") => {
            TokenClass::Particle
        }
        _ => TokenClass::Function,
    }
}

fn reading_field<S: AsRef<str>>(details: &[S]) -> Option<String> {
    details
        .get(7)
        .map(AsRef::as_ref)
        .filter(|field| *field != "*" && !field.is_empty())
        .map(to_katakana)
}

/// The reading of the base form, derived from the surface's reading: the conjugated tail
/// of the surface (kana) is swapped for the base form's tail (`捨て`/`ステ` + `る` → `ステル`,
/// `出し`/`ダシ` → `出す` → `ダス`).
fn base_reading(surface: &str, surface_reading: &str, base: &str) -> String {
    if surface == base {
        return surface_reading.to_string();
    }
    if base.chars().all(is_kana) {
        return to_katakana(base);
    }
    let common = surface
        .chars()
        .zip(base.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let surface_tail: Vec<char> = surface.chars().skip(common).collect();
    let base_tail: String = base.chars().skip(common).collect();
    let reading: Vec<char> = surface_reading.chars().collect();
    if !surface_tail.iter().all(|c| is_kana(*c))
        || !base_tail.chars().all(is_kana)
        || surface_tail.len() > reading.len()
    {
        return surface_reading.to_string();
    }
    let stem: String = reading[..reading.len() - surface_tail.len()]
        .iter()
        .collect();
    stem + &to_katakana(&base_tail)
}

fn fingerprint(segmenter: &Segmenter) -> u64 {
    // FNV-1a: stable across platforms and Rust versions, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    feed(segmenter.dictionary.metadata.name.as_bytes());
    if let Ok(mut tokens) = segment(segmenter, FINGERPRINT_PROBE) {
        for token in tokens.iter_mut() {
            feed(token.surface.as_bytes());
            for detail in token.details() {
                feed(detail.as_bytes());
            }
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> &'static Analyzer {
        static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
        ANALYZER.get_or_init(|| {
            Analyzer::new(&SystemDictionary::Embedded, Resources::default()).unwrap()
        })
    }

    fn part_texts(word: &str) -> Vec<String> {
        analyzer()
            .parts(word, 0)
            .into_iter()
            .map(|term| term.text)
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        analyzer()
            .analyze(text, 200)
            .terms
            .into_iter()
            .map(|term| term.text)
            .collect()
    }

    #[test]
    fn inflected_verbs_reduce_to_base_form() {
        for query in ["捨てたい", "捨てれば", "捨てる", "捨てました"] {
            assert!(texts(query).contains(&"捨てる".to_string()), "{query}");
        }
    }

    #[test]
    fn lost_is_read_as_lost_before_every_ending() {
        // IPADIC reads なくし|た as なくす but なく|し|ちゃっ|た as ない + する.
        for (question, thing) in [
            ("予診票なくしちゃった", "予診票"),
            ("カードなくしてしまった", "カード"),
            ("鍵を無くしてしまいました", "鍵"),
            ("財布をなくしました", "財布"),
            // 失くす is not in IPADIC: 失|くし|た.
            ("保険証を失くした", "保険証"),
            ("カード失くしちゃった", "カード"),
        ] {
            assert_eq!(texts(question), [thing, "紛失"], "{question}");
        }
        // An adjective's く before する is not a loss.
        assert_eq!(texts("少なくしたい"), ["少ない"]);
    }

    #[test]
    fn a_noun_ipadic_reads_as_an_adverb_with_its_ni_is_a_noun() {
        // 同時に is one adverb to IPADIC; 同時 is the topic of 同時接種.
        assert_eq!(texts("同時に打っていい？"), ["同時", "打つ"]);
        assert_eq!(
            texts("ワクチンを同時に接種できますか"),
            ["ワクチン", "同時", "接種"]
        );
        // Other adverbs stay out.
        assert_eq!(texts("すぐに打っていい？"), ["打つ"]);
    }

    #[test]
    fn not_paying_is_read_as_arrears() {
        // 滞納 and 未納 are one synonym group; a negated verb of paying is that.
        for question in [
            "税金を払わないとどうなる",
            "国保料を払ってない",
            "市税を納めていない",
        ] {
            assert!(texts(question).contains(&"滞納".to_string()), "{question}");
        }
        // Paying, or being unable to pay, is not arrears.
        assert!(!texts("税金を払いたい").contains(&"滞納".to_string()));
        assert!(!texts("税金が払えない").contains(&"滞納".to_string()));
    }

    #[test]
    fn a_suffix_before_tte_is_not_a_verb() {
        // IPADIC reads 料っ|て as the verb 料る and 分っ|て as 分る.
        assert_eq!(texts("保険料ってどう決まるの"), ["保険", "料", "決まる"]);
        assert_eq!(texts("払いすぎた分って戻る？"), ["支払い", "分", "戻る"]);
        // A verb before て stays one.
        assert!(texts("手を切ってしまった").contains(&"切る".to_string()));
    }

    #[test]
    fn moving_here_is_one_verb() {
        assert_eq!(
            texts("東京から引っ越してきました"),
            ["東京", "引っ越してくる"]
        );
        assert_eq!(texts("他県から越してきた"), ["県", "引っ越してくる"]);
        // Moving without coming here stays 引っ越す (its synonym group's 引っ越し).
        assert_eq!(texts("引っ越してから届け出る"), ["引っ越し", "届出"]);
    }

    #[test]
    fn particles_and_auxiliaries_are_dropped() {
        assert_eq!(texts("物干し竿を捨てたいのですが"), ["物干し竿", "捨てる"]);
    }

    #[test]
    fn a_noun_has_every_reading_the_dictionary_gives_it_but_names() {
        let analyzer = Analyzer::new(&SystemDictionary::Embedded, Resources::default()).unwrap();
        let readings = analyzer.noun_readings("長靴");
        assert!(readings.contains(&"ナガグツ".to_string()), "{readings:?}");
        assert!(readings.contains(&"チョウカ".to_string()), "{readings:?}");
        assert_eq!(analyzer.noun_readings("健康"), ["ケンコウ"]);
        assert!(analyzer.noun_readings("捨てる").is_empty());
        assert!(analyzer.noun_readings("長靴と傘").is_empty());
    }

    #[test]
    fn user_dictionary_keeps_public_service_words_whole() {
        assert!(texts("粗大ごみの申し込み").contains(&"粗大ごみ".to_string()));
        assert!(texts("住民票が欲しい").contains(&"住民票".to_string()));
    }

    #[test]
    fn user_words_stay_whole_before_particles() {
        assert_eq!(
            texts("マイナンバーカードをなくしました")[0],
            "マイナンバーカード"
        );
        assert_eq!(texts("マイナンバーカード")[0], "マイナンバーカード");
    }

    #[test]
    fn synonyms_map_to_canonical_term() {
        let burnable = texts("燃えるごみ");
        assert_eq!(burnable, texts("可燃ごみ"));
        let term = &analyzer().analyze("燃やすごみ", 200).terms[0];
        assert!(term.synonym);
        assert_eq!(term.surface, "燃やすごみ");
    }

    #[test]
    fn base_form_reading_is_derived_from_surface_reading() {
        assert_eq!(base_reading("捨て", "ステ", "捨てる"), "ステル");
        assert_eq!(base_reading("出し", "ダシ", "出す"), "ダス");
        assert_eq!(base_reading("ごみ", "ゴミ", "ごみ"), "ゴミ");
        let analysis = analyzer().analyze("捨てたい", 200);
        assert_eq!(analysis.terms[0].reading, "ステル");
    }

    #[test]
    fn compounds_split_into_parts() {
        let parts = part_texts("関西国際空港");
        assert!(parts.contains(&"空港".to_string()), "{parts:?}");
    }

    #[test]
    fn a_compound_starting_with_a_word_that_has_synonyms_has_that_word_as_a_part() {
        // 国保 stands for 国民健康保険, so it must find 国民健康保険料 as a part.
        let parts = part_texts("国民健康保険料");
        assert!(parts.contains(&"国民健康保険".to_string()), "{parts:?}");
        assert!(parts.contains(&"保険".to_string()), "{parts:?}");
    }

    #[test]
    fn empty_and_symbol_only_text_has_no_terms() {
        assert!(texts("").is_empty());
        assert!(texts("？？！！ 🙂🙂 ...").is_empty());
        assert!(texts("12345").is_empty());
    }

    #[test]
    fn fingerprint_is_stable() {
        let other = Analyzer::new(&SystemDictionary::Embedded, Resources::empty()).unwrap();
        assert_eq!(analyzer().fingerprint(), other.fingerprint());
    }
}
