//! TOML (`[[faq]]` tables) and JSON (`{"faq": [...]}`) corpora.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{CorpusError, Entry, EntrySite, LineIndex, line_of};

/// An entry as written, before validation: every field optional so that a missing one can
/// be reported by name with the entry it belongs to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Option<String>,
    questions: Option<Vec<String>>,
    answer: Option<String>,
    category: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    metadata: BTreeMap<String, serde_json::Value>,
}

impl RawEntry {
    fn into_entry(self, site: EntrySite, origin: &Path) -> Result<Entry, CorpusError> {
        let missing = |id: &str, field| CorpusError::MissingField {
            path: origin.to_path_buf(),
            entry: site.describe(id),
            field,
        };
        // A blank id is reported as empty by the common validation.
        let id = self.id.ok_or_else(|| missing("", "id"))?;
        let missing = |field| missing(&id, field);
        let questions = self.questions.ok_or_else(|| missing("questions"))?;
        let answer = self.answer.ok_or_else(|| missing("answer"))?;
        Ok(Entry {
            id,
            questions,
            answer,
            category: self.category,
            aliases: self.aliases,
            keywords: self.keywords,
            metadata: self.metadata,
        })
    }
}

#[derive(Deserialize)]
struct TomlDocument {
    #[serde(default)]
    faq: Vec<toml::Spanned<RawEntry>>,
}

pub(super) fn parse_toml(
    text: &str,
    origin: &Path,
) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
    let document: TomlDocument = toml::from_str(text).map_err(|err| CorpusError::Syntax {
        path: origin.to_path_buf(),
        line: err.span().map_or(1, |span| line_of(text, span.start)),
        message: err.message().to_string(),
    })?;
    let lines = LineIndex::new(text);
    document
        .faq
        .into_iter()
        .map(|spanned| {
            let site = EntrySite::Line(lines.line(spanned.span().start));
            let entry = spanned.into_inner().into_entry(site, origin)?;
            Ok((entry, site))
        })
        .collect()
}

#[derive(Deserialize)]
struct JsonDocument {
    faq: Vec<RawEntry>,
}

pub(super) fn parse_json(
    text: &str,
    origin: &Path,
) -> Result<Vec<(Entry, EntrySite)>, CorpusError> {
    let document: JsonDocument = serde_json::from_str(text).map_err(|err| CorpusError::Syntax {
        path: origin.to_path_buf(),
        line: err.line(),
        message: err.to_string(),
    })?;
    document
        .faq
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            let site = EntrySite::Index(index + 1);
            Ok((raw.into_entry(site, origin)?, site))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_entries_keep_all_fields() {
        let text = r#"
[[faq]]
id = "sodai"
category = "ごみ"
questions = ["粗大ごみの出し方", "大きなごみを捨てたい"]
answer = "申込制です。"
keywords = ["粗大ごみ"]
metadata = { office = "環境課", phone = 123 }
"#;
        let entries = parse_toml(text, Path::new("f.toml")).unwrap();
        let (entry, site) = &entries[0];
        assert_eq!(*site, EntrySite::Line(2));
        assert_eq!(entry.questions.len(), 2);
        assert_eq!(entry.category.as_deref(), Some("ごみ"));
        assert_eq!(entry.metadata["office"], "環境課");
    }

    #[test]
    fn toml_missing_answer_names_entry_line_and_field() {
        let text = "[[faq]]\nid = \"ok\"\nquestions = [\"q\"]\nanswer = \"a\"\n\n[[faq]]\nid = \"broken\"\nquestions = [\"q\"]\n";
        let message = parse_toml(text, Path::new("f.toml"))
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            message,
            "f.toml: \"broken\" (line 6): missing field `answer`"
        );
    }

    #[test]
    fn toml_syntax_error_has_line() {
        let message = parse_toml("[[faq]]\nid = \"a\nquestions = 3\n", Path::new("f.toml"))
            .err()
            .unwrap()
            .to_string();
        assert!(message.starts_with("f.toml: line 2:"), "{message}");
    }

    #[test]
    fn json_wrong_type_is_a_syntax_error_with_line() {
        let text =
            "{\"faq\": [\n {\"id\": \"a\", \"questions\": \"not a list\", \"answer\": \"x\"}\n]}";
        let message = parse_json(text, Path::new("f.json"))
            .err()
            .unwrap()
            .to_string();
        assert!(message.starts_with("f.json: line 2:"), "{message}");
    }

    #[test]
    fn json_missing_id_names_position() {
        let text = r#"{"faq": [{"questions": ["q"], "answer": "x"}]}"#;
        let message = parse_json(text, Path::new("f.json"))
            .err()
            .unwrap()
            .to_string();
        assert_eq!(message, "f.json: entry #1: missing field `id`");
    }
}
