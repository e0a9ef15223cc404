//! What `Engine.ask` returns: `Response`, its `Match`es, their `Explanation`s, and the
//! `Thresholds` an engine decides with.
//!
//! Each holds the Rust value (owned, so that it outlives nothing) and converts a field to
//! Python when it is read: a bot that reads the decision and one answer pays for little
//! else.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use toiawase::{Decision, MatchKind};

use crate::corpus::metadata_to_python;

/// An `f32` as the `f64` nearest its shortest decimal form, so that Python shows `0.66`
/// (as the Rust crate's JSON does), not `0.6600000262260437`. Order and equality are kept.
pub fn shortest(value: f32) -> f64 {
    format!("{value}").parse().unwrap_or(f64::from(value))
}

/// A string as Python's `repr` shows it (`'犬の登録'`), for the classes' reprs.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A decision as Python sees it.
pub fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Answer => "answer",
        Decision::Ambiguous => "ambiguous",
        Decision::NoMatch => "no_match",
    }
}

/// The engine's reply to one question.
///
/// Decide with ``decision``: ``"answer"`` (reply with ``candidates[0].answer``),
/// ``"ambiguous"`` (offer ``menu`` as a もしかして menu) or ``"no_match"`` (apologise) —
/// unless ``small_talk`` says the message was a greeting or thanks.
#[pyclass(frozen, module = "toiawase")]
pub struct Response {
    query: String,
    decision: Decision,
    small_talk: Option<String>,
    candidates: Vec<Py<Match>>,
    menu_size: usize,
}

impl Response {
    pub fn new(py: Python<'_>, response: toiawase::Response<'static>) -> PyResult<Response> {
        let candidates = response
            .candidates
            .into_iter()
            .map(|inner| Py::new(py, Match { inner }))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Response {
            query: response.query,
            decision: response.decision,
            small_talk: response.small_talk.map(|kind| kind.to_string()),
            menu_size: response.menu_size.min(candidates.len()),
            candidates,
        })
    }
}

#[pymethods]
impl Response {
    /// ``"answer"``, ``"ambiguous"`` or ``"no_match"``.
    #[getter]
    fn decision(&self) -> &'static str {
        decision_name(self.decision)
    }

    /// When the message is small talk, which kind (``"greeting"``, ``"thanks"``,
    /// ``"acknowledgement"``, ``"apology"``, ``"farewell"``, ``"test"``); the decision is
    /// then ``"no_match"`` with no candidates. None for a question.
    #[getter]
    fn small_talk(&self) -> Option<&str> {
        self.small_talk.as_deref()
    }

    /// The question after normalization (what was analysed).
    #[getter]
    fn query(&self) -> &str {
        &self.query
    }

    /// The candidates, best first (at most ``limit``). A new list on each access.
    #[getter]
    fn candidates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, &self.candidates)
    }

    /// The candidates that belong in a もしかして menu: the best ones, close to each
    /// other and confident enough (the engine's ``menu`` and ``suggest`` thresholds), not
    /// the long tail sharing one word with the question.
    #[getter]
    fn menu<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, &self.candidates[..self.menu_size])
    }

    /// The answering match when the decision is ``"answer"``, else None.
    #[getter]
    fn answer(&self, py: Python<'_>) -> Option<Py<Match>> {
        match self.decision {
            Decision::Answer => self.candidates.first().map(|m| m.clone_ref(py)),
            _ => None,
        }
    }

    /// The best candidate whatever the decision, or None.
    #[getter]
    fn best(&self, py: Python<'_>) -> Option<Py<Match>> {
        self.candidates.first().map(|m| m.clone_ref(py))
    }

    /// The response as plain data (dicts, lists, strings, numbers): the JSON form of
    /// ``toiawase query --json``, with ``menu_size`` counting the menu's candidates.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("query", &self.query)?;
        dict.set_item("decision", decision_name(self.decision))?;
        dict.set_item("small_talk", self.small_talk.as_deref())?;
        let candidates = PyList::empty(py);
        for candidate in &self.candidates {
            candidates.append(candidate.get().to_dict(py)?)?;
        }
        dict.set_item("candidates", candidates)?;
        dict.set_item("menu_size", self.menu_size)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let best = self
            .candidates
            .first()
            .map(|m| format!(", best={}", quoted(&m.get().inner.id)))
            .unwrap_or_default();
        let small_talk = self
            .small_talk
            .as_ref()
            .map(|kind| format!(", small_talk={}", quoted(kind)))
            .unwrap_or_default();
        format!(
            "Response(decision={}{small_talk}{best}, candidates={}, menu={})",
            quoted(decision_name(self.decision)),
            self.candidates.len(),
            self.menu_size
        )
    }
}

