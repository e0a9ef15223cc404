//! A [`Response`] handed to JavaScript, where `index.js` makes it a plain object.
//!
//! Crossing into JavaScript costs per value created, so a response crosses compactly: its
//! numbers go into a `Float64Array` that `index.js` owns and passes in, and its texts that
//! change from question to question (the normalized question, each candidate's phrasing and
//! label) go into one string, cut by the lengths among the numbers. What belongs to an entry
//! (id, answer, category, title, metadata) does not cross at all: `index.js` caches it per
//! entry, by position ([`entry_at`]). Explanations, asked for while tuning, are built as
//! objects.
//!
//! The numbers (`[i]`):
//!
//! | index | value |
//! | --- | --- |
//! | 0 | decision: 0 answer, 1 ambiguous, 2 no match |
//! | 1 | small talk: -1 none, else the index in [`SMALL_TALK`] |
//! | 2 | how many of the first candidates make the menu |
//! | 3 | candidates written |
//! | 4 | length of the normalized question in the text (UTF-16 code units) |
//! | 5 + 4k … 8 + 4k | candidate k: entry position, confidence, phrasing length, label length (-1: the label is the phrasing) |

use napi::bindgen_prelude::{Array, Null, Object};
use napi::{Env, Result};
use toiawase::{Decision, Entry, Explanation, MatchKind, Response, SmallTalk};

/// LINE quick-reply labels hold at most 20 characters.
pub(crate) const LABEL_CHARS: usize = 20;

/// Numbers before the candidates.
pub(crate) const HEADER: usize = 5;
/// Numbers per candidate.
pub(crate) const PER_CANDIDATE: usize = 4;

/// Small-talk kinds by index (`index.js` holds the same list).
const SMALL_TALK: [SmallTalk; 6] = [
    SmallTalk::Greeting,
    SmallTalk::Thanks,
    SmallTalk::Acknowledgement,
    SmallTalk::Apology,
    SmallTalk::Farewell,
    SmallTalk::Test,
];

/// A confidence as JavaScript shows it: the f32 rounded to six decimals (0.45, not
/// 0.44999998807907104).
pub(crate) fn rounded(value: f32) -> f64 {
    (f64::from(value) * 1e6).round() / 1e6
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Writes `response` into `numbers` and returns the text. `position` gives an entry's
/// position from its id. `numbers` holds at least [`HEADER`] + [`PER_CANDIDATE`] × the
/// number of candidates (the limit asked with was cut to fit).
pub(crate) fn write(
    response: &Response<'_>,
    numbers: &mut [f64],
    position: impl Fn(&str) -> Option<u32>,
) -> String {
    numbers[0] = match response.decision {
        Decision::Answer => 0.0,
        Decision::Ambiguous => 1.0,
        Decision::NoMatch => 2.0,
    };
    numbers[1] = response
        .small_talk
        .and_then(|kind| SMALL_TALK.iter().position(|known| *known == kind))
        .map_or(-1.0, |index| index as f64);
    numbers[2] = response.menu().len() as f64;
    numbers[3] = response.candidates.len() as f64;
    numbers[4] = utf16_len(&response.query) as f64;
    let mut text = String::with_capacity(response.query.len() + 64 * response.candidates.len());
    text.push_str(&response.query);
    for (k, candidate) in response.candidates.iter().enumerate() {
        let slot = &mut numbers[HEADER + PER_CANDIDATE * k..HEADER + PER_CANDIDATE * (k + 1)];
        // Every candidate's id is an entry of the engine; -1 would only mean a bug.
        slot[0] = position(&candidate.id).map_or(-1.0, f64::from);
        slot[1] = rounded(candidate.confidence);
        slot[2] = utf16_len(&candidate.phrasing) as f64;
        text.push_str(&candidate.phrasing);
        let label = candidate.label(LABEL_CHARS);
        if label == candidate.phrasing {
            slot[3] = -1.0;
        } else {
            slot[3] = utf16_len(&label) as f64;
            text.push_str(&label);
        }
    }
    text
}

/// The explanations of the candidates, in order (`null` where there is none).
pub(crate) fn explanations<'env>(env: &'env Env, response: &Response<'_>) -> Result<Array<'env>> {
    let mut list = env.create_array(response.candidates.len() as u32)?;
    for (k, candidate) in response.candidates.iter().enumerate() {
        match &candidate.explanation {
            Some(explanation) => list.set(k as u32, explanation_to_js(env, explanation)?)?,
            None => list.set(k as u32, Null)?,
        }
    }
    Ok(list)
}

/// `{ matched: [{ query, term, kind, distance }], unmatched, queryCoverage,
/// phrasingCoverage, similarity }`.
fn explanation_to_js<'env>(env: &'env Env, explanation: &Explanation) -> Result<Object<'env>> {
    let mut object = Object::new(env)?;
    let mut matched = env.create_array(explanation.matched.len() as u32)?;
    for (k, term) in explanation.matched.iter().enumerate() {
        let mut item = Object::new(env)?;
        item.set("query", term.query.as_str())?;
        item.set("term", term.term.as_str())?;
        let (kind, distance) = match term.kind {
            MatchKind::Exact => ("exact", None),
            MatchKind::Synonym => ("synonym", None),
            MatchKind::Reading => ("reading", None),
            MatchKind::Related => ("related", None),
            MatchKind::CompoundPart => ("compound_part", None),
            MatchKind::Fuzzy { distance } => ("fuzzy", Some(u32::from(distance))),
        };
        item.set("kind", kind)?;
        item.set("distance", distance)?;
        matched.set(k as u32, item)?;
    }
    object.set("matched", matched)?;
    object.set("unmatched", explanation.unmatched.clone())?;
    object.set("queryCoverage", rounded(explanation.query_coverage))?;
    object.set("phrasingCoverage", rounded(explanation.phrasing_coverage))?;
    object.set("similarity", rounded(explanation.similarity))?;
    Ok(object)
}

/// What `index.js` caches of an entry: `[id, answer, category, title, metadata]`.
pub(crate) fn entry_at<'env>(env: &'env Env, entry: &Entry) -> Result<Array<'env>> {
    let mut fields = env.create_array(5)?;
    fields.set(0, entry.id.as_str())?;
    fields.set(1, entry.answer.as_str())?;
    fields.set(2, entry.category.as_deref())?;
    fields.set(3, entry.title.as_deref())?;
    let mut metadata = Object::new(env)?;
    for (key, value) in &entry.metadata {
        metadata.set(key, value)?;
    }
    fields.set(4, metadata)?;
    Ok(fields)
}
