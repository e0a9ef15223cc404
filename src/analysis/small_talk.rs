//! Messages that are not questions: greetings, thanks, acknowledgements, apologies,
//! farewells and test messages (`dictionaries/small_talk.txt`).
//!
//! A chat bot receives them all day. They must never be answered with an FAQ entry, and a
//! bot wants to tell them from questions the FAQ does not cover, to reply politely instead
//! of apologising. A message is small talk when all its letters are small-talk phrases and
//! a few fillers (ね, よ, です, 笑, w): 「こんにちは！」 and 「了解です、ありがとうございました」 are,
//! 「こんにちは、粗大ごみの出し方を教えて」 is not.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::normalize::{is_letter, katakana_to_hiragana, normalize};

/// What kind of small talk a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SmallTalk {
    /// こんにちは, よろしくお願いします.
    Greeting,
    /// ありがとうございます, 助かりました.
    Thanks,
    /// はい, 了解です, わかりました.
    Acknowledgement,
    /// すみません, ごめんなさい.
    Apology,
    /// さようなら, お疲れ様です.
    Farewell,
    /// テスト, test.
    Test,
}

impl SmallTalk {
    fn parse(kind: &str) -> Option<SmallTalk> {
        Some(match kind {
            "greeting" => SmallTalk::Greeting,
            "thanks" => SmallTalk::Thanks,
            "acknowledgement" => SmallTalk::Acknowledgement,
            "apology" => SmallTalk::Apology,
            "farewell" => SmallTalk::Farewell,
            "test" => SmallTalk::Test,
            _ => return None,
        })
    }
}

impl std::fmt::Display for SmallTalk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SmallTalk::Greeting => "greeting",
            SmallTalk::Thanks => "thanks",
            SmallTalk::Acknowledgement => "acknowledgement",
            SmallTalk::Apology => "apology",
            SmallTalk::Farewell => "farewell",
            SmallTalk::Test => "test",
        })
    }
}

/// Fillers that may stand between and around small-talk phrases.
const FILLERS: &[&str] = &[
    "ね",
    "よ",
    "な",
    "ん",
    "です",
    "ます",
    "でした",
    "ございます",
    "w",
    "ww",
    "www",
    "笑",
    "っ",
];

/// The small-talk phrases, folded (see [`fold`]), longest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct SmallTalkLexicon {
    phrases: Vec<(Vec<char>, SmallTalk)>,
    /// For each first letter, the phrases that start with it (indices into `phrases`, in
    /// their order): a message is only compared with phrases that can start where it is.
    by_first: HashMap<char, Vec<usize>>,
    /// [`FILLERS`], as letters.
    fillers: Vec<Vec<char>>,
}

/// A malformed line of the small-talk file: its 1-based number and what is wrong.
pub(crate) type LineError = (usize, String);

impl SmallTalkLexicon {
    /// Parses `kind: phrase, phrase` lines.
    pub(crate) fn parse(text: &str) -> Result<SmallTalkLexicon, LineError> {
        let mut phrases = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, list)) = line.split_once([':', '：']) else {
                return Err((
                    index + 1,
                    "expected `kind: phrase, phrase, ...`".to_string(),
                ));
            };
            let Some(kind) = SmallTalk::parse(kind.trim()) else {
                return Err((
                    index + 1,
                    format!(
                        "unknown kind {:?} (greeting, thanks, acknowledgement, apology, farewell or test)",
                        kind.trim()
                    ),
                ));
            };
            for phrase in list.split([',', '，', '、']) {
                let folded = fold(phrase);
                if !folded.is_empty() {
                    phrases.push((folded, kind));
                }
            }
        }
        phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        phrases.dedup_by(|a, b| a.0 == b.0);
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (index, (phrase, _)) in phrases.iter().enumerate() {
            by_first.entry(phrase[0]).or_default().push(index);
        }
        Ok(SmallTalkLexicon {
            phrases,
            by_first,
            fillers: FILLERS.iter().map(|f| f.chars().collect()).collect(),
        })
    }

    /// What kind of small talk `message` is, if it is nothing else: the kind of its longest
    /// phrase.
    pub(crate) fn classify(&self, message: &str) -> Option<SmallTalk> {
        self.classify_folded(fold(message), message)
    }

    /// As [`classify`](Self::classify), for a message already normalized (as the engine
    /// reads a question): the same result, without normalizing it again.
    pub(crate) fn classify_normalized(&self, normalized: &str) -> Option<SmallTalk> {
        self.classify_folded(fold_normalized(normalized), normalized)
    }

    fn classify_folded(&self, text: Vec<char>, message: &str) -> Option<SmallTalk> {
        if self.phrases.is_empty() {
            return None;
        }
        if text.is_empty() {
            // A sticker-like message: emoji only (👍, 🙇).
            return message
                .chars()
                .any(is_emoji)
                .then_some(SmallTalk::Acknowledgement);
        }
        // reach[i]: the text up to i is small talk; with the longest phrase so far.
        let mut reach: Vec<Option<(usize, Option<SmallTalk>)>> = vec![None; text.len() + 1];
        reach[0] = Some((0, None));
        for i in 0..text.len() {
            let Some((longest, kind)) = reach[i] else {
                continue;
            };
            let rest = &text[i..];
            let starting_here = self.by_first.get(&rest[0]).map_or(&[][..], Vec::as_slice);
            for (phrase, phrase_kind) in starting_here.iter().map(|&p| &self.phrases[p]) {
                if rest.starts_with(phrase) {
                    let end = i + phrase.len();
                    let candidate = if phrase.len() >= longest {
                        (phrase.len(), Some(*phrase_kind))
                    } else {
                        (longest, kind)
                    };
                    if reach[end].is_none_or(|(l, _)| candidate.0 > l) {
                        reach[end] = Some(candidate);
                    }
                }
            }
            for filler in &self.fillers {
                if rest.starts_with(filler) {
                    let end = i + filler.len();
                    if reach[end].is_none_or(|(l, k)| k.is_none() && longest >= l) {
                        reach[end] = Some((longest, kind));
                    }
                }
            }
        }
        // Fillers alone (笑, www) are laughter: an acknowledgement.
        reach[text.len()].map(|(_, kind)| kind.unwrap_or(SmallTalk::Acknowledgement))
    }
}