/// A candidate answer: an FAQ entry, how confident the engine is, and the phrasing that
/// matched.
#[pyclass(frozen, module = "toiawase")]
pub struct Match {
    inner: toiawase::Match<'static>,
}

#[pymethods]
impl Match {
    /// The entry's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Confidence in [0, 1] that this entry answers the question.
    #[getter]
    fn confidence(&self) -> f64 {
        shortest(self.inner.confidence)
    }

    /// The phrasing (question or alias) of the entry that matched best.
    #[getter]
    fn phrasing(&self) -> &str {
        &self.inner.phrasing
    }

    /// The entry's answer.
    #[getter]
    fn answer(&self) -> &str {
        &self.inner.answer
    }

    /// The entry's category, or None.
    #[getter]
    fn category(&self) -> Option<&str> {
        self.inner.category.as_deref()
    }

    /// The entry's short title for menus, or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.title.as_deref()
    }

    /// The entry's metadata as the corpus wrote it (a new dict on each access).
    #[getter]
    fn metadata<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        metadata_to_python(py, &self.inner.metadata)
    }

    /// Which question words matched which index terms, and how: present when asked with
    /// ``explain=True``, else None.
    #[getter]
    fn explanation(&self) -> Option<Explanation> {
        self.inner
            .explanation
            .clone()
            .map(|inner| Explanation { inner })
    }

    /// A label of at most ``max_chars`` characters for a menu button (LINE quick-reply
    /// labels hold 20): the entry's title when it fits, else the matched phrasing, cut
    /// with ``…``.
    #[pyo3(signature = (max_chars = 20))]
    fn label(&self, max_chars: usize) -> PyResult<String> {
        if max_chars == 0 {
            return Err(PyValueError::new_err("max_chars must be at least 1"));
        }
        Ok(self.inner.label(max_chars))
    }

    /// The match as plain data (the JSON form of ``toiawase query --json``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("id", self.id())?;
        dict.set_item("confidence", self.confidence())?;
        dict.set_item("phrasing", self.phrasing())?;
        dict.set_item("answer", self.answer())?;
        dict.set_item("category", self.category())?;
        dict.set_item("title", self.title())?;
        dict.set_item("metadata", self.metadata(py)?)?;
        let explanation = match self.explanation() {
            Some(explanation) => Some(explanation.to_dict(py)?),
            None => None,
        };
        dict.set_item("explanation", explanation)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Match(id={}, confidence={}, phrasing={})",
            quoted(&self.inner.id),
            shortest(self.inner.confidence),
            quoted(&self.inner.phrasing)
        )
    }
}

/// Why a candidate was ranked where it is.
#[pyclass(frozen, module = "toiawase")]
pub struct Explanation {
    inner: toiawase::Explanation,
}

#[pymethods]
impl Explanation {
    /// Question words that matched a term of the candidate's phrasing.
    #[getter]
    fn matched(&self) -> Vec<TermMatch> {
        self.inner
            .matched
            .iter()
            .map(|term| TermMatch {
                inner: term.clone(),
            })
            .collect()
    }

    /// Question words that did not match this candidate.
    #[getter]
    fn unmatched(&self) -> Vec<String> {
        self.inner.unmatched.clone()
    }

