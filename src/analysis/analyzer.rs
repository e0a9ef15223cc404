//! The analysis pipeline shared by corpus and query: normalize → segment (lindera + IPADIC +
//! user dictionary) → keep content words → base form and reading → synonyms → stop words.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use lindera::dictionary::{Dictionary, DictionaryBuilder, UserDictionary};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

use super::normalize::{is_kana, normalize, to_katakana};
use super::resources::{ResourceError, Resources, UserWord};

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
    /// Byte range of the surface in the normalized text.
    pub span: std::ops::Range<usize>,
}

/// The result of analysing one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The normalized text the spans refer to.
    pub normalized: String,
    /// Content words in text order.
    pub terms: Vec<Term>,
}

/// Turns text into [`Term`]s. Built once (it holds the segmenter and dictionaries) and
/// shared; analysing takes `&self`.
pub struct Analyzer {
    segmenter: Segmenter,
    /// Decompose-mode segmenter without the user dictionary, used to split compounds
    /// (`粗大ごみ処理券` → `粗大` `ごみ` `処理` `券`) so that a part finds the whole.
    decomposer: Segmenter,
    synonyms: HashMap<String, String>,
    stop_words: HashSet<String>,
    /// Katakana readings of the stop words, so that a frame word typed in kana
    /// (おしえて for 教えて) is dropped too.
    stop_readings: HashSet<String>,
    resources: Resources,
    fingerprint: u64,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("synonyms", &self.synonyms.len())
            .field("stop_words", &self.stop_words.len())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// IPADIC's left and right context id of 名詞,一般 (left-id.def / right-id.def).
const IPADIC_COMMON_NOUN_CONTEXT_ID: u16 = 1285;

/// Text whose segmentation identifies a system dictionary (see [`Analyzer::fingerprint`]).
const FINGERPRINT_PROBE: &str =
    "すもももももももものうち。粗大ごみ処理券を関西国際空港で買いたいのですが、住民票も必要ですか";

impl Analyzer {
    /// Loads the system dictionary and builds the segmenters with `resources`.
    pub fn new(system: &SystemDictionary, resources: Resources) -> Result<Self, AnalyzerError> {
        let dictionary = load_system_dictionary(system)?;
        let mut user_words = resources.user_words()?;
        let synonyms = resources.synonym_map()?;
        let stop_words = resources.stop_word_set()?;

        // A synonym written as several words (住民票の写し) could never match a single term,
        // so such synonyms become user-dictionary words and are segmented whole. Which ones
        // split is asked of the system dictionary alone (building the user dictionary twice
        // would double the engine's start-up time); a term that splits only because it holds
        // a user word is then also added whole, which does no harm.
        let first = Segmenter::new(Mode::Normal, dictionary.clone(), None);
        let known: HashSet<String> = user_words.iter().map(|w| w.surface.clone()).collect();
        let mut extra = Vec::new();
        let mut group_terms: Vec<&String> = synonyms.keys().collect();
        group_terms.sort();
        for term in group_terms {
            if known.contains(term) {
                continue;
            }
            let Ok(mut tokens) = first.segment(Cow::Borrowed(term.as_str())) else {
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
            segmenter,
            decomposer,
            synonyms,
            stop_words,
            stop_readings: HashSet::new(),
            resources,
            fingerprint,
        };
        analyzer.stop_readings = analyzer
            .stop_words
            .iter()
            .map(|word| analyzer.reading_of(word))
            .filter(|reading| reading.chars().count() > 1)
            .collect();
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
    /// ```
    pub fn analyze(&self, text: &str, max_chars: usize) -> Analysis {
        self.analyze_normalized(normalize(text, max_chars))
    }

    /// [`Analyzer::analyze`] for text already normalized (and cut to length).
    pub(crate) fn analyze_normalized(&self, normalized: String) -> Analysis {
        let terms = self.terms_of(&self.segmenter, &normalized, 0);
        Analysis { normalized, terms }
    }

    /// The parts of a compound word, or nothing if it does not split into two or more
    /// content words. `span_start` offsets the parts' spans.
    pub(crate) fn parts(&self, surface: &str, span_start: usize) -> Vec<Term> {
        let parts = self.terms_of(&self.decomposer, surface, span_start);
        if parts.len() > 1 { parts } else { Vec::new() }
    }

    /// Katakana reading of a whole text, as the segmenter reads it (unknown words keep
    /// their letters). Used to index the readings of synonym variants.
    pub(crate) fn reading_of(&self, text: &str) -> String {
        let Ok(mut tokens) = self.segmenter.segment(Cow::Borrowed(text)) else {
            return to_katakana(text);
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
        self.synonyms.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// The resources this analyzer was built with.
    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// A hash of how the system dictionary segments a fixed probe text. Two analyzers with
    /// the same fingerprint segment alike; an index records it and refuses to open with a
    /// different dictionary.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    fn terms_of(&self, segmenter: &Segmenter, text: &str, span_start: usize) -> Vec<Term> {
        if text.is_empty() {
            return Vec::new();
        }
        let Ok(mut tokens) = segmenter.segment(Cow::Borrowed(text)) else {
            return Vec::new();
        };
        let mut terms = Vec::with_capacity(tokens.len());
        for token in tokens.iter_mut() {
            let surface = token.surface.to_string();
            let span = span_start + token.byte_start..span_start + token.byte_end;
            let details = token.details();
            if !is_content_word(&details, &surface) {
                continue;
            }
            let predicate = matches!(details.first(), Some(&"動詞" | &"形容詞"));
            let base = details
                .get(6)
                .filter(|field| **field != "*" && !field.is_empty())
                .map_or_else(|| surface.clone(), |field| normalize(field, 64));
            let surface_reading = reading_field(&details).unwrap_or_else(|| to_katakana(&surface));
            let reading = base_reading(&surface, &surface_reading, &base);
            let typed_in_kana = base.chars().all(is_kana);
            if self.stop_words.contains(&base)
                || self.stop_words.contains(&surface)
                || (typed_in_kana && self.stop_readings.contains(&reading))
            {
                continue;
            }
            let canonical = self
                .synonyms
                .get(&base)
                .or_else(|| self.synonyms.get(&surface));
            let (text, synonym) = match canonical {
                Some(canonical) if *canonical != base => (canonical.clone(), true),
                _ => (base, false),
            };
            terms.push(Term {
                text,
                surface,
                reading,
                surface_reading,
                synonym,
                predicate,
                span,
            });
        }
        terms
    }
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
            });
        }
        SystemDictionary::Path(path) => lindera::dictionary::load_fs_dictionary(path),
    };
    loaded.map_err(|err| AnalyzerError::Dictionary {
        dictionary: describe(),
        message: err.to_string(),
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
        })
}

/// IPADIC details: part of speech, 3 subcategories, conjugation type and form, base form,
/// reading, pronunciation. Unknown words have the single detail `UNK` or `*` fields.
fn is_content_word(details: &[&str], surface: &str) -> bool {
    let has_letters = surface
        .chars()
        .any(|c| c.is_alphanumeric() && !c.is_ascii_digit());
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

fn reading_field(details: &[&str]) -> Option<String> {
    details
        .get(7)
        .filter(|field| **field != "*" && !field.is_empty())
        .map(|field| to_katakana(field))
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
    if let Ok(mut tokens) = segmenter.segment(Cow::Borrowed(FINGERPRINT_PROBE)) {
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
    fn particles_and_auxiliaries_are_dropped() {
        assert_eq!(texts("物干し竿を捨てたいのですが"), ["物干し竿", "捨てる"]);
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
        let parts: Vec<String> = analyzer()
            .parts("関西国際空港", 0)
            .into_iter()
            .map(|term| term.text)
            .collect();
        assert!(parts.contains(&"空港".to_string()), "{parts:?}");
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
