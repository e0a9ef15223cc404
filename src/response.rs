//! What asking returns: a [`Decision`], ranked [`Match`]es, and for each an [`Explanation`]
//! of which query word matched which index term and how.

use serde::{Deserialize, Serialize};

/// What the engine concluded about a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// One entry is a confident, clear winner: answer with it.
    Answer,
    /// A few entries are close: offer them as a "did you mean" (もしかして) menu.
    Ambiguous,
    /// Nothing fits well enough: say so (and log the question); the candidates, if any,
    /// are only the nearest suggestions.
    NoMatch,
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Decision::Answer => "answer",
            Decision::Ambiguous => "ambiguous",
            Decision::NoMatch => "no match",
        })
    }
}

/// How a query word reached an index term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MatchKind {
    /// Same base form.
    Exact,
    /// Same synonym group (`燃やすごみ` → `可燃ごみ`).
    Synonym,
    /// Same katakana reading (`そだいごみ` → `粗大ごみ`).
    Reading,
    /// A related term, not the same thing: broader or narrower (`ノートパソコン` →
    /// `パソコン`), or what a question word asks for (`いくら` → `料金`). Weak evidence.
    Related,
    /// The query word is a part of an indexed compound, or the other way round
    /// (`処理券` ↔ `粗大ごみ処理券`).
    CompoundPart,
    /// Within a small edit distance of the term or its reading (`炊飯機` → `炊飯器`).
    Fuzzy {
        /// Number of edits (insertions, deletions, substitutions, transpositions).
        distance: u8,
    },
}

impl std::fmt::Display for MatchKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatchKind::Exact => f.write_str("exact"),
            MatchKind::Synonym => f.write_str("synonym"),
            MatchKind::Reading => f.write_str("reading"),
            MatchKind::Related => f.write_str("related"),
            MatchKind::CompoundPart => f.write_str("compound part"),
            MatchKind::Fuzzy { distance } => write!(f, "fuzzy, distance {distance}"),
        }
    }
}

/// One query word matched to one index term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermMatch {
    /// The word as it appears in the (normalized) question.
    pub query: String,
    /// The index term it matched.
    pub term: String,
    /// How it matched.
    #[serde(flatten)]
    pub kind: MatchKind,
}

/// Why a candidate was ranked where it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Explanation {
    /// Query words that matched a term of the candidate's phrasing.
    pub matched: Vec<TermMatch>,
    /// Query words that did not match this candidate (known elsewhere or unknown).
    pub unmatched: Vec<String>,
    /// Share of the question's weight this phrasing covers, in [0, 1].
    pub query_coverage: f32,
    /// Share of the phrasing's weight the question covers, in [0, 1].
    pub phrasing_coverage: f32,
    /// Character similarity of the normalized question and phrasing, in [0, 1].
    pub similarity: f32,
}

/// A candidate answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match<'e> {
    /// The entry's id.
    pub id: &'e str,
    /// Confidence in [0, 1] that this entry answers the question.
    pub confidence: f32,
    /// The phrasing (or keyword list) of the entry that matched best.
    pub phrasing: &'e str,
    /// The entry's answer.
    pub answer: &'e str,
    /// The entry's category.
    pub category: Option<&'e str>,
    /// Which words matched, and how.
    pub explanation: Explanation,
}

/// The engine's reply to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response<'e> {
    /// The question after normalization (what was analysed).
    pub query: String,
    /// Answer, ambiguous, or no match.
    pub decision: Decision,
    /// When the message is small talk (こんにちは, ありがとう, テスト), which kind: the
    /// decision is then [`Decision::NoMatch`] with no candidates, and a bot can reply in
    /// kind instead of apologising.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small_talk: Option<crate::SmallTalk>,
    /// Candidates, best first (at most the requested number).
    pub candidates: Vec<Match<'e>>,
}

impl<'e> Response<'e> {
    /// The answering match when the decision is [`Decision::Answer`].
    pub fn answer(&self) -> Option<&Match<'e>> {
        match self.decision {
            Decision::Answer => self.candidates.first(),
            _ => None,
        }
    }

    /// The best candidate whatever the decision.
    pub fn best(&self) -> Option<&Match<'e>> {
        self.candidates.first()
    }
}

/// How the engine read a question, word by word: what [`crate::Engine::read_question`]
/// returns, for FAQ authors and tests that want to see why a question matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct QuestionReading {
    /// The question after normalization; the words' spans refer to it.
    pub normalized: String,
    /// The words looked up, in text order.
    pub words: Vec<ReadWord>,
}

/// One word of a question and the index terms it may stand for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReadWord {
    /// The word as it appears in the normalized question.
    pub surface: String,
    /// Its byte range in the normalized question.
    pub span: std::ops::Range<usize>,
    /// The index terms it may stand for, and how (empty: the corpus does not use it).
    pub matches: Vec<TermMatch>,
}
