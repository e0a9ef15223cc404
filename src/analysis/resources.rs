//! The project's language resources: user dictionary, synonym groups, related terms and
//! stop words.
//!
//! The files in `dictionaries/` are embedded by default ([`Resources::default`]); a user
//! can replace any of them with their own text ([`Resources::with_user_dictionary`] …) or
//! read a folder holding files of the same names ([`Resources::from_dir`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::normalize::{normalize, to_katakana};
use super::small_talk::SmallTalkLexicon;

/// Names of the resource files, as in `dictionaries/`.
pub const USER_DICTIONARY_FILE: &str = "user_dictionary.csv";
/// See [`USER_DICTIONARY_FILE`].
pub const SYNONYMS_FILE: &str = "synonyms.txt";
/// See [`USER_DICTIONARY_FILE`].
pub const STOP_WORDS_FILE: &str = "stopwords.txt";
/// See [`USER_DICTIONARY_FILE`].
pub const RELATED_FILE: &str = "related.txt";
/// See [`USER_DICTIONARY_FILE`].
pub const SMALL_TALK_FILE: &str = "small_talk.txt";

/// Longest resource line accepted (in characters); longer lines are errors.
const MAX_TERM_CHARS: usize = 64;

/// Why a resource file was rejected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResourceError {
    /// A resource file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line of a resource file is malformed.
    #[error("{file}: line {line}: {message}")]
    Line {
        /// The file name (e.g. `synonyms.txt`).
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The text of the resource files. Stored inside every index file, so that an index
/// is always queried with the resources it was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    /// lindera simple user dictionary: `surface,part_of_speech,katakana_reading` per line.
    pub user_dictionary: String,
    /// Synonym groups: comma-separated terms per line, the first one canonical.
    pub synonyms: String,
    /// Stop words: one per line.
    pub stop_words: String,
    /// Related terms: `word: term, term` (a question word may stand for these terms) or
    /// `term, term, term` (each may stand for the others). Weaker than synonyms.
    pub related: String,
    /// Small talk (greetings, thanks…): `kind: phrase, phrase` lines; see
    /// [`SmallTalk`](crate::SmallTalk).
    pub small_talk: String,
}

impl Default for Resources {
    /// The resources shipped in `dictionaries/`.
    fn default() -> Self {
        Resources {
            user_dictionary: include_str!("../../dictionaries/user_dictionary.csv").to_string(),
            synonyms: include_str!("../../dictionaries/synonyms.txt").to_string(),
            stop_words: include_str!("../../dictionaries/stopwords.txt").to_string(),
            related: include_str!("../../dictionaries/related.txt").to_string(),
            small_talk: include_str!("../../dictionaries/small_talk.txt").to_string(),
        }
    }
}

impl Resources {
    /// No user dictionary, no synonyms, no related terms, no stop words, no small talk.
    pub fn empty() -> Self {
        Resources {
            user_dictionary: String::new(),
            synonyms: String::new(),
            stop_words: String::new(),
            related: String::new(),
            small_talk: String::new(),
        }
    }

