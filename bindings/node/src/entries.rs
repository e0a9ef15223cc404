//! FAQ entries given as JavaScript objects (`Engine.fromEntries`), and entries given back
//! (`engine.entry`).
//!
//! Each object is checked for its shape here — an unknown field, a missing one, a field of
//! the wrong type — with errors naming the entry (its id and 1-based position) and the
//! field; `Corpus::new` then checks what a corpus file is checked for (empty fields,
//! duplicate ids, metadata depth).

use std::collections::BTreeMap;

use serde_json::Value;
use toiawase::Entry;

use crate::errors::Failure;

const FIELDS: &[&str] = &[
    "id",
    "questions",
    "answer",
    "category",
    "title",
    "aliases",
    "keywords",
    "metadata",
];

/// The entries of a `fromEntries` argument.
pub(crate) fn from_js(value: Value) -> Result<Vec<Entry>, Failure> {
    let Value::Array(items) = value else {
        return Err(Failure::Type(
            "Engine.fromEntries: entries must be an array of { id, questions, answer } objects"
                .into(),
        ));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| entry(item, index + 1))
        .collect()
}

fn entry(item: Value, position: usize) -> Result<Entry, Failure> {
    let fail = |code, id: Option<&str>, field: Option<&str>, message: String| {
        let entry = match id {
            Some(id) => format!("{id:?} (entry #{position})"),
            None => format!("entry #{position}"),
        };
        Failure::Entry {
            code,
            position,
            entry,
            field: field.map(str::to_string),
            message,
        }
    };
    let Value::Object(mut fields) = item else {
        return Err(fail(
            "ERR_CORPUS_SYNTAX",
            None,
            None,
            "an entry must be an object with `id`, `questions` and `answer`".into(),
        ));
    };
    let id = match fields.get("id") {
        Some(Value::String(id)) => Some(id.clone()),
        _ => None,
    };
    let id = id.as_deref();
    if let Some(unknown) = fields.keys().find(|key| !FIELDS.contains(&key.as_str())) {
        return Err(fail(
            "ERR_CORPUS_UNKNOWN_FIELD",
            id,
            Some(unknown),
            format!("unknown field `{unknown}` (expected {})", FIELDS.join(", ")),
        ));
    }
    // `null` and `undefined` are "not given".
    fields.retain(|_, value| !value.is_null());
    let missing = |field: &str| {
        fail(
            "ERR_CORPUS_MISSING_FIELD",
            id,
            Some(field),
            format!("missing field `{field}`"),
        )
    };
    let wrong = |field: &str, expected: &str| {
        fail(
            "ERR_CORPUS_FIELD_TYPE",
            id,
            Some(field),
            format!("field `{field}` must be {expected}"),
        )
    };
    let text = |field: &str, value: Value| match value {
        Value::String(text) => Ok(text),
        _ => Err(wrong(field, "a string")),
    };
    let texts = |field: &str, value: Value| match value {
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(text) => Ok(text),
                _ => Err(wrong(field, "an array of strings")),
            })
            .collect::<Result<Vec<_>, _>>(),
        _ => Err(wrong(field, "an array of strings")),
    };

    let entry_id = text("id", fields.remove("id").ok_or_else(|| missing("id"))?)?;
    let questions = texts(
        "questions",
        fields
            .remove("questions")
            .ok_or_else(|| missing("questions"))?,
    )?;
    let answer = text(
        "answer",
        fields.remove("answer").ok_or_else(|| missing("answer"))?,
    )?;
    let mut entry = Entry::new(entry_id, questions, answer);
    if let Some(category) = fields.remove("category") {
        entry = entry.with_category(text("category", category)?);
    }
    if let Some(title) = fields.remove("title") {
        entry = entry.with_title(text("title", title)?);
    }
    if let Some(aliases) = fields.remove("aliases") {
        entry.aliases = texts("aliases", aliases)?;
    }
    if let Some(keywords) = fields.remove("keywords") {
        entry.keywords = texts("keywords", keywords)?;
    }
    if let Some(metadata) = fields.remove("metadata") {
        let Value::Object(metadata) = metadata else {
            return Err(wrong("metadata", "an object"));
        };
        entry.metadata = metadata.into_iter().collect::<BTreeMap<_, _>>();
    }
    Ok(entry)
}

/// An entry as a JavaScript object: every field present (`null` or `[]` when absent).
pub(crate) fn to_js(entry: Entry) -> Value {
    serde_json::json!({
        "id": entry.id,
        "questions": entry.questions,
        "answer": entry.answer,
        "category": entry.category,
        "title": entry.title,
        "aliases": entry.aliases,
        "keywords": entry.keywords,
        "metadata": entry.metadata,
    })
}