/// Emoji and pictographs (the characters of chat stickers).
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F300}'..='\u{1FAFF}')
}

/// A phrase or message as compared: normalized, in hiragana, letters only, without
/// long-vowel marks (こんにちはー!! → こんにちは, ｱﾘｶﾞﾄｳ → ありがとう).
fn fold(text: &str) -> Vec<char> {
    fold_normalized(&normalize(text, 256))
}

/// [`fold`] of a text already normalized.
fn fold_normalized(normalized: &str) -> Vec<char> {
    let mut folded = Vec::with_capacity(normalized.chars().count());
    folded.extend(
        normalized
            .chars()
            .map(katakana_to_hiragana)
            .filter(|&c| is_letter(c) && c != 'ー'),
    );
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> SmallTalkLexicon {
        SmallTalkLexicon::parse(include_str!("../../dictionaries/small_talk.txt")).unwrap()
    }

    #[test]
    fn greetings_thanks_and_tests_are_recognised_in_any_script() {
        let lexicon = lexicon();
        for (message, kind) in [
            ("こんにちは", SmallTalk::Greeting),
            ("コンニチハー！", SmallTalk::Greeting),
            ("ありがとうございました😊", SmallTalk::Thanks),
            ("了解です、ありがとうございました", SmallTalk::Thanks),
            ("ﾃｽﾄ", SmallTalk::Test),
            ("はい", SmallTalk::Acknowledgement),
            ("よろしくお願いします", SmallTalk::Greeting),
            ("👍", SmallTalk::Acknowledgement),
            ("www", SmallTalk::Acknowledgement),
        ] {
            assert_eq!(lexicon.classify(message), Some(kind), "{message}");
        }
    }

    #[test]
    fn questions_are_not_small_talk() {
        let lexicon = lexicon();
        for message in [
            "こんにちは、粗大ごみの出し方を教えて",
            "住民票",
            "テストの日程",
            "",
            "？",
        ] {
            assert_eq!(lexicon.classify(message), None, "{message}");
        }
    }

    #[test]
    fn a_normalized_question_is_classified_as_its_message_is() {
        let lexicon = lexicon();
        let messages = [
            include_str!("../../tests/data/quality/greetings/tune.tsv"),
            include_str!("../../tests/data/quality/greetings/test.tsv"),
            include_str!("../../tests/data/quality/sample/tune.tsv"),
        ];
        let lines = messages.iter().flat_map(|file| file.lines());
        let mut compared = 0;
        for message in lines.filter_map(|line| line.split('\t').next()) {
            let question = crate::analysis::question_text(message);
            assert_eq!(
                lexicon.classify_normalized(&question.text),
                lexicon.classify(&question.text),
                "{message}"
            );
            compared += 1;
        }
        assert!(compared > 600, "{compared}");
    }

    #[test]
    fn unknown_kinds_are_reported_with_their_line() {
        let error = SmallTalkLexicon::parse("# c\nhowdy: やあ\n").unwrap_err();
        assert_eq!(error.0, 2);
        assert!(error.1.contains("howdy"));
    }
}