    /// Reads `user_dictionary.csv`, `synonyms.txt`, `related.txt`, `stopwords.txt` and
    /// `small_talk.txt` from a folder; a file that is absent keeps the embedded default.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, ResourceError> {
        let dir = dir.as_ref();
        let mut resources = Resources::default();
        let read = |name: &str, target: &mut String| -> Result<(), ResourceError> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    *target = text;
                    Ok(())
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(source) => Err(ResourceError::Io { path, source }),
            }
        };
        read(USER_DICTIONARY_FILE, &mut resources.user_dictionary)?;
        read(SYNONYMS_FILE, &mut resources.synonyms)?;
        read(STOP_WORDS_FILE, &mut resources.stop_words)?;
        read(RELATED_FILE, &mut resources.related)?;
        read(SMALL_TALK_FILE, &mut resources.small_talk)?;
        resources.validate()?;
        Ok(resources)
    }

    /// Replaces the user dictionary text.
    pub fn with_user_dictionary(mut self, csv: impl Into<String>) -> Self {
        self.user_dictionary = csv.into();
        self
    }

    /// Replaces the synonym groups text.
    pub fn with_synonyms(mut self, text: impl Into<String>) -> Self {
        self.synonyms = text.into();
        self
    }

    /// Replaces the stop words text.
    pub fn with_stop_words(mut self, text: impl Into<String>) -> Self {
        self.stop_words = text.into();
        self
    }

    /// Replaces the related terms text.
    pub fn with_related(mut self, text: impl Into<String>) -> Self {
        self.related = text.into();
        self
    }

    /// Replaces the small talk text.
    pub fn with_small_talk(mut self, text: impl Into<String>) -> Self {
        self.small_talk = text.into();
        self
    }

    /// Checks all the texts; the same checks run when an engine is built.
    pub fn validate(&self) -> Result<(), ResourceError> {
        self.user_words()?;
        self.synonym_map()?;
        self.related_map()?;
        self.stop_word_set()?;
        self.small_talk_lexicon()?;
        Ok(())
    }

    /// The small-talk phrases.
    pub(crate) fn small_talk_lexicon(&self) -> Result<SmallTalkLexicon, ResourceError> {
        SmallTalkLexicon::parse(&self.small_talk).map_err(|(line, message)| ResourceError::Line {
            file: SMALL_TALK_FILE.to_string(),
            line,
            message,
        })
    }

    /// Parsed user dictionary rows, normalized like query text.
    pub(crate) fn user_words(&self) -> Result<Vec<UserWord>, ResourceError> {
        let mut words = Vec::new();
        for (index, line) in self.user_dictionary.lines().enumerate() {
            let error = |message: String| ResourceError::Line {
                file: USER_DICTIONARY_FILE.to_string(),
                line: index + 1,
                message,
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [surface, part_of_speech, reading] = fields.as_slice() else {
                return Err(error(format!(
                    "expected `surface,part_of_speech,reading`, found {} fields",
                    fields.len()
                )));
            };
            let surface = normalize(surface, MAX_TERM_CHARS + 1);
            if surface.is_empty() || surface.chars().count() > MAX_TERM_CHARS {
                return Err(error(format!(
                    "surface must have 1 to {MAX_TERM_CHARS} characters"
                )));
            }
            let reading = to_katakana(&normalize(reading, MAX_TERM_CHARS));
            if reading.is_empty() || !reading.chars().all(super::normalize::is_katakana) {
                return Err(error(format!("reading {reading:?} must be kana")));
            }
            if part_of_speech.is_empty() {
                return Err(error("part of speech is empty".to_string()));
            }
            words.push(UserWord {
                surface,
                part_of_speech: part_of_speech.to_string(),
                reading,
            });
        }
        Ok(words)
    }

    /// Variant → canonical term, both normalized.
    pub(crate) fn synonym_map(&self) -> Result<HashMap<String, String>, ResourceError> {
        let mut map: HashMap<String, String> = HashMap::new();
        for (index, line) in self.synonyms.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let terms: Vec<String> = line
                .split([',', '，', '、'])
                .map(|term| normalize(term, MAX_TERM_CHARS))
                .filter(|term| !term.is_empty())
                .collect();
            let Some(canonical) = terms.first() else {
                continue;
            };
            for term in &terms {
                if let Some(previous) = map.get(term)
                    && previous != canonical
                {
                    return Err(ResourceError::Line {
                        file: SYNONYMS_FILE.to_string(),
                        line: index + 1,
                        message: format!(
                            "{term:?} is already in the group of {previous:?}; a term may belong to one group only"
                        ),
                    });
                }
                map.insert(term.clone(), canonical.clone());
            }
        }
        Ok(map)
    }

    /// Word → the terms it may stand for, all normalized and mapped to their synonym
    /// canonical forms (the index's keys).
    pub(crate) fn related_map(&self) -> Result<HashMap<String, Vec<String>>, ResourceError> {
        let synonyms = self.synonym_map()?;
        let canonical = |term: &str| {
            let term = normalize(term, MAX_TERM_CHARS);
            synonyms.get(&term).cloned().unwrap_or(term)
        };
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (index, line) in self.related.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let split = |text: &str| -> Vec<String> {
                text.split([',', '，', '、'])
                    .map(canonical)
                    .filter(|term| !term.is_empty())
                    .collect()
            };
            let pairs: Vec<(String, Vec<String>)> = match line.split_once([':', '：']) {
                Some((word, targets)) => {
                    let word = canonical(word);
                    let targets = split(targets);
                    if word.is_empty() || targets.is_empty() {
                        return Err(ResourceError::Line {
                            file: RELATED_FILE.to_string(),
                            line: index + 1,
                            message:
                                "expected `word: term, term` with a word and at least one term"
                                    .to_string(),
                        });
                    }
                    vec![(word, targets)]
                }
                None => {
                    let group = split(line);
                    group
                        .iter()
                        .map(|word| {
                            let others = group.iter().filter(|t| *t != word).cloned().collect();
                            (word.clone(), others)
                        })
                        .collect()
                }
            };
            for (word, targets) in pairs {
                let entry = map.entry(word.clone()).or_default();
                for target in targets {
                    if target != word && !entry.contains(&target) {
                        entry.push(target);
                    }
                }
            }
        }
        Ok(map)
    }

    /// Normalized stop words.
    pub(crate) fn stop_word_set(&self) -> Result<HashSet<String>, ResourceError> {
        Ok(self
            .stop_words
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|word| normalize(word, MAX_TERM_CHARS))
            .collect())
    }
}

