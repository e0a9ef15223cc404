//! What asking returns: a [`Decision`], ranked [`Match`]es with what a bot needs to reply
//! (answer, title, metadata), and — when asked for — an [`Explanation`] of which query word
//! matched which index term and how.
//!
//! A [`Response`] borrows its texts from the engine; [`Response::into_owned`] makes one
//! that outlives it (to send to another thread or task), and the JSON form
//! (`toiawase query --json`) reads back into a `Response<'static>`.

use std::borrow::Cow;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Match<'e> {
    /// The entry's id.
    pub id: Cow<'e, str>,
    /// Confidence in [0, 1] that this entry answers the question.
    pub confidence: f32,
    /// The phrasing (question or alias) of the entry that matched best.
    pub phrasing: Cow<'e, str>,
    /// The entry's answer.
    pub answer: Cow<'e, str>,
    /// The entry's category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Cow<'e, str>>,
    /// The entry's short title for menus and buttons, when the corpus gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Cow<'e, str>>,
    /// The entry's metadata as the corpus wrote it (a URL, the office in charge…).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: Cow<'e, serde_json::Map<String, serde_json::Value>>,
    /// Which words matched, and how: present when asked for
    /// ([`AskOptions::explain`](crate::AskOptions::explain)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

impl Match<'_> {
    /// A label of at most `max_chars` characters for a menu button (LINE quick-reply labels
    /// hold 20): the entry's title when it has one that fits, else its matched phrasing,
    /// cut with `…`.
    ///
    /// ```
    /// # use toiawase::{Corpus, Engine, Entry};
    /// # let engine = Engine::build(&Corpus::new(vec![Entry::new(
    /// #     "sodai", ["粗大ごみを出すにはどのような手続きが必要ですか"], "申込制です。")])?)?;
    /// let best = engine.ask("粗大ごみの手続き").candidates.remove(0);
    /// assert_eq!(best.label(12), "粗大ごみを出すにはどの…");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn label(&self, max_chars: usize) -> String {
        let text = match &self.title {
            Some(title) if title.chars().count() <= max_chars => return title.to_string(),
            Some(title) => title.as_ref(),
            None => self.phrasing.as_ref(),
        };
        if text.chars().count() <= max_chars {
            return text.to_string();
        }
        let mut label: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        label.push('…');
        label
    }

    /// This match with its texts owned, no longer borrowing the engine.
    pub fn into_owned(self) -> Match<'static> {
        Match {
            id: Cow::Owned(self.id.into_owned()),
            confidence: self.confidence,
            phrasing: Cow::Owned(self.phrasing.into_owned()),
            answer: Cow::Owned(self.answer.into_owned()),
            category: self.category.map(|c| Cow::Owned(c.into_owned())),
            title: self.title.map(|t| Cow::Owned(t.into_owned())),
            metadata: Cow::Owned(self.metadata.into_owned()),
            explanation: self.explanation,
        }
    }
}

/// The engine's reply to one question.
///
/// Decide with [`Response::decision`]: answer with the best candidate, offer
/// [`Response::menu`] as a "もしかして" menu, or apologise — unless
/// [`Response::small_talk`] says the message was a greeting or thanks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response<'e> {
    /// The question after normalization (what was analysed).
    pub query: String,
    /// Answer, ambiguous, or no match.
    pub decision: Decision,
    /// When the message is small talk (こんにちは, ありがとう, テスト), which kind: the
    /// decision is then [`Decision::NoMatch`] with no candidates, and a bot can reply in
    /// kind instead of apologising.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_talk: Option<crate::SmallTalk>,
    /// Candidates, best first (at most the requested number).
    pub candidates: Vec<Match<'e>>,
    /// How many of the first candidates belong in a "もしかして" menu: those within
    /// [`Thresholds::menu`](crate::Thresholds::menu) of the best and at least
    /// [`Thresholds::suggest`](crate::Thresholds::suggest) confident. See
    /// [`Response::menu`].
    #[serde(default)]
    pub menu_size: usize,
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

    /// The candidates worth offering as a "もしかして" menu: the best ones, close to each
    /// other, not the long tail that shares a single word with the question (「犬の登録」
    /// offers 犬の登録 and 犬の死亡・変更, not three entries that only mention 登録).
    ///
    /// ```
    /// # use toiawase::{Corpus, Engine, Entry, Decision};
    /// # let engine = Engine::build(&Corpus::new(vec![
    /// #     Entry::new("inu-touroku", ["犬の登録はどうすればいいですか"], "…"),
    /// #     Entry::new("inu-henkou", ["犬の登録内容を変更したい"], "…"),
    /// #     Entry::new("jitensha", ["自転車の防犯登録"], "…"),
    /// # ])?)?;
    /// let response = engine.ask("犬の登録");
    /// let menu: Vec<&str> = response.menu().iter().map(|m| m.id.as_ref()).collect();
    /// assert!(menu.contains(&"inu-touroku") && !menu.contains(&"jitensha"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn menu(&self) -> &[Match<'e>] {
        &self.candidates[..self.menu_size.min(self.candidates.len())]
    }

    /// This response with its texts owned, no longer borrowing the engine.
    pub fn into_owned(self) -> Response<'static> {
        Response {
            query: self.query,
            decision: self.decision,
            small_talk: self.small_talk,
            candidates: self.candidates.into_iter().map(Match::into_owned).collect(),
            menu_size: self.menu_size,
        }
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