    /// Share of the question's weight this phrasing covers, in [0, 1].
    #[getter]
    fn query_coverage(&self) -> f64 {
        shortest(self.inner.query_coverage)
    }

    /// Share of the phrasing's weight the question covers, in [0, 1].
    #[getter]
    fn phrasing_coverage(&self) -> f64 {
        shortest(self.inner.phrasing_coverage)
    }

    /// Character similarity of the normalized question and phrasing, in [0, 1].
    #[getter]
    fn similarity(&self) -> f64 {
        shortest(self.inner.similarity)
    }

    /// The explanation as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        let matched = PyList::empty(py);
        for term in self.matched() {
            matched.append(term.to_dict(py)?)?;
        }
        dict.set_item("matched", matched)?;
        dict.set_item("unmatched", self.unmatched())?;
        dict.set_item("query_coverage", self.query_coverage())?;
        dict.set_item("phrasing_coverage", self.phrasing_coverage())?;
        dict.set_item("similarity", self.similarity())?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let matched: Vec<String> = self
            .inner
            .matched
            .iter()
            .map(|term| format!("{}→{} ({})", term.query, term.term, term.kind))
            .collect();
        let unmatched: Vec<String> = self.inner.unmatched.iter().map(|w| quoted(w)).collect();
        format!(
            "Explanation(matched=[{}], unmatched=[{}])",
            matched.join(", "),
            unmatched.join(", ")
        )
    }
}

/// One question word matched to one index term.
#[pyclass(frozen, module = "toiawase")]
pub struct TermMatch {
    inner: toiawase::TermMatch,
}

#[pymethods]
impl TermMatch {
    /// The word as it appears in the (normalized) question.
    #[getter]
    fn query(&self) -> &str {
        &self.inner.query
    }

    /// The index term it matched.
    #[getter]
    fn term(&self) -> &str {
        &self.inner.term
    }

    /// How: ``"exact"``, ``"synonym"``, ``"reading"``, ``"related"``,
    /// ``"compound_part"`` or ``"fuzzy"``.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner.kind {
            MatchKind::Exact => "exact",
            MatchKind::Synonym => "synonym",
            MatchKind::Reading => "reading",
            MatchKind::Related => "related",
            MatchKind::CompoundPart => "compound_part",
            MatchKind::Fuzzy { .. } => "fuzzy",
        }
    }

    /// For a fuzzy match, the number of edits; else None.
    #[getter]
    fn distance(&self) -> Option<u8> {
        match self.inner.kind {
            MatchKind::Fuzzy { distance } => Some(distance),
            _ => None,
        }
    }

    /// The match as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("query", self.query())?;
        dict.set_item("term", self.term())?;
        dict.set_item("kind", self.kind())?;
        dict.set_item("distance", self.distance())?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "TermMatch(query={}, term={}, kind={})",
            quoted(&self.inner.query),
            quoted(&self.inner.term),
            quoted(self.kind())
        )
    }
}

/// Where an engine's decision falls between answer, ambiguous and no match, and which
/// candidates make its menu.
#[pyclass(frozen, module = "toiawase")]
pub struct Thresholds {
    pub inner: toiawase::Thresholds,
}

#[pymethods]
impl Thresholds {
    /// Least confidence for ``"answer"``.
    #[getter]
    fn answer(&self) -> f64 {
        shortest(self.inner.answer)
    }

    /// Least lead of the best entry over the second for ``"answer"``.
    #[getter]
    fn margin(&self) -> f64 {
        shortest(self.inner.margin)
    }

    /// Least confidence for ``"ambiguous"``; below it, ``"no_match"``.
    #[getter]
    fn suggest(&self) -> f64 {
        shortest(self.inner.suggest)
    }

    /// How far below the best a candidate may be and still be in the menu.
    #[getter]
    fn menu(&self) -> f64 {
        shortest(self.inner.menu)
    }

    fn __repr__(&self) -> String {
        format!(
            "Thresholds(answer={}, margin={}, suggest={}, menu={})",
            self.answer(),
            self.margin(),
            self.suggest(),
            self.menu()
        )
    }
}