/// One user dictionary row.
#[derive(Debug, Clone)]
pub(crate) struct UserWord {
    pub surface: String,
    pub part_of_speech: String,
    pub reading: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_resources_are_valid_and_substantial() {
        let resources = Resources::default();
        resources.validate().unwrap();
        assert!(resources.user_words().unwrap().len() >= 150);
        let synonyms = resources.synonym_map().unwrap();
        let groups: HashSet<&String> = synonyms.values().collect();
        assert!(groups.len() >= 60, "{} synonym groups", groups.len());
        assert!(!resources.stop_word_set().unwrap().is_empty());
        assert!(resources.related_map().unwrap().len() >= 20);
    }

    #[test]
    fn related_lines_are_directed_or_symmetric() {
        let resources = Resources::empty()
            .with_synonyms("料金,費用\n")
            .with_related("いくら: 費用, 無料\n洗濯機, 衣類乾燥機\n");
        let map = resources.related_map().unwrap();
        assert_eq!(map["いくら"], ["料金", "無料"]);
        assert_eq!(map["洗濯機"], ["衣類乾燥機"]);
        assert_eq!(map["衣類乾燥機"], ["洗濯機"]);
        assert!(!map.contains_key("無料"));
        let bad = Resources::empty().with_related("いくら:\n");
        let message = bad.validate().unwrap_err().to_string();
        assert!(message.starts_with("related.txt: line 1:"), "{message}");
    }

    #[test]
    fn synonym_variants_map_to_the_first_term() {
        let resources = Resources::empty()
            .with_synonyms("# c\n可燃ごみ,燃えるごみ, 燃やすごみ\n\nPC,パソコン\n");
        let map = resources.synonym_map().unwrap();
        assert_eq!(map["燃えるごみ"], "可燃ごみ");
        assert_eq!(map["燃やすごみ"], "可燃ごみ");
        assert_eq!(map["パソコン"], "pc");
    }

    #[test]
    fn a_term_in_two_groups_is_an_error_with_line() {
        let resources = Resources::empty().with_synonyms("a,b\nc,b\n");
        let message = resources.validate().unwrap_err().to_string();
        assert!(message.starts_with("synonyms.txt: line 2:"), "{message}");
    }

    #[test]
    fn malformed_user_dictionary_line_is_reported() {
        let resources =
            Resources::empty().with_user_dictionary("粗大ごみ,名詞,ソダイゴミ\n住民票,名詞\n");
        let message = resources.validate().unwrap_err().to_string();
        assert!(
            message.starts_with("user_dictionary.csv: line 2:"),
            "{message}"
        );
        let resources = Resources::empty().with_user_dictionary("粗大ごみ,名詞,粗大\n");
        assert!(resources.validate().is_err());
    }
}
